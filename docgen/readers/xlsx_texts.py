"""Every text an .xlsx holds, read from its package without openpyxl.

Which of a folder's lists are the ones wanted (a folder of results also holds unit lists, staff
lists…) is known from their headers; opening each workbook with openpyxl to find them costs
≈ 0.1 s a file, import included. A header is a text of the workbook: a shared string (its rich-text
runs joined), a string written inline, or a formula's text result. So a workbook none of whose texts
is a wanted header cannot be a wanted list — decided from these texts alone.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

MAX_TEXT_BYTES = 8 * 1024 * 1024     # beyond that the workbook is opened the usual way

_SHARED = re.compile(rb"<(?:\w+:)?si\b[^>]*>(.*?)</(?:\w+:)?si>", re.S)
_INLINE = re.compile(rb"<(?:\w+:)?is\b[^>]*>(.*?)</(?:\w+:)?is>", re.S)
_RUN_TEXT = re.compile(rb"<(?:\w+:)?t\b[^>]*>([^<]*)</(?:\w+:)?t>")
_VALUE = re.compile(rb"<(?:\w+:)?v\b[^>]*>([^<]*)</(?:\w+:)?v>")
_PHONETIC = re.compile(rb"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", re.S)     # a reading aid, not the text
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&"))


def texts(path: Path) -> set[str] | None:
    """The workbook's texts, or None when they cannot be told this way (not a zip, too big): the
    caller then opens it as usual."""
    try:
        with zipfile.ZipFile(path) as package:
            parts = [info for info in package.infolist()
                     if info.filename == "xl/sharedStrings.xml" or info.filename.startswith("xl/worksheets/")]
            if sum(info.file_size for info in parts) > MAX_TEXT_BYTES:
                return None
            found: set[str] = set()
            for info in parts:
                xml = package.read(info)
                if info.filename == "xl/sharedStrings.xml":
                    found.update(_joined(item) for item in _SHARED.findall(xml))
                else:
                    found.update(_joined(item) for item in _INLINE.findall(xml))
                    found.update(_VALUE.findall(xml))
    except (OSError, zipfile.BadZipFile, EOFError, RuntimeError):
        return None
    return _decoded(found)


def _joined(item: bytes) -> bytes:
    return b"".join(_RUN_TEXT.findall(_PHONETIC.sub(b"", item)))


def _decoded(found: set[bytes]) -> set[str] | None:
    out = set()
    for raw in found:
        text = raw.decode("utf-8", "replace")
        if "&" in text:
            try:
                text = _CHARACTER.sub(_character, text)
            except (ValueError, OverflowError):     # not a character: leave the workbook to openpyxl
                return None
            for entity, char in _ENTITIES:
                text = text.replace(entity, char)
        out.add(text)
    return out


_CHARACTER = re.compile(r"&#(x[0-9a-fA-F]+|[0-9]+);")     # openpyxl writes inline text this way


def _character(found: re.Match) -> str:
    code = found.group(1)
    return chr(int(code[1:], 16) if code[0] == "x" else int(code))
