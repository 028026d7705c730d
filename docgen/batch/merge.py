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

from docgen.render import engine, ooxml, zipwriter
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
    """Documents appended one by one; their XML goes straight into deflated temporary files, so the
    memory a merge takes does not grow with the number of documents."""

    def __init__(self, template: engine.CompiledTemplate):
        self.template = template
        self.first_parts: dict[str, str] | None = None
        self.body = zipwriter.DeflateSpool(engine.DOCUMENT)
        self.notes: zipwriter.DeflateSpool | None = None
        self.note_count = 0
        self.pending_sect: str | None = None   # closing sectPr of the previous document
        self.count = 0
        self.compact_styles: bytes | None = None   # each document's compact styles, while all have them
        self.all_compact = True

    def add(self, rendered: dict[str, str], replace: dict[str, bytes]) -> None:
        xml = rendered[engine.DOCUMENT]
        body_start = _BODY_OPEN.search(xml).end()
        final_start = xml.rfind("<w:sectPr")
        final_end = xml.index("</w:sectPr>", final_start) + len("</w:sectPr>")
        if self.first_parts is None:
            self.body.write(xml[:body_start])
            self.first_parts = {name: part for name, part in rendered.items() if name != engine.DOCUMENT}
        inner, final_sect = xml[body_start:final_start], xml[final_start:final_end]
        inner = self._renumber_notes(inner, replace.get(engine.FOOTNOTES))
        inner, final_sect = _restart_first_section(inner, final_sect)
        if self.pending_sect is not None:
            # the paragraph carrying the section break is the tiny DGRong one: an ordinary empty
            # line there would push a document that just fits its page onto a second one
            self.body.write(f'<w:p><w:pPr><w:pStyle w:val="{Style.RONG}"/>{self.pending_sect}</w:pPr></w:p>')
        self.body.write(inner)
        self.pending_sect = final_sect
        self.count += 1
        styles = replace.get(engine.STYLES)
        self.all_compact = self.all_compact and styles is not None
        self.compact_styles = self.compact_styles or styles

    def _renumber_notes(self, inner: str, part: bytes | None) -> str:
        if part is None:
            return inner
        offset = self.note_count
        for note in etree.fromstring(part).iter(ooxml.w("footnote")):
            if int(note.get(ooxml.w("id"))) > 0:
                note.set(ooxml.w("id"), str(int(note.get(ooxml.w("id"))) + offset))
                self._notes_spool().write(etree.tostring(note, encoding="unicode"))
                self.note_count += 1
        return _FOOTNOTE_REF.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + offset}{m.group(3)}", inner)

    def _notes_spool(self) -> zipwriter.DeflateSpool:
        """The footnotes part, opened with the template's own notes (separators) the first time."""
        if self.notes is None:
            self.notes = zipwriter.DeflateSpool(engine.FOOTNOTES)
            whole = ooxml.footnotes_part_xml(self.template.footnotes_source, []).decode("utf-8")
            self.notes.write(whole[:whole.rindex("</w:footnotes>")])
        return self.notes

    def write(self, stream) -> None:
        """The merged .docx, written to `stream`."""
        if self.first_parts is None:
            raise ValueError("không có văn bản nào để gộp")
        self.body.write((self.pending_sect or "") + "</w:body></w:document>")
        self.body.finish()
        replace: dict = {engine.DOCUMENT: self.body}
        if self.all_compact:
            replace[engine.STYLES] = self.compact_styles    # every document fits its page only compact: all are
        if self.notes is not None:
            self.notes.write("</w:footnotes>")
            self.notes.finish()
            replace[engine.FOOTNOTES] = self.notes
        self.template.write_package(stream, self.first_parts, replace)

    def close(self) -> None:
        self.body.close()
        if self.notes is not None:
            self.notes.close()
