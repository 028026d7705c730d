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


TAGS = (
    The("co_quan.chu_quan", "{%p for dong in co_quan.chu_quan %} / {{ dong }} / {%p endfor %}",
        "tên cơ quan chủ quản, mỗi dòng một đoạn (ô 2)", "DGChuQuan"),
    The("co_quan.ten", "{%p for dong in co_quan.ten %} / {{ dong }} / {%p endfor %}",
        "tên cơ quan ban hành, in hoa, mỗi dòng một đoạn (ô 2)", "DGCoQuan"),
    The("gach.co_quan", "{{p gach.co_quan }}", "đường kẻ dưới tên cơ quan (khuyến nghị)", "DGGach"),
    The("gach.tieu_ngu", "{{p gach.tieu_ngu }}", "đường kẻ dưới tiêu ngữ (khuyến nghị)", "DGGach"),
    The("dong_so", "{{ dong_so }}", "«Số: 117/KH-UBND» (ô 3)", "DGSo"),
    The("dong_ngay", "{{r dong_ngay }}", "địa danh và ngày tháng năm, in nghiêng (ô 4)", "DGNgay"),
    The("ten_loai", "{{ ten_loai }}", "tên loại văn bản in hoa: KẾ HOẠCH (ô 5a)", "DGTenLoai"),
    The("trich_yeu", "{{r trich_yeu }}", "trích yếu nội dung (ô 5a; công văn: «V/v …», ô 5b)", "DGTrichYeu"),
    The("gach.trich_yeu", "{{p gach.trich_yeu }}", "đường kẻ dưới trích yếu (khuyến nghị)", "DGGach"),
    The("kinh_gui", "{%p for doan in kinh_gui %} / {{p doan }} / {%p endfor %}", "«Kính gửi: …» (ô 9a)", "DGKinhGui"),
    The("tham_quyen_ban_hanh", "{%p for doan in tham_quyen_ban_hanh %} / {{p doan }} / {%p endfor %}",
        "quyết định: dòng thẩm quyền ban hành in hoa đậm", "DGThamQuyenBanHanh"),
    The("can_cu", "{%p for doan in can_cu %} / {{p doan }} / {%p endfor %}", "các căn cứ, in nghiêng", "DGCanCu"),
    The("quyet_dinh", "{%p for doan in quyet_dinh %} / {{p doan }} / {%p endfor %}",
        "«QUYẾT ĐỊNH:» hoặc câu ban hành", "DGQuyetDinh"),
    The("mo_dau", "{%p for doan in mo_dau %} / {{p doan }} / {%p endfor %}", "các đoạn mở đầu", "DGThan"),
    The("noi_dung", "{%p for doan in noi_dung %} / {{p doan }} / {%p endfor %}",
        "nội dung: các phần, mục, điều, nhiệm vụ, bảng (ô 6)", "DGThan"),
    The("ket_luan", "{%p for doan in ket_luan %} / {{p doan }} / {%p endfor %}", "câu kết, «./.»", "DGThan"),
    The("noi_nhan", "{%p for dong in noi_nhan %} / {{p dong }} / {%p endfor %}",
        "«Nơi nhận:» và các dòng nơi nhận (ô 9b)", "DGNoiNhan"),
    The("chu_ky.dong", "{%p for dong in chu_ky.dong %} / {{ dong }} / {%p endfor %}",
        "quyền hạn và chức vụ người ký: TM. …, KT. …, CHỦ TỊCH (ô 7a, 7b)", "DGChucVu"),
    The("chu_ky.ho_ten", "{{ chu_ky.ho_ten }}", "họ tên người ký (ô 7b)", "DGHoTen"),
    The("phu_luc", "{%p for doan in phu_luc %} / {{p doan }} / {%p endfor %}",
        "các phụ lục, mỗi phụ lục sang trang mới", "DGThan"),
)
BY_NAME = {tag.name: tag for tag in TAGS}
RECOMMENDED = {"gach.co_quan", "gach.tieu_ngu", "gach.trich_yeu"}
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
