"""A batch's documents rendered around what they share, printed once.

The documents of a batch differ only in the fields its rows write (a kind's `row_fields`: the
title, the articles, `Như Điều`); the agency, căn cứ, Nơi nhận, the signature and the template's
XML around them are the same in every one. A `Splice` is made from one row's document: the context
pieces (`context.PIECES`) that read no row field are computed once, the template's flat programs
are run over them once (`flat.specialized`), the one-page estimate's shared part is measured once
(`trang.shared_mm`). Each row then computes its own pieces and fills the holes they leave.

Which fields a piece reads is observed, not declared: each piece runs once over a `_Reads` view
of the document, which notes every field read (a property's own reads included). A piece is a
function of the fields it reads — pieces keep no state but the footnotes and pictures, which a
shared piece may not touch — so a row whose document has the same values in all of those fields
has the same shared pieces. `parts` checks exactly that and answers None otherwise (a row that
writes more than its kind says, say): that row takes the general path,
`docx_renderer.render_parts`. Either way the bytes are the general path's (tests/test_splice.py).
"""

from __future__ import annotations

from docgen.model.van_ban import VanBan
from docgen.render import context as ctx
from docgen.render import engine, flat, trang, zipwriter
from docgen.render.docx_renderer import finished


class _Unobserved(Exception):
    """A piece used the document other than by reading its fields: its reads are not known."""


class _Reads:
    """The document, noting the names of the fields read from it."""

    __slots__ = ("_document", "fields")

    def __init__(self, document: VanBan):
        self._document = document
        self.fields: set[str] = set()

    def __getattr__(self, name: str):
        found = getattr(type(self._document), name, None)
        if isinstance(found, property):
            return found.fget(self)                 # its reads are noted too
        if name not in type(self._document).model_fields:
            raise _Unobserved(name)
        self.fields.add(name)
        return getattr(self._document, name)


def _observed(function, document: VanBan, *args):
    """(what `function(document, *args)` returns, the fields it read)."""
    view = _Reads(document)
    return function(view, *args), view.fields


class Splice:
    """What a batch's rows share, made once from one row's document (`prepared`): the shared pieces'
    values, the template's parts with the steps over them printed (the row's keys left as holes), the
    estimate's shared heights, and — from the first row packaged — each part's start deflated."""

    def __init__(self, template: engine.CompiledTemplate, context: dict, row_pieces: list, row_keys: list,
                 holes: frozenset, expected: list, shared_mm: dict):
        self.template = template
        self.context = context                  # the shared pieces' values
        self.row_pieces = row_pieces            # in reading order
        self.row_keys = row_keys                # the keys each row piece gave the first document
        self.expected = expected                # (field, value) every shared piece read
        self.shared_mm = shared_mm
        self.parts = [part.specialized(context, holes) for part in template.templated()]
        self.deflaters: dict[str, zipwriter.Prefixed] = {}

    def prefixed(self, rendered: dict[str, str]) -> None:
        """Deflaters for the parts of `rendered` (a first row's) that start with their program's
        first text: that text is deflated once for every row (`zipwriter.Prefixed`)."""
        for part in self.parts:
            program = getattr(part, "program", ())
            if program and program[0][0] == flat.TEXT and len(program) > 1:
                data = rendered[part.name].encode("utf-8")
                self.deflaters[part.name] = zipwriter.Prefixed(part.name, program[0][1].encode("utf-8"), len(data))

    def package(self, rendered: dict[str, str], replace: dict) -> bytes:
        if not self.deflaters:
            self.prefixed(rendered)
        return self.template.package(rendered, replace, self.deflaters)

    def parts_of(self, document: VanBan) -> tuple[dict, dict] | None:
        """(rendered XML parts, replaced binary parts) as `render_parts` makes them, or None when
        this document is not one the splice was made for."""
        for name, value in self.expected:
            found = getattr(document, name)
            if found is not value and found != value:
                return None
        notes = ctx.Footnotes(dict(document.chu_thich))
        pictures = ctx.Pictures()
        context = dict(self.context)
        context["van_ban"] = document
        for piece, keys in zip(self.row_pieces, self.row_keys):
            values = piece(document, notes, pictures, self.template.section_break)
            if values.keys() != keys:
                return None
            ctx.put(context, values)
        rendered = {part.name: part.render(context) for part in self.parts}
        return finished(document, self.template, context, notes, pictures, rendered, self.shared_mm)


def prepared(template: engine.CompiledTemplate, document: VanBan, row_fields: tuple[str, ...]) -> Splice | None:
    """A splice for the documents like `document` whose `row_fields` alone differ; None when
    nothing would be shared (no row fields) or a shared piece cannot be observed or touches the
    footnotes or pictures."""
    if not row_fields:
        return None
    rows = set(row_fields)
    notes = ctx.Footnotes(dict(document.chu_thich))
    pictures = ctx.Pictures()
    context: dict = {}
    row_pieces, row_keys, holes, read = [], [], {("van_ban",)}, set()
    written: set[str] = set()
    try:
        for piece in ctx.PIECES:
            numbered = len(notes.order), len(pictures.items)
            values, fields = _observed(piece, document, notes, pictures, template.section_break)
            if written & values.keys():
                return None                     # a key two pieces write: their order would matter
            written |= values.keys()
            if fields & rows:
                row_pieces.append(piece)
                row_keys.append(frozenset(values))
                holes |= {tuple(key.split(".", 1)) for key in values}
                continue
            if (len(notes.order), len(pictures.items)) != numbered:
                return None                     # numbered in reading order: the rows' own would move them
            read |= fields
            ctx.put(context, values)
        shared_mm = {}
        for size in trang.SIZES:
            value, fields = _observed(trang.shared_mm, document, size)
            if not fields & rows:
                shared_mm[size] = value
                read |= fields
    except _Unobserved:
        return None
    expected = [(name, getattr(document, name)) for name in sorted(read)]
    return Splice(template, context, row_pieces, row_keys, frozenset(holes), expected, shared_mm)
