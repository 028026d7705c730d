"""What a quản trị manages in the browser: their agency's part of the server's profile (its own entry
and the signers tied to it) and the list bases (mẫu gốc) it offers its clerks.

The profile file is shared by every agency of the server, so an administrator edits only their part:
the entry under their key and the signers whose `co_quan` is their agency. The whole file is then
validated as the CLI would read it and replaced atomically (the previous version kept beside it as
`ho-so.truoc.yaml`); another agency's entry, its signers and the shared recipient groups are never
touched. Bases are YAML files in `mau-goc/`, each belonging to the agency it names.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml
from pydantic import ValidationError

from docgen import vietnamese as vi
from docgen.atomic import write_atomic
from docgen.model.ho_so import HoSo

BASE_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,59}")
MAX_BASE_BYTES = 1_000_000
PREVIOUS = "ho-so.truoc.yaml"


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
    try:
        profile = HoSo.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise LoiQuanTri(f"hồ sơ không hợp lệ{f' ở {where}' if where else ''}: {first['msg']}") from None
    shutil.copyfile(path, path.with_name(PREVIOUS))
    write_atomic(path, _dump(raw).encode("utf-8"))
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
