"""`docgen copy`: bản sao y / sao lục / trích sao of an issued document (NĐ 30 Mẫu 3.1)."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.cli import REGISTER_HELP, fail, pdfs_beside, parse_day, pdf_options, uses_register
from docgen.errors import LoiDuLieu


@click.command()
@click.argument("original", metavar="BAN_GOC.docx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--hinh-thuc", type=click.Choice(["sao-y", "sao-luc", "trich-sao"]), default="sao-y",
              show_default=True, help="Hình thức sao. Trích sao: xóa trước phần không trích trong bản gốc.")
@click.option("--ho-so", "ho_so", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp hồ sơ cơ quan (cơ quan sao, người ký).")
@click.option("--co-quan", help="Khóa cơ quan sao văn bản trong hồ sơ (mặc định: cơ quan đầu tiên).")
@click.option("--nguoi-ky", help="Khóa người ký bản sao trong hồ sơ (mặc định: người đầu tiên).")
@click.option("--so", type=click.IntRange(min=1), help="Số bản sao (sổ bản sao, chung cho SY/SL/TrS); "
              "bỏ trống: để trống cho văn thư điền.")
@click.option("--ngay", help="Ngày sao, ví dụ 01/12/2026 (bỏ trống: để trống).")
@click.option("--noi-nhan", multiple=True, help="Một nơi nhận bản sao (nhắc lại cho nhiều nơi).")
@click.option("--luu", default="VT", show_default=True, help="Dòng Lưu của bản sao.")
@click.option("--issue", "issue_number", is_flag=True,
              help="Cấp số bản sao từ sổ đăng ký (dãy số riêng của bản sao, chung cho SY/SL/TrS).")
@click.option("--register", "register_location", help=REGISTER_HELP)
@click.option("-o", "--output", help="Tệp .docx hoặc thư mục (mặc định: BAN_GOC-sao-y.docx cạnh bản gốc).")
@pdf_options
@uses_register
def copy(original: Path, hinh_thuc: str, ho_so: Path, co_quan: str | None, nguoi_ky: str | None,
         so: int | None, ngay: str | None, noi_nhan: tuple[str, ...], luu: str, issue_number: bool,
         register_location: str | None, output: str | None, pdf: bool, pdfa: bool) -> None:
    """A paper copy of ORIGINAL (Mẫu 3.1): the original, a rule, then the copy's form, body,
    number, date, signer and recipients."""
    from docgen.copies import CopyRequest, make_copy

    request = CopyRequest(original=original, ho_so=ho_so, hinh_thuc=hinh_thuc, co_quan=co_quan,
                          nguoi_ky=nguoi_ky, so=so, ngay=parse_day(ngay, "--ngay"), noi_nhan=list(noi_nhan),
                          luu=luu, output=output, issue=issue_number, register=register_location)
    try:
        target = make_copy(request)
    except LoiDuLieu as exc:
        fail([str(problem) for problem in exc.problems])
    click.echo(f"Đã tạo {target}" + ("" if so or issue_number else " (chưa có số bản sao)"))
    if pdf:
        pdfs_beside([target], pdfa)
