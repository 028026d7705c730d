"""A docx template compiled once and rendered many times.

A plain docxtpl loop opens the package, patches and compiles the XML, renders and re-zips every
part for each document: 20–45 ms, of which the Jinja render is a fraction of a millisecond. Here
the template is opened once: docxtpl's own `patch_xml` turns each templated part into Jinja source,
compiled once in a sandboxed, autoescaping environment; the parts without tags are kept as the
compressed bytes already in the template and copied as they are. Per document only the templated
XML is rendered, deflated and written (see `zipwriter`). The output is the document docxtpl would
make from the same template and context (tests/test_engine.py compares them).
"""

from __future__ import annotations

import io
import re
import threading
import time
from functools import lru_cache
from pathlib import Path

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment, SecurityError
from lxml import etree

from docgen.errors import LoiMauVanBan
from docgen.gioi_han import unpacked_too_big
from docgen.render import flat, ooxml, patched, zipwriter

DOCUMENT = "word/document.xml"
FOOTNOTES = "word/footnotes.xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"
STYLES = "word/styles.xml"
_PARAGRAPH = re.compile(r"<w:p([ >])")
_AFTER_PG_NUM_TYPE = tuple(f"<w:{tag}" for tag in ooxml.AFTER_PG_NUM_TYPE) + ("</w:sectPr>",)


MAX_PART_CHARS = 64 * 1024 * 1024    # our longest plan renders ~1 MB of XML; a looping template stops here
MAX_RENDER_SECONDS = 3.0    # one part of one document; our longest plan renders in ~0.1 s
_deadline = threading.local()


class _LimitedEnvironment(ImmutableSandboxedEnvironment):
    """Templates may come from other offices: sandboxed (no attribute tricks), immutable (a template
    cannot change the data that the register records), and stopped when a loop runs past the time
    budget — checked at every call, attribute and item a template touches."""

    def _check_time(self) -> None:
        limit = getattr(_deadline, "at", None)
        if limit is not None and time.monotonic() > limit:
            raise SecurityError(f"mẫu chạy quá {MAX_RENDER_SECONDS:.0f} giây (vòng lặp không dừng?)")

    def call(self, context, obj, *args, **kwargs):
        self._check_time()
        return super().call(context, obj, *args, **kwargs)

    def getattr(self, obj, attribute):
        self._check_time()
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        self._check_time()
        return super().getitem(obj, argument)


def environment() -> SandboxedEnvironment:
    # Autoescaped, and loud on typos.
    return _LimitedEnvironment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)


class _TimeUp(SecurityError):
    """Raised inside the rendering thread by the watchdog (`_Watchdog`)."""

    def __str__(self) -> str:
        return f"mẫu chạy quá {MAX_RENDER_SECONDS:.0f} giây (vòng lặp không dừng?)"


class _Watchdog:
    """Stops a render that outlives the time budget even where the hooks above never run — loops
    inside loops that print nothing and touch no attribute: after the budget (and a grace second)
    `_TimeUp` is raised in the rendering thread at its next bytecode. A thread can run Jinja (the web
    app renders in worker threads), so no signal; CPython's `PyThreadState_SetAsyncExc` instead."""

    def __init__(self, seconds: float):
        self._thread = threading.get_ident()
        self._lock = threading.Lock()
        self._running = True
        self._timer = threading.Timer(seconds, self._stop)
        self._timer.daemon = True
        self._timer.start()

    def _stop(self) -> None:
        import ctypes          # only when a render runs away

        with self._lock:
            if self._running:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._thread), ctypes.py_object(_TimeUp))

    def done(self) -> None:
        with self._lock:
            self._running = False
        self._timer.cancel()


