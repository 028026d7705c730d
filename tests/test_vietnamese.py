from datetime import date
from decimal import Decimal

import pytest

from docgen import vietnamese as vi


@pytest.mark.parametrize("value, expected", [
    (date(2024, 4, 5), "ngày 05 tháng 4 năm 2024"),
    (date(2020, 1, 5), "ngày 05 tháng 01 năm 2020"),
    (date(2023, 2, 28), "ngày 28 tháng 02 năm 2023"),
    (date(2024, 12, 29), "ngày 29 tháng 12 năm 2024"),
    (date(2024, 3, 10), "ngày 10 tháng 3 năm 2024"),
    (date(2025, 6, 3), "ngày 03 tháng 6 năm 2025"),
])
def test_date_words_pads_days_and_only_months_1_and_2(value, expected):
    assert vi.date_words(value) == expected


def test_place_date_line_and_draft():
    assert vi.place_date_line("Cần Thơ", date(2024, 6, 12)) == "Cần Thơ, ngày 12 tháng 6 năm 2024"
    assert vi.place_date_line("Cần Thơ", None, 2027) == "Cần Thơ, ngày     tháng     năm 2027"


@pytest.mark.parametrize("number, expected", [(1, "Số: 01/QĐ-UBND"), (9, "Số: 09/QĐ-UBND"),
                                              (10, "Số: 10/QĐ-UBND"), (117, "Số: 117/QĐ-UBND"),
                                              (None, "Số:      /QĐ-UBND")])
def test_number_line(number, expected):
    assert vi.number_line(number, "QĐ-UBND") == expected


def test_number_must_be_positive():
    with pytest.raises(ValueError):
        vi.document_number(0)


@pytest.mark.parametrize("n, expected", [(1, "I"), (4, "IV"), (9, "IX"), (14, "XIV"), (40, "XL"), (1999, "MCMXCIX")])
def test_roman(n, expected):
    assert vi.roman(n) == expected


def test_point_letters_follow_the_vietnamese_alphabet():
    letters = [vi.point_letter(i) for i in range(1, 24)]
    assert "".join(letters) == "abcdđeghiklmnopqrstuvxy"
    assert vi.point_letter(5) == "đ" and vi.point_letter(6) == "e" and vi.point_letter(7) == "g"
    for missing in "fjwz":
        assert missing not in letters
    with pytest.raises(ValueError):
        vi.point_letter(24)


@pytest.mark.parametrize("value, expected", [
    (1234567.5, "1.234.567,5"), (1000, "1.000"), (0, "0"), (Decimal("12.25"), "12,25"), (-2500, "-2.500"),
])
def test_number(value, expected):
    assert vi.number(value) == expected


def test_number_fixed_decimals():
    assert vi.number(3.14159, 2) == "3,14"
    assert vi.number(2, 1) == "2,0"


def test_percent():
    assert vi.percent(0.125) == "12,5%"
    assert vi.percent(1, 3) == "33,3%"
    assert vi.percent(50, 200) == "25%"
    assert vi.percent(1, 0) == "0%"
    assert vi.percent(2, 3, decimals=2) == "66,67%"


@pytest.mark.parametrize("amount, words", [
    (0, "không"),
    (5, "năm"),
    (10, "mười"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (21, "hai mươi mốt"),
    (24, "hai mươi tư"),
    (25, "hai mươi lăm"),
    (55, "năm mươi lăm"),
    (101, "một trăm linh một"),
    (104, "một trăm linh bốn"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (111, "một trăm mười một"),
    (1_000, "một nghìn"),
    (1_001, "một nghìn không trăm linh một"),
    (1_010, "một nghìn không trăm mười"),
    (21_000, "hai mươi mốt nghìn"),
    (1_000_000, "một triệu"),
    (1_000_010, "một triệu không trăm mười"),
    (1_234_567, "một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy"),
    (2_005_000_000, "hai tỷ không trăm linh năm triệu"),
    (1_000_000_000_000, "một nghìn tỷ"),
    (-21, "âm hai mươi mốt"),
])
def test_integer_words(amount, words):
    assert vi.integer_words(amount) == words


def test_money_words():
    assert vi.money_words(1010) == "một nghìn không trăm mười đồng"
    assert vi.money_words(105) == "một trăm linh năm đồng"
    assert vi.money_words(96_000_000, capitalize=True) == "Chín mươi sáu triệu đồng"
    with pytest.raises(ValueError):
        vi.money_words(Decimal("10.5"))


def test_nfc_normalises_and_drops_control_characters():
    decomposed = "Ho\u0302\u0300 Chi\u0301 Minh\x0b"
    assert vi.nfc(decomposed) == "Hồ Chí Minh"
    assert vi.nfc_deep({"a": ["Vie\u0302\u0323t"]}) == {"a": ["Việt"]}


def test_upper_keeps_vietnamese_letters():
    assert vi.upper_vi("ủy ban nhân dân đồng tháp") == "ỦY BAN NHÂN DÂN ĐỒNG THÁP"
