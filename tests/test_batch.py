"""`docgen batch`: one decision per row, merged and grouped forms, bad rows, encodings, hostile names,
interruption — and every output passes `docgen check`."""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from docgen.checkers.check import check_file
from docgen.checkers.findings import ERROR
from docgen.cli import main
from docgen.readers.docx_text import body_lines

from conftest import ROOT, SAMPLES

BASE = SAMPLES / "quyet-dinh-tang-cuong.yaml"
CSV = SAMPLES / "tang-cuong.csv"
XLSX = SAMPLES / "tang-cuong.xlsx"
HEADER = ["STT", "Họ và tên", "Giới tính", "Chức vụ", "Đơn vị công tác", "Nơi đến", "Chức danh bố trí",
          "Thời gian (tháng)", "Ngày bắt đầu", "Trường hợp đặc biệt", "Lý do đặc biệt"]


def row(stt, name, **changes):
    values = dict(zip(HEADER, [str(stt), name, "Nam", "Chuyên viên", "Sở Nội vụ", "Ủy ban nhân dân phường An Bình",
                               "", "36", "01/8/2025", "", ""]))
    values.update(changes)
    return [values[h] for h in HEADER]


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: base letters with ê/ơ/ă… precomposed and the
    tone marks as separate combining characters."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", char)
        for mark in marks:  # the vowel mark (ˆ ˘ ơ) composes; the tone stays a combining character
            composed = unicodedata.normalize("NFC", base + mark)
            if len(composed) == 1:
                try:
                    composed.encode("cp1258")
                except UnicodeEncodeError:
                    continue
                base, marks = composed, [m for m in marks if m != mark]
                break
        out += (base + "".join(marks)).encode("cp1258")
    return out


def write_csv(path: Path, rows, encoding="utf-8", delimiter=";", header=HEADER) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    path.write_bytes(to_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(SAMPLES / "co-quan.yaml", tmp_path / "co-quan.yaml")
    shutil.copy(BASE, tmp_path / "base.yaml")
    return tmp_path


def batch(*args):
    return CliRunner().invoke(main, ["batch", *map(str, args)])


def article_one(path: Path) -> str:
    return next(line for line in body_lines(Document(str(path))) if line.startswith("Điều 1."))


def test_one_decision_per_row_with_the_right_person(tmp_path):
    out = tmp_path / "qd"
    result = batch(CSV, "--base", BASE, "-o", out, "--jobs", "2")
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.docx"))
    assert len(files) == 22
    with open(CSV, encoding="utf-8") as stream:
        people = list(csv.DictReader(stream, delimiter=";"))
    for person, path in zip(people, files):
        assert path.name == f"{int(person['STT']):03d}-{person['Họ và tên']}.docx"
        text = article_one(path)
        assert person["Họ và tên"] in text and person["Đơn vị công tác"] in text and person["Nơi đến"] in text
        assert f"trong thời gian {person['Thời gian (tháng)']} tháng" in text
    special = article_one(out / "018-Kiều Thị Phương Thảo.docx")
    assert "(trường hợp đặc biệt: Đến tuổi nghỉ hưu sau 24 tháng)" in special
    assert "Cảnh báo: Sở Tài chính cử 4 người, vượt 5% biên chế" in result.output
    assert "Đã tạo 22 văn bản từ 22 dòng." in result.output
    assert not (out / "loi.csv").exists()
    for path in files[:5] + files[-2:]:
        assert [f for f in check_file(path).findings if f.severity == ERROR] == []


def test_decision_text_and_form(tmp_path):
    out = tmp_path / "qd"
    batch(CSV, "--base", BASE, "-o", out, "--jobs", "1")
    lines = [line for line in body_lines(Document(str(out / "001-Nguyễn Văn An.docx"))) if line]
    assert "QUYẾT ĐỊNH" in lines and "QUYẾT ĐỊNH:" in lines
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ" in lines
    can_cu = [line for line in lines if line.startswith(("Căn cứ", "Theo đề nghị"))]
    assert all(line.endswith(";") for line in can_cu[:-1]) and can_cu[-1] == "Theo đề nghị của Giám đốc Sở Nội vụ."
    assert lines[lines.index("Nơi nhận:") + 1] == "- Như Điều 3;"
    assert lines[-2:] == ["CHỦ TỊCH", "Trương Cảnh Tuyên"]
    article_three = next(line for line in lines if line.startswith("Điều 3."))
    assert article_three.endswith("chịu trách nhiệm thi hành Quyết định này./.")
    assert "Chủ tịch Ủy ban nhân dân phường Ninh Kiều" in article_three


def test_xlsx_gives_the_same_documents_as_csv(tmp_path):
    batch(CSV, "--base", BASE, "-o", tmp_path / "csv", "--jobs", "1")
    batch(XLSX, "--base", BASE, "-o", tmp_path / "xlsx", "--jobs", "1")
    names = sorted(p.name for p in (tmp_path / "csv").glob("*.docx"))
    assert names == sorted(p.name for p in (tmp_path / "xlsx").glob("*.docx"))
    for name in names[:6]:
        assert body_lines(Document(str(tmp_path / "csv" / name))) == body_lines(Document(str(tmp_path / "xlsx" / name)))


def test_merged_file_one_section_run_per_decision(tmp_path):
    target = tmp_path / "gop.docx"
    result = batch(XLSX, "--base", BASE, "-o", tmp_path, "--merge", target)
    assert result.exit_code == 0, result.output
    document = Document(str(target))
    assert len(document.sections) == 22
    for section in document.sections:
        assert section.different_first_page_header_footer
        assert section._sectPr.find("{*}pgNumType").get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}start") == "1"
    text = "\n".join(body_lines(document))
    positions = [text.index(f"Cử {who}") for who in ("ông Nguyễn Văn An", "bà Trần Thị Bích Ngọc", "bà Nguyễn Thị Cẩm Tú")]
    assert positions == sorted(positions)
    assert text.count("QUYẾT ĐỊNH:") == 22
    assert [f for f in check_file(target).findings if f.severity == ERROR] == []


