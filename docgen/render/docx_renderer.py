"""Render a `VanBan` through its docx template into .docx bytes or a file (atomically)."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from docgen.atomic import write_atomic
from docgen.errors import LoiMauVanBan
from docgen.model.van_ban import VanBan
from docgen.render import context as ctx
from docgen.render import engine, ooxml, trang, zipwriter
from docgen.render.layout import Style

def _built_in_templates() -> Path:
    """Where the built-in templates are: installed as docgen.templates (wheel, pip, pipx), or the
    checkout's templates/ when docgen runs from a source tree that is not installed."""
    try:
        return Path(str(resources.files("docgen.templates")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "templates"


TEMPLATES_DIR = _built_in_templates()
SAFE_KEY = re.compile(r"[a-z0-9][a-z0-9-]*")
BODY_STYLES = (Style.THAN, Style.CAN_CU, Style.QUYET_DINH, Style.THAM_QUYEN_BAN_HANH, Style.MUC, Style.KHOAN,
               Style.DIEM, Style.DINH_KEM, Style.KINH_GUI, Style.KINH_GUI_MUC, Style.CHUONG)


def template_path(document: VanBan, templates_dir: Path | None = None) -> Path:
    """The template a document prints through: `--templates DIR` given for this run, else its
    agency's own (`mau_word:` in the profile, already checked and anchored by the reader), else
    `$DOCGEN_TEMPLATES`, else the built-in one."""
    if not SAFE_KEY.fullmatch(document.loai.ma):     # a key, never a path
        raise LoiMauVanBan(f"mã loại văn bản '{document.loai.ma}' không hợp lệ")
    own = document.co_quan.mau_word.get(document.loai.ma)
    if templates_dir is None and own is not None:
        if not Path(own).is_file():
            raise LoiMauVanBan(f"không tìm thấy mẫu của cơ quan cho loại '{document.loai.ten}' ({own})")
        return Path(own)
    folder = Path(templates_dir or os.environ.get("DOCGEN_TEMPLATES") or TEMPLATES_DIR)
    path = folder / f"{document.loai.ma}.docx"
    if not path.is_file():
        available = ", ".join(sorted(p.stem for p in folder.glob("*.docx"))) or "không có"
        raise LoiMauVanBan(f"chưa có mẫu cho loại văn bản '{document.loai.ten}' ({path}); các loại in được: {available}")
    return path


def render_parts(document: VanBan, template: engine.CompiledTemplate) -> tuple[dict, dict]:
    """(rendered XML parts, replaced binary parts) — what `package` or a merge needs."""
    context, notes, pictures = ctx.build(document, template.section_break)
    return finished(document, template, context, notes, pictures, template.render_parts(context))


def finished(document: VanBan, template: engine.CompiledTemplate, context: dict, notes: ctx.Footnotes,
             pictures: ctx.Pictures, rendered: dict, shared_mm: dict | None = None) -> tuple[dict, dict]:
    """The rendered parts completed: appendices' headers and page numbers, the compact styles of a
    document that fits one page at 13 pt (`shared_mm`: `trang.shared_mm` by size, if known),
    footnotes, pictures."""
    if document.phu_luc:
        document_xml = ooxml.with_header_copies(rendered[engine.DOCUMENT])
        rendered[engine.DOCUMENT] = engine.restart_page_numbers(document_xml)
    replace = {}
    if trang.compact_fits(document, context["noi_nhan"], shared_mm):
        replace[engine.STYLES] = _compact_styles(template)
    if notes.order:
        if template.footnotes_source is None:
            raise LoiMauVanBan(f"mẫu {template.name} không có phần chú thích (footnotes): không đặt được chú thích")
        replace[engine.FOOTNOTES] = ooxml.footnotes_part_xml(template.footnotes_source, notes.xml())
    if pictures.items:
        rels, types = template.member_data(engine.DOCUMENT_RELS), template.member_data(engine.CONTENT_TYPES)
        replace[engine.DOCUMENT_RELS], replace[engine.CONTENT_TYPES] = ooxml.with_images(
            rels, types, [(rel_id, part) for rel_id, part, _ in pictures.items])
        for _, part, data in pictures.items:
            replace[part] = data
    return rendered, replace


@lru_cache(maxsize=16)
def _compact_styles(template: engine.CompiledTemplate) -> zipwriter.Member:
    """Once per template, compressed: a batch of one-page decisions shares it."""
    return zipwriter.deflated(engine.STYLES, ooxml.compact_styles(
        template.member_data(engine.STYLES), BODY_STYLES, trang.COMPACT_SIZE, Style.HO_TEN,
        trang.COMPACT_SIGNATURE_GAP_PT))


def render_bytes(document: VanBan, template: Path | engine.CompiledTemplate) -> bytes:
    compiled = template if isinstance(template, engine.CompiledTemplate) else engine.compiled(template)
    rendered, replace = render_parts(document, compiled)
    return compiled.package(rendered, replace)


def render_to_file(document: VanBan, output: Path, templates_dir: Path | None = None) -> Path:
    data = render_bytes(document, template_path(document, templates_dir))
    write_atomic(output, data)
    return output
