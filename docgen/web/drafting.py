"""A draft in the browser: made from a type's skeleton, edited as a form (its commonest fields) or as
YAML, checked with the same messages as the CLI, rendered, previewed as page images, issued.

The YAML text is the draft; the form reads and writes the fields it shows and leaves the rest as
it is. Whatever a user writes, the draft keeps the data folder's profile and the user's own agency
(`ho_so`, `co_quan`): a draft cannot read another file of the server, nor speak for another agency.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from docgen import mau_moi
from docgen import vietnamese as vi
from docgen.checkers.check import check_file
from docgen.errors import LoiDuLieu, LoiMauVanBan, LoiPdf
from docgen.model.ho_so import HoSo
from docgen.model.van_ban import VanBan
from docgen.pdf.convert import convert
from docgen.readers.van_ban import read_van_ban
from docgen.render.docx_renderer import render_to_file
from docgen.web import dan_y

MAX_DRAFT_BYTES = 1_000_000

# (key, label, kind): the fields the form shows, in the order of the printed document
FORM_FIELDS = [
    ("trich_yeu", "Trích yếu", "text"),
    ("nguoi_ky", "Người ký", "signer"),
    ("tham_quyen_ban_hanh", "Thẩm quyền ban hành (quyết định)", "text"),
    ("can_cu", "Căn cứ (mỗi dòng một căn cứ)", "lines"),
    ("kinh_gui", "Kính gửi (mỗi dòng một nơi)", "lines"),
    ("mo_dau", "Mở đầu (mỗi dòng một đoạn)", "lines"),
    ("noi_dung", "Nội dung (dàn ý: các điều, mục, khoản, nhiệm vụ)", "outline"),
    ("ket_luan", "Kết luận", "text"),
    ("noi_nhan", "Nơi nhận (mỗi dòng một nơi, hoặc «nhom: tên nhóm» của hồ sơ)", "lines"),
    ("luu", "Lưu (đơn vị soạn thảo)", "text"),
]


class LoiNhap(Exception):
    """A draft that cannot be read at all (YAML syntax): said beside the YAML box."""


def new_text(loai: str, profile: HoSo, agency: str) -> str:
    """The type's skeleton for the user's agency; a decision's authority line is the first signer's
    title and the agency's name ("Chủ tịch Ủy ban nhân dân thành phố Cần Thơ")."""
    data = load(mau_moi.skeleton(loai, profile, agency=agency))
    if "ky_hieu" in data:        # a công văn's: the agency's abbreviation, then the drafting unit
        data["ky_hieu"] = f"{profile.co_quan[agency].viet_tat}-{data.get('luu') or 'VP'}"
    if "tham_quyen_ban_hanh" in data and profile.nguoi_ky:
        signer = profile.nguoi_ky.get(str(data.get("nguoi_ky"))) or next(iter(profile.nguoi_ky.values()))
        data["tham_quyen_ban_hanh"] = f"{signer.chuc_vu.capitalize()} {profile.co_quan[agency].ten_thuong}"
    return pinned(dump(data), agency)


def shown_fields(text: str) -> list[tuple[str, str, str]]:
    """The form's fields for this draft: the outline only where the body is a list of nodes, a
    list field only where each item fits on a line; the rest is edited in the YAML."""
    data = load(text)
    try:
        dan_y.nodes_of(data)
        outline = True
    except dan_y.LoiDanY:
        outline = False
    return [f for f in FORM_FIELDS if (f[2] != "outline" or outline) and (f[2] != "lines" or _one_per_line(data.get(f[0])))]


def load(text: str) -> dict:
    try:
        data = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError as exc:
        raise LoiNhap(f"YAML sai cú pháp: {exc}") from None
    if not isinstance(data, dict):
        raise LoiNhap("dự thảo phải là các cặp «khóa: giá trị»")
    return data


NOT_IN_A_DRAFT = ("ho_so", "mau", "cha")    # another file, or a batch kind that needs a parent plan


def pinned(text: str, agency: str) -> str:
    """The draft with the user's agency, and none of the keys that would read other files or make
    it a batch document, whatever it said."""
    data = load(vi.nfc(text))
    for key in NOT_IN_A_DRAFT:
        data.pop(key, None)
    data["co_quan"] = agency
    return dump(data)


def form_values(text: str) -> dict[str, str]:
    data = load(text)
    values = {}
    for key, _label, kind in FORM_FIELDS:
        value = data.get(key)
        if kind == "lines" and _one_per_line(value):
            values[key] = value if isinstance(value, str) else "\n".join(_line(v) for v in value or [])
        elif kind in ("text", "signer"):
            values[key] = "" if value is None else str(value)
    return values


GROUP_LINE = re.compile(r"nhom:\s*([\w-]+)")        # a named recipient group of the profile