def test_grouped_decision_with_attached_list(tmp_path):
    target = tmp_path / "danh-sach.docx"
    result = batch(CSV, "--base", BASE, "-o", target, "--group")
    assert result.exit_code == 0, result.output
    document = Document(str(target))
    lines = [line for line in body_lines(document) if line]
    assert next(line for line in lines if line.startswith("Điều 1.")).startswith(
        "Điều 1. Cử 22 cán bộ, công chức, viên chức có tên tại Danh sách kèm theo")
    assert "DANH SÁCH" in lines
    # the list opens with the agency and the quốc hiệu again, without number and date (Phụ lục III)
    assert lines.count("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") == 2
    assert sum(line.startswith("Số:") for line in lines) == 1
    assert lines[lines.index("DANH SÁCH") - 2:lines.index("DANH SÁCH")] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    kem_theo = next(line for line in lines if line.startswith("(Kèm theo Quyết định số"))
    assert kem_theo.endswith("của Chủ tịch Ủy ban nhân dân thành phố Cần Thơ)")
    table = document.tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["STT", "Họ và tên", "Chức vụ", "Đơn vị công tác", "Nơi đến",
                                                      "Thời gian"]
    assert len(table.rows) == 23
    assert table.rows[1].cells[1].text == "Nguyễn Văn An" and table.rows[22].cells[0].text == "22"
    assert len(document.sections) == 2
    assert [f for f in check_file(target).findings if f.severity == ERROR] == []


def test_zip_output(tmp_path):
    target = tmp_path / "tat-ca.zip"
    result = batch(CSV, "--base", BASE, "-o", target, "--jobs", "2")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        assert len(names) == 22 and names[0] == "001-Nguyễn Văn An.docx"
        document = Document(io.BytesIO(archive.read(names[1])))
    assert "Trần Thị Bích Ngọc" in article_one_from(document)
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize("target, extra", [
    ("ket-qua.pdf", []), ("ket-qua.docx", []), ("tat-ca.zip", ["--group"]), ("ra", ["--merge", "gop.pdf"]),
])
def test_output_of_the_wrong_kind_is_refused_before_anything_is_written(tmp_path, target, extra):
    extra = [str(tmp_path / e) if "." in e else e for e in extra]
    result = batch(CSV, "--base", BASE, "-o", tmp_path / target, *extra)
    assert result.exit_code == 2, result.output
    assert "-o phải là" in result.output or "--merge phải là" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_folder_name_with_a_dot_is_still_a_folder(tmp_path):
    result = batch(CSV, "--base", BASE, "-o", tmp_path / "dot.2025", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "dot.2025").glob("*.docx"))) == 22


def article_one_from(document) -> str:
    return next(line for line in body_lines(document) if line.startswith("Điều 1."))


