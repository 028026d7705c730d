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


def kind_of(data: bytes) -> str:
    """'.docx' or '.txt' from the content; anything else is refused."""
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return ".docx"
        except zipfile.BadZipFile:
            pass
        raise LoiTaiLen("tệp nén không phải văn bản Word (.docx)", 415)
    if b"\0" in data[:4096]:
        raise LoiTaiLen("chỉ nhận tệp .docx hoặc văn bản thuần (.txt); tệp này là tệp nhị phân", 415)
    return ".txt"


def import_draft(data: bytes, name: str, folder: Path, profile: HoSo, agency: str) -> str:
    if len(data) > MAX_BYTES:
        raise LoiTaiLen(f"tệp tải lên quá lớn (tối đa {MAX_BYTES // 1_000_000} MB)", 413)
    if not data:
        raise LoiTaiLen("tệp rỗng")
    folder.mkdir(parents=True, exist_ok=True)
    stored = folder / (secrets.token_hex(16) + kind_of(data))
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
