"""Files uploaded to start a draft from: size-limited, type-checked by their bytes (not their name),
kept outside the web root under a name the server chooses, read with `docgen import`, then removed."""

from __future__ import annotations

import secrets
import zipfile
from io import BytesIO
from pathlib import Path

import yaml

from docgen.errors import LoiDuLieu
from docgen.model.ho_so import HoSo
from docgen.readers.van_ban_nhan import import_document
from docgen.web.drafting import pinned

MAX_BYTES = 20_000_000


class LoiTaiLen(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def kind_of(data: bytes, zipped: tuple[str, str, str], text_suffix: str, what: str) -> str:
    """The file's kind from its bytes: a zip holding `zipped[0]` is `zipped[1]` (named `zipped[2]`),
    text is `text_suffix`; anything else is refused, whatever its name says."""
    member, suffix, name = zipped
    if len(data) > MAX_BYTES:
        raise LoiTaiLen(f"tệp tải lên quá lớn (tối đa {MAX_BYTES // 1_000_000} MB)", 413)
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                if member in archive.namelist():
                    return suffix
        except zipfile.BadZipFile:
            pass
        raise LoiTaiLen(f"tệp nén không phải {name}", 415)
    if b"\0" in data[:4096] or not data.strip():
        raise LoiTaiLen(f"chỉ nhận {what}; tệp này là tệp nhị phân hoặc rỗng", 415)
    return text_suffix


def import_draft(data: bytes, name: str, folder: Path, profile: HoSo, agency: str) -> str:
    kind = kind_of(data, ("word/document.xml", ".docx", "văn bản Word (.docx)"), ".txt", "tệp .docx hoặc văn bản thuần (.txt)")
    folder.mkdir(parents=True, exist_ok=True)
    stored = folder / (secrets.token_hex(16) + kind)
    stored.write_bytes(data)
    try:
        imported = import_document(stored)
    except LoiDuLieu as exc:
        raise LoiTaiLen(f"{name}: " + "; ".join(p.thong_diep for p in exc.problems), 422) from None
    finally:
        stored.unlink(missing_ok=True)
    header = f"# Nhập từ {Path(name).name or 'tệp tải lên'}.\n" + "".join(
        f"# Cần kiểm tra: {warning}\n" for warning in imported.warnings)
    return header + pinned(yaml.safe_dump(imported.data, allow_unicode=True, sort_keys=False), agency)