@pytest.mark.parametrize("changes, column, words", [
    ({"Họ và tên": ""}, "Họ và tên", "thiếu trường bắt buộc"),
    ({"Ngày bắt đầu": "31/02/2025"}, "Ngày bắt đầu", "ngày '31/02/2025' không hợp lệ"),
    ({"Thời gian (tháng)": "24"}, "Thời gian (tháng)", "ít nhất 36 tháng"),
    ({"Thời gian (tháng)": "ba năm"}, "Thời gian (tháng)", "phải là số nguyên"),
    ({"Thời gian (tháng)": "24", "Trường hợp đặc biệt": "x"}, "Lý do đặc biệt", "phải ghi lý do"),
    ({"Giới tính": "khác"}, "Giới tính", "không phải giới tính"),
    ({"Chức vụ": ""}, "Chức vụ", "thiếu trường bắt buộc"),
])
def test_each_bad_row_kind_is_reported_and_good_rows_still_written(folder, changes, column, words):
    data = write_csv(folder / "ds.csv", [row(1, "Nguyễn Văn Một"), row(2, "Lê Thị Hai", **changes),
                                         row(3, "Trần Văn Ba")])
    out = folder / "out"
    result = batch(data, "--base", folder / "base.yaml", "-o", out)
    assert result.exit_code == 1, result.output
    assert f"dòng 3, cột '{column}'" in result.output and words in result.output
    assert sorted(p.name for p in out.glob("*.docx")) == ["001-Nguyễn Văn Một.docx", "003-Trần Văn Ba.docx"]
    with open(out / "loi.csv", encoding="utf-8-sig") as stream:
        report = list(csv.reader(stream))
    assert report[0] == ["Dòng", "Cột", "Giá trị", "Lỗi"]
    assert report[1][0] == "3" and report[1][1] == column and words in report[1][3]
    assert "1 dòng lỗi" in result.output


def test_disciplined_person_is_refused(folder):
    header = HEADER + ["Đang bị kỷ luật"]
    rows = [row(1, "Nguyễn Văn Một") + [""], row(2, "Lê Thị Hai") + ["có"]]
    data = write_csv(folder / "ds.csv", rows, header=header)
    result = batch(data, "--base", folder / "base.yaml", "-o", folder / "out")
    assert result.exit_code == 1
    assert "dòng 3, cột 'Đang bị kỷ luật'" in result.output and "thi hành kỷ luật" in result.output


def test_rerun_rewrites_and_clears_the_old_error_report(folder):
    data = write_csv(folder / "ds.csv", [row(1, "Nguyễn Văn Một"), row(2, "Lê Thị Hai", **{"Họ và tên": ""})])
    out = folder / "out"
    assert batch(data, "--base", folder / "base.yaml", "-o", out).exit_code == 1
    assert (out / "loi.csv").exists()
    write_csv(folder / "ds.csv", [row(1, "Nguyễn Văn Một"), row(2, "Lê Thị Hai")])
    assert batch(data, "--base", folder / "base.yaml", "-o", out).exit_code == 0
    assert not (out / "loi.csv").exists()
    assert len(list(out.glob("*.docx"))) == 2


@pytest.mark.parametrize("content, words", [
    (b"", "không có dòng tiêu đề"),
    ("STT;Tên\n1;A\n".encode(), "thiếu cột"),
    ("\ufeff" + ";".join(HEADER) + "\n", "không có dòng dữ liệu"),
])
def test_nothing_readable_exits_2(folder, content, words):
    path = folder / "ds.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = batch(path, "--base", folder / "base.yaml", "-o", folder / "out")
    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output


def test_unreadable_spreadsheet_and_bad_base(folder):
    bad = folder / "ds.xlsx"
    bad.write_bytes(b"not a workbook")
    result = batch(bad, "--base", folder / "base.yaml", "-o", folder / "out")
    assert result.exit_code == 2 and "không mở được tệp Excel" in result.output
    data = write_csv(folder / "ds.csv", [row(1, "Nguyễn Văn Một")])
    base = folder / "base.yaml"
    base.write_text(base.read_text(encoding="utf-8").replace("co_quan: ubnd-can-tho", "co_quan: khong-co"),
                    encoding="utf-8")
    result = batch(data, "--base", base, "-o", folder / "out")           # the base's mistake: said once
    assert result.exit_code == 2 and result.output.count("không có cơ quan 'khong-co'") == 1