def _line(value) -> str:
    return f"nhom: {value['nhom']}" if isinstance(value, dict) else str(value)


def _item(line: str):
    group = GROUP_LINE.fullmatch(line)
    return {"nhom": group.group(1)} if group else line


def _one_per_line(value) -> bool:
    """A list the form can show one item per line: texts, and `nhom:` groups of the profile (a
    group of recipients with its own items is edited in the YAML)."""
    return value is None or isinstance(value, str) or isinstance(value, list) and all(
        isinstance(v, (str, int, float)) or isinstance(v, dict) and set(v) == {"nhom"} for v in value)


def apply_form(text: str, form: dict[str, str]) -> str:
    """The form's fields written into the draft; a field left empty is removed."""
    data = load(text)
    for key, _label, kind in shown_fields(text):
        if kind == "outline":
            _apply_outline(data, form)
            continue
        if key not in form:
            continue
        value = vi.nfc(form[key]).strip()
        if kind == "lines":
            lines = [_item(line.strip()) for line in value.splitlines() if line.strip()]
            if lines:
                data[key] = lines
            else:
                data.pop(key, None)
        elif value:
            data[key] = value
        else:
            data.pop(key, None)
    return dump(data)


def _apply_outline(data: dict, form: dict[str, str]) -> None:
    if "dan_y" not in form:                    # a form without the outline (an older page)
        return
    nodes = dan_y.nodes_of(data)
    if form["dan_y"] != dan_y.version(nodes):
        raise LoiNhap("dàn ý nội dung đã được sửa ở nơi khác (trang khác, YAML): tải lại trang rồi sửa tiếp")
    _set_body(data, dan_y.apply_texts(nodes, form))


def _set_body(data: dict, nodes: list) -> None:
    if nodes:
        data["noi_dung"] = nodes
    else:
        data.pop("noi_dung", None)


def outline_operation(text: str, asked: str) -> tuple[str, str]:
    """One operation of the outline (`asked` = "them:0.1"): the new draft and the row to focus.
    LoiDanY when the operation cannot be done."""
    data = load(text)
    operation, _, path = asked.partition(":")
    nodes, focus = dan_y.operate(dan_y.nodes_of(data), operation, path)
    _set_body(data, nodes)
    return dump(data), focus


def dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


@dataclass
class Checked:
    document: VanBan | None = None
    field_errors: dict[str, list[str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)       # not tied to a field of the form


def check(text: str, folder: Path, profile_path: Path) -> Checked:
    """Read the draft as `docgen render --ho-so` would; its problems sorted by the form's fields."""
    folder.mkdir(parents=True, exist_ok=True)
    result = Checked()
    # a file of its own: two requests may check one draft at the same moment
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, prefix="du-thao-", suffix=".yaml") as source:
        source.write(text)
        source.flush()
        _read_into(result, Path(source.name), profile_path)
    return result


def _read_into(result: Checked, source: Path, profile_path: Path) -> None:
    try:
        result.document = read_van_ban(source, profile_path)
    except (LoiMauVanBan, ValueError, KeyError, TypeError) as exc:   # what the CLI would report as a bug
        result.errors.append(f"dự thảo không đọc được: {exc}")
    except LoiDuLieu as exc:
        shown = {key for key, _label, _kind in FORM_FIELDS}
        for problem in exc.problems:
            key = (problem.truong or "").split("[")[0].split(".")[0]
            where = f"dòng {problem.dong}: " if problem.dong else ""
            if key in shown:
                result.field_errors.setdefault(key, []).append(problem.thong_diep)
            else:
                result.errors.append(where + (f"trường '{problem.truong}': " if problem.truong else "")
                                     + problem.thong_diep)


def render(document: VanBan, folder: Path) -> Path:
    try:
        return render_to_file(document, folder / "du-thao.docx")
    except LoiMauVanBan as exc:
        raise LoiNhap(str(exc)) from None


def findings(docx: Path) -> list[str]:
    result = check_file(docx)
    return [f"{'Lỗi' if f.severity == 'error' else 'Cảnh báo'}: {f.message}"
            + (f" (đoạn {f.paragraph} «{f.excerpt}»)" if f.paragraph else "") for f in result.findings]


def preview(docx: Path, pool) -> list[Path]:
    """The pages as PNG images (LibreOffice through the warm pool, then poppler's pdftoppm)."""
    pdf = docx.with_suffix(".pdf")
    error = convert([(docx, pdf)], pool=pool)[0]
    if error:
        raise LoiPdf(error)
    for old in docx.parent.glob("trang-*.png"):
        old.unlink()
    try:
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(docx.parent / "trang")],
                       check=True, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        raise LoiPdf(f"không tạo được ảnh trang (pdftoppm: {exc}); cài poppler-utils") from None
    return page_images(docx.parent)


def page_images(folder: Path) -> list[Path]:
    return sorted(folder.glob("trang-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
