"""Find the parts of the NĐ 30 form in any .docx — made by docgen or by hand in Word/LibreOffice.

Nothing here relies on docgen's style names: parts are found by their text (quốc hiệu, `Số:`,
`, ngày … tháng … năm`, `Nơi nhận:`), by their place (header region, the cell beside Nơi nhận)
and by their look (a bold, centred line under the tên loại is the trích yếu).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docx.document import Document

from docgen.model.loai import LOAI_VAN_BAN, LoaiVanBan
from docgen.readers.docx_text import paragraph_lines
from docgen.render.ooxml import w

# both accent placements (HÒA, HOÀ) are in use; HÕA is a typo seen in issued documents
QUOC_HIEU = re.compile(r"^CỘNG H(?:ÒA|OÀ|ÕA) XÃ HỘI CHỦ NGHĨA VIỆT NAM$", re.IGNORECASE)
TIEU_NGU = re.compile(r"^Độc lập\s*[-–—]\s*Tự do\s*[-–—]\s*Hạnh phúc$", re.IGNORECASE)
SO = re.compile(r"^Số\s*:")
NGAY = re.compile(r"^[^,]{2,60},\s*ngày\b.*\btháng\b.*\bnăm\b")  # "Cần Thơ, ngày … tháng … năm …"
NOI_NHAN = re.compile(r"^Nơi nhận\s*:?$", re.IGNORECASE)
KINH_GUI = re.compile(r"^Kính gửi\s*:")
VE_VIEC = re.compile(r"^V/v\b")          # a công văn's trích yếu, under its number
CAN_CU = re.compile(r"^(Căn cứ|Theo đề nghị|Xét đề nghị)\b")
PHU_LUC = re.compile(r"^Phụ lục(\s+[IVXLC]+)?$", re.IGNORECASE)
TYPE_NAMES = {loai.ten_in_hoa: loai for loai in LOAI_VAN_BAN.values() if loai.ma != "cong-van"}
HEADER_SEARCH = 25  # the header lives in the first paragraphs of page 1


@dataclass
class Para:
    number: int                # 1-based, over every paragraph of the body (table cells included)
    element: object
    text: str                  # w:br shown as a space
    lines: list[str]           # split at w:br
    cell: object | None        # the w:tc holding it, if any

    @property
    def excerpt(self) -> str:
        words = self.text.split()
        short = " ".join(words[:8])
        return short + ("…" if len(words) > 8 else "")


@dataclass
class Form:
    paras: list[Para]
    quoc_hieu: Para | None = None
    tieu_ngu: Para | None = None
    so: Para | None = None
    ngay: Para | None = None
    chu_quan: list[Para] = field(default_factory=list)
    co_quan: list[Para] = field(default_factory=list)
    ten_loai: Para | None = None
    trich_yeu: list[Para] = field(default_factory=list)
    kinh_gui: list[Para] = field(default_factory=list)
    can_cu: list[Para] = field(default_factory=list)
    body: list[Para] = field(default_factory=list)
    noi_nhan_tieu_de: Para | None = None
    noi_nhan: list[Para] = field(default_factory=list)
    chu_ky: list[Para] = field(default_factory=list)
    rules: dict[str, Para] = field(default_factory=dict)   # gạch under co_quan / tieu_ngu / trich_yeu
    phu_luc: list[Para] = field(default_factory=list)
    loai: LoaiVanBan | None = None
    ve_viec: Para | None = None


def _lines(p) -> list[str]:
    return paragraph_lines(p)


def _cell_of(p):
    parent = p.getparent()
    while parent is not None and parent.tag != w("tc"):
        if parent.tag == w("body"):
            return None
        parent = parent.getparent()
    return parent


def paragraphs(document: Document) -> list[Para]:
    out = []
    for number, p in enumerate(document.element.body.iter(w("p")), start=1):
        lines = _lines(p)
        out.append(Para(number, p, " ".join(line for line in lines if line), lines, _cell_of(p)))
    return out


def has_bottom_border(resolver, p) -> bool:
    for layer in resolver._ppr_layers(p):
        border = layer.find(f"{w('pBdr')}/{w('bottom')}")
        if border is not None:
            return border.get(w("val")) not in (None, "nil", "none")
    return False


def _first(paras, pattern, limit=None):
    for para in paras[:limit]:
        if pattern.search(para.text):
            return para
    return None


def _siblings_in_cell(paras: list[Para], cell) -> list[Para]:
    return [p for p in paras if p.cell is cell]


def _next_cell(cell):
    sibling = cell.getnext()
    while sibling is not None and sibling.tag != w("tc"):
        sibling = sibling.getnext()
    return sibling


def locate(document: Document, resolver) -> Form:
    paras = paragraphs(document)
    form = Form(paras)
    form.quoc_hieu = _first(paras, QUOC_HIEU, HEADER_SEARCH)
    form.tieu_ngu = _first(paras, TIEU_NGU, HEADER_SEARCH)
    form.so = _first(paras, SO, HEADER_SEARCH)
    form.ngay = next((p for p in paras[:HEADER_SEARCH] if NGAY.search(p.text) and p is not form.so), None)
    form.ve_viec = _first(paras, VE_VIEC, HEADER_SEARCH)
    header_end = max((p.number for p in (form.quoc_hieu, form.tieu_ngu, form.so, form.ngay) if p), default=0)
    _agency(form, paras, header_end, resolver)
    _header_rules(form, paras, resolver)
    position = _title(form, paras, header_end, resolver)
    position = _kinh_gui(form, paras, position)
    _footer(form, paras, position, resolver)
    _body(form, paras, position, resolver)
    return form


def _agency(form: Form, paras: list[Para], header_end: int, resolver) -> None:
    """Ô 2: the non-empty lines of the header that are neither quốc hiệu, tiêu ngữ, Số nor date;
    in a header table, the cell above the Số line (the left column)."""
    taken = {id(p) for p in (form.quoc_hieu, form.tieu_ngu, form.so, form.ngay, form.ve_viec) if p}
    candidates = [p for p in paras if p.number < header_end and p.text and id(p) not in taken]
    if form.quoc_hieu is not None and form.quoc_hieu.cell is not None:
        candidates = [p for p in candidates if p.cell is not form.quoc_hieu.cell]
    if form.so is not None and form.so.cell is not None:
        # keep the agency column: cells in the same grid column as the Số line
        column = _column_index(form.so.cell)
        candidates = [p for p in candidates if p.cell is None or _column_index(p.cell) == column]
    for para in candidates:
        runs = [r for r in para.element.iter(w("r")) if "".join(r.itertext()).strip()]
        bold = bool(runs) and all(resolver.run(para.element, r).bold for r in runs)
        (form.co_quan if bold else form.chu_quan).append(para)
    # chủ quản lines only come before the agency name
    if form.co_quan:
        first_bold = form.co_quan[0].number
        late = [p for p in form.chu_quan if p.number > first_bold]
        form.chu_quan = [p for p in form.chu_quan if p.number < first_bold]
        form.co_quan = sorted(form.co_quan + late, key=lambda p: p.number)


def _column_index(cell) -> int:
    index = 0
    sibling = cell.getprevious()
    while sibling is not None:
        if sibling.tag == w("tc"):
            index += 1
        sibling = sibling.getprevious()
    return index


def _header_rules(form: Form, paras: list[Para], resolver) -> None:
    def rule_after(anchor: Para | None):
        if anchor is None:
            return None
        following = paras[anchor.number: anchor.number + 2]
        return next((p for p in following if not p.text and has_bottom_border(resolver, p.element)), None)

    if form.co_quan:
        form.rules["co_quan"] = rule_after(form.co_quan[-1])
    form.rules["tieu_ngu"] = rule_after(form.tieu_ngu)


def _title(form: Form, paras: list[Para], header_end: int, resolver) -> int:
    """Ô 5a: tên loại (a known type name in capitals) and the bold centred lines under it."""
    start = header_end
    for para in paras[header_end: header_end + 6]:
        if para.cell is None and para.text in TYPE_NAMES:
            form.ten_loai = para
            form.loai = TYPE_NAMES[para.text]
            break
    if form.ten_loai is None:
        return start
    position = form.ten_loai.number
    for para in paras[position: position + 6]:
        if not para.text:
            if has_bottom_border(resolver, para.element):
                form.rules["trich_yeu"] = para
                return para.number
            continue
        look = resolver.paragraph(para.element)
        if look.align != "center":
            break
        form.trich_yeu.append(para)
        position = para.number
    return position


def _kinh_gui(form: Form, paras: list[Para], position: int) -> int:
    first = next((p for p in paras[position: position + 4] if KINH_GUI.match(p.text)), None)
    if first is None:
        return position
    form.kinh_gui.append(first)
    for para in paras[first.number:]:
        if para.text.startswith("-") and para.cell is None:
            form.kinh_gui.append(para)
        else:
            break
    return form.kinh_gui[-1].number


def _footer(form: Form, paras: list[Para], position: int, resolver) -> None:
    heading = next((p for p in paras[position:] if NOI_NHAN.match(p.text)), None)
    if heading is None:
        return
    form.noi_nhan_tieu_de = heading
    if heading.cell is not None:
        items = [p for p in _siblings_in_cell(paras, heading.cell) if p.number > heading.number and p.text]
        signature_cell = _next_cell(heading.cell)
        if signature_cell is not None:
            form.chu_ky = [p for p in _siblings_in_cell(paras, signature_cell) if p.text]
    else:
        items = []
        for para in paras[heading.number:]:
            if not para.text.startswith("-"):
                break
            items.append(para)
    form.noi_nhan = items


def _body(form: Form, paras: list[Para], position: int, resolver) -> None:
    """Ô 6: from the end of the title block to the footer; appendices (new sections starting
    with `Phụ lục`) are kept apart."""
    end = form.noi_nhan_tieu_de.number - 1 if form.noi_nhan_tieu_de else len(paras)
    if form.noi_nhan_tieu_de is not None and form.noi_nhan_tieu_de.cell is not None:
        footer_cells = {id(form.noi_nhan_tieu_de.cell)}
        first_footer = min(p.number for p in paras if p.cell is not None and id(p.cell) in footer_cells)
        end = min(end, first_footer - 1)
        # the footer table's other cell (signature) may come first in odd layouts
        for para in form.chu_ky:
            end = min(end, para.number - 1)
    for para in paras[position:end]:
        if not para.text or para.cell is not None:
            continue
        if CAN_CU.match(para.text) and form.loai is not None and form.loai.ma in ("quyet-dinh", "nghi-quyet"):
            form.can_cu.append(para)
            continue
        form.body.append(para)
    after = paras[end:]
    form.phu_luc = [p for p in after if PHU_LUC.match(p.text) and p.cell is None]
