"""Bản sao sang định dạng giấy (NĐ 30 Phụ lục III, Mẫu 3.1): the copy block under the original.

The original is somebody's issued .docx, with its own styles, so the block is formatted directly
(Times New Roman, the sizes of PL1 Phần I.II items 2, 3, 4, 7, 9) instead of through our styles.
"""

from __future__ import annotations

import io

from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from docgen import vietnamese as vi
from docgen.model.ban_sao import BanSao
from docgen.render.template_builder import FONT

LEFT_SHARE = 0.42            # the header's proportions: body name left, copy form and date right
SIGNATURE_GAP_LINES = 4      # room for the signature and the seal


def add_copy_block(document: Document, ban_sao: BanSao) -> None:
    """Append ô 1–7 of Mẫu 3.1 after the last paragraph of `document`, under a full-width rule."""
    _rule_across(document)
    width = _text_width(document)
    left, right = _two_columns(document, width)
    for line in ban_sao.co_quan.ten:
        _line(left, line, size=13, bold=True)
    _short_rule(left)
    _line(left, vi.number_line(ban_sao.so, ban_sao.ky_hieu), size=13)
    _line(right, ban_sao.ten_hinh_thuc, size=14, bold=True)
    _line(right, vi.place_date_line(ban_sao.co_quan.dia_danh, ban_sao.ngay, ban_sao.nam), size=14, italic=True)
    recipients, signer = _two_columns(document, width, space_before_pt=6)
    _line(recipients, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    lines = [f"- {name.rstrip(' ;.')};" for name in ban_sao.noi_nhan] + [f"- Lưu: {ban_sao.luu}."]
    for text in lines:
        _line(recipients, text, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in [*ban_sao.nguoi_ky.tham_quyen, ban_sao.nguoi_ky.chuc_vu]:
        _line(signer, vi.upper_vi(line), size=14, bold=True)
    for _ in range(SIGNATURE_GAP_LINES):
        _line(signer, "", size=14)
    _line(signer, ban_sao.nguoi_ky.ho_ten, size=14, bold=True)


def package(document: Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _text_width(document: Document):
    section = document.sections[-1]
    try:
        return section.page_width - section.left_margin - section.right_margin
    except TypeError:        # a section without page size: A4 with NĐ 30's margins
        return Mm(210 - 30 - 15)


def _rule_across(document: Document) -> None:
    """Ô above the copy: a solid line across the whole text width (PL1 Phần II.II.2.a)."""
    paragraph = document.add_paragraph()
    _border(paragraph, "bottom")          # first: pBdr precedes spacing/ind/jc in pPr
    _format(paragraph, align=WD_ALIGN_PARAGRAPH.LEFT)


def _two_columns(document: Document, width, space_before_pt: float = 0):
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left_width = int(width * LEFT_SHARE)
    for cell, cell_width in zip(table.rows[0].cells, (left_width, width - left_width)):
        cell.width = cell_width
    for column, column_width in zip(table.columns, (left_width, width - left_width)):
        column.width = column_width
    cells = table.rows[0].cells
    for cell in cells:
        cell.paragraphs[0].paragraph_format.space_before = Pt(space_before_pt)
    return cells


def _line(cell, text: str, *, size: float, bold: bool = False, italic: bool = False,
          align=WD_ALIGN_PARAGRAPH.CENTER) -> None:
    """One line in a cell; the cell's own first (empty) paragraph is used first."""
    first = cell.paragraphs[0]
    paragraph = first if not first.text and len(cell.paragraphs) == 1 and not first.runs else cell.add_paragraph()
    _format(paragraph, align=align)
    run = paragraph.add_run(vi.nfc(text))
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)
    run.font.name = FONT
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def _format(paragraph, *, align) -> None:
    form = paragraph.paragraph_format
    form.alignment = align
    form.first_line_indent = Pt(0)
    form.left_indent = Pt(0)
    form.space_after = Pt(0)
    form.line_spacing = 1.0
    if form.space_before is None:
        form.space_before = Pt(0)


def _short_rule(cell) -> None:
    """The rule under the body name: an empty paragraph's bottom border, narrowed by indents to
    about a third of the column and centred, so that it never depends on the original's styles."""
    paragraph = cell.add_paragraph()
    _border(paragraph, "bottom")
    _format(paragraph, align=WD_ALIGN_PARAGRAPH.CENTER)
    form = paragraph.paragraph_format
    form.left_indent = form.right_indent = Mm(22)
    form.line_spacing = Pt(6)
    form.space_after = Pt(3)


def _border(paragraph, side: str) -> None:
    properties = paragraph._p.get_or_add_pPr()
    borders = properties.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        properties.append(borders)
    edge = OxmlElement(f"w:{side}")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        edge.set(qn(key), value)
    borders.append(edge)
