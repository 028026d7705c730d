"""Every text an .xlsx holds, read from its package without openpyxl.

Which of a folder's lists are the ones wanted (a folder of results also holds unit lists, staff
lists…) is known from their headers; opening each workbook with openpyxl to find them costs
≈ 0.1 s a file, import included. A header is a text of the workbook: a shared string (its rich-text
runs joined), a string written inline, or a formula's text result. So a workbook none of whose texts
is a wanted header cannot be a wanted list — decided from these texts alone.

Only when sure: the parts are found as openpyxl finds them (by their content types), read in one
linear pass; anything unusual — a part named but missing, CDATA, an encoding other than UTF-8, a
package too big — answers None, and the caller opens the workbook as usual.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

MAX_TEXT_BYTES = 8 * 1024 * 1024     # beyond that the workbook is opened the usual way

_ENTRY = re.compile(rb"<(?:[\w.-]+:)?(Override|Default)\b([^<>]*)>")
_ATTRIBUTE = re.compile(rb"""\b(PartName|ContentType)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_TEXT_TYPES = (b"worksheet+xml", b"sharedStrings+xml")
# the elements whose text counts: items (<si> shared, <is> inline) of runs (<t>), phonetic runs
# (<rPh>, a reading aid left out) and values (<v>); `[^<>]` keeps the scan linear on broken markup
_TAG = re.compile(rb"<(/?)(?:[\w.-]+:)?(si|is|t|rPh|v)(\s[^<>]*)?>")


def texts(path: Path) -> set[str] | None:
    """The workbook's texts, or None when they cannot be told this way."""
    try:
        with zipfile.ZipFile(path) as package:
            names = _text_parts(package)
            if names is None:
                return None
            found: set[bytes] = set()
            for name in names:
                xml = package.read(name)
                if b"<![CDATA[" in xml or not xml.lstrip().startswith((b"<", b"\xef\xbb\xbf<")):
                    return None                  # CDATA, UTF-16: not read here
                found.update(_part_texts(xml))
    except (OSError, zipfile.BadZipFile, EOFError, RuntimeError, KeyError):
        return None
    return _decoded(found)


def _text_parts(package: zipfile.ZipFile) -> list[str] | None:
    """The worksheets and shared strings, by content type; None if one named is not in the package
    or the package is too big to read this way."""
    try:
        types = package.read("[Content_Types].xml")
    except KeyError:
        return None
    sizes = {info.filename: info.file_size for info in package.infolist()}
    names = []
    for entry, attributes in _ENTRY.findall(types):
        found = {key: double or single for key, double, single in _ATTRIBUTE.findall(attributes)}
        if not found.get(b"ContentType", b"").endswith(_TEXT_TYPES):
            continue
        if entry == b"Default":                 # every part of an extension a worksheet: unusual
            return None
        names.append(found.get(b"PartName", b"").decode("utf-8", "replace").lstrip("/"))
    if not names or any(name not in sizes for name in names):
        return None
    if sum(sizes[name] for name in names) > MAX_TEXT_BYTES:
        return None
    return names


def _part_texts(xml: bytes) -> list[bytes]:
    """Each item's text (its runs joined), each value's, and any run outside an item: one pass."""
    out: list[bytes] = []
    item: list[bytes] | None = None
    phonetic = 0
    start = None
    for tag in _TAG.finditer(xml):
        closing, name, rest = tag.groups()
        if rest and rest.rstrip().endswith(b"/"):          # <t/>, <v/>: nothing in it
            continue
        if not closing:
            if name in (b"si", b"is"):
                item = []
            elif name == b"rPh":
                phonetic += 1
            else:
                start = tag.end()
            continue
        if name in (b"t", b"v") and start is not None:
            text, start = xml[start:tag.start()], None
            if name == b"v" or item is None:
                out.append(text)
            elif not phonetic:
                item.append(text)
        elif name == b"rPh":
            phonetic = max(0, phonetic - 1)
        elif name in (b"si", b"is") and item is not None:
            out.append(b"".join(item))
            item = None
    return out


def _decoded(found: set[bytes]) -> set[str] | None:
    # html.unescape decodes XML's references too; its entity table costs every batch 2 ms to import
    from html import unescape

    try:
        return {unescape(raw.decode("utf-8")) for raw in found}      # references decoded once
    except UnicodeDecodeError:                                          # not UTF-8: openpyxl's to read
        return None
