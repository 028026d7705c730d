"""Effective formatting of a paragraph or run: what Word shows, not just what is written on it.

A run's look comes from, in order: its own rPr → its character style (and the styles it is based
on) → its paragraph's style chain → the document defaults. Checking only direct formatting would
pass a document whose 11 pt lives in a style, and fail one that is right through its styles.

Every rule asks for the looks of the same paragraphs and runs again, so each look is resolved once
per document (by element: the cache keeps lxml's proxies alive, so an element is the same key
whenever it is found again) and each style chain once per style.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document
from lxml import etree

from docgen.render.ooxml import w

_OFF = {"0", "false", "off", "none"}
_UNSEEN = object()


@dataclass(frozen=True)
class RunLook:
    fonts: dict            # slot (ascii, hAnsi, eastAsia, cs) → font name or "theme:…"
    size_pt: float | None
    bold: bool
    italic: bool
    color: str | None


@dataclass(frozen=True)
class ParagraphLook:
    align: str | None          # left, center, both (justified), right
    first_line_twips: int
    left_twips: int
    right_twips: int
    before_twips: int
    after_twips: int
    line: int | None
    line_rule: str | None
    style_id: str | None


class Resolver:
    def __init__(self, document: Document):
        styles = document.styles.element
        self.styles = {s.get(w("styleId")): s for s in styles.findall(w("style"))}
        defaults = styles.find(w("docDefaults"))
        self.default_rpr = defaults.find(f"{w('rPrDefault')}/{w('rPr')}") if defaults is not None else None
        self.default_ppr = defaults.find(f"{w('pPrDefault')}/{w('pPr')}") if defaults is not None else None
        self.default_paragraph_style = next(
            (sid for sid, s in self.styles.items()
             if s.get(w("type")) == "paragraph" and s.get(w("default")) in ("1", "true", "on")), None)
        self._chains: dict = {}
        self._runs: dict = {}
        self._paragraphs: dict = {}
        self._children: dict = {}     # a properties element → its children by tag (the first of each)
        self._style_ids: dict = {}

    # --- chains ------------------------------------------------------------------------

    def _chain(self, style_id: str | None, tag: str) -> list:
        key = (style_id, tag)
        if key not in self._chains:
            self._chains[key] = self._resolve_chain(style_id, tag)
        return self._chains[key]

    def _resolve_chain(self, style_id: str | None, tag: str) -> list:
        out, seen = [], set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            props = style.find(w(tag))
            if props is not None:
                out.append(props)
            based = style.find(w("basedOn"))
            style_id = based.get(w("val")) if based is not None else None
        return out

    def paragraph_style_id(self, p) -> str | None:
        found = self._style_ids.get(p, _UNSEEN)
        if found is _UNSEEN:
            ppr = p.find(w("pPr"))
            pstyle = ppr.find(w("pStyle")) if ppr is not None else None
            found = self._style_ids[p] = pstyle.get(w("val")) if pstyle is not None else self.default_paragraph_style
        return found

    def _rpr_layers(self, p, r) -> list:
        layers = []
        rpr = r.find(w("rPr")) if r is not None else None
        if rpr is not None:
            layers.append(rpr)
            rstyle = rpr.find(w("rStyle"))
            if rstyle is not None:
                layers += self._chain(rstyle.get(w("val")), "rPr")
        layers += self._chain(self.paragraph_style_id(p), "rPr")
        if self.default_rpr is not None:
            layers.append(self.default_rpr)
        return layers

    def _ppr_layers(self, p) -> list:
        layers = []
        ppr = p.find(w("pPr"))
        if ppr is not None:
            layers.append(ppr)
        layers += self._chain(self.paragraph_style_id(p), "pPr")
        if self.default_ppr is not None:
            layers.append(self.default_ppr)
        return layers

    def _child(self, layer, name: str):
        """`layer.find(name)`, from an index of the layer built once."""
        found = self._children.get(layer)
        if found is None:
            found = self._children[layer] = {}
            for child in layer:
                found.setdefault(child.tag, child)
        return found.get(name)

    def _first(self, layers, tag, read):
        """The first layer that sets `tag` decides; attributes missing there fall through."""
        name = w(tag)
        for layer in layers:
            element = self._child(layer, name)
            if element is not None:
                value = read(element)
                if value is not None:
                    return value
        return None

    # --- looks ----------------------------------------------------------------------------

    def run(self, p, r=None) -> RunLook:
        """The look of run `r` in paragraph `p` (r=None: an empty run, e.g. the paragraph mark)."""
        key = (p, r)
        look = self._runs.get(key)
        if look is None:
            # Runs written alike in paragraphs of one style look alike: resolved once per kind.
            rpr = r.find(w("rPr")) if r is not None else None
            kind = (etree.tostring(rpr) if rpr is not None else None, self.paragraph_style_id(p))
            look = self._runs.get(kind)
            if look is None:
                look = self._runs[kind] = self._resolve_run(p, r)
            self._runs[key] = look
        return look

    def _resolve_run(self, p, r) -> RunLook:
        layers = self._rpr_layers(p, r)
        fonts: dict = {}
        for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
            for layer in layers:
                element = self._child(layer, w("rFonts"))
                if element is None:
                    continue
                theme = element.get(w(f"{slot}Theme"))
                if theme:
                    fonts[slot] = f"theme:{theme}"
                    break
                if element.get(w(slot)):
                    fonts[slot] = element.get(w(slot))
                    break
        size = self._first(layers, "sz", lambda e: int(e.get(w("val"))) / 2)
        bold = self._first(layers, "b", _toggle) or False
        italic = self._first(layers, "i", _toggle) or False
        color = self._first(layers, "color", lambda e: e.get(w("val")))
        return RunLook(fonts, size, bold, italic, color)

    def paragraph(self, p) -> ParagraphLook:
        look = self._paragraphs.get(p)
        if look is None:
            ppr = p.find(w("pPr"))        # paragraphs written alike look alike: resolved once per kind
            kind = etree.tostring(ppr) if ppr is not None else None
            look = self._paragraphs.get(kind)
            if look is None:
                look = self._paragraphs[kind] = self._resolve_paragraph(p)
            self._paragraphs[p] = look
        return look

    def _resolve_paragraph(self, p) -> ParagraphLook:
        layers = self._ppr_layers(p)
        align = self._first(layers, "jc", lambda e: e.get(w("val")))
        ind = lambda attr: self._first(layers, "ind", lambda e: _int(e.get(w(attr))))  # noqa: E731
        spacing = lambda attr: self._first(layers, "spacing", lambda e: e.get(w(attr)))  # noqa: E731
        line = spacing("line")
        return ParagraphLook(
            align=align,
            first_line_twips=ind("firstLine") or 0,
            left_twips=ind("left") or ind("start") or 0,
            right_twips=ind("right") or ind("end") or 0,
            before_twips=int(spacing("before") or 0),
            after_twips=int(spacing("after") or 0),
            line=int(line) if line else None,
            line_rule=spacing("lineRule"),
            style_id=self.paragraph_style_id(p),
        )


def _int(value):
    return int(value) if value is not None else None


def _toggle(element) -> bool:
    return element.get(w("val"), "true").lower() not in _OFF


