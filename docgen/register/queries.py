"""Reading and keeping the register: list, show, cancel, export to a paper-register sheet."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import or_, select, update
from sqlalchemy.engine import Engine

from docgen import vietnamese as vi
from docgen.atomic import write_atomic
from docgen.model.loai import LOAI_VAN_BAN
from docgen.register import store
from docgen.register.store import so_van_ban as T


class KhongTimThay(Exception):
    """No register entry matches."""


def _type_filter(kind: str | None):
    """`--type QĐ` (abbreviation) or `--type quyet-dinh` (slug)."""
    if kind is None:
        return None
    for loai in LOAI_VAN_BAN.values():
        if kind in (loai.ma, loai.viet_tat):
            return loai.ma
    return kind


def entries(engine: Engine, year: int | None = None, kind: str | None = None,
            agency: str | None = None) -> list[store.Entry]:
    """Entries in register order; of one year, type, agency (its identity or profile key) if asked."""
    query = select(T).order_by(T.c.nam, T.c.co_quan, T.c.day_so, T.c.so)
    if agency is not None:
        query = query.where(or_(T.c.co_quan == agency, T.c.ma_co_quan == agency))
    if year is not None:
        query = query.where(T.c.nam == year)
    if kind is not None:
        query = query.where(T.c.loai == _type_filter(kind))
    with engine.connect() as connection:
        return [store.Entry.of(row) for row in connection.execute(query)]


def find(engine: Engine, ky_hieu: str, year: int | None = None, series: str | None = None,
         agency: str | None = None) -> store.Entry:
    query = select(T).where(T.c.ky_hieu == ky_hieu.strip())
    if agency is not None:
        query = query.where(or_(T.c.co_quan == agency, T.c.ma_co_quan == agency))
    if year is not None:
        query = query.where(T.c.nam == year)
    if series is not None:
        query = query.where(T.c.day_so == series)
    with engine.connect() as connection:
        rows = [store.Entry.of(row) for row in connection.execute(query)]
    if not rows:
        raise KhongTimThay(f"không có văn bản {ky_hieu}" + (f" năm {year}" if year else "") + " trong sổ")
    if len(rows) > 1:
        places = ", ".join(f"năm {e.nam} dãy số {e.day_so} ({e.agency_label})" for e in rows)
        raise KhongTimThay(f"có nhiều văn bản {ky_hieu}: {places}; chọn bằng --year / --day-so / --co-quan")
    return rows[0]


def cancel(engine: Engine, ky_hieu: str, reason: str, year: int | None = None,
           series: str | None = None, agency: str | None = None, by: str | None = None) -> store.Entry:
    """Mark a number cancelled; it stays in the register and is never given again."""
    entry = find(engine, ky_hieu, year, series, agency)
    if entry.trang_thai == store.CANCELLED:
        raise KhongTimThay(f"văn bản {ky_hieu} năm {entry.nam} đã hủy trước đó ({entry.ly_do_huy})")
    if entry.trang_thai == store.WRITING:
        raise KhongTimThay(f"văn bản {ky_hieu} năm {entry.nam} đang được ghi; nếu lần cấp số đó đã dừng, "
                           "chạy docgen register verify --sua trước")
    with engine.begin() as connection:
        connection.execute(update(T).where(T.c.ky_hieu == entry.ky_hieu, T.c.nam == entry.nam,
                                           T.c.co_quan == entry.co_quan, T.c.day_so == entry.day_so)
                           .values(trang_thai=store.CANCELLED, ly_do_huy=vi.nfc(reason).strip(),
                                   nguoi_huy=by or store.who()))
    return find(engine, ky_hieu, entry.nam, entry.day_so, entry.co_quan)


PAPER_COLUMNS = ["Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung văn bản",
                 "Người ký", "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ghi chú"]


def _cell_text(value: str) -> str:
    """Characters a worksheet cannot hold (a control character pasted into a cancel reason) are
    dropped, not fatal to every later export."""
    text = vi.nfc(value or "")
    return "".join(ch for ch in text if ch not in "\ufffe\uffff" and not "\ud800" <= ch <= "\udfff")


def _as_text(row) -> None:
    """openpyxl stores a string starting with `=` as a formula: a recipient written
    `=HYPERLINK(…)` would be live in the clerk's Excel. Keep it a string, shown as typed."""
    for cell in row:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"
            cell.quotePrefix = True


def export_xlsx(engine: Engine, target: Path, year: int | None = None, agency: str | None = None) -> int:
    """The register laid out as the paper outgoing register (NĐ 30 Phụ lục IV)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    book = Workbook()
    sheet = book.active
    sheet.title = f"Sổ văn bản đi {year}" if year else "Sổ văn bản đi"
    title = "SỔ ĐĂNG KÝ VĂN BẢN ĐI" + (f" NĂM {year}" if year else "")
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(PAPER_COLUMNS))
    sheet["A1"].font = Font(name="Times New Roman", size=14, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(PAPER_COLUMNS)
    thin = Side(style="thin")
    rows = entries(engine, year, agency=agency)
    for entry in rows:
        kind = LOAI_VAN_BAN[entry.loai].ten if entry.loai in LOAI_VAN_BAN else entry.loai
        note = f"Đã hủy: {entry.ly_do_huy}" if entry.trang_thai == store.CANCELLED else ""
        sheet.append([_cell_text(v) for v in (entry.ky_hieu, entry.ngay.strftime("%d/%m/%Y"),
                      f"{kind}: {entry.trich_yeu}", entry.nguoi_ky, entry.noi_nhan, entry.luu or "")]
                     + [entry.so_ban, _cell_text(note)])
        _as_text(sheet[sheet.max_row])
    widths = [16, 12, 60, 22, 40, 18, 10, 24]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[chr(64 + index)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.font = Font(name="Times New Roman", size=12, bold=cell.row == 2)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    import io
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomic(target, buffer.getvalue())
    return len(rows)
