"""A fast path for templates that only print values and loop over lists.

Every built-in template, and most templates an office derives from them, is text around
`{{ name }}`, `{{ a.b }}` and `{% for x in list %}…{% endfor %}` — nothing else. For such a part,
Jinja's generated code spends most of a decision's render in machinery this subset never needs:
a new context per render, the sandbox's attribute checks (each `co_quan.ten` first tries the
attribute and catches the error before reading the key), a generator per loop. Here the parsed
template is reduced once to a flat program of texts, lookups and loops, and run over the
context's dicts and lists.

The output is Jinja's by construction: the program comes from Jinja's own parse (whitespace
control and `{%p %}` already applied), values are printed as autoescape prints them (`__html__`,
else markupsafe's escape). Anything outside the subset — a filter, a condition, a call, a loop
inside a loop, an attribute of an object rather than a key of a dict, a value that is not text —
leaves the part, or that render, to Jinja (`None` from `program` / `render`), sandbox and time
limit included. Loops do not nest here, so a render takes time and memory in proportion to its
data; its output is counted as it grows and handed to Jinja past the size limit.

One difference, by design: Jinja's path (docxtpl's habit) deletes a newline before `<w:p` anywhere
in its output, values included; here values are printed as they are. docgen's values never hold a
newline (`ooxml` writes line breaks as `<w:br/>`).
"""

from __future__ import annotations

from jinja2 import nodes
from markupsafe import escape

TEXT, VALUE, LOOP = 0, 1, 2
_DICT_NAMES = frozenset(dir(dict))     # `a.items` is the method in Jinja, not the key: not flat


class _NotFlat(Exception):
    pass


def program(template: nodes.Template) -> tuple | None:
    """The flat program of a parsed template, or None when it uses more than the subset."""
    try:
        return _merged(list(_ops(template.body, frozenset())))
    except _NotFlat:
        return None


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
            yield (LOOP, _path(node.iter, loop_names), name, _merged(list(_ops(node.body, loop_names | {name}))))
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


def _merged(ops: list) -> tuple:
    """Adjacent texts joined: fewer steps per render."""
    out: list = []
    for op in ops:
        if op[0] == TEXT and out and out[-1][0] == TEXT:
            out[-1] = (TEXT, out[-1][1] + op[1])
        else:
            out.append(op)
    return tuple(out)


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
