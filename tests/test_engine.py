"""The compiled engine gives the documents docxtpl gives, from the same template and context."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from docgen.readers.van_ban import read_van_ban
from docgen.render import zipwriter
from docgen.render.docx_renderer import render_bytes, template_path
from docgen.render.reference import render_bytes_docxtpl

from conftest import SAMPLE_FILES, SAMPLES


def canonical_body(docx: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return etree.tostring(root.find("{*}body"), method="c14n")


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=[s.stem for s in SAMPLE_FILES])
def test_engine_output_equals_docxtpl_output(sample):
    document = read_van_ban(sample)
    template = template_path(document)
    fast, reference = render_bytes(document, template), render_bytes_docxtpl(document, template)
    assert canonical_body(fast) == canonical_body(reference)
    with zipfile.ZipFile(io.BytesIO(fast)) as a, zipfile.ZipFile(io.BytesIO(reference)) as b:
        assert sorted(a.namelist()) == sorted(b.namelist())
        assert a.testzip() is None
        for name in ("word/styles.xml", "word/header1.xml", "word/header2.xml"):
            assert etree.tostring(etree.fromstring(a.read(name)), method="c14n") == \
                etree.tostring(etree.fromstring(b.read(name)), method="c14n")


def test_zip_members_round_trip(tmp_path):
    path = tmp_path / "t.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.xml", "<a>xin chào</a>" * 100)
        archive.writestr("b/ảnh.txt", b"\x00\x01", compress_type=zipfile.ZIP_STORED)
    members = zipwriter.read_members(Path(path).read_bytes())
    rebuilt = zipfile.ZipFile(io.BytesIO(zipwriter.build(members + [zipwriter.deflated("c.xml", b"<c/>")])))
    assert rebuilt.testzip() is None
    assert rebuilt.read("a.xml").decode() == "<a>xin chào</a>" * 100
    assert rebuilt.read("b/ảnh.txt") == b"\x00\x01" and rebuilt.read("c.xml") == b"<c/>"


def test_streaming_zip_switches_to_zip64_past_65535_entries(tmp_path):
    path = tmp_path / "many.zip"
    with open(path, "wb") as stream:
        archive = zipwriter.StreamingZip(stream)
        for index in range(70_000):
            archive.add(f"{index}.txt", b"x%d" % index)
        archive.add("văn bản.docx", b"cu\xe1\xbb\x91i")
        archive.close()
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert len(names) == 70_001
        assert archive.read("69999.txt") == b"x69999"
        assert archive.read("văn bản.docx") == "cuối".encode()
        assert archive.testzip() is None


def test_docxtpl_without_autoescape_would_lose_special_characters(tmp_path):
    """Why every render autoescapes: the same context without it breaks the document's XML."""
    from docx import Document
    from docxtpl import DocxTemplate

    from docgen.readers.docx_text import body_lines
    from docgen.render import context as ctx
    from docgen.render.template_builder import TEMPLATES_DIR

    document = read_van_ban(SAMPLE_FILES[0])
    agency = document.co_quan.model_copy(update={"ten": ["SỞ A & B <CŨ>"]})   # printed as plain text
    document = document.model_copy(update={"co_quan": agency})
    template = DocxTemplate(str(TEMPLATES_DIR / "ke-hoach.docx"))
    context, _, _ = ctx.build(document, lambda restart: "")
    template.render(context, autoescape=False)
    path = tmp_path / "raw.docx"
    template.save(str(path))
    try:
        lines = body_lines(Document(str(path)))
    except Exception:
        lines = None  # the XML no longer parses: the document is lost
    assert lines is None or "SỞ A & B <CŨ>" not in lines
    fast = render_bytes(document, template_path(document))
    assert "SỞ A & B <CŨ>" in body_lines(Document(io.BytesIO(fast)))


def _sample_document():
    from docgen.readers.van_ban import read_van_ban
    return read_van_ban(SAMPLES / "quyet-dinh-tang-cuong-mot-nguoi.yaml")


