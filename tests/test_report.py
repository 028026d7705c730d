"""`docgen report`: a unit's yearly report and the city-wide sum, from plan 117 and the results files."""

from __future__ import annotations

import re

from datetime import date

import pytest
from click.testing import CliRunner
from docx import Document

from docgen.checkers.check import check_file
from docgen.checkers.findings import ERROR
from docgen import vietnamese as vi
from docgen.cli import main
from docgen.kinds import bao_cao
from docgen.readers.docx_text import body_lines
from docgen.readers.van_ban import read_van_ban
from docgen.reports import _units

from conftest import SAMPLES

PLAN = SAMPLES / "ke-hoach-117-2024.yaml"
UNITS = SAMPLES / "don-vi.csv"
R2024, R2025 = SAMPLES / "ket-qua-2024.csv", SAMPLES / "ket-qua-2025.csv"
BASE = SAMPLES / "bao-cao-tong-hop.yaml"


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def lines_of(path):
    return [line for line in body_lines(Document(str(path))) if line]


@pytest.fixture(scope="module")
def plan():
    return read_van_ban(PLAN)


def test_task_codes_and_due_dates_of_plan_117(plan):
    tasks = {t.code: t for t in bao_cao.plan_tasks(plan)}
    assert list(tasks)[:3] == ["II.2.a", "II.2.b", "II.3.a.1"]
    assert tasks["II.3.a.2"].due(2024) == [date(2024, 9, 30), date(2024, 12, 31)]
    assert tasks["II.3.b.1"].phase == (2026, 2030)
    assert tasks["II.3.b.1"].due(2025) == [] and tasks["II.3.b.1"].due(2026) == [date(2026, 12, 31)]
    assert bao_cao.unparsed_times(plan, 2025) == []
    assert bao_cao.reporting_deadline(plan, 2025) == ("Sở Nội vụ", date(2025, 11, 14))


def test_unit_figures_add_up(plan):
    units = {u.ma: u for u in _units(UNITS)}
    results, errors = bao_cao.read_results([R2024], plan, set(units))
    assert errors == []
    year = bao_cao.unit_year(plan, units["binh-thuy"], results, 2024, date(2025, 1, 10))
    assert [line.task.code for line in year.lines] == ["II.2.b", "II.3.a.1", "II.3.a.2", "II.3.a.3", "II.3.a.4"]
    totals = year.totals
    assert (totals.tasks, totals.done, totals.on_time, totals.in_progress) == (5, 3, 2, 1)
    assert (totals.classes, totals.people, totals.women, totals.funds) == (5, 243, 119, 103_000_000)
    assert [line.timing(date(2025, 1, 10)) for line in year.lines] == [
        "đúng hạn", "trễ hạn", "đúng hạn", "quá hạn", "quá hạn"]
    missing = bao_cao.unit_year(plan, units["cai-rang"], results, 2024)
    assert missing.lines[-1].result is None and missing.lines[-1].status == "chưa có kết quả"
    assert missing.lines[-1].timing(date(2025, 1, 10)) == "chưa báo cáo"
    assert not bao_cao.unit_year(plan, units["thoi-lai"], results, 2024).reported


