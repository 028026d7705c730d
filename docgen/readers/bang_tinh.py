"""Read a list (CSV or XLSX) the way clerks keep it, one row at a time.

Headers may be Vietnamese with diacritics (`Họ và tên`), snake_case (`ho_ten`), any case, extra
spaces; CSV may be UTF-8, UTF-8 with BOM (Excel) or Windows-1258, `;` or `,` separated. Rows are
streamed — a second pass re-opens the file — so memory stays flat in the number of rows.
"""

from __future__ import annotations

import csv
import re
import unicodedata
import warnings
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from docgen.errors import LoiDuLieu
from docgen.readers import xlsx_texts
from docgen.vietnamese import nfc

EXCEL_EPOCH = date(1899, 12, 30)


@lru_cache(maxsize=1024, typed=True)     # also every row's yes/no and Nam/Nữ cells, which repeat
def header_key(text: Any) -> str:
    """`  Họ và  Tên ` → `ho_va_ten`; `Thời gian (tháng)` → `thoi_gian_thang`."""
    text = nfc(str(text or "")).strip().lower().replace("đ", "d")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


@dataclass
class Table:
    path: Path
    headers: list[str]              # as written in the file
    fields: list[str | None]        # the field each column feeds, None if unused
    header_row: int
    delimiter: str = ","            # CSV only

    def column_of(self, field: str) -> str:
        """The header a clerk wrote for `field` (for error messages)."""
        for header, mapped in zip(self.headers, self.fields):
            if mapped == field:
                return header
        return field

    def rows(self) -> Iterator[tuple[int, dict]]:
        """(row number as the spreadsheet shows it, {field: value}) for every non-empty row."""
        for number, values in _raw_rows(self.path, self.header_row + 1, self.delimiter):
            if all(v is None or str(v).strip() == "" for v in values):
                continue
            record: dict = {}
            for field, value in zip(self.fields, values):
                # two columns for one field (a header written twice, or two of its names): the
                # first one that has a value counts
                if field is not None and record.get(field) is None:
                    record[field] = _clean(value)
            yield number, record


def _clean(value: Any) -> Any:
    """A cell's value as a field takes it (its text already NFC: `_raw_rows`)."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


HEADER_SEARCH = 15  # a title such as "DANH SÁCH CÁN BỘ …" may sit above the header row


def open_table(path: Path | str, aliases: dict[str, str], mapping: dict[str, str] | None = None) -> Table:
    """Find the header row and map its columns to fields.

    The header is the row among the first ones that names the most known columns (a list often
    has a title above it); for CSV the separator is chosen with it. `aliases` maps header keys
    (see `header_key`) to fields; `mapping` (from the base file) maps a field to the header a
    particular office uses, and wins over the aliases."""
    path = Path(path)
    lookup = dict(aliases)
    for field, header in (mapping or {}).items():
        lookup[header_key(header)] = field
    best = None  # (known columns, -row, row, delimiter, values)
    for delimiter in _delimiters(path):
        for number, values in _raw_rows(path, 1, delimiter):
            if number > HEADER_SEARCH:
                break
            if not any(v is not None and str(v).strip() for v in values):
                continue
            known = sum(1 for v in values if lookup.get(header_key(v)))
            candidate = (known, -number, number, delimiter, values)
            if best is None or candidate[:2] > best[:2]:
                best = candidate
    if best is None:
        raise LoiDuLieu.mot(path, "tệp không có dòng tiêu đề nào")
    _, _, number, delimiter, values = best
    headers = [nfc(str(v or "")).strip() for v in values]
    return Table(path, headers, [lookup.get(header_key(h)) for h in headers], number, delimiter)


def may_have_columns(path: Path, aliases: dict[str, str], fields: tuple[str, ...]) -> bool:
    """False when `path` is a workbook that cannot have a header for every one of `fields` (none of
    its texts names one of them): told without openpyxl. True otherwise, and whenever unsure."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return True
    found = xlsx_texts.texts(path)
    if found is None:
        return True
    named = {aliases.get(header_key(text)) for text in found}
    return all(field in named for field in fields)


def _delimiters(path: Path) -> tuple[str, ...]:
    return (";", ",", "\t") if path.suffix.lower() in (".csv", ".txt") else (",",)


def _raw_rows(path: Path, start: int, delimiter: str = ",") -> Iterator[tuple[int, list]]:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        yield from _xlsx_rows(path, start)
    elif suffix in (".csv", ".txt"):
        yield from _csv_rows(path, start, delimiter)
    else:
        raise LoiDuLieu.mot(path, "chỉ đọc được tệp .csv hoặc .xlsx")


