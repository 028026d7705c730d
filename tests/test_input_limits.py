"""Hostile or broken input: a Vietnamese message naming file, line/row and field, exit 2, quickly."""

from __future__ import annotations

import csv
import os
import io
import shutil
import time
import zipfile
import unicodedata

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from docgen.cli import main

from conftest import SAMPLES

BASE = SAMPLES / "quyet-dinh-tang-cuong.yaml"
LIST = SAMPLES / "tang-cuong.csv"


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def sample_rows() -> list[list[str]]:
    text = LIST.read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";" if ";" in text.splitlines()[0] else ","))


def write_csv(path, rows, encoding="utf-8"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    text = buffer.getvalue()
    if encoding == "cp1258":          # as Windows writes Vietnamese: vowel letters, tone marks apart
        text = "".join(_cp1258_char(ch) for ch in text)
    path.write_bytes(text.encode(encoding))
    return path


def _cp1258_char(ch: str) -> str:
    def fits(text):
        try:
            text.encode("cp1258")
            return True
        except UnicodeEncodeError:
            return False
    if fits(ch):
        return ch
    base, *marks = unicodedata.normalize("NFD", ch)
    rest = ""
    for mark in marks:
        joined = unicodedata.normalize("NFC", base + mark)
        if len(joined) == 1 and fits(joined):
            base = joined
        else:
            rest += mark
    return base + rest


def test_an_alias_bomb_is_refused_at_once(tmp_path):
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    path = tmp_path / "bom.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.monotonic()
    result = cli("render", path)
    assert result.exit_code == 2 and "bí danh" in result.output
    assert time.monotonic() - started < 5


def test_an_impossible_date_names_its_line(tmp_path):
    text = (SAMPLES / "quyet-dinh-tang-cuong-mot-nguoi.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    where = next(i for i, line in enumerate(lines) if line.startswith("ngay:"))
    lines[where] = "ngay: 2023-02-29"
    shutil.copy(SAMPLES / "co-quan.yaml", tmp_path / "co-quan.yaml")
    path = tmp_path / "qd.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = cli("render", path)
    assert result.exit_code == 2 and f"dòng {where + 1}" in result.output and "2023-02-29" in result.output
    assert not (tmp_path / "qd.docx").exists()


def test_a_character_xml_cannot_hold_is_refused_with_its_field(tmp_path):
    shutil.copy(SAMPLES / "co-quan.yaml", tmp_path / "co-quan.yaml")
    text = (SAMPLES / "cong-van-cu-can-bo.yaml").read_text(encoding="utf-8")
    path = tmp_path / "cv.yaml"
    path.write_text(text.replace("trich_yeu: ", 'trich_yeu: "\\uFFFF" ', 1).replace('"\\uFFFF" ', '"\\uFFFF', 1), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [line + '"' if line.startswith('trich_yeu: "') else line for line in lines]
    path.write_text("\n".join(lines), encoding="utf-8")
    result = cli("render", path)
    assert result.exit_code == 2 and "U+FFFF" in result.output and "trich_yeu" in result.output
    assert not (tmp_path / "cv.docx").exists()


def test_a_list_of_two_encodings_is_refused_at_the_first_bad_line(tmp_path):
    rows = sample_rows()
    path = write_csv(tmp_path / "ds.csv", rows)
    data = path.read_bytes().split(b"\n")
    data[3] += b"\xd0"                     # one Windows-1258 byte in a UTF-8 list
    path.write_bytes(b"\n".join(data))
    result = cli("batch", path, "--base", BASE, "-o", tmp_path / "ra")
    assert result.exit_code == 2 and "dòng 4" in result.output and "hai bảng mã" in result.output


def test_a_windows_1258_list_is_still_read(tmp_path):
    rows = sample_rows()[:4]
    path = write_csv(tmp_path / "ds.csv", rows, encoding="cp1258")
    result = cli("batch", path, "--base", BASE, "-o", tmp_path / "ra")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "ra").glob("*.docx"))
    assert len(names) == 3 and rows[1][1] in names[0]       # names come back composed, not mojibake


def test_an_unclosed_quote_is_reported_not_swallowed(tmp_path):
    rows = sample_rows()
    path = write_csv(tmp_path / "ds.csv", rows)
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2].replace(";", ';"', 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    result = cli("batch", path, "--base", BASE, "-o", tmp_path / "ra")
    assert result.exit_code == 2 and "dấu nháy" in result.output and "dòng 3" in result.output


def test_the_visible_active_sheet_is_read_not_a_hidden_first_one(tmp_path):
    rows = sample_rows()
    book = Workbook()
    old = book.active
    old.title = "Danh sách cũ"
    for row in [rows[0], ["1", "Người Cũ Không Đi"] + rows[1][2:]]:
        old.append(row)
    old.sheet_state = "hidden"
    current = book.create_sheet("Danh sách")
    for row in rows[:3]:
        current.append(row)
    book.active = 1
    path = tmp_path / "ds.xlsx"
    book.save(path)
    result = cli("batch", path, "--base", BASE, "-o", tmp_path / "ra")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "ra").glob("*.docx"))
    assert len(names) == 2 and not any("Người Cũ" in n for n in names)


