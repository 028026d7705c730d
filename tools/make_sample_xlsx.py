"""Regenerate samples/tang-cuong.xlsx from samples/tang-cuong.csv, as a clerk's Excel file would
be: dates as real date cells, numbers as numbers, a bold header row.

    python tools/make_sample_xlsx.py
"""
import csv
import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    with open(ROOT / "samples" / "tang-cuong.csv", encoding="utf-8") as stream:
        rows = list(csv.reader(stream, delimiter=";"))
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    sheet.append(rows[0])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows[1:]:
        values = list(row)
        values[0] = int(values[0])
        values[7] = int(values[7])
        values[8] = dt.datetime.strptime(values[8], "%d/%m/%Y")
        sheet.append([v if v != "" else None for v in values])
        sheet.cell(row=sheet.max_row, column=9).number_format = "dd/mm/yyyy"
    book.properties.creator = "docgen"
    book.properties.created = book.properties.modified = dt.datetime(2026, 1, 1)
    book.save(ROOT / "samples" / "tang-cuong.xlsx")


if __name__ == "__main__":
    main()
