"""Several documents rendered from one template, merged into one .docx.

Each document becomes its own run of sections: a page break before it, page numbers starting
again at 1 and hidden on its first page (the template's `titlePg`). Documents from the same
template share styles, headers and settings, so merging is concatenating bodies and turning each
document's closing section properties into a section break — simpler and far faster than
docxcompose, which exists to reconcile documents that do *not* share a template.
"""

from __future__ import annotations

import re

from lxml import etree

from docgen.render import engine, ooxml
from docgen.render.layout import Style

_BODY_OPEN = re.compile(r"<w:body>")
_FOOTNOTE_REF = re.compile(r'(<w:footnoteReference\b[^>]*\bw:id=")(\d+)(")')


def _restart_first_section(inner: str, final_sect: str) -> tuple[str, str]:
    """Page numbers restart at 1 on the document's first section, wherever that section ends."""
    first = inner.find("<w:sectPr")
    if first >= 0:
        closing = inner.index("</w:sectPr>", first) + len("</w:sectPr>")
        return inner[:first] + engine.restart_page_numbers(inner[first:closing]) + inner[closing:], final_sect
    return inner, engine.restart_page_numbers(final_sect)


class MergedDocument:
    def __init__(self, template: engine.CompiledTemplate):
        self.template = template
        self.prefix: str | None = None
        self.first_parts: dict[str, str] = {}
        self.suffix = "</w:body></w:document>"
        self.pieces: list[str] = []
        self.pending_sect: str | None = None   # closing sectPr of the previous document
        self.notes: list[etree._Element] = []
        self.count = 0
        self.styles: list = []                 # each document's compact styles, or None (the template's)

    def add(self, rendered: dict[str, str], replace: dict[str, bytes]) -> None:
        xml = rendered[engine.DOCUMENT]
        body_start = _BODY_OPEN.search(xml).end()
        final_start = xml.rfind("<w:sectPr")
        final_end = xml.index("</w:sectPr>", final_start) + len("</w:sectPr>")
        if self.prefix is None:
            self.prefix = xml[:body_start]
            self.first_parts = dict(rendered)  # headers/footers: the same template, the same parts
        inner, final_sect = xml[body_start:final_start], xml[final_start:final_end]
        inner = self._renumber_notes(inner, replace.get(engine.FOOTNOTES))
        inner, final_sect = _restart_first_section(inner, final_sect)
        if self.pending_sect is not None:
            # the paragraph carrying the section break is the tiny DGRong one: an ordinary empty
            # line there would push a document that just fits its page onto a second one
            self.pieces.append(f'<w:p><w:pPr><w:pStyle w:val="{Style.RONG}"/>{self.pending_sect}</w:pPr></w:p>')
        self.pieces.append(inner)
        self.pending_sect = final_sect
        self.count += 1
        self.styles.append(replace.get(engine.STYLES))

    def _renumber_notes(self, inner: str, part: bytes | None) -> str:
        if part is None:
            return inner
        offset = len(self.notes)
        notes = [n for n in etree.fromstring(part).iter(ooxml.w("footnote")) if int(n.get(ooxml.w("id"))) > 0]
        for note in notes:
            note.set(ooxml.w("id"), str(int(note.get(ooxml.w("id"))) + offset))
            self.notes.append(note)
        return _FOOTNOTE_REF.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + offset}{m.group(3)}", inner)

    def package(self) -> bytes:
        if self.prefix is None:
            raise ValueError("không có văn bản nào để gộp")
        document = self.prefix + "".join(self.pieces) + (self.pending_sect or "") + self.suffix
        replace = {}
        if self.styles and all(style is not None for style in self.styles):
            replace[engine.STYLES] = self.styles[0]    # every document fits its page only compact: all are
        if self.notes:
            notes = [etree.tostring(n, encoding="unicode") for n in self.notes]
            replace[engine.FOOTNOTES] = ooxml.footnotes_part_xml(self.template.footnotes_source, notes)
        return self.template.package({**self.first_parts, engine.DOCUMENT: document}, replace)
