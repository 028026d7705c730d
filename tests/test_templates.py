"""The committed templates are what the builder makes, and they carry the NĐ 30 settings."""

from __future__ import annotations

import zipfile

import pytest
from docx import Document

from docgen.render import template_builder
from docgen.render.ooxml import w

TEMPLATES = template_builder.TEMPLATES_DIR
PARTS = ("word/document.xml", "word/styles.xml", "word/header1.xml", "word/header2.xml", "word/settings.xml",
         "word/footnotes.xml", "word/_rels/document.xml.rels")


@pytest.mark.parametrize("name", sorted(template_builder.BUILDERS))
def test_committed_template_matches_the_builder(tmp_path, name):
    template_builder.build_all(tmp_path)
    with zipfile.ZipFile(TEMPLATES / f"{name}.docx") as committed, zipfile.ZipFile(tmp_path / f"{name}.docx") as fresh:
        for part in PARTS:
            assert committed.read(part) == fresh.read(part), (
                f"templates/{name}.docx is stale ({part}): run python -m docgen.render.template_builder")
    assert (TEMPLATES / f"{name}.docx").read_bytes() == (tmp_path / f"{name}.docx").read_bytes()


@pytest.mark.parametrize("name", sorted(template_builder.BUILDERS))
def test_template_defaults_are_times_new_roman_14(name):
    document = Document(str(TEMPLATES / f"{name}.docx"))
    styles = document.styles.element
    fonts = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('rFonts')}")
    assert {slot: fonts.get(w(slot)) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == \
        dict.fromkeys(("ascii", "hAnsi", "eastAsia", "cs"), "Times New Roman")
    for element in styles.iter(w("rFonts")):
        assert not any(key.endswith("Theme}") or "Theme" in key for key in element.attrib)
    body = document.element.body
    assert body.find(f".//{w('numPr')}") is None  # labels are text, never Word list numbering
