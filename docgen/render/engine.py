"""A docx template compiled once and rendered many times.

A plain docxtpl loop opens the package, patches and compiles the XML, renders and re-zips every
part for each document: 20–45 ms, of which the Jinja render is a fraction of a millisecond. Here
the template is opened once: docxtpl's own `patch_xml` turns each templated part into Jinja source,
reduced once to a `flat` program or compiled in a sandboxed, autoescaping Jinja environment
(`sandbox`); the parts without tags are kept as the compressed bytes already in the template and
copied as they are. Per document only the templated
XML is rendered, deflated and written (see `zipwriter`). The output is the document docxtpl would
make from the same template and context (tests/test_engine.py compares them).
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from pathlib import Path

from lxml import etree

from docgen import gioi_han
from docgen.errors import LoiMauVanBan
from docgen.gioi_han import unpacked_too_big
from docgen.render import flat, ooxml, patched, zipwriter

DOCUMENT = "word/document.xml"
FOOTNOTES = "word/footnotes.xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"
STYLES = "word/styles.xml"
_AFTER_PG_NUM_TYPE = tuple(f"<w:{tag}" for tag in ooxml.AFTER_PG_NUM_TYPE) + ("</w:sectPr>",)


class _Templated:
    """A templated part: its flat program when it has one (`flat`), Jinja otherwise — compiled
    only when first needed (a flat part never needs it, nor Jinja's import)."""

    def __init__(self, name: str, source: str, program: tuple | None, template_name: str):
        self.name, self.source, self.program, self.template_name = name, source, program, template_name
        self._jinja = None if program is not None else _sandbox().compiled(source, template_name)

    def render(self, context: dict) -> str:
        if self.program is not None:
            xml = flat.render(self.program, context, gioi_han.MAX_PART_CHARS, gioi_han.MAX_RENDER_SECONDS)
            if xml is not None:
                return xml
        return self.render_jinja(context)

    def render_jinja(self, context: dict) -> str:
        sandbox = _sandbox()
        if self._jinja is None:
            self._jinja = sandbox.compiled(self.source, self.template_name)
        return sandbox.rendered(self._jinja, context, self.template_name)

    def specialized(self, context: dict, holes: frozenset) -> "_Templated | _Specialized":
        """This part with everything that reads none of the `holes` printed once from `context`
        (`flat.specialized`); a part only Jinja renders stays as it is."""
        if self.program is None:
            return self
        program, spent, seconds = flat.specialized(self.program, context, holes, gioi_han.MAX_PART_CHARS,
                                                   gioi_han.MAX_RENDER_SECONDS)
        return _Specialized(self, program, spent, seconds)


class _Specialized:
    """A part's program with the shared steps already printed, within what is left of the part's
    limits once they are paid for; a render it cannot do (a value outside the subset, the limits)
    is Jinja's, with the whole part, as when the part is rendered whole."""

    def __init__(self, part: _Templated, program: tuple, spent: int, seconds: float):
        self.part, self.name, self.program = part, part.name, program
        self.chars, self.seconds = gioi_han.MAX_PART_CHARS - spent, gioi_han.MAX_RENDER_SECONDS - seconds

    def render(self, context: dict) -> str:
        xml = flat.render(self.program, context, self.chars, self.seconds)
        return xml if xml is not None else self.part.render_jinja(context)


def _sandbox():
    # Jinja (≈ 20 ms to import) only for a part that needs it: see docgen.render.sandbox
    from docgen.render import sandbox

    return sandbox


class CompiledTemplate:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.name = self.path.name
        try:
            raw = self.path.read_bytes()       # read once: the limits, members and patch see one version
        except FileNotFoundError:
            raise LoiMauVanBan(f"mẫu {self.name}: không tìm thấy tệp") from None
        except OSError as exc:               # a folder, no permission
            raise LoiMauVanBan(f"mẫu {self.name}: không đọc được tệp ({type(exc).__name__})") from None
        too_big = unpacked_too_big(io.BytesIO(raw))
        if too_big:
            raise LoiMauVanBan(f"mẫu {self.name}: {too_big}")
        try:
            members = zipwriter.read_members(raw)
            sources = patched.jinja_sources(raw, members)     # {part: (source, flat program or None)}
        except Exception as exc:  # not a zip, not a docx: the template file itself is bad
            raise LoiMauVanBan(f"mẫu {self.name}: không mở được ({type(exc).__name__})") from exc
        self.parts: list = []
        self.footnotes_source: bytes | None = None
        for member in members:
            data = member.data()
            if member.name == FOOTNOTES:
                self.footnotes_source = data
            if member.name in sources:
                source, program = sources[member.name]
                self.parts.append(_Templated(member.name, source, program, self.name))
            else:
                self.parts.append(member)
        body = etree.fromstring(next(m for m in members if m.name == DOCUMENT).data())
        self.sect_pr = body.find(f"{ooxml.w('body')}/{ooxml.w('sectPr')}")
        if not any(isinstance(p, _Templated) and p.name == DOCUMENT for p in self.parts):
            raise LoiMauVanBan(f"mẫu {self.name}: không có thẻ mẫu nào trong nội dung")

    def section_break(self, restart_numbering: bool) -> str:
        return ooxml.section_properties(self.sect_pr, restart_numbering)

    def render_parts(self, context: dict) -> dict[str, str]:
        """The templated parts rendered to XML text, by part name."""
        return {part.name: part.render(context) for part in self.templated()}

    def templated(self) -> list[_Templated]:
        return [part for part in self.parts if isinstance(part, _Templated)]

    def member_data(self, name: str) -> bytes:
        """The uncompressed bytes of an unchanged template part."""
        return next(p for p in self.parts if p.name == name and not isinstance(p, _Templated)).data()

    def package(self, rendered: dict[str, str], replace: dict[str, bytes | zipwriter.Member] | None = None,
                deflaters: dict[str, zipwriter.Prefixed] | None = None) -> bytes:
        """The .docx bytes: rendered parts deflated, other parts copied as compressed bytes; parts in
        `replace` that the template lacks (pictures) are added at the end. A replacement may come
        already compressed (a `Member`), when many documents share it; `deflaters`: rendered parts
        whose start is already deflated (a batch's, `splice`)."""
        return zipwriter.build(self._members(rendered, replace, deflaters))

    def write_package(self, stream, rendered: dict[str, str], replace: dict | None = None) -> None:
        """`package` written to a stream; a part may also be a `DeflateSpool` (a merged document)."""
        archive = zipwriter.StreamingZip(stream, version=20)
        for member in self._members(rendered, replace):
            if isinstance(member, zipwriter.DeflateSpool):
                archive.add_spool(member)
            else:
                archive.add_member(member)
        archive.close()

    def _members(self, rendered: dict[str, str], replace: dict | None, deflaters: dict | None = None) -> list:
        replace = dict(replace or {})
        deflaters = deflaters or {}
        entries = []
        for part in self.parts:
            name = part.name
            if name in replace:
                entries.append(_member(name, replace.pop(name)))
            elif name in deflaters:
                entries.append(deflaters[name].deflated(rendered[name].encode("utf-8")))
            elif isinstance(part, _Templated):
                entries.append(zipwriter.deflated(name, rendered[name].encode("utf-8")))
            else:
                entries.append(part)
        return entries + [_member(name, data) for name, data in replace.items()]


def _member(name: str, value):
    """A replacement part as the zip writer takes it: bytes are deflated, the rest is ready."""
    return zipwriter.deflated(name, value) if isinstance(value, bytes) else value


def restart_page_numbers(document_xml: str) -> str:
    """Give the document's last section `pgNumType start=1` (appendix sections restart at 1);
    inserted before the first sectPr child that the schema puts after pgNumType."""
    start = document_xml.rfind("<w:sectPr")
    tail = document_xml[start:]
    if start < 0:
        return document_xml
    if "<w:pgNumType" in tail:        # a template re-saved by LibreOffice has one, without a start
        if re.search(r"<w:pgNumType[^>]*w:start=", tail):
            return document_xml
        return document_xml[:start] + tail.replace("<w:pgNumType", '<w:pgNumType w:start="1"', 1)
    at = min(i for i in (tail.find(tag) for tag in _AFTER_PG_NUM_TYPE) if i >= 0)
    return document_xml[:start + at] + '<w:pgNumType w:start="1"/>' + document_xml[start + at:]


@lru_cache(maxsize=16)
def _compiled(path: str, mtime_ns: int) -> CompiledTemplate:
    return CompiledTemplate(Path(path))


def compiled(path: Path) -> CompiledTemplate:
    """One compiled template per file and version, shared by every render in the process."""
    path = Path(path).resolve()
    return _compiled(str(path), path.stat().st_mtime_ns)
