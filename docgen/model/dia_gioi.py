"""The administrative map a document's date belongs to (địa giới hành chính).

Since 1 July 2025 local government has two tiers: province (tỉnh, thành phố) → commune (xã, phường,
đặc khu). Districts (quận, huyện, thị xã, thành phố thuộc tỉnh) and townships (thị trấn) no longer
exist, and the communes and wards of the new map exist only from that day. Text inherited from an
older parent plan is rewritten where the meaning is plain (`xã, phường, thị trấn` → `xã, phường`)
and flagged where it is not (`UBND cấp huyện` did work that now falls to the province or to the
commune: a person must decide).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

HAI_CAP_TU = date(2025, 7, 1)
COMMUNE_LEVELS = ("xã", "phường", "đặc khu")

# (pattern, replacement): lists of levels where only the thị trấn has gone
PLAIN_REWRITES = (
    (re.compile(r"\b(xã|phường), (phường|xã), thị trấn\b"), r"\1, \2"),
    (re.compile(r"\b(xã|phường), thị trấn, (phường|xã)\b"), r"\1, \2"),
    (re.compile(r"\bthị trấn, (xã|phường)\b"), r"\1"),
    (re.compile(r"\b(xã|phường), thị trấn\b"), r"\1"),
)
# the local levels below a province, as a parent plan lists those that carry it out; in a unit's own
# plan they are the unit's subordinates (the parent's "quận, huyện, xã, phường triển khai" is the
# ward's "các khu vực thuộc phường triển khai")
LEVEL_LIST = re.compile(r"\b(?:các )?(?:quận, huyện|huyện, quận)(?:, thị xã)?(?:, thành phố thuộc tỉnh)?, "
                        r"(?:xã, phường|phường, xã)(?:, thị trấn)?\b")
DOWN_TO = re.compile(r"\bđến (?:các )?(?:xã, phường|phường, xã)(?:, thị trấn)?\b")
# levels that do not exist on the two-tier map; what replaces them depends on the duty
GONE = re.compile(r"\b(cấp huyện|quận, huyện|huyện, quận|Huyện ủy|Quận ủy|quận|huyện|thị xã|thị trấn)\b",
                  re.IGNORECASE)


@dataclass
class Soat:
    """What the rewrite did to a text and what it left for a person to decide."""

    changes: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)     # inherited tasks past their deadline


def two_tier(on: date | None) -> bool:
    return on is None or on >= HAI_CAP_TU


def created_on(level: str | None, explicit: date | None = None) -> date | None:
    """When a unit began: as its list says, else 1 July 2025 for a commune, ward or special zone."""
    if explicit is not None:
        return explicit
    return HAI_CAP_TU if (level or "").strip().lower() in COMMUNE_LEVELS else None


def rewrite(text: str, report: Soat, below: str | None = None) -> str:
    """`xã, phường, thị trấn` → `xã, phường`; the parent's list of local levels → the unit's own
    subordinates (`below`); a level that is gone otherwise is left and flagged."""
    if below:
        for pattern, replacement in ((LEVEL_LIST, below), (DOWN_TO, f"đến {below}")):
            found = pattern.search(text)
            if found:
                report.changes.append(f"«{found.group(0)}» → «{replacement}»")
                text = pattern.sub(replacement, text)
    for pattern, replacement in PLAIN_REWRITES:
        new = pattern.sub(replacement, text)
        if new != text:
            report.changes.append(f"«{pattern.search(text).group(0)}» → «{pattern.sub(replacement, pattern.search(text).group(0))}»")
            text = new
    for found in GONE.finditer(text):
        report.flags.append(f"«{found.group(0)}» trong «{_around(text, found)}»")
    return text


def rewrite_all(value, report: Soat, below: str | None = None):
    """The same, through nested data (lists, mappings) of inherited text."""
    if isinstance(value, str):
        return rewrite(value, report, below)
    if isinstance(value, list):
        return [rewrite_all(item, report, below) for item in value]
    if isinstance(value, dict):
        return {key: rewrite_all(item, report, below) for key, item in value.items()}
    return value


def _around(text: str, found: re.Match, width: int = 40) -> str:
    start, end = max(0, found.start() - width), min(len(text), found.end() + width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