@pytest.mark.parametrize("encoding, delimiter", [("utf-8-sig", ";"), ("cp1258", ";"), ("utf-8", ",")])
def test_encodings_and_separators(folder, encoding, delimiter):
    header = ["stt", "  HỌ VÀ TÊN ", "giới tính", "Chức Vụ", "đơn vị công tác", "Nơi đến", "chuc_danh_bo_tri",
              "Thời gian (tháng)", "ngay_bat_dau", "Trường hợp đặc biệt", "Lý do đặc biệt"]
    data = write_csv(folder / "ds.csv", [row(1, "Nguyễn Thị Ánh Tuyết", **{"Ngày bắt đầu": "2025-08-01"})],
                     encoding=encoding, delimiter=delimiter, header=header)
    out = folder / "out"
    result = batch(data, "--base", folder / "base.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    (path,) = out.glob("*.docx")
    assert path.name == "001-Nguyễn Thị Ánh Tuyết.docx"
    assert "Cử bà" not in article_one(path) and "Cử ông Nguyễn Thị Ánh Tuyết" in article_one(path)
    assert "kể từ ngày 01 tháng 8 năm 2025" in article_one(path)


def test_column_mapping_from_the_base_file(folder):
    header = ["STT", "Họ tên cán bộ"] + HEADER[2:]
    data = write_csv(folder / "ds.csv", [row(1, "Nguyễn Văn Một")], header=header)
    base = folder / "base.yaml"
    base.write_text(base.read_text(encoding="utf-8") + "cot:\n  ho_ten: Họ tên cán bộ\n", encoding="utf-8")
    assert batch(data, "--base", base, "-o", folder / "out").exit_code == 0
    # "ho_ten_can_bo" is also a built-in alias; a clearly custom header needs the mapping:
    header = ["STT", "Người được cử"] + HEADER[2:]
    data = write_csv(folder / "ds.csv", [row(1, "Nguyễn Văn Một")], header=header)
    assert batch(data, "--base", folder / "base.yaml", "-o", folder / "o2").exit_code == 2
    base.write_text(base.read_text(encoding="utf-8").replace("Họ tên cán bộ", "Người được cử"), encoding="utf-8")
    assert batch(data, "--base", base, "-o", folder / "o3").exit_code == 0


def test_hostile_names_stay_inside_the_output_folder(folder):
    names = ["../../x", "CON", "Nguyễn " + "Văn " * 80 + "Dài", "Lê Thị 🌸 Hoa", "A/B\\C:D*E?F\"G<H>I|J", "CON"]
    data = write_csv(folder / "ds.csv", [row(i, n) for i, n in enumerate(names, start=1)])
    out = folder / "out"
    result = batch(data, "--base", folder / "base.yaml", "-o", out, "--name", "{ho_ten}")
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in out.iterdir())
    assert len(written) == len(names)
    assert all((out / name).resolve().parent == out.resolve() for name in written)
    assert not any(name.split(".")[0].upper() in ("CON",) for name in written)
    assert "_CON.docx" in written and "_CON-2.docx" in written
    assert all(len(name.encode()) <= 160 for name in written)
    assert not (folder / "x.docx").exists() and not (folder.parent / "x.docx").exists()
    assert "Lê Thị 🌸 Hoa.docx" in written


@pytest.mark.parametrize("pattern", ["{ho_ten.__class__}", "{khong_co}", "{ho_ten[0]}", "{hoten}", "{stt:99999999999}"])
def test_name_pattern_cannot_reach_into_objects_and_typos_are_reported_once(folder, pattern):
    data = write_csv(folder / "ds.csv", [row(1, "Nguyễn Văn Một"), row(2, "Lê Thị Hai")])
    result = batch(data, "--base", folder / "base.yaml", "-o", folder / "out", "--name", pattern)
    assert result.exit_code == 2 and result.output.count("mẫu tên tệp") == 1, result.output
    assert not list((folder / "out").glob("*.docx"))


