"""Build the docx templates in templates/ from code, block by block.

Why generated: the NĐ 30 geometry (margins, fixed column grids, rule paragraphs, fonts in all
four rFonts slots, page number hidden on page 1) is exacting and easy to break by hand in Word;
code makes each rule visible and reviewable, and later document types reuse the same blocks
(header table, title block, Kính gửi, footer table). The .docx files are committed too, so a
clerk can open and restyle them in Word; rerun `python -m docgen.render.template_builder` after
changing this file (a test fails while the committed templates differ from the code).

Tags are docxtpl's: `{%p … %}` paragraphs vanish, `{{p x}}` is replaced by paragraph XML that
the renderer builds (rules, body, Kính gửi), `{{ x }}` is escaped text.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from docgen.model.loai import LOAI_VAN_BAN
from docgen.render import layout as L
from docgen.render.layout import Style

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"
FONT = "Times New Roman"
CENTER, LEFT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY


# --- styles ---------------------------------------------------------------------------


def _set_fonts(rpr) -> None:
    """Times New Roman in all four slots: Word picks eastAsia/cs for some Vietnamese text."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), FONT)


def _document_defaults(document) -> None:
    styles = document.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr)
    for tag in ("w:sz", "w:szCs"):
        element = rpr.find(qn(tag))
        if element is None:
            element = OxmlElement(tag)
            rpr.append(element)
        element.set(qn("w:val"), str(L.SIZE_BODY * 2))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "en-US")
    # The stock styles point at theme fonts (Calibri, Cambria); pin them all to Times New Roman.
    for fonts in styles.iter(qn("w:rFonts")):
        _set_fonts(fonts.getparent())
    normal = document.styles["Normal"]
    normal.font.size = Pt(L.SIZE_BODY)
    normal.font.name = FONT
    _set_fonts(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    normal.paragraph_format.widow_control = True


def _paragraph_style(document, style_id, *, size, bold=False, italic=False, align=LEFT,
                     first_line_mm=0, left_mm=0, before_pt=0, keep_next=False, base="Normal"):
    style = document.styles.add_style(style_id, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles[base]
    style.quick_style = True
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    fmt = style.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = Mm(first_line_mm)
    fmt.left_indent = Mm(left_mm)
    fmt.space_before = Pt(before_pt)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    fmt.keep_with_next = keep_next
    return style


def _bottom_border(style) -> None:
    ppr = style.element.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    border.append(bottom)
    # CT_PPr order: … numPr, suppressLineNumbers, pBdr, shd, tabs, … spacing, ind, … jc
    ppr.insert_element_before(border, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing",
                              "w:ind", "w:jc", "w:rPr")


def add_styles(document) -> None:
    body = dict(size=L.SIZE_BODY, align=JUSTIFY, first_line_mm=L.BODY_FIRST_LINE_MM,
                before_pt=L.BODY_SPACE_BEFORE_PT)
    S = Style
    _paragraph_style(document, S.QUOC_HIEU, size=L.SIZE_QUOC_HIEU, bold=True, align=CENTER)
    _paragraph_style(document, S.TIEU_NGU, size=L.SIZE_TIEU_NGU, bold=True, align=CENTER)
    _paragraph_style(document, S.CHU_QUAN, size=L.SIZE_CO_QUAN, align=CENTER)
    _paragraph_style(document, S.CO_QUAN, size=L.SIZE_CO_QUAN, bold=True, align=CENTER)
    _paragraph_style(document, S.SO, size=L.SIZE_SO, align=CENTER, before_pt=6)
    _paragraph_style(document, S.NGAY, size=L.SIZE_NGAY, italic=True, align=CENTER, before_pt=6)
    rule = _paragraph_style(document, S.GACH, size=4, align=CENTER)  # ≈5 pt between text and rule
    _bottom_border(rule)
    _paragraph_style(document, S.TEN_LOAI, size=L.SIZE_TEN_LOAI, bold=True, align=CENTER,
                     before_pt=18, keep_next=True)
    _paragraph_style(document, S.TRICH_YEU, size=L.SIZE_TRICH_YEU, bold=True, align=CENTER, keep_next=True)
    _paragraph_style(document, S.V_V, size=L.SIZE_V_V, align=CENTER, before_pt=6)
    _paragraph_style(document, S.KINH_GUI, size=L.SIZE_BODY, left_mm=L.KINH_GUI_INDENT_MM, before_pt=12)
    _paragraph_style(document, S.KINH_GUI_MUC, size=L.SIZE_BODY, left_mm=L.KINH_GUI_ITEM_INDENT_MM)
    _paragraph_style(document, S.THAN, **body)
    _paragraph_style(document, S.CAN_CU, italic=True, **body)
    # I. MỤC ĐÍCH, YÊU CẦU: left-aligned, indented like the body (PL1); justified, a two-line
    # heading in capitals is stretched across the line
    _paragraph_style(document, S.MUC, bold=True, keep_next=True, **{**body, "align": LEFT})
    _paragraph_style(document, S.KHOAN, bold=True, keep_next=True, **body)
    _paragraph_style(document, S.DIEM, keep_next=True, **body)
    _paragraph_style(document, S.DINH_KEM, italic=True, **body)
    _paragraph_style(document, S.NOI_NHAN_TIEU_DE, size=L.SIZE_NOI_NHAN_HEADING, bold=True, italic=True)
    recipients = _paragraph_style(document, S.NOI_NHAN, size=L.SIZE_NOI_NHAN, left_mm=L.NOI_NHAN_HANG_MM)
    recipients.paragraph_format.first_line_indent = Mm(-L.NOI_NHAN_HANG_MM)  # "- " flush left, wraps aligned
    _paragraph_style(document, S.CHUC_VU, size=L.SIZE_CHU_KY, bold=True, align=CENTER)
    _paragraph_style(document, S.HO_TEN, size=L.SIZE_CHU_KY, bold=True, align=CENTER,
                     before_pt=L.SIGNATURE_GAP_PT)
    _paragraph_style(document, S.PHU_LUC_SO, size=L.SIZE_BODY, bold=True, align=CENTER, keep_next=True)
    _paragraph_style(document, S.PHU_LUC_TEN, size=L.SIZE_BODY, bold=True, align=CENTER, keep_next=True)
    _paragraph_style(document, S.PHU_LUC_KEM_THEO, size=L.SIZE_BODY, italic=True, align=CENTER, keep_next=True)
    _paragraph_style(document, S.THAM_QUYEN_BAN_HANH, size=L.SIZE_BODY, bold=True, align=CENTER,
                     before_pt=6, keep_next=True)
    _paragraph_style(document, S.QUYET_DINH, size=L.SIZE_BODY, bold=True, align=CENTER,
                     before_pt=6, keep_next=True)
    _paragraph_style(document, S.CHUONG, size=L.SIZE_BODY, bold=True, align=CENTER, before_pt=6, keep_next=True)
    _paragraph_style(document, S.BANG, size=L.SIZE_TABLE, before_pt=3)
    _paragraph_style(document, S.BANG_TIEU_DE, size=L.SIZE_TABLE, bold=True, align=CENTER, before_pt=3)
    _paragraph_style(document, S.HINH, size=L.SIZE_BODY, align=CENTER, before_pt=6, keep_next=True)
    _paragraph_style(document, S.CHU_THICH_HINH, size=13, italic=True, align=CENTER, before_pt=3)
    bold = document.styles.add_style(S.CHU_DAM, WD_STYLE_TYPE.CHARACTER)
    bold.font.bold = True
    _paragraph_style(document, S.RONG, size=2)
    _paragraph_style(document, S.FOOTNOTE_TEXT, size=L.SIZE_FOOTNOTE, align=JUSTIFY)
    document.styles[S.FOOTNOTE_TEXT].element.name_val = "footnote text"
    reference = document.styles.add_style(S.FOOTNOTE_REFERENCE, WD_STYLE_TYPE.CHARACTER)
    reference.font.superscript = True
    reference.element.name_val = "footnote reference"
    header = document.styles["Header"]
    header.font.size = Pt(L.SIZE_PAGE_NUMBER)
    header.paragraph_format.alignment = CENTER


# --- page -----------------------------------------------------------------------------


def setup_page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(L.PAGE_WIDTH_MM), Mm(L.PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(L.MARGIN_TOP_MM), Mm(L.MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(L.MARGIN_LEFT_MM), Mm(L.MARGIN_RIGHT_MM)
    section.header_distance = Mm(L.HEADER_DISTANCE_MM)
    section.footer_distance = Mm(L.HEADER_DISTANCE_MM)
    section.gutter = 0
    # Page numbers: centred in the top margin, never on page 1 (different first page).
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].style = document.styles["Header"]
    paragraph = section.header.paragraphs[0]
    paragraph.style = document.styles["Header"]
    paragraph.alignment = CENTER
    _page_field(paragraph)


def _page_field(paragraph) -> None:
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text.strip() == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text


# --- blocks ---------------------------------------------------------------------------


def _p(container, text, style):
    return container.add_paragraph(text, style=style)


def _loop(container, items, variable, style, expression=None):
    """Three paragraphs: the for tag, the repeated line, the endfor tag."""
    _p(container, f"{{%p for {variable} in {items} %}}", style)
    _p(container, expression or f"{{{{ {variable} }}}}", style)
    _p(container, "{%p endfor %}", style)


def _measure(tag: str, mm: float):
    element = OxmlElement(tag)
    element.set(qn("w:w"), str(L.TWIPS(mm)))
    element.set(qn("w:type"), "dxa")
    return element


def _borderless_table(document, rows: int, top_padding_mm: float = 0):
    table = document.add_table(rows=rows, cols=2)
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    for child in list(tbl_pr):  # rebuilt below in the schema's order (Word rejects other orders)
        tbl_pr.remove(child)
    tbl_pr.append(_measure("w:tblW", L.LEFT_COLUMN_MM + L.RIGHT_COLUMN_MM))
    tbl_pr.append(_measure("w:tblInd", L.TABLE_INDENT_MM))
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    margins = OxmlElement("w:tblCellMar")
    for edge, mm in (("top", top_padding_mm), ("left", L.CELL_PADDING_MM), ("right", L.CELL_PADDING_MM)):
        if mm:
            margins.append(_measure(f"w:{edge}", mm))
    tbl_pr.append(margins)
    widths = (L.LEFT_COLUMN_MM, L.RIGHT_COLUMN_MM)
    for column, grid in zip(table.columns, tbl.tblGrid.findall(qn("w:gridCol"))):
        grid.set(qn("w:w"), str(L.TWIPS(widths[column._index])))
    for row in table.rows:
        cant_split = OxmlElement("w:cantSplit")
        row._tr.get_or_add_trPr().append(cant_split)
        for index, cell in enumerate(row.cells):
            cell.width = Mm(widths[index])
    return table


def _clear(cell):
    """A new cell holds one empty paragraph; blocks add their own."""
    for paragraph in list(cell.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)
    return cell


def add_header_block(document, summary_under_number: bool = False) -> None:
    """Ô 1–4: agency (with chủ quản) | quốc hiệu + tiêu ngữ; Số | place and date; a công văn puts its
    trích yếu `V/v …` under its number (ô 5b) instead of a title block."""
    table = _borderless_table(document, rows=2)
    agency, motto = _clear(table.cell(0, 0)), _clear(table.cell(0, 1))
    _loop(agency, "co_quan.chu_quan", "dong", Style.CHU_QUAN)
    _loop(agency, "co_quan.ten", "dong", Style.CO_QUAN)
    _p(agency, "{{p gach.co_quan }}", Style.GACH)
    _p(motto, L.QUOC_HIEU, Style.QUOC_HIEU)
    _p(motto, L.TIEU_NGU, Style.TIEU_NGU)
    _p(motto, "{{p gach.tieu_ngu }}", Style.GACH)
    number = _clear(table.cell(1, 0))
    _p(number, "{{ dong_so }}", Style.SO)
    if summary_under_number:
        _p(number, "{{r trich_yeu }}", Style.V_V)
    _p(_clear(table.cell(1, 1)), "{{r dong_ngay }}", Style.NGAY)


def add_title_block(document) -> None:
    """Ô 5a: tên loại, trích yếu and the rule under it."""
    _p(document, "{{ ten_loai }}", Style.TEN_LOAI)
    _p(document, "{{r trich_yeu }}", Style.TRICH_YEU)   # a run: symbols keep their hyphens unbreakable
    _p(document, "{{p gach.trich_yeu }}", Style.GACH)


def add_paragraph_loop(document, items: str, style: str = Style.THAN) -> None:
    """Paragraphs the renderer builds (labels, footnote references, bold headings)."""
    _loop(document, items, "doan", style, expression="{{p doan }}")


def add_footer_block(document, secretary: bool = False) -> None:
    """Ô 9b | ô 7: Nơi nhận on the left, the signature on the right, kept on one page. A biên bản
    (Mẫu 1.9) has its secretary's signature on the left, above Nơi nhận, the chair's on the right."""
    table = _borderless_table(document, rows=1, top_padding_mm=4)
    recipients, signature = _clear(table.cell(0, 0)), _clear(table.cell(0, 1))
    if secretary:
        _loop(recipients, "thu_ky.dong", "dong", Style.CHUC_VU)
        _p(recipients, "{{ thu_ky.ho_ten }}", Style.HO_TEN)
        _p(recipients, "", Style.NOI_NHAN)
    _p(recipients, "Nơi nhận:", Style.NOI_NHAN_TIEU_DE)
    _loop(recipients, "noi_nhan", "dong", Style.NOI_NHAN)
    _loop(signature, "chu_ky.dong", "dong", Style.CHUC_VU)
    _p(signature, "{{ chu_ky.ho_ten }}", Style.HO_TEN)


def new_template():
    document = Document()
    _clear_body(document)
    _document_defaults(document)
    add_styles(document)
    setup_page(document)
    _add_footnotes_part(document)
    return document


def _add_footnotes_part(document) -> None:
    """An (empty) footnotes part, as Word has in every document: the renderer appends notes to it."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    from docgen.render import ooxml

    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, ooxml.footnotes_part_xml(None, []),
                document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    ooxml.declare_footnote_separators(document.settings.element)


def _clear_body(document) -> None:
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _properties(document, title: str) -> None:
    props = document.core_properties
    props.author = "docgen"
    props.title = title
    props.language = "vi-VN"
    props.comments = "Mẫu văn bản theo Nghị định 30/2020/NĐ-CP, tạo bởi docgen"


def _document(title: str, *blocks, named: bool = True, secretary: bool = False) -> Document:
    """Every type shares the header, the title block and the footer; `blocks` are its own middle.
    A type without a printed name (`named=False`: công văn) has its trích yếu under its number."""
    document = new_template()
    add_header_block(document, summary_under_number=not named)
    if named:
        add_title_block(document)
    for block in blocks:
        block(document)
    add_paragraph_loop(document, "ket_luan")
    add_footer_block(document, secretary)
    add_paragraph_loop(document, "phu_luc")
    _p(document, "", Style.RONG)  # Word wants a paragraph, not a table, to end the body
    _properties(document, title)
    return document


def _loops(*names: str):
    return lambda document: [add_paragraph_loop(document, name) for name in names]


def _decision_opening(document) -> None:
    """Authority line, italic căn cứ, `QUYẾT ĐỊNH:` (Mẫu 1.2) — or, in the normative form (NĐ 78),
    no authority line and an enacting sentence instead of `QUYẾT ĐỊNH:`."""
    add_paragraph_loop(document, "tham_quyen_ban_hanh", Style.THAM_QUYEN_BAN_HANH)
    add_paragraph_loop(document, "can_cu", Style.CAN_CU)
    add_paragraph_loop(document, "quyet_dinh", Style.QUYET_DINH)


def build_ke_hoach():
    """Kế hoạch (Mẫu 1.4, văn bản có tên loại): opening, body tree, closing, appendices."""
    return _document("Kế hoạch", _loops("kinh_gui", "can_cu", "mo_dau", "noi_dung"))


def build_quyet_dinh(title: str = "Quyết định"):
    """Quyết định cá biệt (Mẫu 1.2, 1.3) and Nghị quyết (Mẫu 1.1): authority line, italic căn cứ,
    `QUYẾT ĐỊNH:` (`QUYẾT NGHỊ:`), articles."""
    return _document(title, _decision_opening, _loops("noi_dung"))


def build_bao_cao():
    """Báo cáo (Mẫu 1.4): sent upward, so with a Kính gửi block; tables in the body."""
    return _document("Báo cáo", _loops("kinh_gui", "mo_dau", "noi_dung"))


def build_cong_van():
    """Công văn (Mẫu 1.5): no tên loại; `V/v …` under the number; Kính gửi; the body; Nơi nhận."""
    return _document("Công văn", _loops("kinh_gui", "mo_dau", "noi_dung"), named=False)


def named(title: str):
    """Other văn bản có tên loại (Mẫu 1.4): the plan's composition under their own name."""
    return lambda: _document(title, _loops("kinh_gui", "can_cu", "mo_dau", "noi_dung"))


# Thông báo, Tờ trình, Chương trình, Hướng dẫn, Phương án, Đề án, Chỉ thị (Mẫu 1.4), Giấy mời (1.7),
# Giấy giới thiệu (1.8), Công điện (1.6: its "… điện:" line and recipients are its opening lines),
# Giấy ủy quyền, Giấy nghỉ phép (1.10)
MAU_1_4 = ("thong-bao", "to-trinh", "giay-moi", "chuong-trinh", "huong-dan", "phuong-an", "de-an", "chi-thi",
           "giay-gioi-thieu", "cong-dien", "giay-uy-quyen", "giay-nghi-phep")

BUILDERS = {"ke-hoach": build_ke_hoach, "quyet-dinh": build_quyet_dinh, "bao-cao": build_bao_cao,
            "cong-van": build_cong_van, "nghi-quyet": lambda: build_quyet_dinh("Nghị quyết"),
            "bien-ban": lambda: _document("Biên bản", _loops("can_cu", "mo_dau", "noi_dung"), secretary=True),
            **{ma: named(LOAI_VAN_BAN[ma].ten) for ma in MAU_1_4}}


def build_all(target: Path = TEMPLATES_DIR) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, builder in BUILDERS.items():
        path = target / f"{name}.docx"
        document = builder()
        _prune(document)
        _normalise_package(document)
        document.save(path)
        _fixed_zip_times(path)
        written.append(path)
    return written


KEEP_STYLES = {"Normal", "Header", "DefaultParagraphFont", "TableNormal", "NoList"}


def _prune(document) -> None:
    """python-docx's stock template carries ~270 styles, theme-effect copies and a thumbnail
    (0.8 MB unpacked) that every render would parse again; keep only what documents use."""
    styles = document.styles.element
    ours = {value for name, value in vars(Style).items() if not name.startswith("_")}
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in KEEP_STYLES | ours:
            styles.remove(style)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    for rels in (document.part.rels, document.part.package.rels):
        for r_id, rel in list(rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in ("stylesWithEffects", "customXml", "thumbnail"):
                rels.pop(r_id)


def _fixed_zip_times(path: Path) -> None:
    """Rewrite the zip with fixed member times, so an unchanged template is an unchanged file."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        members = [(info.filename, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)


def _normalise_package(document) -> None:
    """Fixed timestamps so that rebuilding an unchanged template gives an identical file."""
    import datetime as dt

    fixed = dt.datetime(2026, 1, 1)
    props = document.core_properties
    props.created = props.modified = fixed
    props.last_printed = fixed
    props.revision = 1
    props.last_modified_by = "docgen"


if __name__ == "__main__":
    for written_path in build_all(Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATES_DIR):
        print(written_path)
