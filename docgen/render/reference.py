"""The plain docxtpl way — open, render, save per document — kept as the reference the compiled
engine is tested against (same text and formatting) and measured against (bench/bench.py)."""

from __future__ import annotations

import io
from pathlib import Path

from docxtpl import DocxTemplate

from docgen.model.van_ban import VanBan
from docgen.render import context as ctx
from docgen.render import ooxml
from docgen.render.engine import environment


def render_bytes_docxtpl(document: VanBan, template: Path) -> bytes:
    tpl = DocxTemplate(str(template))
    sect_pr = tpl.get_docx().element.body.sectPr
    context, notes, _ = ctx.build(document, lambda restart: ooxml.section_properties(sect_pr, restart))
    tpl.render(context, environment(), autoescape=True)
    if document.phu_luc:
        ooxml.set_page_number_start(tpl.docx.element.body.sectPr, 1)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()
