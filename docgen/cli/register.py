"""`docgen issue` and `docgen register …`: the outgoing-document register."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from docgen.cli import EXIT_ENVIRONMENT, REGISTER_HELP, fail, pdfs_beside, pdf_options, uses_register
from docgen.errors import LoiDuLieu, LoiMauVanBan


def _register(location):
    from docgen.register.store import open_engine

    try:
        return open_engine(location)
    except Exception as exc:  # unreachable server, unreadable file, newer schema
        fail([f"không mở được sổ đăng ký ({location or 'mặc định'}): {exc}"], EXIT_ENVIRONMENT)


@click.command()
@click.argument("input_file", metavar="INPUT.yaml", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(),
              help="Tệp .docx kết quả (mặc định: cạnh tệp dữ liệu, cùng tên).")
@click.option("--register", "register_location", help=REGISTER_HELP)
@click.option("--ngay", "day", help="Ngày ban hành (mặc định: ngày trong văn bản, hoặc hôm nay), ví dụ 05/4/2026.")
@click.option("--ho-so", "ho_so", type=click.Path(dir_okay=False, path_type=Path), help="Tệp hồ sơ cơ quan.")
@click.option("--templates", type=click.Path(file_okay=False, path_type=Path), help="Thư mục mẫu .docx.")
@pdf_options
@uses_register
def issue(input_file: Path, output: str | None, register_location: str | None, day: str | None,
          ho_so: Path | None, templates: Path | None, pdf: bool, pdfa: bool) -> None:
    """Issue a draft: give it the next number of the register and a date, render it, record it."""
    from docgen.readers.bang_tinh import parse_date
    from docgen.readers.van_ban import read_van_ban
    from docgen.register.issue import LoiCapSo
    from docgen.register.issue import issue as issue_document

    try:
        when = parse_date(day) if day else None
        document = read_van_ban(input_file, ho_so)
    except ValueError as exc:
        fail([f"--ngay: {exc}"])
    except LoiDuLieu as exc:
        fail([str(problem) for problem in exc.problems])
    engine = _register(register_location)
    from docgen.dau_ra import output_path

    try:
        target = output_path(output, input_file.with_suffix(".docx"), (".docx",))
    except LoiDuLieu as exc:
        fail([str(problem) for problem in exc.problems])
    try:
        entry = issue_document(document, target, engine, when, templates)
    except (LoiCapSo, LoiMauVanBan) as exc:
        fail([str(exc)])
    except OSError as exc:                # the number is withdrawn (register/issue.py): nothing written
        fail([f"không ghi được {target} ({exc.strerror}); số chưa được cấp"], EXIT_ENVIRONMENT)
    click.echo(f"Đã ban hành {entry.ky_hieu} ngày {entry.ngay:%d/%m/%Y}: {target}")
    if pdf:
        pdfs_beside([target], pdfa)


@click.group()
def register() -> None:
    """The outgoing-document register (sổ đăng ký văn bản đi)."""


@register.command("list")
@click.option("--year", type=int, help="Năm.")
@click.option("--type", "kind", help="Loại văn bản: QĐ, KH… hoặc quyet-dinh, ke-hoach…")
@click.option("--register", "register_location", help=REGISTER_HELP)
@uses_register
def register_list(year: int | None, kind: str | None, register_location: str | None) -> None:
    """List issued numbers."""
    from docgen.register.queries import entries
    from docgen.register.store import CANCELLED, WRITING

    rows = entries(_register(register_location), year, kind)
    for entry in rows:
        status = {CANCELLED: f"  [ĐÃ HỦY: {entry.ly_do_huy}]", WRITING: "  [ĐANG GHI]"}.get(entry.trang_thai, "")
        click.echo(f"{entry.ky_hieu:<16} {entry.ngay:%d/%m/%Y}  {entry.agency_label:<16} {entry.trich_yeu[:60]}{status}")
    click.echo(f"{len(rows)} văn bản.")


def _entry_orfail(engine, ky_hieu: str, year: int | None, series: str | None, agency: str | None):
    from docgen.register.queries import KhongTimThay, find

    try:
        return find(engine, ky_hieu, year, series, agency)
    except KhongTimThay as exc:
        fail([str(exc)])


@register.command("show")
@click.argument("ky_hieu", metavar="SỐ/KÝ-HIỆU")
@click.option("--year", type=int, help="Năm (khi cùng ký hiệu có ở nhiều năm).")
@click.option("--day-so", "series", help="Dãy số (chung, mat, hoặc chữ viết tắt loại văn bản).")
@click.option("--co-quan", "agency", help="Cơ quan (mã trong hồ sơ), khi nhiều cơ quan dùng chung một sổ.")
@click.option("--register", "register_location", help=REGISTER_HELP)
@uses_register
def register_show(ky_hieu: str, year: int | None, series: str | None, agency: str | None,
                  register_location: str | None) -> None:
    """Show one issued document, e.g. 05/QĐ-UBND."""
    entry = _entry_orfail(_register(register_location), ky_hieu, year, series, agency)
    labels = [("Số, ký hiệu", entry.ky_hieu), ("Năm, dãy số", f"{entry.nam}, {entry.day_so}"),
              ("Cơ quan", entry.co_quan + (f" (mã {entry.ma_co_quan})" if entry.ma_co_quan else "")), ("Loại", entry.loai), ("Ngày", f"{entry.ngay:%d/%m/%Y}"),
              ("Trích yếu", entry.trich_yeu), ("Người ký", entry.nguoi_ky), ("Nơi nhận", entry.noi_nhan),
              ("Tệp", entry.tep), ("SHA-256", entry.sha256), ("Người cấp số", entry.nguoi_tao),
              ("Thời điểm", f"{entry.thoi_gian:%d/%m/%Y %H:%M:%S}"),
              ("Trạng thái", _status(entry))]
    for label, value in labels:
        click.echo(f"{label + ':':<14} {value}")


def _status(entry) -> str:
    from docgen.register.store import CANCELLED, WRITING

    if entry.trang_thai == CANCELLED:
        return "đã hủy: " + (entry.ly_do_huy or "") + (f" ({entry.nguoi_huy})" if entry.nguoi_huy else "")
    return "đang ghi (chưa xác nhận)" if entry.trang_thai == WRITING else "đã ban hành"


@register.command("cancel")
@click.argument("ky_hieu", metavar="SỐ/KÝ-HIỆU")
@click.option("--reason", required=True, help="Lý do hủy.")
@click.option("--year", type=int)
@click.option("--day-so", "series", help="Dãy số (chung, mat, hoặc chữ viết tắt loại văn bản).")
@click.option("--co-quan", "agency", help="Cơ quan (mã trong hồ sơ), khi nhiều cơ quan dùng chung một sổ.")
@click.option("--register", "register_location", help=REGISTER_HELP)
@uses_register
def register_cancel(ky_hieu: str, reason: str, year: int | None, series: str | None, agency: str | None,
                    register_location: str | None) -> None:
    """Cancel a number: it stays in the register and is never given again."""
    from docgen.register.queries import KhongTimThay, cancel

    try:
        entry = cancel(_register(register_location), ky_hieu, reason, year, series, agency)
    except KhongTimThay as exc:
        fail([str(exc)])
    click.echo(f"Đã hủy {entry.ky_hieu} năm {entry.nam}: {entry.ly_do_huy}")


@register.command("export")
@click.option("--xlsx", "target", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--year", type=int)
@click.option("--register", "register_location", help=REGISTER_HELP)
@uses_register
def register_export(target: Path, year: int | None, register_location: str | None) -> None:
    """Export to Excel in the layout of the paper outgoing register."""
    from docgen.register.queries import export_xlsx

    count = export_xlsx(_register(register_location), target, year)
    click.echo(f"Đã xuất {count} văn bản ra {target}")


@register.command("verify")
@click.option("--year", type=int)
@click.option("--sua", "repair", is_flag=True,
              help="Hoàn tất hoặc rút lại các lần cấp số bị gián đoạn (tiến trình ghi đã dừng) trước khi kiểm tra.")
@click.option("--register", "register_location", help=REGISTER_HELP)
@uses_register
def register_verify(year: int | None, repair: bool, register_location: str | None) -> None:
    """Audit the register against the files: every issued file present and unchanged, nothing
    half-written, no gap in a series, no file for two numbers (exit 1 if anything is wrong)."""
    from docgen.register.audit import audit, repair as settle

    engine = _register(register_location)
    if repair:
        for done in settle(engine):
            what = {"hoàn tất": "đã hoàn tất (tệp có đủ)", "xóa": "đã rút lại, số được cấp lại",
                    "hủy": "đã hủy số (đã có số sau)"}[done.action]
            click.echo(f"{done.ky_hieu} ({done.nam}): lần cấp số bị gián đoạn {what}: {done.tep}")
    result = audit(engine, year)
    for problem in result.problems:
        click.echo(problem)
    bad = sum(state.state != "ok" for state in result.files)
    click.echo(f"Đã kiểm tra {len(result.files)} tệp: {len(result.files) - bad} nguyên vẹn, {bad} có vấn đề"
               + ("" if result.consistent else f"; {len(result.problems)} điều cần xử lý") + ".")
    sys.exit(0 if result.consistent else 1)
