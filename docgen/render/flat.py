"""A fast path for templates that only print values and loop over lists.

Every built-in template, and most templates an office derives from them, is text around
`{{ name }}`, `{{ a.b }}` and `{% for x in list %}…{% endfor %}` — nothing else. For such a part,
Jinja's generated code spends most of a decision's render in machinery this subset never needs:
a new context per render, the sandbox's attribute checks (each `co_quan.ten` first tries the
attribute and catches the error before reading the key), a generator per loop. Here the parsed
template is reduced once to a flat program of texts, lookups and loops, and run over the
context's dicts and lists — without importing Jinja at all (≈ 20 ms of a command's start) when
the program comes from the template cache (`patched`).

The output is Jinja's by construction: the program comes from Jinja's own parse (whitespace
control and `{%p %}` already applied), values are printed as autoescape prints them (`__html__`,
else markupsafe's escape). Anything outside the subset — a filter, a condition, a call, a loop
inside a loop, an attribute of an object rather than a key of a dict, a value that is not text —
leaves the part, or that render, to Jinja (no program from `sandbox.flat_program`, or `None` from
`render`), sandbox and time limit included. Loops do not nest here; what they print and how long they take is counted as they
run, and a render past the size or time budget is handed to Jinja, which stops it with its error.

One difference, by design: Jinja's path (docxtpl's habit) deletes a newline before `<w:p` anywhere
in its output, values included; here values are printed as they are. docgen's values never hold a
newline (`ooxml` writes line breaks as `<w:br/>`).
"""

from __future__ import annotations

import time

from markupsafe import escape

TEXT, VALUE, LOOP = 0, 1, 2
class Fallback(Exception):
    """This render needs Jinja: a value outside the subset (said by `render` returning None)."""


def render(ops: tuple, context: dict, limit: int, seconds: float) -> str | None:
    """The part's XML, or None when this render needs Jinja: a context outside the subset (a missing
    name — Jinja says which —, an object, a number), or loops past the budget — `limit` characters
    and passes, `seconds` — which Jinja then stops with its own error."""
    out: list[str] = []
    try:
        _run(ops, dict(context), out, _Budget(limit, seconds))
    except Fallback:
        return None
    return "".join(out)


class _Budget:
    """What loops may still print (characters, and one per pass: a loop that prints nothing still
    works) and until when. Only loops are charged: the rest is the template's own text and each
    value printed once."""

    __slots__ = ("left", "until")

    def __init__(self, limit: int, seconds: float):
        self.left, self.until = limit, time.monotonic() + seconds

    def spend(self, amount: int) -> None:
        self.left -= amount
        if self.left < 0 or time.monotonic() > self.until:
            raise Fallback


def _run(ops: tuple, scope: dict, out: list[str], budget: _Budget) -> None:
    for op in ops:
        kind = op[0]
        if kind == TEXT:
            out.append(op[1])
        elif kind == VALUE:
            out.append(_printed(_lookup(scope, op[1])))
        else:
            _loop(op, scope, out, budget)


def _loop(op: tuple, scope: dict, out: list[str], budget: _Budget) -> None:
    _, path, name, body = op
    items = _lookup(scope, path)
    if not isinstance(items, (list, tuple)):
        raise Fallback
    if body == ((VALUE, (name,)),):              # `{% for p in list %}{{ p }}{% endfor %}`: most loops
        printed = list(map(_printed, items))
        budget.spend(len(printed) + sum(map(len, printed)))
        out += printed
        return
    outer = scope.get(name, _ABSENT)
    for item in items:
        scope[name] = item
        size = 1
        for kind, value, *_ in body:              # texts and values: loops do not nest
            piece = value if kind == TEXT else _printed(_lookup(scope, value))
            out.append(piece)
            size += len(piece)
        budget.spend(size)
    if outer is _ABSENT:
        scope.pop(name, None)
    else:
        scope[name] = outer


_ABSENT = object()


def _lookup(scope: dict, path: tuple[str, ...]):
    value = scope.get(path[0], _ABSENT)
    for key in path[1:]:
        if type(value) is not dict:      # a subclass could answer `a.b` with an attribute
            raise Fallback
        value = value.get(key, _ABSENT)
    if value is _ABSENT:
        raise Fallback
    return value


def _printed(value) -> str:
    html = getattr(value, "__html__", None)
    if html is not None:              # ready XML (markupsafe would copy it into a Markup first)
        return str(html())            # as Markup(…) makes it: the very string when it is one
    if isinstance(value, str):
        return escape(value)          # a Markup: joined as the str it is
    raise Fallback


def merged(ops: list) -> tuple:
    """Adjacent texts joined: fewer steps per render."""
    out: list = []
    for op in ops:
        if op[0] == TEXT and out and out[-1][0] == TEXT:
            out[-1] = (TEXT, out[-1][1] + op[1])
        else:
            out.append(op)
    return tuple(out)


def specialized(ops: tuple, context: dict, holes: frozenset, limit: int,
                seconds: float) -> tuple[tuple, int, float]:
    """`ops` with every step that reads none of the `holes` (paths of the context: `("gach",
    "trich_yeu")`) run once over `context` and kept as the text it printed — what a batch's documents
    share, printed once for all of them. Returns the program, what its folded loops were charged and
    the seconds they took: each render of it has that much less budget, so that a part passes or
    fails its limits as it would rendered whole."""
    started = time.monotonic()
    budget = _Budget(limit, seconds)
    out: list = []
    for op in ops:
        if op[0] == TEXT or _reads_hole(op, holes):
            out.append(op)
            continue
        printed: list[str] = []
        left = budget.left
        try:
            _run((op,), dict(context), printed, budget)
        except Fallback:
            budget.left = left
            out.append(op)            # left to each render (which will hand it to Jinja)
            continue
        out.append((TEXT, "".join(printed)))
    return merged(out), limit - budget.left, time.monotonic() - started


def _reads_hole(op: tuple, holes: frozenset) -> bool:
    if op[0] == VALUE:
        return _on_hole(op[1], holes)
    _, path, name, body = op
    return _on_hole(path, holes) or any(
        step[0] == VALUE and step[1][0] != name and _on_hole(step[1], holes) for step in body)


def _on_hole(path: tuple, holes: frozenset) -> bool:
    """`path` reads a hole, or a dict holding one (`{{ gach }}` prints `gach.trich_yeu` too)."""
    return any(path[:len(hole)] == hole or hole[:len(path)] == path for hole in holes)


def to_json(ops: tuple) -> list:
    return [list(op[:3]) + [to_json(op[3])] if op[0] == LOOP else list(op) for op in ops]


def from_json(data) -> tuple:
    """A program read back from the cache; ValueError if it is not one (the cache is then not used)."""
    if not isinstance(data, list):
        raise ValueError("not a program")
    return tuple(_op(item) for item in data)


def _op(item) -> tuple:
    if isinstance(item, list) and len(item) == 2 and item[0] == TEXT and isinstance(item[1], str):
        return (TEXT, item[1])
    if isinstance(item, list) and len(item) == 2 and item[0] == VALUE:
        return (VALUE, _keys(item[1]))
    if isinstance(item, list) and len(item) == 4 and item[0] == LOOP and isinstance(item[2], str):
        body = from_json(item[3])
        if any(op[0] == LOOP for op in body):
            raise ValueError("loops do not nest")
        return (LOOP, _keys(item[1]), item[2], body)
    raise ValueError("not an operation")


def _keys(path) -> tuple[str, ...]:
    if not (isinstance(path, list) and path and all(isinstance(key, str) for key in path)):
        raise ValueError("not a path")
    return tuple(path)
