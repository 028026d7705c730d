"""Vietnamese formatting rules of NĐ 30/2020/NĐ-CP and of Vietnamese finance writing.

Everything that turns a value into the exact characters an official document shows
lives here: dates, document numbers, labels (I., 1., a), đ)), numbers, percentages and
money in words. Pure functions, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal
from typing import Any


LOCALE = "vi_VN"

# NĐ 30 PL1 mục II khoản 5: points use the Vietnamese alphabet; letters with marks
# (ă â ê ô ơ ư) and the foreign f j w z are skipped.
POINT_LETTERS = tuple("abcdđeghiklmnopqrstuvxy")

DRAFT_BLANK = "     "  # what a clerk leaves empty until the number/date is assigned


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def nfc(text: str) -> str:
    """Unicode NFC (TCVN 6909:2001 requires precomposed characters), without the control
    characters that spreadsheets leave behind and that XML cannot carry."""
    if not text.isprintable():          # printable text has no control character (most cells)
        text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


# What XML 1.0 cannot carry and stripping would silently change: noncharacters and lone surrogates.
_FORBIDDEN = re.compile("[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


def first_forbidden(value: Any, location: tuple = ()) -> tuple[tuple, str] | None:
    """(where, character) of the first character a .docx cannot hold, in nested data."""
    if isinstance(value, str):
        found = _FORBIDDEN.search(value)
        return (location, found.group()) if found else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found = first_forbidden(key, location) if isinstance(key, str) else None
        found = found or first_forbidden(item, location + (key,))
        if found:
            return found
    return None


def nfc_deep(value: Any) -> Any:
    """NFC-normalise every string inside nested dicts/lists (keys included)."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return {nfc_deep(k): nfc_deep(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nfc_deep(v) for v in value]
    return value


def upper_vi(text: str) -> str:
    """Upper case that keeps Vietnamese letters composed (ủy → ỦY, đ → Đ)."""
    return nfc(text.upper())


# --- dates and numbers of the form (ô 3, ô 4) ---------------------------------------


def day_text(day: int) -> str:
    return f"{day:02d}"


def month_text(month: int) -> str:
    """Months 1 and 2 take a leading zero, 3–12 do not (PL1: `tháng 01`, `tháng 4`)."""
    return f"{month:02d}" if month < 3 else str(month)


def date_words(value: date | None, year: int | None = None) -> str:
    """`ngày 05 tháng 4 năm 2024`; a draft without a date keeps blanks for the clerk."""
    if value is None:
        shown_year = str(year) if year else DRAFT_BLANK
        return f"ngày{DRAFT_BLANK}tháng{DRAFT_BLANK}năm {shown_year}".rstrip()
    return f"ngày {day_text(value.day)} tháng {month_text(value.month)} năm {value.year}"


def place_date_line(place: str, value: date | None, year: int | None = None) -> str:
    """Ô 4: `Cần Thơ, ngày 12 tháng 6 năm 2024`."""
    return f"{place}, {date_words(value, year)}"


def document_number(number: int | None) -> str:
    """Numbers 1–9 are written 01–09; a draft shows blanks."""
    if number is None:
        return DRAFT_BLANK
    if number < 1:
        raise ValueError("số văn bản phải từ 1 trở lên")
    return f"{number:02d}"


def number_line(number: int | None, symbol: str) -> str:
    """Ô 3: `Số: 117/KH-UBND`, or `Số:      /KH-UBND` for a draft."""
    return f"Số: {document_number(number)}/{symbol}"


def citation(type_name: str, number: int, symbol: str, value: date) -> str:
    """How another document is cited: `Kế hoạch số 117/KH-UBND ngày 12 tháng 6 năm 2024`."""
    return f"{type_name} số {document_number(number)}/{symbol} {date_words(value)}"


# --- labels of the body tree --------------------------------------------------------

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(number: int) -> str:
    if not 1 <= number <= 3999:
        raise ValueError(f"không viết được số La Mã cho {number}")
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def point_letter(index: int) -> str:
    """1 → a, 5 → đ, 6 → e … 23 → y. A point list longer than the alphabet is an error."""
    if not 1 <= index <= len(POINT_LETTERS):
        raise ValueError(f"một khoản chỉ có tối đa {len(POINT_LETTERS)} điểm (a đến y), đang có {index}")
    return POINT_LETTERS[index - 1]


# --- numbers, percentages, money ----------------------------------------------------


