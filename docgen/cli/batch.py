"""`docgen batch`: one document per row of a list."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from docgen.cli import REGISTER_HELP, add_pdfs_to_zip, fail, pdfs_beside, parse_day, pdf_options, uses_register
from docgen.errors import LoiDuLieu, LoiMauVanBan


@click.command()
@click.argument("data", metavar="DATA.csv|DATA.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--base", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp YAML dùng chung (cơ quan, người ký, căn cứ, ngày…).")
@click.option("--template", "kind", metavar="MAU", help="Mẫu văn bản, ví dụ quyet-dinh-tang-cuong "
              "(mặc định: khóa 'mau' của tệp dùng chung).")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="Thư mục kết quả (một tệp mỗi dòng), hoặc tệp .zip chứa tất cả.")
@click.option("--name", "name_pattern", metavar="MẪU_TÊN", help='Tên tệp từ các cột, ví dụ "{stt:03d}-{ho_ten}".')
@click.option("--merge", type=click.Path(dir_okay=False, path_type=Path),
              help="Gộp tất cả vào một tệp .docx (mỗi văn bản sang trang mới, số trang đánh lại từ 1).")
@click.option("--group", is_flag=True, help="Một quyết định cho cả danh sách, danh sách kèm theo.")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Số tiến trình (mặc định: theo số văn bản và số lõi CPU).")
@click.option("--ho-so", "ho_so", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp hồ sơ cơ quan (thay cho khóa 'ho_so' trong tệp dùng chung).")
@click.option("--templates", type=click.Path(file_okay=False, path_type=Path), help="Thư mục mẫu .docx.")
@click.option("--issue", "issue_numbers", is_flag=True, help="Cấp số thật từ sổ đăng ký, theo thứ tự dòng.")
@click.option("--register", "register_location", help=REGISTER_HELP)
@click.option("--ngay", "day", help="Với --issue: ngày ban hành (mặc định: ngày trong tệp dùng chung, hoặc hôm nay).")
@pdf_options
@uses_register
def batch(data: Path, base: Path, kind: str | None, output: Path, name_pattern: str | None, merge: Path | None,
          group: bool, jobs: int | None, ho_so: Path | None, templates: Path | None, issue_numbers: bool,
          register_location: str | None, day: str | None, pdf: bool, pdfa: bool) -> None:
    """One document per row of DATA (CSV or XLSX), or one for the whole list (--group).

    Every row is checked first; bad rows are listed (row, column, reason) and saved to loi.csv,
    the good rows are still written. Exit code 0: all rows done; 1: some rows failed; 2: nothing
    could be read.
    """
    from docgen.batch import runner
    when = parse_day(day, "--ngay")
    options = runner.Options(data=data, base=base, output=output, kind=kind, name_pattern=name_pattern,
                             merge=merge, group=group, jobs=jobs, ho_so=ho_so,
                             templates=templates, issue=issue_numbers, register=register_location,
                             issue_date=when)
    show_bar = sys.stderr.isatty()
    bar = None

    def on_total(total: int) -> None:
        nonlocal bar
        bar = click.progressbar(length=total, label="Đang tạo văn bản", file=sys.stderr, show_pos=True,
                                hidden=not show_bar)
        bar.__enter__()

    try:
        result = runner.run(options, progress=lambda n: bar.update(n) if bar else None, on_total=on_total)
    except LoiDuLieu as exc:
        fail([str(problem) for problem in exc.problems])
    except LoiMauVanBan as exc:
        fail([str(exc)])
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    for warning in result.warnings:
        click.echo(f"Cảnh báo: {warning}", err=True)
    for error in result.errors[:50]:
        click.echo(f"Lỗi: {data}, {error}", err=True)
    if len(result.errors) > 50:
        click.echo(f"… và {len(result.errors) - 50} lỗi khác (xem {result.error_file})", err=True)
    summary = f"Đã tạo {result.documents} văn bản từ {result.rows} dòng"
    if result.issued:
        summary += f", số {result.issued[0]} đến {result.issued[-1]}"
    if result.errors:
        summary += f"; {result.failed_rows} dòng lỗi, xem {result.error_file}"
    click.echo(summary + ".")
    if pdf and result.written:
        _pdfs(result.written, pdfa)
    sys.exit(1 if result.errors else 0)


def _pdfs(written: list[Path], pdfa: bool) -> None:
    """Every document written also as PDF: beside it, or inside the .zip."""

    if len(written) == 1 and written[0].suffix.lower() == ".zip":
        add_pdfs_to_zip(written[0], pdfa)
    else:
        pdfs_beside(written, pdfa, each=len(written) == 1)
