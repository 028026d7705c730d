"""Footnote markers inside text: `… giai đoạn 2024 - 2030[^1].`

The marker syntax follows Markdown footnotes so that clerks who write Markdown recognise it;
the footnote texts live once, in the document's `chu_thich` mapping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MARK = re.compile(r"\[\^([^\]\s]+)\]")


@dataclass(frozen=True)
class ThamChieu:
    """A footnote reference at this point of the text."""

    khoa: str


def tach(text: str) -> list[str | ThamChieu]:
    """Split text into plain pieces and footnote references, in order."""
    parts: list[str | ThamChieu] = []
    position = 0
    for match in MARK.finditer(text):
        if match.start() > position:
            parts.append(text[position:match.start()])
        parts.append(ThamChieu(match.group(1)))
        position = match.end()
    if position < len(text):
        parts.append(text[position:])
    return parts


def khoa_trong(text: str) -> list[str]:
    return MARK.findall(text)


def bo_danh_dau(text: str) -> str:
    return MARK.sub("", text)
