"""The tags a docx template may hold (thẻ mẫu): what each prints, where NĐ 30 puts it, and which a type
needs. A template is a Word file whose paragraphs carry docxtpl tags — `{{ … }}` a value in a run,
`{{p … }}` / `{{r … }}` a value that is a whole paragraph / run of docgen's, `{%p for … %}` a
paragraph repeated for each line of a list — and whose look lives in named styles (`DGThan`…).

A type *needs* the tags its built-in template uses (a decision needs `can_cu`, a công văn
`kinh_gui`…); the rules drawn under the agency, the tiêu ngữ and the trích yếu are only recommended
(a letterhead may draw its own).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class The:
    name: str          # the variable as written in the tag: `co_quan.ten`, `dong_so`
    written: str       # how it is written in a template
    prints: str        # what docgen puts there, in the clerk's words
    style: str = ""    # the named style the paragraph should have


def _loop(name: str, prints: str, style: str, var: str = "doan", value: str = "") -> The:
    """A paragraph repeated for each line of the list `name`."""
    written = f"{{%p for {var} in {name} %}} / {value or '{{p ' + var + ' }}'} / {{%p endfor %}}"
    return The(name, written, prints, style)


TAGS = (
    _loop("co_quan.chu_quan", "tên cơ quan chủ quản, mỗi dòng một đoạn (ô 2)", "DGChuQuan", var="dong", value="{{ dong }}"),
    _loop("co_quan.ten", "tên cơ quan ban hành, in hoa, mỗi dòng một đoạn (ô 2)", "DGCoQuan", var="dong", value="{{ dong }}"),
    The("gach.co_quan", "{{p gach.co_quan }}", "đường kẻ dưới tên cơ quan (khuyến nghị)", "DGGach"),
    The("gach.tieu_ngu", "{{p gach.tieu_ngu }}", "đường kẻ dưới tiêu ngữ (khuyến nghị)", "DGGach"),
    The("dong_so", "{{ dong_so }}", "«Số: 117/KH-UBND» (ô 3)", "DGSo"),
    The("dong_ngay", "{{r dong_ngay }}", "địa danh và ngày tháng năm, in nghiêng (ô 4)", "DGNgay"),
    The("ten_loai", "{{ ten_loai }}", "tên loại văn bản in hoa: KẾ HOẠCH (ô 5a)", "DGTenLoai"),
    The("trich_yeu", "{{r trich_yeu }}", "trích yếu nội dung (ô 5a; công văn: «V/v …», ô 5b)", "DGTrichYeu"),
    The("gach.trich_yeu", "{{p gach.trich_yeu }}", "đường kẻ dưới trích yếu (khuyến nghị)", "DGGach"),
    _loop("kinh_gui", "«Kính gửi: …» (ô 9a)", "DGKinhGui"),
    _loop("tham_quyen_ban_hanh", "quyết định: dòng thẩm quyền ban hành in hoa đậm", "DGThamQuyenBanHanh"),
    _loop("can_cu", "các căn cứ, in nghiêng", "DGCanCu"),
    _loop("quyet_dinh", "«QUYẾT ĐỊNH:» hoặc câu ban hành", "DGQuyetDinh"),
    _loop("mo_dau", "các đoạn mở đầu", "DGThan"),
    _loop("noi_dung", "nội dung: các phần, mục, điều, nhiệm vụ, bảng (ô 6)", "DGThan"),
    _loop("ket_luan", "câu kết, «./.»", "DGThan"),
    _loop("noi_nhan", "«Nơi nhận:» và các dòng nơi nhận (ô 9b)", "DGNoiNhan", var="dong"),
    _loop("chu_ky.dong", "quyền hạn và chức vụ người ký: TM. …, KT. …, CHỦ TỊCH (ô 7a, 7b)", "DGChucVu", var="dong", value="{{ dong }}"),
    The("chu_ky.ho_ten", "{{ chu_ky.ho_ten }}", "họ tên người ký (ô 7b)", "DGHoTen"),
    _loop("phu_luc", "các phụ lục, mỗi phụ lục sang trang mới", "DGThan"),
)
BY_NAME = {tag.name: tag for tag in TAGS}
RECOMMENDED = {"gach.co_quan", "gach.tieu_ngu", "gach.trich_yeu"}
# An agency's letterhead may print its own name lines as fixed text (its house design): then the
# profile's lines are not printed, which the lint says, but the template is usable.
FIXED_ALLOWED = {"co_quan.chu_quan": "tên cơ quan chủ quản", "co_quan.ten": "tên cơ quan ban hành"}
LOOP_VARIABLES = {"dong", "doan"}

_TAG = re.compile(r"\{\{[pr]?\s*(.*?)\s*\}\}|\{%[pr]?\s*(.*?)\s*%\}")
_FOR = re.compile(r"for\s+(\w+)\s+in\s+([\w.]+)$")


def names_in(text: str) -> list[str]:
    """The variables the tags of a text use: `co_quan.ten` of `{%p for dong in co_quan.ten %}`,
    `dong_so` of `{{ dong_so }}`; loop variables and `endfor` are not names."""
    found = []
    for value, statement in _TAG.findall(text):
        if statement:
            loop = _FOR.fullmatch(statement)
            if loop:
                found.append(loop.group(2))
        elif value and value not in LOOP_VARIABLES:
            found.append(value)
    return found


def needed(template: Path) -> list[str]:
    """The tags a template uses, in order (for a built-in template: what its type needs)."""
    with zipfile.ZipFile(template) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    text = re.sub(r"<[^>]+>", "", xml)
    return list(dict.fromkeys(names_in(text)))
