"""Check one .docx file: open it safely, find the form, run every rule."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from lxml.etree import XMLSyntaxError

from docgen.checkers import cau_truc, rules
from docgen.checkers.effective import Resolver
from docgen.checkers.findings import ERROR, WARNING, Finding
from docgen.checkers.form import locate
from docgen.model.loai import LoaiVanBan, tim_loai

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .docx and old .doc files


@dataclass
class KetQua:
    """The result of checking one file."""

    file: str
    loai: str | None = None
    findings: list[Finding] = field(default_factory=list)
    unreadable: str | None = None   # why the file could not be read at all

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == WARNING)

    def as_dict(self) -> dict:
        status = "unreadable" if self.unreadable else ("errors" if self.errors else "ok")
        return {"file": self.file, "type": self.loai, "status": status, "errors": self.errors,
                "warnings": self.warnings, "unreadable": self.unreadable,
                "findings": [f.as_dict() for f in self.findings]}


def _open(path: Path):
    """python-docx Document, or the reason (in Vietnamese) it cannot be opened."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(8)
    except FileNotFoundError:
        return None, "không tìm thấy tệp"
    except OSError as exc:
        return None, f"không đọc được tệp ({exc.strerror})"
    if head == OLE_SIGNATURE:
        return None, "tệp được đặt mật khẩu (mã hóa) hoặc là tệp .doc cũ: hãy lưu lại dạng .docx không mật khẩu"
    if not zipfile.is_zipfile(path):
        if head.startswith(b"PK"):
            return None, "tệp .docx bị hỏng (thiếu một phần, có thể do tải về hoặc sao chép dở dang)"
        return None, "không phải tệp .docx (không mở được dạng nén zip)"
    try:
        document = Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError):
        return None, "tệp nén không chứa tài liệu Word (.docx)"
    except (zipfile.BadZipFile, XMLSyntaxError, EOFError):
        return None, "tệp .docx bị hỏng"
    except Exception as exc:  # a damaged package can fail in many ways; never a traceback for clerks
        return None, f"tệp .docx bị hỏng ({type(exc).__name__})"
    return document, None


def check_file(path: Path | str, loai: str | LoaiVanBan | None = None) -> KetQua:
    path = Path(path)
    result = KetQua(str(path))
    document, reason = _open(path)
    if document is None:
        result.unreadable = reason
        return result
    try:
        resolver = Resolver(document)
        form = locate(document, resolver)
        chosen = tim_loai(loai) if isinstance(loai, str) else (loai or form.loai or _from_symbol(form))
        result.loai = chosen.ma if chosen else None
        ctx = rules.Context(document, form, resolver, chosen)
        for rule in rules.ALL + cau_truc.ALL:
            result.findings.extend(rule(ctx))
    except Exception as exc:  # a structure we did not foresee must not hide the other files
        result.unreadable = f"không phân tích được cấu trúc tệp ({type(exc).__name__}: {exc})"
    return result


def _from_symbol(form) -> LoaiVanBan | None:
    """No tên loại: the type abbreviation in the ký hiệu decides; none at all means công văn."""
    import re

    from docgen.model.loai import LOAI_VAN_BAN

    if form.so is None:
        return None
    match = re.search(r"/([^-/\s]+)-", form.so.text)
    if not match:
        return None
    by_abbreviation = {l.viet_tat: l for l in LOAI_VAN_BAN.values() if l.viet_tat}
    return by_abbreviation.get(match.group(1), LOAI_VAN_BAN["cong-van"])
