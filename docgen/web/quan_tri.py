"""What a quản trị manages in the browser: their agency's part of the server's profile (its own entry
and the signers tied to it) and the list bases (mẫu gốc) it offers its clerks.

The profile file is shared by every agency of the server, so an administrator edits only their part:
the entry under their key and the signers whose `co_quan` is their agency. The whole file is then
validated as the CLI would read it and replaced atomically (the previous version kept beside it as
`ho-so.truoc.yaml`); another agency's entry, its signers and the shared recipient groups are never
touched. Bases are YAML files in `mau-goc/`, each belonging to the agency it names. An agency's own
Word templates are files in `mau-word/<agency>/<type>.docx` beside the profile, named under its
entry's `mau_word:` key; each is linted (and its trial document checked) before it is kept.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import yaml
from pydantic import ValidationError

from docgen import vietnamese as vi
from docgen.atomic import write_atomic
from docgen.checkers import mau as mau_check
from docgen.model.ho_so import HoSo
from docgen.model.loai import LOAI_VAN_BAN
from docgen.readers.ho_so import read_ho_so, template_problems
from docgen.render.docx_renderer import TEMPLATES_DIR

BASE_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,59}")
MAX_BASE_BYTES = 1_000_000
PREVIOUS = "ho-so.truoc.yaml"
WORD_FOLDER = "mau-word"
MAX_TEMPLATE_BYTES = 5_000_000
SHOWN_FINDINGS = 5


class LoiQuanTri(Exception):
    """A change refused: said to the administrator, nothing written."""


def _dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _load(text: str, what: str) -> dict:
    try:
        data = yaml.safe_load(vi.nfc(text)) if text.strip() else None
    except yaml.YAMLError as exc:
        raise LoiQuanTri(f"{what}: YAML sai cú pháp: {exc}") from None
    if not isinstance(data, dict):
        raise LoiQuanTri(f"{what} phải là các cặp «khóa: giá trị»")
    return data


def _raw_profile(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return data if isinstance(data, dict) else {}


def _owned_by(signer, agency: str) -> bool:
    tied = signer.get("co_quan") if isinstance(signer, dict) else None
    return tied == agency or tied == [agency]


def agency_part(path: Path, agency: str) -> str:
    """The YAML an administrator edits: their agency's entry and the signers tied to it alone."""
    raw = _raw_profile(path)
    signers = {key: s for key, s in (raw.get("nguoi_ky") or {}).items() if _owned_by(s, agency)}
    return _dump({"co_quan": {agency: (raw.get("co_quan") or {}).get(agency)}, "nguoi_ky": signers})


def save_agency_part(path: Path, agency: str, text: str) -> HoSo:
    """The edited part merged into the profile, validated whole, written; the new profile."""
    part = _load(text, "hồ sơ cơ quan")
    unknown = set(part) - {"co_quan", "nguoi_ky"}
    if unknown:
        raise LoiQuanTri(f"chỉ sửa được 'co_quan' và 'nguoi_ky' của cơ quan mình, không sửa '{sorted(unknown)[0]}'")
    entries = part.get("co_quan") or {}
    if not isinstance(entries, dict) or set(entries) != {agency}:
        raise LoiQuanTri(f"'co_quan' phải có đúng một cơ quan: '{agency}' (cơ quan của người quản trị)")
    signers = part.get("nguoi_ky") or {}
    if not isinstance(signers, dict):
        raise LoiQuanTri("'nguoi_ky' phải là các người ký theo khóa")
    raw = _raw_profile(path)
    others = {key: s for key, s in (raw.get("nguoi_ky") or {}).items() if not _owned_by(s, agency)}
    for key, signer in signers.items():
        if key in others:
            raise LoiQuanTri(f"khóa người ký '{key}' đã dùng cho người ký của cơ quan khác (hoặc dùng chung): chọn khóa khác")
        if not isinstance(signer, dict):
            raise LoiQuanTri(f"người ký '{key}' phải có ho_ten, chuc_vu")
        tied = signer.setdefault("co_quan", agency)
        if tied not in (agency, [agency]):
            raise LoiQuanTri(f"người ký '{key}': chỉ thêm người ký của cơ quan '{agency}'")
    raw.setdefault("co_quan", {})[agency] = entries[agency]
    raw["nguoi_ky"] = {**others, **signers}
    return _write_profile(path, raw, agency)