def number(value: int | float | Decimal, decimals: int | None = None) -> str:
    """`1.234.567,5`: dot groups thousands, comma marks decimals."""
    pattern = "#,##0.###" if decimals is None else "#,##0." + "0" * decimals if decimals else "#,##0"
    return _format_decimal(value, pattern)


def percent(part: float | Decimal, whole: float | Decimal | None = None, decimals: int = 1) -> str:
    """`12,5%` from a ratio (0.125) or from part and whole; trailing zeros dropped."""
    if whole is not None:
        if whole == 0:
            return "0%"
        ratio = Decimal(str(part)) / Decimal(str(whole))
    else:
        ratio = Decimal(str(part))
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return _format_decimal(ratio * 100, pattern) + "%"


def _format_decimal(value, pattern: str) -> str:
    # babel and its locale data cost every command ≈ 6 ms to import; most documents print no number
    from babel.numbers import format_decimal

    return format_decimal(value, format=pattern, locale=LOCALE)


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUP_NAMES = ("", "nghìn", "triệu")


def _three_digits(value: int, full: bool) -> str:
    """Read 0–999. `full` reads the hundreds even when zero (`không trăm`), as finance
    does for every group after the first (1.010 → một nghìn không trăm mười)."""
    hundreds, rest = divmod(value, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")
            words.append(_DIGITS[units])
        return " ".join(words)
    if tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 4 and tens > 1:
        words.append("tư")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return " ".join(words)


def _below_billion(value: int, leading: bool) -> list[str]:
    groups = []
    while value:
        value, group = divmod(value, 1000)
        groups.append(group)
    words: list[str] = []
    for position in range(len(groups) - 1, -1, -1):
        group = groups[position]
        if group == 0:
            continue
        first = leading and not words
        words.append(_three_digits(group, full=not first))
        if _GROUP_NAMES[position]:
            words.append(_GROUP_NAMES[position])
    return words


def integer_words(value: int) -> str:
    """Read a whole number the Vietnamese way: 21 → hai mươi mốt, 105 → một trăm linh năm."""
    if value < 0:
        return "âm " + integer_words(-value)
    if value == 0:
        return _DIGITS[0]
    return " ".join(_words(value, leading=True))


def _words(value: int, leading: bool) -> list[str]:
    # Above a billion the reading repeats: 1.000 tỷ is "một nghìn tỷ".
    billions, rest = divmod(value, 1_000_000_000)
    if not billions:
        return _below_billion(rest, leading)
    return _words(billions, leading) + ["tỷ"] + _below_billion(rest, leading=False)


def money_words(amount: int | Decimal, capitalize: bool = False) -> str:
    """`một nghìn không trăm mười đồng`; the đồng has no subunit in use."""
    if Decimal(amount) != Decimal(int(amount)):
        raise ValueError("số tiền bằng chữ chỉ đọc số nguyên đồng")
    text = integer_words(int(amount)) + " đồng"
    return text[0].upper() + text[1:] if capitalize else text


LEVEL_WORDS = ("thành phố", "tỉnh", "xã", "phường", "đặc khu", "quận", "huyện", "thị xã", "thị trấn")
COUNCILS = ("ủy ban nhân dân", "uỷ ban nhân dân", "hội đồng nhân dân")


def agency_name(lines: list[str]) -> str:
    """An agency's name lines as a sentence writes them: `ỦY BAN NHÂN DÂN / THÀNH PHỐ CẦN THƠ` →
    `Ủy ban nhân dân thành phố Cần Thơ` (the place keeps its capitals, the common words do not)."""
    text = " ".join(" ".join(lines).split()).lower()
    if text.startswith(COUNCILS):
        for level in LEVEL_WORDS:
            found = re.search(rf"\b{level} (.+)$", text)
            if found:
                place = " ".join(word[:1].upper() + word[1:] for word in found.group(1).split())
                text = f"{text[:found.start()]}{level} {place}"
                break
    return text[:1].upper() + text[1:]


def ve_viec(summary: str) -> str:
    """A công văn's trích yếu as printed under its number: `V/v cử cán bộ tham gia …`."""
    summary = " ".join(summary.split())
    if re.match(r"^(V/v|Về việc)\b", summary, re.IGNORECASE):
        summary = re.sub(r"^(V/v|Về việc)\s*", "", summary, flags=re.IGNORECASE)
    first = summary.split()[0] if summary else ""
    if first and not first.isupper():        # `Cử cán bộ` → `cử cán bộ`; `UBND …` keeps its capitals
        summary = summary[:1].lower() + summary[1:]
    return "V/v " + summary