def _xlsx_rows(path: Path, start: int) -> Iterator[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():     # openpyxl warns on stderr about cells it reads as errors
            warnings.simplefilter("ignore")
            workbook = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise LoiDuLieu.mot(path, "không tìm thấy tệp") from None
    except Exception as exc:
        raise LoiDuLieu.mot(path, f"không mở được tệp Excel ({type(exc).__name__})") from None
    try:
        sheet = _visible_active_sheet(workbook)
        rows = sheet.iter_rows(min_row=start, values_only=True)
        number = start
        while True:
            try:
                with warnings.catch_warnings():   # a date beyond Excel's calendar: the row reports it
                    warnings.simplefilter("ignore")
                    values = next(rows)
            except StopIteration:
                break
            except (ValueError, OverflowError, TypeError):     # a date cell beyond Excel's calendar
                raise LoiDuLieu.mot(path, "ô ngày ngoài phạm vi (không đổi được thành ngày)", number) from None
            yield number, [nfc(v) if isinstance(v, str) else v for v in values]
            number += 1
    finally:
        workbook.close()


def _visible_active_sheet(workbook):
    """The sheet the clerk sees on opening: the active one, unless hidden; then the first visible."""
    active = workbook.active
    if active is not None and getattr(active, "sheet_state", "visible") == "visible":
        return active
    for sheet in workbook.worksheets:
        if getattr(sheet, "sheet_state", "visible") == "visible":
            return sheet
    return workbook.worksheets[0]


MAX_LIST_BYTES = 50 * 1024 * 1024   # a list of 100,000 people is a few MB
# A UTF-8 multi-byte sequence; in a Windows-1258 file such byte pairs are (nearly) never written.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) if the whole file decodes as such; Windows-1258 if no byte of it
    is UTF-8; a file of both (a row pasted from another program) is refused at its first bad line
    rather than read as mojibake."""
    try:
        if path.stat().st_size > MAX_LIST_BYTES:
            raise LoiDuLieu.mot(path, f"tệp quá lớn (tối đa {MAX_LIST_BYTES // 1024 // 1024} MB)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise LoiDuLieu.mot(path, "không tìm thấy tệp") from None
    except OSError as exc:
        raise LoiDuLieu.mot(path, f"không đọc được tệp ({exc.strerror})") from None
    try:
        data.decode("utf-8")
        return "utf-8-sig"
    except UnicodeDecodeError as exc:
        if _UTF8_SEQUENCE.search(data) is None:
            return "cp1258"  # a charmap: every byte decodes, tone marks arrive as combining characters
        line = data.count(b"\n", 0, exc.start) + 1
        raise LoiDuLieu.mot(path, "tệp lẫn hai bảng mã (UTF-8 và mã khác): hãy lưu lại tệp dạng "
                                  "CSV UTF-8 trong Excel", line) from None


def _swallowed_rows(value: str, delimiter: str) -> bool:
    """A cell holding whole rows of the list (a line break, then two or more separators on a line):
    an opening quote never closed. An address on two lines inside one cell is not that."""
    return "\n" in value and any(line.count(delimiter) >= 2 for line in value.split("\n")[1:])


def _csv_rows(path: Path, start: int, delimiter: str) -> Iterator[tuple[int, list]]:
    encoding = _encoding(path)
    with open(path, encoding=encoding, newline="") as stream:
        reader = csv.reader(stream, delimiter=delimiter, strict=True)
        number = 0
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise LoiDuLieu.mot(path, f"dòng CSV hỏng ({exc}); kiểm tra dấu nháy kép", number + 1) from None
            number += 1
            if any(_swallowed_rows(v, delimiter) for v in values):
                raise LoiDuLieu.mot(path, "dấu nháy kép chưa đóng: các dòng sau bị gộp vào một ô", number)
            if number >= start:
                yield number, [nfc(v) for v in values]


# --- values -----------------------------------------------------------------------------------


SERIAL_RANGE = (32874, 73415)   # Excel serials of 1/1/1990 and 31/12/2100


def parse_date(value: Any) -> date:
    """`05/4/2024`, `2024-04-05`, an Excel date cell, or an Excel serial number (`45387`)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) or (isinstance(value, str) and re.fullmatch(r"\d{5}(\.0+)?", value.strip())):
        serial = int(float(value))                             # an Excel serial, maybe saved as "45870.0"
        if not SERIAL_RANGE[0] <= serial <= SERIAL_RANGE[1]:
            raise ValueError(f"ngày '{value}' ngoài phạm vi (năm 1990 đến 2100)")
        return EXCEL_EPOCH + timedelta(days=serial)
    return _date_text(str(value).strip())


@lru_cache(maxsize=4096)     # a list repeats its dates (start of the month, of the term)
def _date_text(text: str) -> date:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"ngày '{text}' không hợp lệ (viết dạng 05/4/2024 hoặc 2024-04-05)")


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    text = header_key(value)
    if text in ("", "0", "khong", "no", "false", "f", "n"):
        return False
    if text in ("1", "x", "co", "yes", "true", "t", "y", "dung"):
        return True
    raise ValueError(f"'{value}' không hiểu là có hay không (ghi: có / không, hoặc x)")