def _render_limited(template, context: dict) -> str:
    """Render streaming, so that neither a runaway loop nor a huge output can take the machine."""
    _deadline.at = time.monotonic() + MAX_RENDER_SECONDS
    watchdog = _Watchdog(MAX_RENDER_SECONDS + 1)
    try:
        chunks, size = [], 0
        for chunk in template.generate(context):
            size += len(chunk)
            if size > MAX_PART_CHARS:
                raise SecurityError(f"mẫu tạo ra quá {MAX_PART_CHARS // 1024 // 1024} triệu ký tự")
            chunks.append(chunk)
            if not len(chunks) & 31 and time.monotonic() > _deadline.at:   # the clock is read every 32 chunks
                raise SecurityError(f"mẫu chạy quá {MAX_RENDER_SECONDS:.0f} giây")
        watchdog.done()       # inside the try: a _TimeUp arriving now is still a SecurityError raised here
        return "".join(chunks)
    finally:
        _deadline.at = None
        watchdog.done()


class _Templated:
    """A templated part: its flat program when it has one (`flat`), Jinja otherwise — compiled
    only when first needed (a flat part never needs it: its code generation is most of loading
    a template)."""

    def __init__(self, name: str, source: str, env: SandboxedEnvironment, program: tuple | None):
        self.name, self.source, self.env, self.program = name, source, env, program
        self._jinja = None if program is not None else env.from_string(source)

    def render(self, context: dict) -> str:
        if self.program is not None:
            xml = flat.render(self.program, context, MAX_PART_CHARS)
            if xml is not None:
                return xml
        if self._jinja is None:
            self._jinja = self.env.from_string(self.source)
        xml = _render_limited(self._jinja, context)
        return xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")     # _PARAGRAPH's marks


def _flat_program(env: SandboxedEnvironment, source: str) -> tuple | None:
    """The part's flat program, from the source without the marks (nothing to remove after each
    render); a part Jinja cannot parse has none, and Jinja's own compile then says why."""
    try:
        return flat.program(env.parse(source))
    except TemplateError:
        return None


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
            sources = patched.jinja_sources(raw, members)
        except Exception as exc:  # not a zip, not a docx: the template file itself is bad
            raise LoiMauVanBan(f"mẫu {self.name}: không mở được ({type(exc).__name__})") from exc
        env = environment()
        self.parts: list = []
        self.footnotes_source: bytes | None = None
        for member in members:
            data = member.data()
            if member.name == FOOTNOTES:
                self.footnotes_source = data
            if member.name in sources:
                # docxtpl's marks: one paragraph a line, so that Jinja's errors name a useful line
                source = _PARAGRAPH.sub(r"\n<w:p\1", sources[member.name])
                try:
                    self.parts.append(_Templated(member.name, source, env, _flat_program(env, sources[member.name])))
                except TemplateError as exc:
                    raise LoiMauVanBan(f"mẫu {self.name}: {exc}") from exc
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
        out = {}
        for part in self.parts:
            if isinstance(part, _Templated):
                try:
                    xml = part.render(context)
                except TemplateError as exc:
                    raise LoiMauVanBan(f"mẫu {self.name}: {exc}") from exc
                out[part.name] = xml
        return out

    def member_data(self, name: str) -> bytes:
        """The uncompressed bytes of an unchanged template part."""
        return next(p for p in self.parts if p.name == name and not isinstance(p, _Templated)).data()

    def package(self, rendered: dict[str, str], replace: dict[str, bytes | zipwriter.Member] | None = None) -> bytes:
        """The .docx bytes: rendered parts deflated, other parts copied as compressed bytes; parts in
        `replace` that the template lacks (pictures) are added at the end. A replacement may come
        already compressed (a `Member`), when many documents share it."""
        return zipwriter.build(self._members(rendered, replace))

    def write_package(self, stream, rendered: dict[str, str], replace: dict | None = None) -> None:
        """`package` written to a stream; a part may also be a `DeflateSpool` (a merged document)."""
        archive = zipwriter.StreamingZip(stream, version=20)
        for member in self._members(rendered, replace):
            if isinstance(member, zipwriter.DeflateSpool):
                archive.add_spool(member)
            else:
                archive.add_member(member)
        archive.close()

    def _members(self, rendered: dict[str, str], replace: dict | None) -> list:
        replace = dict(replace or {})
        entries = []
        for part in self.parts:
            name = part.name
            if name in replace:
                entries.append(_member(name, replace.pop(name)))
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
