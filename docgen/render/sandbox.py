"""Jinja for templates from other offices: sandboxed, autoescaped, loud on typos, and stopped
when a render runs past the time or size budget (`docgen.gioi_han`); and the reduction of a part
to a `flat` program where it is that simple.

Imported only when a template is patched and reduced the first time, or when a part needs Jinja
itself (a condition, a filter, a loop inside a loop): a built-in template, read from the cache,
never does.
"""

from __future__ import annotations

import re
import threading
import time

from jinja2 import StrictUndefined, TemplateError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment, SecurityError

from docgen import gioi_han
from docgen.errors import LoiMauVanBan
from docgen.render.flat import LOOP, TEXT, VALUE, merged

_PARAGRAPH = re.compile(r"<w:p([ >])")
_deadline = threading.local()


class _LimitedEnvironment(ImmutableSandboxedEnvironment):
    """Templates may come from other offices: sandboxed (no attribute tricks), immutable (a template
    cannot change the data that the register records), and stopped when a loop runs past the time
    budget — checked at every call, attribute and item a template touches."""

    def _check_time(self) -> None:
        limit = getattr(_deadline, "at", None)
        if limit is not None and time.monotonic() > limit:
            raise SecurityError(f"mẫu chạy quá {gioi_han.MAX_RENDER_SECONDS:.0f} giây (vòng lặp không dừng?)")

    def call(self, context, obj, *args, **kwargs):
        self._check_time()
        return super().call(context, obj, *args, **kwargs)

    def getattr(self, obj, attribute):
        self._check_time()
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        self._check_time()
        return super().getitem(obj, argument)

    # Operators that can make one huge value in a single step of C code, where neither the hooks nor
    # the watchdog can stop it (`9 ** 8000000`, `'x' * 10 ** 9`); intercepted, they are also no
    # longer computed while the template is compiled (Jinja's constant folding).
    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(self, context, operator, left, right):
        self._check_time()
        _refuse_huge(operator, left, right)
        return super().call_binop(context, operator, left, right)


MAX_NUMBER_BITS = 100_000        # a number a template may compute (a document's are far below)
MAX_WIDTH = 10_000               # a padding, a line width, a format width


def _refuse_huge(operator: str, left, right) -> None:
    if operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0 \
            and max(left.bit_length(), 1) * right > MAX_NUMBER_BITS:
        raise SecurityError("mẫu tính một số quá lớn")
    if operator == "*":
        for sequence, count in ((left, right), (right, left)):
            if isinstance(sequence, (str, list, tuple)) and isinstance(count, int) \
                    and len(sequence) * count > gioi_han.MAX_PART_CHARS:
                raise SecurityError("mẫu tạo ra một chuỗi quá dài")
        if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_NUMBER_BITS:
            raise SecurityError("mẫu tính một số quá lớn")
    if operator == "%" and isinstance(left, str):
        _refuse_wide_format(left)


