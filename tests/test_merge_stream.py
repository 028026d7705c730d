"""The merged file is streamed to disk: its parts must be what a one-shot build would have made."""

from __future__ import annotations

import io
import zipfile
import zlib

from docx import Document
from lxml import etree

from docgen.batch.merge import MergedDocument
from docgen.readers.van_ban import read_van_ban
from docgen.render import engine, zipwriter
from docgen.render.docx_renderer import render_parts, template_path

from conftest import SAMPLES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _merged(paths) -> bytes:
    documents = [read_van_ban(path) for path in paths]
    template = engine.compiled(template_path(documents[0]))
    merged = MergedDocument(template)
    try:
        for document in documents:
            merged.add(*render_parts(document, template))
        stream = io.BytesIO()
        merged.write(stream)
    finally:
        merged.close()
    return stream.getvalue()


def test_a_streamed_part_is_the_deflate_stream_of_the_whole():
    spool = zipwriter.DeflateSpool("word/document.xml")
    pieces = ["<w:body>", "Quyết định " * 5000, "<w:p/>" * 3000, "</w:body>"]
    for piece in pieces:
        spool.write(piece)
    spool.finish()
    whole = "".join(pieces).encode("utf-8")
    assert spool.file.read() == zipwriter.deflated("x", whole).compressed
    assert (spool.crc, spool.size) == (zlib.crc32(whole), len(whole))
    spool.close()


def test_merged_plans_keep_every_footnote_with_its_reference(tmp_path):
    plan = SAMPLES / "ke-hoach-131-2025.yaml"
    one = Document(io.BytesIO(_merged([plan])))
    data = _merged([plan, plan, plan])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        notes_xml = archive.read("word/footnotes.xml")
        body_xml = archive.read("word/document.xml")
    merged = Document(io.BytesIO(data))
    per_plan = len(one.sections)
    assert len(merged.sections) == 3 * per_plan
    notes = [int(n.get(f"{W}id")) for n in etree.fromstring(notes_xml).iter(f"{W}footnote") if int(n.get(f"{W}id")) > 0]
    references = [int(r.get(f"{W}id")) for r in etree.fromstring(body_xml).iter(f"{W}footnoteReference")]
    assert notes and len(notes) % 3 == 0
    assert notes == list(range(1, len(notes) + 1))          # renumbered through the whole file
    assert sorted(references) == notes                        # each note has its one reference
    texts = [p.text for p in one.paragraphs]
    assert [p.text for p in merged.paragraphs] == texts + [""] + texts + [""] + texts   # "": the section breaks
