"""`docgen subplan`: a unit's plan implementing plan 117/KH-UBND, for one unit and for a list."""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest
import yaml
from click.testing import CliRunner
from docx import Document

from docgen.checkers.check import check_file
from docgen.checkers.findings import ERROR
from docgen.cli import main
from docgen.kinds.ke_hoach_con import earlier, still_due
from docgen.readers.thoi_gian import phase_years
from docgen.model.dia_gioi import Soat, rewrite
from docgen.model.van_ban import Muc
from docgen.readers.docx_text import body_lines
from docgen.readers.source import LineMap
from docgen.readers.van_ban import build_van_ban, read_van_ban

from conftest import SAMPLES

PARENT = SAMPLES / "ke-hoach-117-2024.yaml"
UNITS = SAMPLES / "don-vi.csv"


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def phased_tasks(nodes, phase=None):
    for node in nodes:
        if isinstance(node, Muc):
            own = phase_years(node.tieu_de) or phase
            if node.nhiem_vu:
                yield node, own
            yield from phased_tasks(node.muc, own)


def tasks(nodes):
    for node in nodes:
        if isinstance(node, Muc):
            if node.nhiem_vu:
                yield node
            yield from tasks(node.muc)


@pytest.mark.parametrize("expression, days, expected", [
    ("trước ngày 15 tháng 11 hàng năm", 10, "trước ngày 05 tháng 11 hàng năm"),
    ("trước ngày 05 tháng 3 năm 2024", 10, "trước ngày 24 tháng 02 năm 2024"),
    ("trước ngày 10 tháng 01 năm 2025", 15, "trước ngày 26 tháng 12 năm 2024"),
    ("quý III, IV năm 2024", 10, "quý III, IV năm 2024"),
    ("hàng năm", 10, "hàng năm"),
])
def test_deadlines_move_earlier_periods_stay(expression, days, expected):
    assert earlier(expression, days) == expected


def test_one_unit_takes_the_tasks_of_its_level(tmp_path):
    target = tmp_path / "ninh-kieu.yaml"
    result = cli("subplan", PARENT, "--units", UNITS, "--unit", "ninh-kieu", "--yaml", "-o", target)
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    shutil.copy(SAMPLES / "co-quan.yaml", tmp_path / "co-quan.yaml")
    plan = build_van_ban(data, LineMap(), target)
    parent = read_van_ban(PARENT)
    ours = [(t, phase) for t, phase in phased_tasks(parent.noi_dung)
            if t.nhiem_vu.chu_tri in ("UBND cấp huyện", "UBND quận, huyện")]
    assert len(ours) == 11
    # a plan made today takes the tasks still due; those of 2024 - 2025 have passed
    expected = [t for t, phase in ours if still_due(t.nhiem_vu.thoi_gian, date.today(), phase) is not False]
    mine = list(tasks(plan.noi_dung))
    assert len(mine) == len(expected) and 0 < len(expected) < 11
    for own, theirs in zip(mine, expected):
        assert own.tieu_de == rewrite(theirs.tieu_de, Soat())       # on the two-tier map of today
        assert "thị trấn" not in own.tieu_de
        assert own.nhiem_vu.chu_tri == "UBND phường Ninh Kiều"
        assert own.nhiem_vu.tham_muu == "Phòng Văn hóa - Xã hội"
        assert own.nhiem_vu.phoi_hop == "các khu vực thuộc phường; cơ quan, tổ chức có liên quan"
        assert own.nhiem_vu.thoi_gian == theirs.nhiem_vu.thoi_gian
    assert plan.trich_yeu == "Triển khai thực hiện Kế hoạch số 117/KH-UBND ngày 12/6/2024 của UBND thành phố Cần Thơ"
    assert plan.mo_dau[0].startswith("Thực hiện Kế hoạch số 117/KH-UBND ngày 12 tháng 6 năm 2024 của Ủy ban nhân "
                                     "dân thành phố Cần Thơ về việc triển khai Đề án số 03/ĐA-UBND")
    assert plan.nam == date.today().year
    assert plan.mo_dau[0].endswith("Ủy ban nhân dân phường Ninh Kiều ban hành Kế hoạch triển khai thực hiện trên "
                                   "địa bàn phường như sau:")
    assert plan.noi_dung[0].tieu_de == "Mục tiêu, yêu cầu"  # the parent's objectives carried over
    assert plan.noi_nhan == ["UBND thành phố Cần Thơ", "Sở Nội vụ", "Chủ tịch, các Phó Chủ tịch UBND phường Ninh Kiều",
                             "Các khu vực thuộc phường"]
    assert plan.luu == "VHXH" and plan.co_quan.ten == ["ỦY BAN NHÂN DÂN", "PHƯỜNG NINH KIỀU"]
    duties = " ".join(plan.cac_doan_van())
    assert "báo cáo kết quả thực hiện về Sở Nội vụ trước ngày 05 tháng 11 hàng năm" in duties
    assert "báo cáo kết quả về Phòng Văn hóa - Xã hội trước ngày 26 tháng 10 hàng năm" in duties


