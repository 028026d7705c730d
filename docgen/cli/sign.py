"""`docgen sign`: the ký số form of NĐ 30 on a PDF, a PAdES signature, and its verification."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from docgen.cli import EXIT_ENVIRONMENT, fail


@click.command()
@click.argument("pdf", metavar="IN.pdf", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp PDF đã ký (mặc định: IN-da-ky.pdf).")
@click.option("--p12", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp chứng thư số PKCS#12 (.p12/.pfx); mật khẩu từ $DOCGEN_P12_PASSWORD hoặc hỏi.")
@click.option("--chu-ky", "chu_ky", type=click.Path(dir_okay=False, path_type=Path),
              help="Ảnh chữ ký của người ký (PNG nền trong suốt, màu xanh).")
@click.option("--dau", type=click.Path(dir_okay=False, path_type=Path),
              help="Ảnh con dấu của cơ quan (PNG nền trong suốt, màu đỏ, đúng kích thước thật).")
@click.option("--ban-sao", "ban_sao", is_flag=True,
              help="Phụ lục kèm theo hoặc bản sao điện tử: thêm dòng số, ký hiệu và thời gian ký ở góc trên phải trang 1.")
@click.option("--so-ky-hieu", help="Số, ký hiệu văn bản cho dòng đó (mặc định: đọc «Số: …» ở trang 1).")
@click.option("--tsa", metavar="URL", help="Máy chủ cấp dấu thời gian (RFC 3161).")
@click.option("--verify", "verify_only", is_flag=True, help="Chỉ kiểm tra các chữ ký số của IN.pdf.")
@click.option("--root", type=click.Path(dir_okay=False, path_type=Path),
              help="Với --verify: chứng thư gốc (PEM/DER) để xét chuỗi tin cậy.")
def sign(pdf: Path, output: Path | None, p12: Path | None, chu_ky: Path | None, dau: Path | None, ban_sao: bool,
         so_ky_hieu: str | None, tsa: str | None, verify_only: bool, root: Path | None) -> None:
    """Sign IN.pdf as NĐ 30 Phụ lục I shows it (signature image, seal, copy line), or verify it.

    Exit code: 0 signed / every signature intact, unchanged since and trusted; 1 a signature that is
    not; 2 bad input (file, image, password); 3 the machine (no LibreOffice for the copy line).
    """
    from docgen.errors import LoiDuLieu, LoiPdf

    # pyHanko logs what it then raises (with its traceback); docgen says it once, in Vietnamese
    logging.getLogger("pyhanko").addHandler(logging.NullHandler())
    logging.getLogger("pyhanko").propagate = False
    try:
        if verify_only:
            _verify(pdf, root)
        if p12 is None:
            fail(["cần --p12 TỆP (chứng thư số PKCS#12) để ký"])
        _sign(pdf, output or pdf.with_name(pdf.stem + "-da-ky.pdf"), p12, chu_ky, dau, ban_sao, so_ky_hieu, tsa)
    except LoiDuLieu as exc:
        fail([str(problem) for problem in exc.problems])
    except LoiPdf as exc:
        fail([str(exc)], EXIT_ENVIRONMENT)


def _sign(pdf, target, p12, chu_ky, dau, ban_sao, so_ky_hieu, tsa) -> None:
    from docgen.pdf.ky_so import YeuCauKy, sign as sign_pdf

    password = os.environ.get("DOCGEN_P12_PASSWORD")
    if password is None:
        password = click.prompt("Mật khẩu tệp chứng thư số", hide_input=True, default="", show_default=False)
    for path in filter(None, (pdf, p12, chu_ky, dau)):
        if not path.is_file():
            fail([f"{path}: không có tệp này"])
    when = sign_pdf(YeuCauKy(pdf, target, p12, password.encode("utf-8") or None, chu_ky, dau, ban_sao,
                             so_ky_hieu, tsa))
    click.echo(f"Đã ký {target} lúc {when.isoformat()}")


def _verify(pdf: Path, root: Path | None) -> None:
    from docgen.pdf.kiem_tra_ky import verify

    results = verify(pdf, root)
    for index, result in enumerate(results):
        changed = "không thay đổi sau khi ký" if result.whole_file else "có nội dung thêm sau chữ ký này"
        click.echo(f"{result.field}: {result.signer}; ký lúc {result.when}; "
                   f"{'nguyên vẹn' if result.intact else 'KHÔNG nguyên vẹn (đã bị sửa hoặc chữ ký sai)'}; {changed}; "
                   f"{'chuỗi chứng thư tin cậy' if result.trusted else 'chuỗi chứng thư KHÔNG được tin cậy'}")
    good = all(r.ok for r in results) and results[-1].whole_file
    sys.exit(0 if good else 1)
