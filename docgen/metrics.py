"""Printed width of a line of Times New Roman text, for rules and fit checks.

NĐ 30 sizes several rules (lines) relative to the text above them, and the quốc hiệu must not
wrap; both need the width a run of text takes on the page. The advance widths come from
Liberation Serif, metric-compatible with Times New Roman (see tools/make_font_metrics.py).
"""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from importlib import resources

MM_PER_PT = 25.4 / 72
TWIPS_PER_MM = 1440 / 25.4


@lru_cache(maxsize=1)
def _table() -> dict:
    raw = resources.files("docgen").joinpath("data/serif-widths.json").read_text(encoding="utf-8")
    return json.loads(raw)


_STYLE_KEYS = {(False, False): "regular", (True, False): "bold", (False, True): "italic", (True, True): "bold_italic"}


def _style_key(bold: bool, italic: bool) -> str:
    return _STYLE_KEYS[(bool(bold), bool(italic))]


@lru_cache(maxsize=16384)    # rules and fit checks measure the same lines again in every document of a batch
def text_width_mm(text: str, size_pt: float, bold: bool = False, italic: bool = False) -> float:
    table = _table()
    return text_units(text, bold, italic) / table["units_per_em"] * size_pt * MM_PER_PT


def mm_per_unit(size_pt: float) -> float:
    """The printed width of one font unit at `size_pt`: widths in units are exact integers, summed
    once for every size a text is measured at."""
    return size_pt * MM_PER_PT / _table()["units_per_em"]


def text_units(text: str, bold: bool = False, italic: bool = False) -> int:
    """The advance width of `text` in font units."""
    widths = _table()["widths"][_style_key(bold, italic)]
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    try:
        return sum(map(widths.__getitem__, text))       # every letter known: the common case, in C
    except KeyError:
        return sum(_width_of(char, widths) for char in text)


def _width_of(char: str, widths: dict) -> int:
    width = widths.get(char)
    if width is None:  # unknown letter: use its base letter, else an average glyph
        width = widths.get(unicodedata.normalize("NFD", char)[:1], widths["n"])
    return width


def mm_to_twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)