def test_lead_time_is_configurable(tmp_path):
    target = tmp_path / "nk.docx"
    assert cli("subplan", PARENT, "--units", UNITS, "--unit", "ninh-kieu", "--truoc", "5", "-o", target).exit_code == 0
    text = " ".join(body_lines(Document(str(target))))
    assert "về Sở Nội vụ trước ngày 10 tháng 11 hàng năm" in text


def test_every_unit_of_the_list_gets_a_plan_that_passes_check(tmp_path):
    out = tmp_path / "ke-hoach-con"
    result = cli("subplan", PARENT, "--units", UNITS, "-o", out, "--jobs", "2")
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.docx"))
    assert [p.stem for p in files] == ["binh-thuy", "cai-khe", "cai-rang", "ninh-kieu", "phong-dien", "thoi-lai"]
    for path in files:
        assert [f for f in check_file(path).findings if f.severity == ERROR] == [], path.name
    deputy = [line for line in body_lines(Document(str(out / "cai-khe.docx"))) if line][-4:]
    assert deputy == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Thị Ngọc Hân"]
    commune = " ".join(body_lines(Document(str(out / "phong-dien.docx"))))
    assert "trên địa bàn xã như sau:" in commune and "Cơ quan chủ trì: UBND xã Phong Điền;" in commune


def test_a_bad_unit_row_does_not_stop_the_others(tmp_path):
    lines = UNITS.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("Nguyễn Thị Ngọc Hân", "")
    units = tmp_path / "don-vi.csv"
    units.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("subplan", PARENT, "--units", units, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "dòng 3, cột 'Người ký'" in result.output
    assert len(list((tmp_path / "out").glob("*.docx"))) == 5
    assert cli("subplan", PARENT, "--units", units, "--unit", "khong-co", "-o", tmp_path / "x.docx").exit_code == 2


def test_subplan_from_an_imported_parent(tmp_path):
    from test_seeds import SEED_131
    imported = tmp_path / "131.yaml"
    assert cli("import", SEED_131, "-o", imported).exit_code == 0
    result = cli("subplan", imported, "--units", UNITS, "--unit", "binh-thuy", "-o", tmp_path / "bt.docx")
    assert result.exit_code == 0, result.output
    text = " ".join(body_lines(Document(str(tmp_path / "bt.docx"))))
    assert "Triển khai thực hiện Kế hoạch số 131/KH-UBND ngày 3/6/2025 của UBND thành phố Cần Thơ" in text
    assert "Thực hiện Kế hoạch số 131/KH-UBND ngày 03 tháng 6 năm 2025" in text


def test_a_hostile_unit_code_cannot_choose_a_path(tmp_path, monkeypatch):
    lines = UNITS.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("ninh-kieu;", "../../ra-ngoai;", 1)
    units = tmp_path / "don-vi.csv"
    units.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "a" / "b"
    out.mkdir(parents=True)
    assert cli("subplan", PARENT, "--units", units, "--yaml", "-o", out).exit_code == 0
    assert not list(tmp_path.glob("ra-ngoai*")) and not list((tmp_path / "a").glob("ra-ngoai*"))
    assert any(p.name.endswith("ra-ngoai.yaml") for p in out.iterdir())
    monkeypatch.chdir(out)
    result = cli("report", PARENT, "--results", SAMPLES / "ket-qua-2025.csv", "--year", "2025", "--units", units,
                 "--unit", "../../ra-ngoai")
    assert result.exit_code == 1  # the sample results name ninh-kieu: those rows are reported, not counted
    written = list(tmp_path.rglob("bao-cao*"))
    assert written and all(p.parent == out for p in written)


def test_a_ward_of_the_two_tier_map_writes_for_its_own_date_and_map(tmp_path):
    early = cli("subplan", PARENT, "--units", UNITS, "--unit", "ninh-kieu", "--ngay", "15/3/2025",
                "-o", tmp_path / "som.docx")
    assert early.exit_code == 2 and "có từ ngày 01/07/2025" in early.output
    assert not (tmp_path / "som.docx").exists()
    target = tmp_path / "nk.docx"
    result = cli("subplan", PARENT, "--units", UNITS, "--unit", "ninh-kieu", "-o", target)
    assert result.exit_code == 0, result.output
    lines = body_lines(Document(str(target)))
    assert any(line.endswith(f"năm {date.today().year}") and line.startswith("Ninh Kiều, ngày") for line in lines)
    own = [line for line in lines if not line.startswith(("Thực hiện Kế hoạch số", "Triển khai thực hiện"))]
    flagged = [line for line in result.output.splitlines() if "cần xem lại" in line]
    for word in ("quận", "huyện", "thị trấn"):
        for line in own:
            if re.search(rf"\b{word}\b", line):
                assert any(word in flag for flag in flagged), (word, line)
    assert "«quận, huyện, xã, phường, thị trấn» → «các khu vực thuộc phường»" in result.output
