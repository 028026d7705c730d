"""Limits on what comes from outside: packages (Word files, templates) — a zip bomb is refused from
its directory, before a byte is inflated — and a template's render."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import BinaryIO

# a template's render: a part stops past these (a looping template from another office)
MAX_PART_CHARS = 64 * 1024 * 1024    # our longest plan renders ~1 MB of XML
MAX_RENDER_SECONDS = 3.0             # one part of one document; our longest plan renders in ~0.1 s

MAX_UNPACKED_BYTES = 200 * 1024 * 1024   # a 300-page document with pictures unpacks to tens of MB
MAX_PARTS = 5_000


def unpacked_too_big(path: Path | BinaryIO) -> str | None:
    """Why `path` (a file, or its bytes as a stream) may not be unpacked (in Vietnamese), or None."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except PermissionError:
        return "không có quyền đọc tệp"
    except (zipfile.BadZipFile, OSError, EOFError):
        return "tệp .docx bị hỏng"
    if len(parts) > MAX_PARTS:
        return f"tệp .docx có quá nhiều phần ({len(parts)}, tối đa {MAX_PARTS})"
    if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        return f"tệp .docx giải nén quá lớn (tối đa {MAX_UNPACKED_BYTES // 1024 // 1024} MB)"
    return None
