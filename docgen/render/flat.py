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
`render`), sandbox and time limit included. Loops do not nest here, so a render takes time and memory in proportion to its
data; its output is counted as it grows and handed to Jinja past the size limit.

One difference, by design: Jinja's path (docxtpl's habit) deletes a newline before `<w:p` anywhere
in its output, values included; here values are printed as they are. docgen's values never hold a
newline (`ooxml` writes line breaks as `<w:br/>`).
"""

from __future__ import annotations

from markupsafe import escape

TEXT, VALUE, LOOP = 0, 1, 2
class Fallback(Exception):
    """This render needs Jinja: a value outside the subset (said by `render` returning None)."""


def render(ops: tuple, context: dict, limit: int) -> str | None:
    """The part's XML, or None when this render needs Jinja: a context outside the subset (a missing
    name — Jinja says which —, an object, a number) or an output past `limit` characters (Jinja
    stops it with its own error)."""
    out: list[str] = []
    try:
        _run(ops, dict(context), out, limit)
    except Fallback:
        return None
    return "".join(out)


def _run(ops: tuple, scope: dict, out: list[str], limit: int) -> None:
    size = 0
    for op in ops:
        kind = op[0]
        if kind == TEXT:
            out.append(op[1])
            size += len(op[1])
        elif kind == VALUE:
            out.append(_printed(_lookup(scope, op[1])))
            size += len(out[-1])
        else:
            size += _loop(op, scope, out, limit - size)
        if size > limit:
            raise Fallback


def _loop(op: tuple, scope: dict, out: list[str], limit: int) -> int:
    """The loop's pieces added to `out`; returns their length (stopped past `limit`)."""
    _, path, name, body = op
    items = _lookup(scope, path)
    if not isinstance(items, (list, tuple)):
        raise Fallback
    if body == ((VALUE, (name,)),):              # `{% for p in list %}{{ p }}{% endfor %}`: most loops
        printed = list(map(_printed, items))
        out += printed
        return sum(map(len, printed))
    outer = scope.get(name, _ABSENT)
    size = 0
    for item in items:
        scope[name] = item
        for kind, value, *_ in body:              # texts and values: loops do not nest
            piece = value if kind == TEXT else _printed(_lookup(scope, value))
            out.append(piece)
            size += len(piece)
        if size > limit:
            raise Fallback
    if outer is _ABSENT:
        scope.pop(name, None)
    else:
        scope[name] = outer
    return size


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