def test_unit_report(tmp_path):
    target = tmp_path / "nk.docx"
    result = cli("report", PLAN, "--results", R2025, "--year", "2025", "--units", UNITS, "--unit", "ninh-kieu",
                 "--ngay-lap", "06/11/2025", "-o", target)
    assert result.exit_code == 0, result.output
    lines = lines_of(target)
    assert "BÁO CÁO" in lines
    assert "Kết quả thực hiện Kế hoạch số 117/KH-UBND ngày 12 tháng 6 năm 2024 của Ủy ban nhân dân thành phố Cần " \
           "Thơ năm 2025" in lines
    assert "Kính gửi: Sở Nội vụ." in lines
    headings = [line for line in lines if line[:3] in ("I. ", "II.", "III", "IV.") and line == line.upper()]
    assert headings == ["I. KẾT QUẢ THỰC HIỆN", "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
                        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026", "IV. KIẾN NGHỊ, ĐỀ XUẤT"]
    summary = next(line for line in lines if line.startswith("Năm 2025, Ủy ban nhân dân phường Ninh Kiều"))
    assert "có 3 nhiệm vụ đến hạn; đã hoàn thành 3 nhiệm vụ (100%), trong đó 3 nhiệm vụ đúng hạn" in summary
    assert "Đã tổ chức 6 lớp với 278 lượt người tham gia, trong đó nữ 146 lượt (52,5%)" in summary
    assert "Kinh phí đã chi 131.000.000 đồng (bằng chữ: một trăm ba mươi mốt triệu đồng)." in summary
    table = Document(str(target)).tables[1]
    assert [c.text for c in table.rows[-1].cells][1:] == ["Tổng cộng", "", "3/3 hoàn thành", "3 đúng hạn", "6", "278",
                                                           "131,0"]
    assert any(line.startswith("1. Triển khai đào tạo nâng cao trình độ chuyên môn") and "hàng năm" in line
               for line in lines)  # next year's tasks: the 2026 - 2030 phase
    assert "a) [Cần bổ sung: nguyên nhân khách quan, chủ quan]" in lines
    assert lines[lines.index("Nơi nhận:") + 1] == "- Như trên;"
    assert [f for f in check_file(target).findings if f.severity == ERROR] == []


def test_narrative_replaces_placeholders(tmp_path):
    narrative = tmp_path / "nx.yaml"
    narrative.write_text("ninh-kieu:\n  nguyen_nhan: [Một số lớp trùng lịch tiếp công dân]\n"
                         "  kien_nghi: [Sở Nội vụ sớm ban hành tài liệu bồi dưỡng]\n", encoding="utf-8")
    target = tmp_path / "nk.docx"
    assert cli("report", PLAN, "--results", R2025, "--year", "2025", "--units", UNITS, "--unit", "ninh-kieu",
               "--nhan-xet", narrative, "-o", target).exit_code == 0
    lines = lines_of(target)
    assert "a) Một số lớp trùng lịch tiếp công dân." in lines
    assert "1. Sở Nội vụ sớm ban hành tài liệu bồi dưỡng." in lines
    assert not any("Cần bổ sung: nguyên nhân" in line or "Cần bổ sung: kiến nghị" in line for line in lines)


def test_aggregate_report_ranks_and_lists_missing_and_late_units(tmp_path):
    target = tmp_path / "th.docx"
    result = cli("report", PLAN, "--results", R2024, "--year", "2024", "--units", UNITS, "--aggregate",
                 "--base", BASE, "--ngay-lap", "25/11/2024", "-o", target)
    assert result.exit_code == 0, result.output
    lines = lines_of(target)
    assert "Kính gửi: Ủy ban nhân dân thành phố Cần Thơ." in lines
    assert ("Đến hết hạn báo cáo (ngày 14/11/2024), 4/6 đơn vị đã gửi báo cáo; 1 đơn vị gửi sau hạn; 1 đơn vị "
            "chưa gửi.") in lines
    assert "a) Chưa gửi báo cáo: Ủy ban nhân dân xã Thới Lai;" in lines
    assert "b) Gửi báo cáo sau hạn: Ủy ban nhân dân xã Phong Điền (ngày 22/11/2024)." in lines
    table = Document(str(target)).tables[1]
    names = [row.cells[1].text for row in table.rows[1:-1]]
    assert names[0] == "Ủy ban nhân dân phường Cái Khế"  # 5/5 done: first
    assert names[-1] == "Ủy ban nhân dân phường Bình Thủy"  # 3/5: last
    total = [c.text for c in table.rows[-1].cells]
    # judged on 25/11/2024: the five tasks due 31/12/2024 and not yet done are not counted as due
    assert total[1:] == ["Tổng cộng", "20", "20", "100%", "19", "1.518", "671,0"]
    per_unit = sum(int(row.cells[2].text) for row in table.rows[1:-1])
    assert per_unit == 20  # the totals add up
    # Cái Răng's unreported task is due 31/12/2024: not a shortcoming on 25/11, one after the year's end
    assert not any("II.3.a.4" in line and "chưa báo cáo" in line for line in lines)
    assert [f for f in check_file(target).findings if f.severity == ERROR] == []
    later = tmp_path / "th-2025.docx"
    assert cli("report", PLAN, "--results", R2024, "--year", "2024", "--units", UNITS, "--aggregate", "--base", BASE,
               "--ngay-lap", "10/01/2025", "-o", later).exit_code == 0
    assert any("II.3.a.4" in line and "chưa báo cáo" in line for line in lines_of(later))


def test_bad_result_rows_are_reported_and_left_out(tmp_path):
    bad = tmp_path / "kq.csv"
    text = R2025.read_text(encoding="utf-8").splitlines()
    text[1] = text[1].replace("II.3.a.3", "IX.9")
    text[2] = text[2].replace("hoàn thành;25/10/2025", "hoàn thành;")
    text[3] = text[3].replace(";60;31;", ";60;61;")
    bad.write_text("\n".join(text) + "\n", encoding="utf-8")
    result = cli("report", PLAN, "--results", bad, "--year", "2025", "--units", UNITS, "--unit", "ninh-kieu",
                 "-o", tmp_path / "x.docx")
    assert result.exit_code == 1
    assert "dòng 2, cột 'Mã nhiệm vụ' (giá trị 'IX.9'): không có nhiệm vụ này" in result.output
    assert "dòng 3, cột 'Ngày hoàn thành'" in result.output and "phải có ngày hoàn thành" in result.output
    assert "dòng 4, cột 'Lượt người'" in result.output and "số nữ (61) lớn hơn số lượt người (60)" in result.output
    assert (tmp_path / "x.docx").exists()
    assert cli("report", PLAN, "--results", tmp_path / "khong-co", "--year", "2025", "--units", UNITS,
               "--unit", "ninh-kieu").exit_code == 2
    assert cli("report", PLAN, "--results", R2025, "--year", "2025", "--units", UNITS).exit_code == 2


def test_aggregate_report_embeds_the_completion_chart(tmp_path):
    import zipfile

    target = tmp_path / "th.docx"
    assert cli("report", PLAN, "--results", R2025, "--year", "2025", "--units", UNITS, "--aggregate",
               "--base", BASE, "-o", target).exit_code == 0
    with zipfile.ZipFile(target) as archive:
        assert archive.read("word/media/docgen-hinh-1.png").startswith(b"\x89PNG")
        assert 'Extension="png"' in archive.read("[Content_Types].xml").decode()
        assert "media/docgen-hinh-1.png" in archive.read("word/_rels/document.xml.rels").decode()
        assert archive.testzip() is None
    document = Document(str(target))
    assert len(document.inline_shapes) == 1
    assert "Hình 1. Tỷ lệ nhiệm vụ hoàn thành năm 2025 theo đơn vị" in lines_of(target)
    assert [f for f in check_file(target).findings if f.severity == ERROR] == []


def test_a_results_folder_may_hold_other_lists(tmp_path):
    import shutil
    for source in (R2024, UNITS, SAMPLES / "tang-cuong.csv"):
        shutil.copy(source, tmp_path / source.name)
    result = cli("report", PLAN, "--results", tmp_path, "--year", "2024", "--units", UNITS, "--aggregate",
                 "--base", BASE, "-o", tmp_path / "th.docx")
    assert result.exit_code == 0, result.output
    assert "bỏ qua" in result.output and "don-vi.csv" in result.output


def _results_as_workbook(source, target, shared: bool):
    """The results list as Excel keeps it: headers as shared strings (the status header in two
    rich-text runs, `Mã nhiệm vụ` through character references) or written inline."""
    import csv

    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    book = Workbook()
    sheet = book.active
    with open(source, encoding="utf-8") as stream:
        for index, row in enumerate(csv.reader(stream, delimiter=";")):
            if index == 0 and shared:
                row[2] = CellRichText([TextBlock(InlineFont(b=True), "Tình "), "trạng"])
            sheet.append(row)
    book.save(target)


@pytest.mark.parametrize("shared", [True, False])
def test_a_results_workbook_is_told_from_other_workbooks_without_opening_them(tmp_path, shared):
    """A folder with the results as .xlsx and a staff list (.xlsx): the results are used — a header
    in rich-text runs too —, the staff list is passed over from its texts alone."""
    import shutil

    from docgen.readers.bang_tinh import may_have_columns

    folder = tmp_path / "ket-qua"
    folder.mkdir()
    _results_as_workbook(R2024, folder / "ket-qua-2024.xlsx", shared)
    shutil.copy(SAMPLES / "tang-cuong.xlsx", folder / "tang-cuong.xlsx")
    assert may_have_columns(folder / "ket-qua-2024.xlsx", bao_cao.COLUMNS, bao_cao.REQUIRED)
    assert not may_have_columns(folder / "tang-cuong.xlsx", bao_cao.COLUMNS, bao_cao.REQUIRED)
    (folder / "hong.xlsx").write_bytes(b"PK not a workbook")            # unsure: opened, then refused
    assert may_have_columns(folder / "hong.xlsx", bao_cao.COLUMNS, bao_cao.REQUIRED)
    made = cli("report", PLAN, "--results", folder, "--year", "2024", "--units", UNITS, "--aggregate",
               "--base", BASE, "-o", tmp_path / "tu-excel.docx")
    assert made.exit_code == 0, made.output
    assert "bỏ qua" in made.output and "tang-cuong.xlsx" in made.output and "hong.xlsx" in made.output
    assert "ket-qua-2024.xlsx" not in made.output
    from_csv = cli("report", PLAN, "--results", R2024, "--year", "2024", "--units", UNITS, "--aggregate",
                   "--base", BASE, "-o", tmp_path / "tu-csv.docx")
    assert from_csv.exit_code == 0, from_csv.output
    assert lines_of(tmp_path / "tu-excel.docx") == lines_of(tmp_path / "tu-csv.docx")


def test_check_judges_the_kinh_gui_block(tmp_path):
    from docx.text.paragraph import Paragraph

    target = tmp_path / "nk.docx"
    assert cli("report", PLAN, "--results", R2025, "--year", "2025", "--units", UNITS, "--unit", "ninh-kieu",
               "-o", target).exit_code == 0
    document = Document(str(target))
    paragraph = next(Paragraph(p, document._body) for p in document.element.body.iter(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")
        if "".join(p.itertext()).startswith("Kính gửi"))
    paragraph.runs[0].text = "Kính gửi: Sở Nội vụ"
    broken = tmp_path / "kg.docx"
    document.save(str(broken))
    errors = {f.rule for f in check_file(broken).findings if f.severity == ERROR}
    assert errors == {"kinh-gui"}


def test_the_chart_is_set_in_the_documents_face_or_refuses(monkeypatch):
    from matplotlib import font_manager

    from docgen.errors import LoiMauVanBan
    from docgen.render import chart

    assert chart.chart_font() in ("Times New Roman", "Liberation Serif")
    monkeypatch.setattr(font_manager, "findfont", lambda *a, **k: (_ for _ in ()).throw(ValueError("none")))
    with pytest.raises(LoiMauVanBan, match="fonts-liberation2"):
        chart.chart_font()


def _numbers(text: str) -> list[int]:
    return [int(n.replace(".", "")) for n in re.findall(r"\d[\d.]*", text)]


@pytest.mark.parametrize("results, year, made_on", [(R2024, "2024", "25/11/2024"), (R2025, "2025", "30/11/2025"),
                                                    (R2025, "2025", "10/01/2026")])
def test_aggregate_counts_agree_in_every_sentence_table_and_chart(tmp_path, results, year, made_on):
    """Read back from the .docx: the status sentence and the lists under it, the summary sentence, the
    ranking table and its total, the chart's own figures (its alternative text)."""
    target = tmp_path / "th.docx"
    assert cli("report", PLAN, "--results", results, "--year", year, "--units", UNITS, "--aggregate",
               "--base", BASE, "--ngay-lap", made_on, "-o", target).exit_code == 0
    document = Document(str(target))
    lines = lines_of(target)
    units = len(_units(UNITS))
    status = next(line for line in lines if line.startswith("Đến hết hạn báo cáo"))
    in_time = int(re.search(r"(\d+)/\d+ đơn vị đã gửi", status).group(1))
    late = int((re.search(r"(\d+) đơn vị gửi sau hạn", status) or [0, 0])[1])
    missing = int((re.search(r"(\d+) đơn vị chưa gửi", status) or [0, 0])[1])
    assert in_time + late + missing == units
    late_list = next((line for line in lines if "Gửi báo cáo sau hạn:" in line), "")
    missing_list = next((line for line in lines if "Chưa gửi báo cáo:" in line), "")
    assert late_list.count("Ủy ban nhân dân") == late and missing_list.count("Ủy ban nhân dân") == missing
    table = document.tables[1]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    *units_rows, total = rows
    assert len(units_rows) == in_time + late
    for column in (2, 3, 5):
        assert sum(int(row[column]) for row in units_rows) == int(total[column])
    due, done, on_time = int(total[2]), int(total[3]), int(total[5])
    summary = next(line for line in lines if line.startswith(f"Năm {year}, các đơn vị có"))
    assert f"có {due} nhiệm vụ đến hạn; đã hoàn thành {done} nhiệm vụ ({total[4]})" in summary
    assert f"trong đó {on_time} nhiệm vụ đúng hạn" in summary
    for row in units_rows:
        assert row[4] == (vi.percent(int(row[3]), int(row[2])) if int(row[2]) else "")
    described = document.element.body.xpath(".//wp:docPr/@descr")
    assert len(described) == 1
    shares = dict(re.findall(r"(Ủy ban nhân dân [^;]+?) (\d+(?:,\d+)?%)", described[0]))
    assert shares == {row[1]: row[4] for row in units_rows}