def _own_file(agency: str, loai: str) -> str:
    """Where an agency's uploaded template of a type lives, relative to the profile."""
    return f"{WORD_FOLDER}/{agency}/{loai}.docx"


def _write_profile(path: Path, raw: dict, agency: str) -> HoSo:
    """The whole profile validated as the CLI reads it, the previous file kept, the new one written."""
    entry = raw["co_quan"][agency]
    templates = entry.get("mau_word") if isinstance(entry, dict) else None
    # On a server the profile's folder holds every agency's drafts and issued documents: an agency
    # names only the templates it uploaded, never another file of that folder (a file the server's
    # operator named in the profile stays as it was).
    named_before = templates_of(path, agency)
    for loai, name in (templates.items() if isinstance(templates, dict) else []):
        if name != _own_file(agency, str(loai)) and named_before.get(loai) != name:
            raise LoiQuanTri(f"mau_word.{loai}: mẫu Word của cơ quan chỉ được tải lên ở mục «Mẫu Word riêng của "
                             f"cơ quan» (tệp {_own_file(agency, str(loai))}), không trỏ tới tệp khác")
    for loai, message in template_problems(entry, path.parent):
        raise LoiQuanTri(f"hồ sơ không hợp lệ ở co_quan.{agency}.mau_word{f'.{loai}' if loai else ''}: {message}")
    try:
        HoSo.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise LoiQuanTri(f"hồ sơ không hợp lệ{f' ở {where}' if where else ''}: {first['msg']}") from None
    shutil.copyfile(path, path.with_name(PREVIOUS))
    write_atomic(path, _dump(raw).encode("utf-8"))
    return read_ho_so(path)       # as documents see it: its templates anchored to the profile's folder


def own_template(path: Path, agency: str, loai: str) -> Path | None:
    """The agency's uploaded template of `loai`, if its entry names one (and only that file)."""
    if templates_of(path, agency).get(loai) != _own_file(agency, loai):
        return None
    target = path.parent / _own_file(agency, loai)
    return target if target.is_file() else None


def templates_of(path: Path, agency: str) -> dict[str, str]:
    """The agency's own Word templates: type → file, as its profile entry names them."""
    entry = (_raw_profile(path).get("co_quan") or {}).get(agency)
    templates = entry.get("mau_word") if isinstance(entry, dict) else None
    return dict(templates) if isinstance(templates, dict) else {}