_FORMAT_WIDTH = re.compile(r"%[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _refuse_wide_format(text: str) -> None:
    for width, precision in _FORMAT_WIDTH.findall(text):
        for number in (width, precision):
            if number == "*" or (number and int(number) > MAX_WIDTH):
                raise SecurityError("mẫu định dạng một giá trị quá rộng")


def _bounded_filters(filters: dict) -> dict:
    """The filters that pad or repeat, refusing widths and replacements that would make a huge string."""
    def width_checked(name: str, position: int):
        real = filters[name]

        def checked(*args, **kwargs):
            width = kwargs.get("width", args[position] if len(args) > position else None)
            if isinstance(width, int) and width > MAX_WIDTH:
                raise SecurityError(f"mẫu dùng bộ lọc {name} quá rộng")
            return real(*args, **kwargs)
        if hasattr(real, "jinja_pass_arg"):
            checked.jinja_pass_arg = real.jinja_pass_arg      # wordwrap is handed the environment
        return checked

    real_replace, real_format = filters["replace"], filters["format"]

    def replace(eval_ctx, text, old, new, count=None):
        size, each = len(str(text)), len(str(old))
        if each == 0 or size // max(each, 1) * len(str(new)) > gioi_han.MAX_PART_CHARS:
            raise SecurityError("mẫu dùng bộ lọc replace tạo chuỗi quá dài")
        return real_replace(eval_ctx, text, old, new, count)

    def format_(value, *args, **kwargs):
        _refuse_wide_format(str(value))
        return real_format(value, *args, **kwargs)

    replace.jinja_pass_arg = real_replace.jinja_pass_arg      # it is handed the evaluation context
    return {**filters, "center": width_checked("center", 1), "indent": width_checked("indent", 1),
            "wordwrap": width_checked("wordwrap", 2), "replace": replace, "format": format_}


def environment() -> SandboxedEnvironment:
    # Autoescaped, and loud on typos.
    env = _LimitedEnvironment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters = _bounded_filters(env.filters)
    return env


class _TimeUp(SecurityError):
    """Raised inside the rendering thread by the watchdog (`_Watchdog`)."""

    def __str__(self) -> str:
        return f"mẫu chạy quá {gioi_han.MAX_RENDER_SECONDS:.0f} giây (vòng lặp không dừng?)"


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
    _deadline.at = time.monotonic() + gioi_han.MAX_RENDER_SECONDS
    watchdog = _Watchdog(gioi_han.MAX_RENDER_SECONDS + 1)
    try:
        chunks, size = [], 0
        for chunk in template.generate(context):
            size += len(chunk)
            if size > gioi_han.MAX_PART_CHARS:
                raise SecurityError(f"mẫu tạo ra quá {gioi_han.MAX_PART_CHARS // 1024 // 1024} triệu ký tự")
            chunks.append(chunk)
            if not len(chunks) & 31 and time.monotonic() > _deadline.at:   # the clock is read every 32 chunks
                raise SecurityError(f"mẫu chạy quá {gioi_han.MAX_RENDER_SECONDS:.0f} giây")
        watchdog.done()       # inside the try: a _TimeUp arriving now is still a SecurityError raised here
        return "".join(chunks)
    finally:
        _deadline.at = None
        watchdog.done()


def compiled(source: str, template_name: str):
    """The part as a Jinja template; a template error said with the template's name."""
    # docxtpl's marks: one paragraph a line, so that Jinja's errors name a useful line
    try:
        return environment().from_string(_PARAGRAPH.sub(r"\n<w:p\1", source))
    except TemplateError as exc:
        raise LoiMauVanBan(f"mẫu {template_name}: {exc}") from exc


def rendered(template, context: dict, template_name: str) -> str:
    try:
        xml = _render_limited(template, context)
    except TemplateError as exc:
        raise LoiMauVanBan(f"mẫu {template_name}: {exc}") from exc
    except Exception as exc:           # a template's own arithmetic: 1/0, a number too big to print…
        raise LoiMauVanBan(f"mẫu {template_name}: lỗi khi chạy mẫu ({type(exc).__name__}: {exc})") from exc
    return xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")     # the marks of `compiled`


def flat_program(source: str) -> tuple | None:
    """The part's flat program, or None when it uses more than the subset (or Jinja cannot parse
    it: `compiled` then says why)."""
    try:
        return merged(list(_ops(environment().parse(source).body, frozenset())))
    except (_NotFlat, TemplateError):
        return None


_DICT_NAMES = frozenset(dir(dict))     # `a.items` is the method in Jinja, not the key: not flat


class _NotFlat(Exception):
    pass


def _ops(body: list, loop_names: frozenset):
    for node in body:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if isinstance(child, nodes.TemplateData):
                    yield (TEXT, child.data)
                else:
                    yield (VALUE, _path(child, loop_names))
        elif _plain_loop(node) and not loop_names:
            # One level only: the output then grows with the data, never as a power of it (a
            # template's nested loops are Jinja's, under its time limit).
            name = node.target.name
            yield (LOOP, _path(node.iter, loop_names), name, merged(list(_ops(node.body, loop_names | {name}))))
        else:
            raise _NotFlat


def _plain_loop(node) -> bool:
    return isinstance(node, nodes.For) and isinstance(node.target, nodes.Name) and not node.else_ \
        and node.test is None and not node.recursive and node.target.name != "loop"


def _path(node, loop_names: frozenset) -> tuple[str, ...]:
    if isinstance(node, nodes.Name) and node.ctx == "load" and node.name != "loop":
        return (node.name,)
    if isinstance(node, nodes.Getattr) and node.ctx == "load" and node.attr not in _DICT_NAMES:
        return _path(node.node, loop_names) + (node.attr,)
    raise _NotFlat


