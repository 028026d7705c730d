"""Issue a draft: take the next number, render the final document, record it — one transaction.

Order inside the transaction: lock the series → read the next number → render → write the file
(temp + rename, flushed to disk) → insert the row → commit. A failure before the commit rolls the
number back; a process killed after the rename but before the commit leaves a file the register
does not know, and the next issue takes the same number (and, for the same output name, the
same file): no gap, no duplicate, no row without its document.
"""

from __future__ import annotations

import hashlib
import os
from datetime import date
from pathlib import Path
from typing import Callable

from sqlalchemy.engine import Engine

from docgen import vietnamese as vi
from docgen.model.ban_sao import BanSao
from docgen.model.van_ban import CoQuan, VanBan
from docgen.register import store
from docgen.atomic import write_temporary
from docgen.render.docx_renderer import render_bytes, template_path


COPY_SERIES = "ban-sao"   # SY, SL and TrS share one series, from 01 each year (PL1 Phần II.II.1.c)


class LoiCapSo(Exception):
    """A document that cannot be issued as it is (already numbered, …)."""


def series_of(document: VanBan) -> str:
    if document.mat:
        return "mat"
    if document.co_quan.danh_so == "theo-loai":
        return document.loai.viet_tat or "cong-van"
    return "chung"


def agency_of(document: VanBan) -> str:
    return agency_key(document.co_quan)


def agency_key(co_quan: CoQuan) -> str:
    return co_quan.ma or f"{co_quan.viet_tat}-{co_quan.dia_danh}"


def issue(document: VanBan, output: Path, engine: Engine, when: date | None = None,
          templates_dir: Path | None = None) -> store.Entry:
    if document.so is not None:
        raise LoiCapSo(f"văn bản đã có số {document.so}: docgen issue cấp số cho dự thảo (bỏ trường 'so')")
    day = when or document.ngay or date.today()
    if document.nam and document.nam != day.year and when is None and document.ngay is None:
        raise LoiCapSo(f"dự thảo ghi năm {document.nam} nhưng ngày ban hành là {day:%d/%m/%Y}: "
                       "ghi ngày ban hành bằng --ngay")
    agency, series, year = agency_of(document), series_of(document), day.year
    template = template_path(document, templates_dir)
    target = str(Path(output).resolve())
    with engine.begin() as connection:
        number = _take_number(connection, agency, series, day, target, output)
        final = document.model_copy(update={"so": number, "ngay": day, "nam": None})
        data = render_bytes(final, template)
        values = dict(
            co_quan=agency, day_so=series, nam=year, so=number,
            ky_hieu=f"{vi.document_number(number)}/{final.ky_hieu_day_du}", loai=final.loai.ma,
            trich_yeu=final.trich_yeu, ngay=day,
            nguoi_ky=final.nguoi_ky.ho_ten,
            noi_nhan="; ".join(final.noi_nhan), so_ban=final.so_ban,
            luu="VT" + (f", {final.luu}" if final.luu else ""), tep=target,
            sha256=hashlib.sha256(data).hexdigest(), nguoi_tao=store.who(), thoi_gian=store.now(),
            trang_thai=store.ISSUED, ly_do_huy=None,
        )
        _record_then_place(connection, values, output, data)
    return store.Entry(**{k: values[k] for k in store.Entry.__dataclass_fields__})


