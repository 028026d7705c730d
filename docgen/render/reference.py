"""The plain docxtpl way — open, render, save per document — kept as the reference the compiled
engine is tested against (same text and formatting) and measured against (bench/bench.py)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docxtpl import DocxTemplate

from docgen.model.van_ban import VanBan
from docgen.render import context as ctx
from docgen.render import ooxml, trang
from docgen.render.docx_renderer import BODY_STYLES
from docgen.render.layout import Style
from docgen.render.sandbox import environment


def render_bytes_docxtpl(document: VanBan, template: Path) -> bytes:
    tpl = DocxTemplate(str(template))
    sect_pr = tpl.get_docx().element.body.sectPr
    context, notes, _ = ctx.build(document, lambda restart: ooxml.section_properties(sect_pr, restart))
    tpl.render(context, environment(), autoescape=True)
    if trang.compact_fits(document, context["noi_nhan"]):
        styles = tpl.docx.part.part_related_by(RT.STYLES)
        styles._element = parse_xml(ooxml.compact_styles(styles.blob, BODY_STYLES, trang.COMPACT_SIZE, Style.HO_TEN,
                                                         trang.COMPACT_SIGNATURE_GAP_PT))
    if document.phu_luc:
        ooxml.set_page_number_start(tpl.docx.element.body.sectPr, 1)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return _with_header_copies(buffer.getvalue()) if document.phu_luc else buffer.getvalue()


def _with_header_copies(package: bytes) -> bytes:
    """The adopted texts' agency and quốc hiệu lines, as the compiled engine puts them."""
    source, target = zipfile.ZipFile(io.BytesIO(package)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = ooxml.with_header_copies(data.decode("utf-8")).encode("utf-8")
            out.writestr(info, data)
    return target.getvalue()