def test_the_patch_of_a_template_is_cached_by_content_and_only_this_users_files_are_trusted(tmp_path, monkeypatch):
    import os

    from docgen.render import engine, patched
    from docgen.render.docx_renderer import render_bytes, template_path

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    document = _sample_document()
    first = render_bytes(document, engine.CompiledTemplate(template_path(document)))
    cached = list((tmp_path / "cache" / "docgen" / "mau").glob("*.json"))
    assert len(cached) == 1 and (cached[0].parent.stat().st_mode & 0o777) == 0o700
    patches = []
    real_patch = patched._prepare
    monkeypatch.setattr(patched, "_prepare", lambda *a: patches.append(1) or real_patch(*a))
    again = render_bytes(document, engine.CompiledTemplate(template_path(document)))
    assert patches == [] and again == first                                  # served from the cache
    if hasattr(os, "getuid") and os.getuid() == 0:
        os.chown(cached[0], 12345, 12345)                                    # another user's file
        assert render_bytes(document, engine.CompiledTemplate(template_path(document))) == first
        assert patches == [1]


@pytest.mark.parametrize("content", [
    "[" * 100_000 + "]" * 100_000,                                          # nested too deep for json
    "{}",                                                                   # fewer parts than the template
    '{"word/document.xml": {"source": "x", "program": [[2, ["a"], "b", [[2, ["c"], "d", []]]]]}}',   # nested loops
    '{"word/document.xml": {"source": 5, "program": null}}',
    "không phải JSON",
])
def test_a_bad_cache_file_is_not_used_and_is_written_again(tmp_path, monkeypatch, content):
    from docgen.render import engine, patched
    from docgen.render.docx_renderer import render_bytes, template_path

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    document = _sample_document()
    template = template_path(document)
    first = render_bytes(document, engine.CompiledTemplate(template))
    [cached] = (tmp_path / "cache" / "docgen" / "mau").glob("*.json")
    good = cached.read_bytes()
    cached.write_text(content, encoding="utf-8")
    assert render_bytes(document, engine.CompiledTemplate(template)) == first
    assert cached.read_bytes() == good
    assert patched._read(cached) is not None


def test_the_cache_folder_must_be_this_users_and_a_link_is_not_followed(tmp_path, monkeypatch):
    import os

    from docgen.render import engine, patched
    from docgen.render.docx_renderer import render_bytes, template_path

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "cache" / "docgen" / "mau"
    folder.mkdir(parents=True, mode=0o755)
    folder.chmod(0o755)
    document = _sample_document()
    first = render_bytes(document, engine.CompiledTemplate(template_path(document)))
    assert folder.stat().st_mode & 0o777 == 0o700                           # ours: closed again
    [cached] = folder.glob("*.json")
    elsewhere = tmp_path / "khac.json"
    elsewhere.write_bytes(cached.read_bytes())
    cached.unlink()
    cached.symlink_to(elsewhere)
    assert patched._read(cached) is None                                     # a link: not followed
    assert render_bytes(document, engine.CompiledTemplate(template_path(document))) == first
    if hasattr(os, "getuid") and os.getuid() == 0:
        os.chown(folder, 12345, 12345)                                       # another user's folder
        assert patched._usable_folder() is None
        assert render_bytes(document, engine.CompiledTemplate(template_path(document))) == first


def test_a_template_compiles_without_a_usable_cache_folder(tmp_path, monkeypatch):
    from docgen.render import engine
    from docgen.render.docx_renderer import render_bytes, template_path

    document = _sample_document()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", "tuong-doi")                        # relative: not used
    assert render_bytes(document, engine.CompiledTemplate(template_path(document)))
    assert not (tmp_path / "tuong-doi").exists()
    monkeypatch.delenv("XDG_CACHE_HOME")

    def no_home():
        raise RuntimeError("Could not determine home directory.")
    monkeypatch.setattr(Path, "home", staticmethod(no_home))                 # a container's nameless user
    assert render_bytes(document, engine.CompiledTemplate(template_path(document)))
