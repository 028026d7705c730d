"""`docgen sign`: the ký số form of NĐ 30 and a PAdES signature, with a test CA made here."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter

from docgen.cli import main
from docgen.pdf.ky_so import signature_box
from docgen.readers.van_ban import read_van_ban
from docgen.render.docx_renderer import render_to_file

from conftest import SAMPLES, libreoffice_missing
from pki import PASSWORD, make_pki


@pytest.fixture(scope="module")
def pki(tmp_path_factory) -> dict[str, Path]:
    return make_pki(tmp_path_factory.mktemp("pki"))


def _pdf_of(tmp_path: Path, sample: str) -> Path:
    """A sample as PDF (LibreOffice where present; the tests of the form need its text positions)."""
    if libreoffice_missing():
        pytest.skip(f"không có LibreOffice: {libreoffice_missing()}")
    docx = render_to_file(read_van_ban(SAMPLES / sample), tmp_path / "vb.docx")
    result = CliRunner().invoke(main, ["render", str(SAMPLES / sample), "-o", str(tmp_path / "vb.pdf")])
    assert result.exit_code == 0, result.output
    assert docx.exists()
    return tmp_path / "vb.pdf"


def cli(*args, password=PASSWORD):
    return CliRunner(env={"DOCGEN_P12_PASSWORD": password}).invoke(main, [str(a) for a in args])


def test_sign_with_signature_and_seal_then_verify(tmp_path, pki):
    source = _pdf_of(tmp_path, "quyet-dinh-tang-cuong-mot-nguoi.yaml")
    signed = tmp_path / "da-ky.pdf"
    result = cli("sign", source, "-o", signed, "--p12", pki["ky.p12"], "--chu-ky", pki["chu-ky.png"])
    assert result.exit_code == 0, result.output
    sealed = tmp_path / "da-dong-dau.pdf"
    result = cli("sign", signed, "-o", sealed, "--p12", pki["ky.p12"], "--dau", pki["dau.png"], "--ban-sao")
    assert result.exit_code == 0, result.output
    checked = cli("sign", "--verify", sealed, "--root", pki["root.pem"])
    assert checked.exit_code == 0, checked.output
    lines = checked.output.splitlines()
    assert len(lines) == 2 and all("Trương Cảnh Tuyên" in line and "nguyên vẹn" in line for line in lines)
    assert "có nội dung thêm sau chữ ký này" in lines[0] and "không thay đổi sau khi ký" in lines[1]
    assert all("chuỗi chứng thư tin cậy" in line for line in lines)
    # the copy line: số, ký hiệu and ISO 8601 time, top right of page 1, in the document's serif face
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(sealed), "-"], capture_output=True, text=True).stdout
    assert "1520/QĐ-UBND" in text and "+07:00" in text
    fonts = subprocess.run(["pdffonts", str(sealed)], capture_output=True, text=True).stdout
    assert all(line.split()[0].split("+")[-1].startswith(("LiberationSerif", "TimesNewRoman"))
               for line in fonts.splitlines()[2:])


def test_the_signature_sits_between_title_and_name(tmp_path, pki):
    source = _pdf_of(tmp_path, "quyet-dinh-tang-cuong-mot-nguoi.yaml")
    page = PdfReader(source).pages[-1]
    box = signature_box(page)
    positions = {}

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            positions.setdefault(text.strip(), tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    name_y = positions["Nguyễn Thực Hiện"]
    title_y = positions["PHÓ CHỦ TỊCH"]
    assert name_y < box.y0 and box.y1 < title_y
    assert box.x0 > float(page.mediabox.width) / 2 - 20


def test_a_file_changed_after_signing_is_reported(tmp_path, pki):
    source = _pdf_of(tmp_path, "quyet-dinh-tang-cuong-mot-nguoi.yaml")
    signed = tmp_path / "da-ky.pdf"
    assert cli("sign", source, "-o", signed, "--p12", pki["ky.p12"], "--chu-ky", pki["chu-ky.png"]).exit_code == 0
    changed = tmp_path / "sua.pdf"
    writer = PdfWriter(signed, incremental=True)                  # a later, unsigned revision: a page added
    writer.add_blank_page(width=595, height=842)
    with open(changed, "wb") as stream:
        writer.write(stream)
    result = cli("sign", "--verify", changed, "--root", pki["root.pem"])
    assert result.exit_code == 1 and "có nội dung thêm sau chữ ký này" in result.output, result.output
    forged = tmp_path / "gia.pdf"
    data = signed.read_bytes()
    forged.write_bytes(data[:200] + bytes([data[200] ^ 1]) + data[201:])      # one bit of the signed bytes
    result = cli("sign", "--verify", forged, "--root", pki["root.pem"])
    assert result.exit_code == 1 and "KHÔNG nguyên vẹn" in result.output, result.output


def test_an_untrusted_root_and_a_wrong_password(tmp_path, pki):
    source = _pdf_of(tmp_path, "quyet-dinh-tang-cuong-mot-nguoi.yaml")
    signed = tmp_path / "da-ky.pdf"
    assert cli("sign", source, "-o", signed, "--p12", pki["ky.p12"]).exit_code == 0     # invisible signature
    stranger = cli("sign", "--verify", signed, "--root", pki["other.pem"])
    assert stranger.exit_code == 1 and "KHÔNG được tin cậy" in stranger.output
    wrong = cli("sign", source, "-o", tmp_path / "x.pdf", "--p12", pki["ky.p12"], password="sai")
    assert wrong.exit_code == 2 and "PKCS#12" in wrong.output and not (tmp_path / "x.pdf").exists()
    opaque = cli("sign", source, "-o", tmp_path / "y.pdf", "--p12", pki["ky.p12"], "--chu-ky", pki["khong-trong-suot.png"])
    assert opaque.exit_code == 2 and "trong suốt" in opaque.output