def issue_copy(ban_sao: BanSao, write: Callable[[BanSao], bytes], output: Path, engine: Engine,
               original_name: str) -> store.Entry:
    """Number a copy in the copies' own series and write it, in one transaction as `issue` does."""
    day = ban_sao.ngay or date.today()
    agency, target = agency_key(ban_sao.co_quan), str(Path(output).resolve())
    with engine.begin() as connection:
        number = _take_number(connection, agency, COPY_SERIES, day, target, output)
        final = ban_sao.model_copy(update={"so": number, "ngay": day, "nam": None})
        data = write(final)
        values = dict(
            co_quan=agency, day_so=COPY_SERIES, nam=day.year, so=number,
            ky_hieu=f"{vi.document_number(number)}/{final.ky_hieu}", loai=final.hinh_thuc,
            trich_yeu=f"{final.ten_hinh_thuc.capitalize()} {original_name}", ngay=day,
            nguoi_ky=final.nguoi_ky.ho_ten, noi_nhan="; ".join(final.noi_nhan), so_ban=None, luu=final.luu,
            tep=target, sha256=hashlib.sha256(data).hexdigest(), nguoi_tao=store.who(), thoi_gian=store.now(),
            trang_thai=store.ISSUED, ly_do_huy=None,
        )
        _record_then_place(connection, values, output, data)
    return store.Entry(**{k: values[k] for k in store.Entry.__dataclass_fields__})


def _record_then_place(connection, values: dict, output: Path, data: bytes) -> None:
    """Lengths checked, file flushed under its temporary name, row inserted, and only then the
    file renamed into place: a failing insert (a value too long for PostgreSQL, a full disk under
    SQLite) leaves neither the numbered file nor the row. The commit follows the rename; a
    process killed between the two leaves a file whose row `register verify` reports."""
    too_long = store.too_long(values)
    if too_long:
        raise LoiCapSo("giá trị quá dài cho sổ đăng ký: " + "; ".join(too_long))
    temp = write_temporary(output, data, durable=True)
    try:
        connection.execute(store.so_van_ban.insert().values(**values))
        os.replace(temp, output)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


SEPARATE_SERIES = ("mat", COPY_SERIES)    # kept apart whatever the numbering mode


def _refuse_mode_change(connection, agency: str, series: str, year: int) -> None:
    """One numbering mode per agency and year: switching `danh_so` between `chung` and `theo-loai`
    mid-year would give a second 01 (the decree numbers documents through the year)."""
    if series in SEPARATE_SERIES:
        return
    others = store.series_in_year(connection, agency, year) - set(SEPARATE_SERIES) - {series}
    if series == "chung" and others or series != "chung" and "chung" in others:
        used = "chung cho mọi loại" if "chung" in others else "riêng theo loại (" + ", ".join(sorted(others)) + ")"
        raise LoiCapSo(f"năm {year} cơ quan đã đánh số {used}: không đổi cách đánh số (danh_so) giữa năm; "
                       "sửa lại danh_so trong hồ sơ")


def _take_number(connection, agency: str, series: str, day: date, target: str, output: Path) -> int:
    """Lock the series, refuse to overwrite an issued file or to date back, and read the next number."""
    if day.year > date.today().year:
        raise LoiCapSo(f"ngày ban hành {day:%d/%m/%Y} thuộc năm sau: chỉ cấp số trong năm hiện tại")
    store.lock_series(connection, agency, series, day.year)
    _refuse_mode_change(connection, agency, series, day.year)
    closed_by = store.later_year(connection, agency, series, day.year)
    if closed_by is not None:
        raise LoiCapSo(f"năm {day.year} đã khóa sổ (dãy số đã có văn bản năm {closed_by}): không cấp số lùi năm")
    if Path(output).is_symlink():
        raise LoiCapSo(f"tệp {output} là một liên kết (symlink): chọn tên tệp thật (-o) để số và tệp khớp nhau")
    store.lock_file(connection, target)
    owner = store.recorded_file(connection, target)
    if owner is not None:
        raise LoiCapSo(f"tệp {output} là văn bản {owner.ky_hieu} năm {owner.nam} đã ban hành: "
                       "chọn tên tệp khác (-o) để không ghi đè")
    last = store.last_issued(connection, agency, series, day.year)
    if last is not None and day < last.ngay:
        raise LoiCapSo(f"ngày ban hành {day:%d/%m/%Y} sớm hơn văn bản {last.ky_hieu} đã ban hành ngày "
                       f"{last.ngay:%d/%m/%Y}: số phải tăng theo ngày")
    return store.next_number(connection, agency, series, day.year)
