"""A workbook's texts read from its package: what openpyxl would read, or "unsure" (None) — never a
results list taken for another list."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from docgen.kinds import bao_cao
from docgen.readers.bang_tinh import may_have_columns
from docgen.readers.xlsx_texts import texts

SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
SHARED_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def workbook(path: Path, sheet: str, shared: str | None = None, shared_name: str = "xl/sharedStrings.xml",
             listed_shared: str | None = None, sheet_name: str = "xl/worksheets/sheet1.xml") -> Path:
    overrides = f'<Override PartName="/{sheet_name}" ContentType="{SHEET_TYPE}"/>'
    if shared is not None or listed_shared:
        overrides += f"<Override ContentType='{SHARED_TYPE}' PartName='/{listed_shared or shared_name}'/>"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("[Content_Types].xml", f'<?xml version="1.0"?><Types xmlns="x">{overrides}</Types>')
        package.writestr(sheet_name, f'<?xml version="1.0"?><worksheet><sheetData>{sheet}</sheetData></worksheet>')
        if shared is not None:
            package.writestr(shared_name, f'<?xml version="1.0"?><sst>{shared}</sst>')
    return path


HEADERS = "<si><t>Đơn vị</t></si><si><r><t>Mã nhiệm</t></r><r><rPr><b/></rPr><t xml:space='preserve'> vụ</t></r>" \
          "<rPh sb='0' eb='1'><t>ma</t></rPh></si><si><t>Tình trạng</t></si>"


def test_shared_strings_rich_text_joined_phonetic_left_out(tmp_path):
    found = texts(workbook(tmp_path / "a.xlsx", "<row><c t='s'><v>0</v></c></row>", HEADERS))
    assert {"Đơn vị", "Mã nhiệm vụ", "Tình trạng"} <= found and "ma" not in "".join(found)
    assert may_have_columns(tmp_path / "a.xlsx", bao_cao.COLUMNS, bao_cao.REQUIRED)


def test_inline_strings_formula_results_references_and_prefixes(tmp_path):
    sheet = ("<row><c t='inlineStr'><x:is><x:t>&#272;&#417;n v&#7883;</x:t></x:is></c>"
             "<c t='str'><f>A1</f><v>Mã nhiệm vụ</v></c>"
             "<c t='inlineStr'><is><t >T&#xEC;nh tr&#7841;ng</t ></is></c>"
             "<c t='inlineStr'><is><t>A &#38;amp; B &amp; C</t></is></c></row>")
    found = texts(workbook(tmp_path / "b.xlsx", sheet))
    assert {"Đơn vị", "Mã nhiệm vụ", "Tình trạng", "A &amp; B & C"} <= found
    assert may_have_columns(tmp_path / "b.xlsx", bao_cao.COLUMNS, bao_cao.REQUIRED)


def test_parts_are_found_by_their_content_types(tmp_path):
    """`xl/SharedStrings.xml` (written so by some tools) is read; a part the content types name but
    the package lacks, CDATA, UTF-16: unsure, the workbook is opened as usual."""
    named = workbook(tmp_path / "c.xlsx", "", HEADERS, shared_name="xl/SharedStrings.xml")
    assert "Mã nhiệm vụ" in texts(named)
    missing = workbook(tmp_path / "d.xlsx", "", HEADERS, listed_shared="xl/strings.xml")
    assert texts(missing) is None and may_have_columns(missing, bao_cao.COLUMNS, bao_cao.REQUIRED)
    assert texts(workbook(tmp_path / "e.xlsx", "<row><c t='inlineStr'><is><t><![CDATA[Đơn vị]]></t></is></c></row>")) \
        is None
    with zipfile.ZipFile(tmp_path / "f.xlsx", "w") as package:
        package.writestr("[Content_Types].xml", f'<Types><Override PartName="/s.xml" ContentType="{SHEET_TYPE}"/></Types>')
        package.writestr("s.xml", "<worksheet/>".encode("utf-16"))
    assert texts(tmp_path / "f.xlsx") is None
    (tmp_path / "g.xlsx").write_bytes(b"PK\x03\x04 broken")
    assert texts(tmp_path / "g.xlsx") is None


def test_a_staff_list_is_not_a_results_list(tmp_path):
    staff = workbook(tmp_path / "h.xlsx", "", "<si><t>Họ và tên</t></si><si><t>Đơn vị</t></si><si><t>Chức vụ</t></si>")
    assert not may_have_columns(staff, bao_cao.COLUMNS, bao_cao.REQUIRED)


@pytest.mark.parametrize("broken", ["<si>" * 20_000, "<si><rPh " * 20_000, "<t a='1'" * 20_000])
def test_broken_markup_is_read_in_linear_time(tmp_path, broken):
    path = workbook(tmp_path / "i.xlsx", "", broken)
    start = time.perf_counter()
    texts(path)
    assert time.perf_counter() - start < 1.0
