"""`docgen sign --verify`: who signed a PDF, when, whether it changed since, whether the chain is
trusted by the given root — for every signature in it (pyHanko's validation)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from asn1crypto import pem, x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from docgen.errors import LoiDuLieu


@dataclass(frozen=True)
class KetQuaKy:
    field: str
    signer: str
    when: str
    intact: bool              # the signed bytes are unchanged and the signature matches them
    whole_file: bool          # nothing was added after this signature
    trusted: bool

    @property
    def ok(self) -> bool:
        return self.intact and self.trusted


def _roots(root: Path | None) -> list:
    if root is None:
        return []
    try:
        data = root.read_bytes()
        if pem.detect(data):
            return [x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True)]
        certificate = x509.Certificate.load(data)
        certificate.native                                  # parse now: a bad file fails here, not later
        return [certificate]
    except Exception as exc:
        raise LoiDuLieu.mot(root, f"không đọc được chứng thư gốc PEM/DER ({type(exc).__name__})") from None


def verify(path: Path, root: Path | None = None) -> list[KetQuaKy]:
    try:
        stream = open(path, "rb")
    except OSError as exc:
        raise LoiDuLieu.mot(path, f"không đọc được ({exc.strerror})") from None
    with stream:
        try:
            reader = PdfFileReader(stream)
            signatures = reader.embedded_signatures
        except Exception as exc:     # not a PDF, damaged
            raise LoiDuLieu.mot(path, f"không đọc được tệp PDF ({exc})") from None
        if not signatures:
            raise LoiDuLieu.mot(path, "tệp không có chữ ký số")
        context = ValidationContext(trust_roots=_roots(root), allow_fetching=False) if root else \
            ValidationContext(allow_fetching=False)
        return [_result(signature, context) for signature in signatures]


def _result(signature, context) -> KetQuaKy:
    status = validate_pdf_signature(signature, context)
    when = status.timestamp_validity.timestamp if status.timestamp_validity else status.signer_reported_dt
    return KetQuaKy(
        field=signature.field_name,
        signer=status.signing_cert.subject.human_friendly,
        when=when.isoformat() if when else "không rõ",
        intact=bool(status.intact and status.valid),
        whole_file=status.coverage.name == "ENTIRE_FILE",
        trusted=bool(status.trusted),
    )
