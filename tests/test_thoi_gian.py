"""Time expressions of plans → due dates for a given year; bad ones are reported, not guessed."""

from datetime import date

import pytest

from docgen.readers.thoi_gian import KhongHieuThoiGian, due_dates, phase_years

D = date


@pytest.mark.parametrize("expression, year, expected", [
    ("tháng 6 năm 2024", 2024, [D(2024, 6, 30)]),
    ("tháng 6 năm 2024", 2025, []),
    ("tháng 02 năm 2024", 2024, [D(2024, 2, 29)]),
    ("quý III năm 2024", 2024, [D(2024, 9, 30)]),
    ("trong quý III năm 2024", 2024, [D(2024, 9, 30)]),
    ("quý III, IV năm 2024", 2024, [D(2024, 9, 30), D(2024, 12, 31)]),
    ("quý III, IV năm 2024", 2025, []),
    ("quý I và quý II hàng năm", 2026, [D(2026, 3, 31), D(2026, 6, 30)]),
    ("trong năm 2025", 2025, [D(2025, 12, 31)]),
    ("trong năm 2025", 2024, []),
    ("trong năm 2024 và năm 2025", 2024, [D(2024, 12, 31)]),
    ("trong năm 2024 và năm 2025", 2025, [D(2025, 12, 31)]),
    ("năm 2024, 2025", 2025, [D(2025, 12, 31)]),
    ("hàng năm", 2027, [D(2027, 12, 31)]),
    ("Hằng năm.", 2027, [D(2027, 12, 31)]),
    ("thường xuyên", 2025, [D(2025, 12, 31)]),
    ("trước ngày 15 tháng 11 hàng năm", 2025, [D(2025, 11, 14)]),
    ("trước ngày 05 tháng 01 năm 2025", 2025, [D(2025, 1, 4)]),
    ("trước ngày 05 tháng 01 năm 2025", 2024, []),
    ("ngày 30 tháng 6 năm 2024", 2024, [D(2024, 6, 30)]),
    ("6 tháng đầu năm", 2025, [D(2025, 6, 30)]),
    ("6 tháng cuối năm 2025", 2025, [D(2025, 12, 31)]),
    ("6 tháng cuối năm 2025", 2026, []),
    ("từ tháng 7 đến tháng 9 năm 2024", 2024, [D(2024, 9, 30)]),
    ("hàng quý", 2025, [D(2025, 3, 31), D(2025, 6, 30), D(2025, 9, 30), D(2025, 12, 31)]),
    ("giai đoạn 2024 - 2030", 2030, [D(2030, 12, 31)]),
    ("giai đoạn 2024 - 2030", 2025, []),
    ("khi có yêu cầu", 2025, []),
    ("quý IV năm 2024 và quý I năm 2025", 2025, [D(2025, 3, 31)]),
    ("quý IV năm 2024 và quý I năm 2025", 2024, [D(2024, 12, 31)]),
    ("tháng 12 năm 2024 và tháng 1 năm 2025", 2025, [D(2025, 1, 31)]),
    ("tháng 12 năm 2024 đến tháng 3 năm 2025", 2024, []),
    ("tháng 12 năm 2024 đến tháng 3 năm 2025", 2025, [D(2025, 3, 31)]),
    ("tháng 10 - tháng 12 năm 2024", 2024, [D(2024, 12, 31)]),
])
def test_due_dates(expression, year, expected):
    assert due_dates(expression, year) == expected


def test_every_year_is_limited_to_the_phase_the_task_belongs_to():
    phase = phase_years("Giai đoạn 2026 - 2030:")
    assert phase == (2026, 2030)
    assert due_dates("hàng năm", 2025, phase) == []
    assert due_dates("hàng năm", 2026, phase) == [D(2026, 12, 31)]
    assert due_dates("trước ngày 15 tháng 11 hàng năm", 2031, phase) == []


@pytest.mark.parametrize("expression", [
    "", "sớm nhất có thể", "quý V năm 2024", "tháng 13 năm 2024", "ngày 31 tháng 02 năm 2024",
    "tháng 6", "quý III", "trước ngày 15 tháng 11", "cuối kỳ",
])
def test_unparseable_expressions_are_reported(expression):
    with pytest.raises(KhongHieuThoiGian):
        due_dates(expression, 2025)


def test_every_task_time_of_the_sample_plans_is_understood():
    from docgen.model.van_ban import Muc
    from docgen.readers.van_ban import read_van_ban

    from conftest import SAMPLE_FILES

    def tasks(nodes):
        for node in nodes:
            if isinstance(node, Muc):
                if node.nhiem_vu and node.nhiem_vu.thoi_gian:
                    yield node.nhiem_vu.thoi_gian
                yield from tasks(node.muc)

    for sample in SAMPLE_FILES:
        for expression in tasks(read_van_ban(sample).noi_dung):
            due_dates(expression, 2025)