def test_a_date_cell_out_of_range_fails_its_row_only(tmp_path):
    rows = sample_rows()
    book = Workbook()
    sheet = book.active
    for row in rows[:4]:
        sheet.append(row)
    column = rows[0].index("Ngày bắt đầu") + 1
    cell = sheet.cell(row=3, column=column, value=99999999)
    cell.number_format = "dd/mm/yyyy"
    path = tmp_path / "ds.xlsx"
    book.save(path)
    result = cli("batch", path, "--base", BASE, "-o", tmp_path / "ra")
    assert result.exit_code == 1 and "dòng 3" in result.output and "Traceback" not in result.output
    assert len(list((tmp_path / "ra").glob("*.docx"))) == 2


@pytest.mark.parametrize("value", ["99999", "45000"])
def test_a_bare_number_is_not_a_date_option(tmp_path, value):
    result = cli("copy", SAMPLES / "co-quan.yaml", "--ho-so", SAMPLES / "co-quan.yaml", "--ngay", value)
    assert result.exit_code == 2 and "--ngay" in result.output


def test_check_reads_only_regular_files_and_refuses_zip_bombs(rendered, tmp_path):
    folder = tmp_path / "den"
    folder.mkdir()
    shutil.copy(rendered["ke-hoach-131-2025"], folder / "kh.docx")
    (folder / "zero.docx").symlink_to("/dev/zero")
    os.mkfifo(folder / "ong.docx")
    bomb = folder / "bom.docx"
    shutil.copy(rendered["ke-hoach-131-2025"], bomb)
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/rong.bin", b"\0" * (210 * 1024 * 1024))
    started = time.monotonic()
    result = cli("check", folder)
    assert time.monotonic() - started < 5
    assert result.exit_code == 2
    assert "bom.docx: KHÔNG ĐỌC ĐƯỢC — tệp .docx giải nén quá lớn" in result.output
    assert "ong.docx: KHÔNG ĐỌC ĐƯỢC — không phải tệp thường" in result.output
    assert "zero.docx: KHÔNG ĐỌC ĐƯỢC — không phải tệp thường" in result.output
    assert "kh.docx (Kế hoạch): đạt" in result.output


def test_a_batch_leaves_other_files_alone_and_never_follows_a_planted_link(tmp_path):
    out = tmp_path / "ra"
    out.mkdir()
    (out / ".ghi-chu.tmp").write_text("của người khác")
    (out / "loi.csv").write_text("Danh sách lỗi do tôi tự ghi\n", encoding="utf-8")
    result = cli("batch", LIST, "--base", BASE, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert (out / ".ghi-chu.tmp").read_text() == "của người khác"
    assert (out / "loi.csv").read_text(encoding="utf-8") == "Danh sách lỗi do tôi tự ghi\n"
    victim = tmp_path / "nan-nhan.txt"
    victim.write_text("không được ghi đè")
    target = tmp_path / "tat-ca.zip"
    (tmp_path / f".tat-ca.zip.{os.getpid()}.tmp").symlink_to(victim)
    planted = cli("batch", LIST, "--base", BASE, "-o", target, "--jobs", "1")
    assert planted.exit_code == 2 and "tệp tạm" in planted.output
    assert victim.read_text() == "không được ghi đè" and not target.exists()


def test_two_unit_codes_with_one_file_name_do_not_overwrite_each_other(tmp_path):
    text = (SAMPLES / "don-vi.csv").read_text(encoding="utf-8-sig").splitlines()
    header, first, second = text[0], text[1], text[2]
    code = first.split(";")[0]
    twin = ";".join([code + "."] + second.split(";")[1:])      # cleans to the same file name
    units = tmp_path / "dv.csv"
    units.write_text("\n".join([header, first, twin]) + "\n", encoding="utf-8")
    result = cli("subplan", SAMPLES / "ke-hoach-117-2024.yaml", "--units", units, "--yaml", "-o", tmp_path / "ra",
                 "--ngay", "15/8/2025")
    assert result.exit_code == 2 and "cùng tên tệp" in result.output
    written = list((tmp_path / "ra").glob("*.yaml"))
    assert len(written) == 1 and "Ninh Kiều" in written[0].read_text(encoding="utf-8")
