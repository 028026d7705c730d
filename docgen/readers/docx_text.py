"""The text of a .docx in reading order: body paragraphs and table cells, footnotes apart."""

from __future__ import annotations

from typing import Iterator

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from docgen.render.ooxml import w


def paragraph_text(p) -> str:
    parts = []
    for node in p.iter(w("t"), w("tab"), w("br"), w("noBreakHyphen")):
        if node.tag == w("t"):
            parts.append(node.text or "")
        else:
            parts.append("-" if node.tag == w("noBreakHyphen") else " ")
    return "".join(parts).replace("\u00a0", " ")  # the form's no-break spaces are spaces to a reader


def body_paragraphs(document: Document) -> Iterator:
    """Every w:p of the body in order, descending into tables (cell by cell, row by row)."""
    yield from document.element.body.iter(w("p"))


def body_lines(document: Document) -> list[str]:
    return [paragraph_text(p) for p in body_paragraphs(document)]


def footnote_texts(document: Document) -> list[str]:
    """Texts of the real footnotes (not the separators), in id order."""
    for rel in document.part.rels.values():
        if rel.reltype == RT.FOOTNOTES:
            root = etree.fromstring(rel.target_part.blob)
            notes = [n for n in root.iter(w("footnote")) if n.get(w("type")) is None]
            notes.sort(key=lambda n: int(n.get(w("id"))))
            return [" ".join(paragraph_text(p) for p in n.iter(w("p"))).strip() for n in notes]
    return []