def test_title_row_above_the_header_and_a_header_written_twice(folder):
    rows = [row(1, "Nguyễn Văn Một"), row(2, "Lê Thị Hai")]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["DANH SÁCH CÁN BỘ TĂNG CƯỜNG ĐI CÔNG TÁC Ở CƠ SỞ, ĐỢT 1"])
    writer.writerow([])
    writer.writerow(HEADER + ["Họ và tên", "Nơi đi"])     # a duplicated name column, empty; an alias
    writer.writerows(r + ["", ""] for r in rows)
    data = folder / "ds.csv"
    data.write_text(buffer.getvalue(), encoding="utf-8")
    out = folder / "out"
    result = batch(data, "--base", folder / "base.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.glob("*.docx")) == ["001-Nguyễn Văn Một.docx", "002-Lê Thị Hai.docx"]


def test_error_report_sits_beside_the_merged_file(folder):
    data = write_csv(folder / "ds.csv", [row(1, "Nguyễn Văn Một"), row(2, "Lê Thị Hai", **{"Họ và tên": ""})])
    out = folder / "gop"
    result = batch(data, "--base", folder / "base.yaml", "-o", out, "--merge", out / "gop.docx")
    assert result.exit_code == 1
    assert (out / "loi.csv").exists() and not (folder / "loi.csv").exists()


def test_special_characters_in_names_and_units_come_out_intact(folder):
    data = write_csv(folder / "ds.csv", [row(1, "Trần \"Tí\" <Em> & 'Út'", **{"Đơn vị công tác": "Sở A&B <Cũ>"})])
    out = folder / "out"
    assert batch(data, "--base", folder / "base.yaml", "-o", out).exit_code == 0
    (path,) = out.glob("*.docx")
    assert "Cử ông Trần \"Tí\" <Em> & 'Út', Chuyên viên, Sở A&B <Cũ> tăng cường" in article_one(path)


def test_interrupted_batch_leaves_no_partial_file_and_rerun_completes(folder):
    rows = [row(i, f"Cán Bộ Số {i}") for i in range(1, 1501)]
    data = write_csv(folder / "ds.csv", rows)
    out = folder / "out"
    command = [sys.executable, "-m", "docgen", "batch", str(data), "--base", str(folder / "base.yaml"), "-o", str(out),
               "--jobs", "2"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline and len(list(out.glob("*.docx"))) < 50:
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)  # the harshest interruption: no cleanup code runs
    process.wait()
    partial = list(out.glob("*.docx"))
    assert 0 < len(partial) < 1500, "the batch should have been stopped midway"
    for path in partial:
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert len(list(out.glob("*.docx"))) == 1500
    assert not list(out.glob(".*.tmp"))


def test_a_mistake_of_the_base_file_is_said_once_at_its_line_and_nothing_is_written(tmp_path):
    shutil.copy(SAMPLES / "co-quan.yaml", tmp_path / "co-quan.yaml")
    text = (SAMPLES / "quyet-dinh-tang-cuong.yaml").read_text(encoding="utf-8")
    (tmp_path / "base.yaml").write_text(text.replace("nguoi_ky: ct-truong-canh-tuyen", "nguoi_ky: pgd-snv"),
                                        encoding="utf-8")
    line = next(n for n, l in enumerate(text.splitlines(), start=1) if l.startswith("nguoi_ky:"))
    result = CliRunner().invoke(main, ["batch", str(SAMPLES / "tang-cuong.csv"), "--base", str(tmp_path / "base.yaml"),
                                       "-o", str(tmp_path / "ra") + "/"])
    assert result.exit_code == 2
    said = [l for l in result.output.splitlines() if l.startswith("Lỗi:")]
    assert len(said) == 1 and f"base.yaml, dòng {line}, trường 'nguoi_ky'" in said[0] and "không ký văn bản" in said[0]
    assert not (tmp_path / "ra").exists()


@pytest.mark.parametrize("pattern", ["{stt:03d}-{ho_ten}", "{ho_ten} ({dong})", "{stt:>{dong}}", "{stt!r}", "{ho_ten.upper}",
                                     "{0}", "{khong}", "{stt:{ho_ten.__class__}}", "{ho_ten[0]}", "{", "a}"])
def test_a_name_pattern_gives_what_the_plain_field_formatter_gives(pattern):
    """`format_name` takes str.format_map's C path only for plain fields: same names, same refusals."""
    from docgen.batch import naming

    values = {"stt": 5, "ho_ten": "Nguyễn Văn An", "dong": 7}
    try:
        expected = naming._Fields().format(pattern, **values)
    except (ValueError, TypeError):
        with pytest.raises(ValueError, match="mẫu tên tệp|không đặt được"):
            naming.format_name(pattern, values)
    else:
        assert naming.format_name(pattern, values) == expected


def test_a_workbooks_decomposed_text_is_read_as_nfc(tmp_path):
    """Cells are normalised once, by the reader of each format (a .xlsx as a .csv)."""
    import openpyxl

    from docgen.kinds import tang_cuong
    from docgen.readers.bang_tinh import open_table

    book = openpyxl.Workbook()
    book.active.append(["Họ và tên", "Chức vụ", "Đơn vị công tác", "Nơi đến", "Thời gian (tháng)", "Ngày bắt đầu"])
    book.active.append([unicodedata.normalize("NFD", "  Nguyễn Văn Ấn "), "Chuyên viên", "Sở Nội vụ",
                        unicodedata.normalize("NFD", "Ủy ban nhân dân phường An Bình"), 36, "01/8/2025"])
    book.save(tmp_path / "ds.xlsx")
    [(_, record)] = list(open_table(tmp_path / "ds.xlsx", tang_cuong.COLUMNS).rows())
    assert record["ho_ten"] == "Nguyễn Văn Ấn" and unicodedata.is_normalized("NFC", record["noi_den"])
    assert record["thoi_gian_thang"] == 36
