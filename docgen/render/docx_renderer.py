"""Render a `VanBan` through a docx template (docxtpl) into a .docx file, atomically."""

from __future__ import annotations

import io
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from docgen.errors import LoiMauVanBan
from docgen.model.van_ban import VanBan
from docgen.render import context as ctx
from docgen.render import ooxml

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"


def template_path(document: VanBan, templates_dir: Path | None = None) -> Path:
    folder = Path(templates_dir or os.environ.get("DOCGEN_TEMPLATES") or TEMPLATES_DIR)
    path = folder / f"{document.loai.ma}.docx"
    if not path.is_file():
        raise LoiMauVanBan(f"chưa có mẫu cho loại văn bản '{document.loai.ten}': {path}")
    return path


def _environment() -> SandboxedEnvironment:
    # Templates may come from other offices: sandboxed, autoescaped, and loud on typos.
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def render_bytes(document: VanBan, template: Path) -> bytes:
    try:
        tpl = DocxTemplate(str(template))
        sect_pr = tpl.get_docx().element.body.sectPr
        context, notes = ctx.build(document, lambda restart: ooxml.section_properties(sect_pr, restart))
        tpl.render(context, _environment(), autoescape=True)
    except TemplateError as exc:
        raise LoiMauVanBan(f"mẫu {template.name}: {exc}") from exc
    docx = tpl.docx
    if document.phu_luc:
        ooxml.set_page_number_start(docx.element.body.sectPr, 1)
    if notes.order:
        _write_footnotes(docx.part, notes.xml())
    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()


def _write_footnotes(document_part, notes: list[str]) -> None:
    for rel in document_part.rels.values():
        if rel.reltype == RT.FOOTNOTES:
            part = rel.target_part
            part._blob = ooxml.footnotes_part_xml(part.blob, notes)
            return
    blob = ooxml.footnotes_part_xml(None, notes)
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, blob, document_part.package)
    document_part.relate_to(part, RT.FOOTNOTES)
    ooxml.declare_footnote_separators(document_part.document.settings.element)


@lru_cache(maxsize=1)
def _file_mode() -> int:
    """The mode a plain open() would give: mkstemp's 0600 would hide documents from colleagues."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path, data: bytes) -> None:
    """Temp file in the same folder, then rename: a reader never sees half a document."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(temp, _file_mode())
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def render_to_file(document: VanBan, output: Path, templates_dir: Path | None = None) -> Path:
    data = render_bytes(document, template_path(document, templates_dir))
    write_atomic(output, data)
    return output
