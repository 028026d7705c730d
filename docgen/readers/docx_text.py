"""The text of a .docx in reading order: body paragraphs and table cells, footnotes apart."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Iterator

from docx import Document as open_document
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree
from lxml.etree import XMLSyntaxError

from docgen.gioi_han import unpacked_too_big
from docgen.render.ooxml import w

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .docx and old .doc files


def paragraph_text(p) -> str:
    parts = []
    for node in p.iter(w("t"), w("tab"), w("br"), w("noBreakHyphen")):
        if node.tag == w("t"):
            parts.append(node.text or "")
        else:
            parts.append("-" if node.tag == w("noBreakHyphen") else " ")
    return "".join(parts).replace("\u00a0", " ")  # the form's no-break spaces are spaces to a reader


def paragraph_lines(p, note_numbers: bool = False) -> list[str]:
    """The lines of a paragraph as a reader sees them, split at its line breaks (whitespace collapsed);
    with `note_numbers` a footnote reference shows as its number."""
    lines, current = [], []
    for node in p.iter(w("t"), w("tab"), w("br"), w("cr"), w("noBreakHyphen"), w("footnoteReference")):
        if node.tag == w("t"):
            current.append(node.text or "")
        elif node.tag == w("noBreakHyphen"):
            current.append("-")
        elif node.tag == w("tab"):
            current.append(" ")
        elif node.tag == w("footnoteReference"):
            current.append(node.get(w("id")) if note_numbers else "")
        else:
            lines.append("".join(current))
            current = []
    lines.append("".join(current))
    return [" ".join(line.replace("\u00a0", " ").split()) for line in lines]


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


def open_docx(path: Path):
    """python-docx Document, or the reason (in Vietnamese) it cannot be opened."""
    path = Path(path)
    if path.exists() and not path.is_file():          # a device, a pipe, a folder: never read
        return None, "không phải tệp thường (thiết bị, ống dẫn hoặc thư mục)"
    try:
        with open(path, "rb") as stream:
            head = stream.read(8)
    except FileNotFoundError:
        return None, "không tìm thấy tệp"
    except OSError as exc:
        return None, f"không đọc được tệp ({exc.strerror})"
    if head == OLE_SIGNATURE:
        return None, "tệp được đặt mật khẩu (mã hóa) hoặc là tệp .doc cũ: hãy lưu lại dạng .docx không mật khẩu"
    if not zipfile.is_zipfile(path):
        if head.startswith(b"PK"):
            return None, "tệp .docx bị hỏng (thiếu một phần, có thể do tải về hoặc sao chép dở dang)"
        return None, "không phải tệp .docx (không mở được dạng nén zip)"
    too_big = unpacked_too_big(path)
    if too_big:
        return None, too_big
    try:
        document = open_document(str(path))
    except (PackageNotFoundError, KeyError, ValueError):
        return None, "tệp nén không chứa tài liệu Word (.docx)"
    except (zipfile.BadZipFile, XMLSyntaxError, EOFError):
        return None, "tệp .docx bị hỏng"
    except Exception as exc:  # a damaged package can fail in many ways; never a traceback for clerks
        return None, f"tệp .docx bị hỏng ({type(exc).__name__})"
    return document, None
