"""Time expressions of plans (`quý III năm 2024`, `trước ngày 15 tháng 11 hàng năm`) → due dates.

A plan says when in words; a report needs dates. `due_dates(expression, year)` gives the dates on
which the task falls due *in that year* (none if it is not due that year). An expression this
module does not understand raises `KhongHieuThoiGian` — it is reported, never guessed.

Conventions: a month, quarter, half-year or year is due on its last day; `trước ngày 15 tháng 11`
is due on 14 November (the last day that is still *before* the 15th); `hàng năm`, `thường xuyên`
without a date are due at the end of each year, limited to the plan's phase (`Giai đoạn 2026 - 2030`)
when the task sits under one; `khi có yêu cầu` has no fixed date.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from docgen.vietnamese import nfc

ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
NO_DATE = ("khi có yêu cầu", "theo yêu cầu", "đột xuất", "khi cần thiết")


class KhongHieuThoiGian(ValueError):
    """A time expression that cannot be turned into dates."""


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _quarter_end(year: int, quarter: int) -> date:
    return _month_end(year, quarter * 3)


def _normal(expression: str) -> str:
    text = nfc(expression).lower().strip().rstrip(".;,")
    text = re.sub(r"^thời gian thực hiện\s*:\s*", "", text)
    text = text.replace("hằng", "hàng").replace("–", "-")
    text = re.sub(r"^(trong|vào|trước|từ)\s+(?=(năm|quý|tháng|\d|6 tháng))", r"\1 ", text)
    return " ".join(text.split())


def _years(text: str) -> list[int]:
    return [int(y) for y in re.findall(r"\b(19\d\d|20\d\d|21\d\d)\b", text)]


def phase_years(title: str | None) -> tuple[int, int] | None:
    """`Giai đoạn 2024 - 2025:` → (2024, 2025)."""
    if not title:
        return None
    found = re.search(r"giai đoạn\s+(\d{4})\s*-\s*(\d{4})", nfc(title).lower())
    return (int(found.group(1)), int(found.group(2))) if found else None


def due_dates(expression: str, year: int, phase: tuple[int, int] | None = None) -> list[date]:
    """The due dates of `expression` that fall in `year` (a list: `quý III, IV` has two)."""
    text = _normal(expression)
    if not text:
        raise KhongHieuThoiGian("thời gian trống")
    in_phase = phase is None or phase[0] <= year <= phase[1]
    every_year = "hàng năm" in text or "thường xuyên" in text
    if any(words in text for words in NO_DATE):
        return []

    # "trước ngày 15 tháng 11 hàng năm", "trước ngày 05 tháng 3 năm 2024", "ngày 30 tháng 6 năm 2024"
    day = re.search(r"(trước\s+)?ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?", text)
    if day:
        before, d, m, y = day.group(1), int(day.group(2)), int(day.group(3)), day.group(4)
        target_year = int(y) if y else year
        if not y and not every_year:
            raise KhongHieuThoiGian(f"«{expression}»: ngày {d} tháng {m} không ghi năm, cũng không ghi «hàng năm»")
        try:
            due = date(target_year, m, d) - timedelta(days=1 if before else 0)
        except ValueError:
            raise KhongHieuThoiGian(f"«{expression}»: ngày {d} tháng {m} không có thật") from None
        return [due] if due.year == year and (y or in_phase) else []

    # "6 tháng đầu năm", "6 tháng cuối năm 2025"
    half = re.search(r"6 tháng (đầu|cuối) năm", text)
    if half:
        years = _years(text)
        if years and year not in years or not years and not in_phase:
            return []
        return [_month_end(year, 6 if half.group(1) == "đầu" else 12)]

    # several periods each with its own year: "quý IV năm 2024 và quý I năm 2025",
    # "tháng 12 năm 2024 đến tháng 3 năm 2025" (a range: due at its end)
    dated = re.findall(r"((?:quý|tháng)[^n]*?)\s*năm\s+(\d{4})", text)
    if len(dated) > 1 and len({y for _, y in dated}) > 1:
        if re.search(r"\bđến\b|\s-\s", text):
            dated = dated[-1:]
        out: list[date] = []
        for clause, clause_year in dated:
            out += due_dates(f"{clause} năm {clause_year}", year, phase)
        return sorted(set(out))

    # "quý III năm 2024", "quý III, IV năm 2024", "quý II và quý III hàng năm", "hàng quý"
    if "hàng quý" in text:
        return [_quarter_end(year, q) for q in range(1, 5)] if in_phase else []
    if "quý" in text:
        quarters = re.findall(r"\b(iv|iii|ii|i|[1-4])\b", text.split("năm")[0].replace("quý", " "))
        numbers = sorted({ROMAN_QUARTERS[q] for q in quarters})
        if not numbers or re.search(r"quý\s+(v|vi|[5-9])\b", text):
            raise KhongHieuThoiGian(f"«{expression}»: không đọc được quý (I, II, III, IV)")
        return _in_years(text, year, in_phase, every_year, expression,
                         lambda y: [_quarter_end(y, q) for q in numbers])

    # "từ tháng 7 đến tháng 9 năm 2024", "tháng 6 năm 2024", "tháng 6 và tháng 7 hàng năm", "hàng tháng"
    if "hàng tháng" in text:
        return [_month_end(year, m) for m in range(1, 13)] if in_phase else []
    months = [int(m) for m in re.findall(r"tháng\s+(\d{1,2})", text)]
    if months:
        if any(not 1 <= m <= 12 for m in months):
            raise KhongHieuThoiGian(f"«{expression}»: tháng không hợp lệ")
        if re.search(r"\bđến\b|tháng\s+\d{1,2}\s*-\s*tháng", text):
            months = [months[-1]]  # a range is due at its end
        return _in_years(text, year, in_phase, every_year, expression,
                         lambda y: [_month_end(y, m) for m in sorted(set(months))])

    # "giai đoạn 2024 - 2030": due at the end of the phase
    phase_range = re.search(r"(\d{4})\s*-\s*(\d{4})", text)
    if phase_range and "giai đoạn" in text:
        return [date(year, 12, 31)] if int(phase_range.group(2)) == year else []

    # "trong năm 2025", "năm 2024 và năm 2025", "hàng năm", "thường xuyên"
    years = _years(text)
    if years and re.fullmatch(r"(trong |vào )?(năm \d{4})(\s*(,|và)\s*(năm )?\d{4})*", text):
        return [date(year, 12, 31)] if year in years else []
    if every_year and re.fullmatch(r"(thường xuyên|hàng năm)(,?\s*(thường xuyên|hàng năm))?", text):
        return [date(year, 12, 31)] if in_phase else []
    raise KhongHieuThoiGian(f"không hiểu thời gian «{expression}»")


def _in_years(text, year, in_phase, every_year, expression, dates_of):
    years = _years(text)
    if years:
        return dates_of(year) if year in years else []
    if every_year:
        return dates_of(year) if in_phase else []
    raise KhongHieuThoiGian(f"«{expression}»: không ghi năm, cũng không ghi «hàng năm»")
