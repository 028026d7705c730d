"""Issue a draft: reserve its number in the register, write its file, mark it issued.

The protocol, so that every interruption leaves the register and the folder in agreement:
1. one transaction under the series lock: settle rows that earlier, interrupted issues left
   (register/recovery.py), check the date and the output path, take the next number, render,
   check the lengths, and record the document as `dang-ghi` (being written) with its hash;
2. the file written and flushed under its temporary name, then renamed into place;
3. a second transaction marks the row issued.
A failure in 2 withdraws the row at once; a process killed anywhere leaves either nothing, or a
`dang-ghi` row that the next issue in the series (or `register verify --sua`) finishes — the file
is in place with its hash — or withdraws, giving the number again. So a number printed in a file
always has its row, an issued row always has its file, and no number is given twice.
"""

from __future__ import annotations

import hashlib
import os
from datetime import date
from pathlib import Path
from typing import Callable

from sqlalchemy.engine import Engine

from docgen import vietnamese as vi
from docgen.atomic import sync_folder, write_temporary
from docgen.model.ban_sao import BanSao
from docgen.model.van_ban import CoQuan, VanBan
from docgen.register import recovery, store
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
    """Who numbers: the agency as its name is printed (chủ quản, then its own name), not the profile
    key — two clerks' profiles of one agency share its series, and renaming a key restarts nothing."""
    own = " ".join(" ".join(co_quan.ten).split())
    parent = " ".join(" ".join(co_quan.chu_quan).split())
    return vi.nfc(f"{parent} / {own}" if parent else own)


Prepared = tuple[bytes, dict]     # the final file's bytes and what the register records of it


def issue(document: VanBan, output: Path, engine: Engine, when: date | None = None,
          templates_dir: Path | None = None, by: str | None = None) -> store.Entry:
    """Issue `document` to `output`; `by` names who did it (the web app's user), else user@host."""
    if document.so is not None:
        raise LoiCapSo(f"văn bản đã có số {document.so}: docgen issue cấp số cho dự thảo (bỏ trường 'so')")
    day = when or document.ngay or date.today()
    if document.nam and document.nam != day.year and when is None and document.ngay is None:
        raise LoiCapSo(f"dự thảo ghi năm {document.nam} nhưng ngày ban hành là {day:%d/%m/%Y}: "
                       "ghi ngày ban hành bằng --ngay")
    template = template_path(document, templates_dir)

    def prepare(number: int) -> Prepared:
        final = document.model_copy(update={"so": number, "ngay": day, "nam": None})
        return render_bytes(final, template), dict(
            ky_hieu=f"{vi.document_number(number)}/{final.ky_hieu_day_du}", loai=final.loai.ma,
            trich_yeu=final.trich_yeu, nguoi_ky=final.nguoi_ky.ho_ten, noi_nhan="; ".join(final.noi_nhan),
            so_ban=final.so_ban, luu="VT" + (f", {final.luu}" if final.luu else ""))

    return _issue(engine, document.co_quan, series_of(document), day, output, prepare, by)


def issue_copy(ban_sao: BanSao, write: Callable[[BanSao], bytes], output: Path, engine: Engine,
               original_name: str) -> store.Entry:
    """Number a copy in the copies' own series and write it, by the same protocol as `issue`."""
    day = ban_sao.ngay or date.today()

    def prepare(number: int) -> Prepared:
        final = ban_sao.model_copy(update={"so": number, "ngay": day, "nam": None})
        return write(final), dict(
            ky_hieu=f"{vi.document_number(number)}/{final.ky_hieu}", loai=final.hinh_thuc,
            trich_yeu=f"{final.ten_hinh_thuc.capitalize()} {original_name}", nguoi_ky=final.nguoi_ky.ho_ten,
            noi_nhan="; ".join(final.noi_nhan), so_ban=None, luu=final.luu)

    return _issue(engine, ban_sao.co_quan, COPY_SERIES, day, output, prepare)


def _issue(engine: Engine, co_quan: CoQuan, series: str, day: date, output: Path,
           prepare: Callable[[int], Prepared], by: str | None = None) -> store.Entry:
    agency, target = agency_key(co_quan), str(Path(output).resolve())
    with engine.connect() as connection:
        with connection.begin():
            store.lock_series(connection, agency, series, day.year)
            store.adopt_profile_key(connection, agency, co_quan.ma)
            _refuse_renamed(connection, agency, co_quan.ma, day.year)
            recovery.recover(connection, (agency, series, day.year))
            number = _take_number(connection, agency, series, day, target, output)
            data, described = prepare(number)
            values = dict(co_quan=agency, ma_co_quan=co_quan.ma, day_so=series, nam=day.year, so=number, ngay=day,
                          tep=target, sha256=hashlib.sha256(data).hexdigest(), nguoi_tao=by or store.who(),
                          thoi_gian=store.now(), ly_do_huy=None, tien_trinh=store.writer_label(), **described)
            too_long = store.too_long(values)
            if too_long:
                raise LoiCapSo("giá trị quá dài cho sổ đăng ký: " + "; ".join(too_long))
            row_id = store.reserve(connection, values)
            store.hold_writer(connection, row_id)
        recovery.IN_FLIGHT.add(row_id)
        try:
            _place(connection, row_id, output, data)
            with connection.begin():
                if not store.finish(connection, row_id):
                    raise LoiCapSo(f"số {described['ky_hieu']} đã bị hủy trong lúc ghi tệp {output}")
        finally:
            recovery.IN_FLIGHT.discard(row_id)
            store.release_writer(connection, row_id)
    values.update(trang_thai=store.ISSUED, tien_trinh=None)
    return store.Entry(**{k: values.get(k) for k in store.Entry.__dataclass_fields__})


