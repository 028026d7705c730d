"""A test PKI made on the spot: root CA, signer, stranger; signature and seal images."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from PIL import Image, ImageDraw

PASSWORD = "mat-khau-thu"


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ủy ban nhân dân thành phố Cần Thơ"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _certificate(subject, issuer, key, signing_key, ca: bool):
    now = dt.datetime.now(dt.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
               .not_valid_after(now + dt.timedelta(days=365))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=not ca, content_commitment=not ca, key_encipherment=False,
                                            data_encipherment=False, key_agreement=False, key_cert_sign=ca,
                                            crl_sign=ca, encipher_only=False, decipher_only=False), critical=True))
    return builder.sign(signing_key, hashes.SHA256())


def make_pki(folder: Path) -> dict[str, Path]:
    """A root CA, a signer's PKCS#12 issued by it, a stranger's root, a signature and a seal image;
    nothing real (the tests and bench/ make their own)."""
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root = _certificate(_name("CA thử của docgen"), _name("CA thử của docgen"), root_key, root_key, ca=True)
    signer_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    signer = _certificate(_name("Trương Cảnh Tuyên"), root.subject, signer_key, root_key, ca=False)
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    other = _certificate(_name("CA lạ"), _name("CA lạ"), other_key, other_key, ca=True)
    (folder / "root.pem").write_bytes(root.public_bytes(serialization.Encoding.PEM))
    (folder / "other.pem").write_bytes(other.public_bytes(serialization.Encoding.PEM))
    (folder / "ky.p12").write_bytes(pkcs12.serialize_key_and_certificates(
        b"ky", signer_key, signer, [root], serialization.BestAvailableEncryption(PASSWORD.encode())))
    signature = Image.new("RGBA", (600, 240), (0, 0, 0, 0))
    ImageDraw.Draw(signature).line([(40, 180), (160, 60), (260, 190), (380, 50), (560, 150)], fill=(0, 0, 200, 255), width=12)
    signature.save(folder / "chu-ky.png")
    seal = Image.new("RGBA", (472, 472), (0, 0, 0, 0))            # 40 mm at 300 dpi
    ImageDraw.Draw(seal).ellipse([8, 8, 464, 464], outline=(220, 0, 0, 255), width=18)
    ImageDraw.Draw(seal).ellipse([90, 90, 382, 382], outline=(220, 0, 0, 255), width=8)
    seal.save(folder / "dau.png", dpi=(300, 300))
    Image.new("RGB", (100, 50), "white").save(folder / "khong-trong-suot.png")
    return {name: folder / name for name in ("root.pem", "other.pem", "ky.p12", "chu-ky.png", "dau.png",
                                             "khong-trong-suot.png")}