def save_template(path: Path, agency: str, loai: str, data: bytes) -> tuple[HoSo, list[str]]:
    """A Word template uploaded for one type: linted and tried like `docgen template lint --sua`;
    kept (repaired, if a part or style had to be put back) only without errors. Returns the new
    profile and the lint's warnings."""
    if loai not in LOAI_VAN_BAN or not (TEMPLATES_DIR / f"{loai}.docx").is_file():
        raise LoiQuanTri(f"chưa in được loại văn bản '{loai}'")
    if not BASE_NAME.fullmatch(agency):
        raise LoiQuanTri(f"khóa cơ quan '{agency}' không dùng được làm tên thư mục: đổi khóa trong hồ sơ")
    if len(data) > MAX_TEMPLATE_BYTES:
        raise LoiQuanTri(f"mẫu quá lớn (tối đa {MAX_TEMPLATE_BYTES // 1_000_000} MB)")
    with tempfile.TemporaryDirectory(prefix="docgen-mau-") as folder:
        uploaded, repaired = Path(folder) / "mau.docx", Path(folder) / "da-sua.docx"
        uploaded.write_bytes(data)
        result = mau_check.lint_and_try(uploaded, loai, TEMPLATES_DIR / f"{loai}.docx", repaired)
        if result.unreadable:
            raise LoiQuanTri(f"tệp tải lên {result.unreadable}")
        errors = [f.message for f in result.findings if f.severity == "error"]
        if errors:
            more = f" (và {len(errors) - SHOWN_FINDINGS} lỗi nữa)" if len(errors) > SHOWN_FINDINGS else ""
            raise LoiQuanTri("mẫu chưa dùng được: " + "; ".join(errors[:SHOWN_FINDINGS]) + more
                             + ". Chạy «docgen template lint» để xem đủ.")
        kept = (repaired if repaired.exists() else uploaded).read_bytes()
    raw = _raw_profile(path)
    entry = raw.setdefault("co_quan", {}).get(agency)
    if not isinstance(entry, dict):
        raise LoiQuanTri(f"hồ sơ không có cơ quan '{agency}'")
    entry["mau_word"] = {**(entry.get("mau_word") or {}), loai: _own_file(agency, loai)}
    target = path.parent / _own_file(agency, loai)
    previous = target.read_bytes() if target.is_file() else None
    write_atomic(target, kept)
    try:
        profile = _write_profile(path, raw, agency)
    except LoiQuanTri:                 # the profile refused: the template in use stays as it was
        if previous is None:
            target.unlink(missing_ok=True)
        else:
            write_atomic(target, previous)
        raise
    warnings = [f.message for f in result.findings] + [f"đã sửa: {done}" for done in result.repaired]
    return profile, warnings


def remove_template(path: Path, agency: str, loai: str) -> HoSo:
    """Back to the built-in template for `loai`; the agency's file is deleted."""
    raw = _raw_profile(path)
    entry = (raw.get("co_quan") or {}).get(agency)
    templates = entry.get("mau_word") if isinstance(entry, dict) else None
    if not isinstance(templates, dict) or loai not in templates:
        raise LoiQuanTri("cơ quan không có mẫu Word riêng cho loại này")
    name = templates.pop(loai)
    if not templates:
        entry.pop("mau_word")
    profile = _write_profile(path, raw, agency)
    own = (path.parent / WORD_FOLDER / agency).resolve()
    target = (path.parent / name).resolve()
    if target.is_relative_to(own):          # a file it named elsewhere in the folder is not ours to delete
        target.unlink(missing_ok=True)
    return profile


def bases_of(folder: Path, agency: str) -> list[str]:
    found = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and data.get("co_quan") == agency:
            found.append(path.stem)
    return found


def save_base(folder: Path, agency: str, name: str, data: bytes) -> str:
    """A base uploaded by an administrator, for their agency only (its `co_quan` set to it, any
    `ho_so` dropped: the server's profile is used)."""
    if not BASE_NAME.fullmatch(name):
        raise LoiQuanTri("tên mẫu gốc: chữ thường không dấu, số và gạch nối (vd. tang-cuong-2026)")
    if len(data) > MAX_BASE_BYTES:
        raise LoiQuanTri(f"mẫu gốc quá lớn (tối đa {MAX_BASE_BYTES // 1_000_000} MB)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise LoiQuanTri("mẫu gốc phải là tệp YAML (UTF-8), như samples/quyet-dinh-tang-cuong.yaml") from None
    base = _load(text, "mẫu gốc")
    if "loai" not in base and "mau" not in base:
        raise LoiQuanTri("mẫu gốc cần 'loai' (loại văn bản) hoặc 'mau' (loại văn bản theo danh sách)")
    target = folder / f"{name}.yaml"
    if target.exists() and name not in bases_of(folder, agency):
        raise LoiQuanTri(f"tên '{name}' đã là mẫu gốc của cơ quan khác: chọn tên khác")
    base.pop("ho_so", None)
    base["co_quan"] = agency
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(target, _dump(base).encode("utf-8"))
    return name


def remove_base(folder: Path, agency: str, name: str) -> None:
    if name not in bases_of(folder, agency):
        raise LoiQuanTri("không có mẫu gốc này của cơ quan")
    (folder / f"{name}.yaml").unlink()