def _place(connection, row_id: int, output: Path, data: bytes) -> None:
    """The file flushed under its temporary name and renamed into place; if that fails, the
    reserved row is withdrawn at once (the number is given again)."""
    try:
        temp = write_temporary(output, data, durable=True)
        try:
            os.replace(temp, output)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
    except BaseException:
        with connection.begin():
            row = next((r for r in store.unfinished(connection) if r.id == row_id), None)
            if row is not None:
                store.lock_series(connection, row.co_quan, row.day_so, row.nam)
                store.withdraw(connection, row, recovery.INTERRUPTED)
        raise
    sync_folder(Path(output).parent)


SEPARATE_SERIES = ("mat", COPY_SERIES)    # kept apart whatever the numbering mode


def _refuse_mode_change(used: set[str], series: str, year: int) -> None:
    """One numbering mode per agency and year: switching `danh_so` between `chung` and `theo-loai`
    mid-year would give a second 01 (the decree numbers documents through the year)."""
    if series in SEPARATE_SERIES:
        return
    others = used - set(SEPARATE_SERIES) - {series}
    if series == "chung" and others or series != "chung" and "chung" in others:
        how = "chung cho mọi loại" if "chung" in others else "riêng theo loại (" + ", ".join(sorted(others)) + ")"
        raise LoiCapSo(f"năm {year} cơ quan đã đánh số {how}: không đổi cách đánh số (danh_so) giữa năm; "
                       "sửa lại danh_so trong hồ sơ")


def _refuse_renamed(connection, agency: str, key: str | None, year: int) -> None:
    """The series belongs to the agency's printed name: a name changed in the profile mid-year (a
    typo fixed) would start again at 01 under the new one."""
    before = store.other_names(connection, agency, key, year)
    if before:
        raise LoiCapSo(f"năm {year} cơ quan mã '{key}' đã cấp số dưới tên «{sorted(before)[0]}», nay hồ sơ ghi "
                       f"«{agency}»: dãy số theo tên cơ quan, đổi tên giữa năm sẽ cấp lại từ số 01; "
                       "giữ tên cũ đến hết năm, hoặc dùng mã mới nếu đây thật là một cơ quan khác")


def _take_number(connection, agency: str, series: str, day: date, target: str, output: Path) -> int:
    """Under the series lock: refuse to overwrite an issued file or to date back; the next number."""
    if day.year > date.today().year:
        raise LoiCapSo(f"ngày ban hành {day:%d/%m/%Y} thuộc năm sau: chỉ cấp số trong năm hiện tại")
    if day > date.today():     # a later date would hold every following number of the series back
        raise LoiCapSo(f"ngày ban hành {day:%d/%m/%Y} sau hôm nay: chỉ cấp số cho văn bản ban hành từ hôm nay trở về trước")
    used = store.series_from_year(connection, agency, day.year)
    _refuse_mode_change({name for name, year in used if year == day.year}, series, day.year)
    later = [year for name, year in used if name == series and year > day.year]
    if later:
        raise LoiCapSo(f"năm {day.year} đã khóa sổ (dãy số đã có văn bản năm {min(later)}): không cấp số lùi năm")
    if Path(output).is_symlink():
        raise LoiCapSo(f"tệp {output} là một liên kết (symlink): chọn tên tệp thật (-o) để số và tệp khớp nhau")
    store.lock_file(connection, target)
    owner = store.recorded_file(connection, target)
    if owner is not None and owner.trang_thai == store.WRITING and recovery.settle(connection, owner):
        owner = store.recorded_file(connection, target)    # another series' writer that died on this path
    if owner is not None:
        state = "đang được ghi" if owner.trang_thai == store.WRITING else "đã ban hành"
        raise LoiCapSo(f"tệp {output} là văn bản {owner.ky_hieu} năm {owner.nam} {state}: "
                       "chọn tên tệp khác (-o) để không ghi đè")
    last = store.last_issued(connection, agency, series, day.year)
    if last is not None and day < last.ngay:
        raise LoiCapSo(f"ngày ban hành {day:%d/%m/%Y} sớm hơn văn bản {last.ky_hieu} đã ban hành ngày "
                       f"{last.ngay:%d/%m/%Y}: số phải tăng theo ngày")
    return last.so + 1 if last is not None else 1
