"""`docgen subplan`, `docgen report`, `docgen import`: plans received, implemented, reported on."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from docgen.cli import fail, pdfs_beside, parse_day, pdf_options
from docgen.errors import LoiDuLieu, LoiMauVanBan


@click.command()
@click.argument("parent", metavar="PARENT.yaml", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--units", "units_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Danh sách đơn vị (CSV/XLSX): tên, địa danh, người ký, cơ quan tham mưu, đơn vị trực thuộc…")
@click.option("--unit", "unit_key", help="Chỉ lập cho đơn vị có mã này (mặc định: mọi đơn vị trong danh sách).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Tệp kết quả (một đơn vị) hoặc thư mục (nhiều đơn vị).")
@click.option("--yaml", "as_yaml", is_flag=True, help="Xuất dữ liệu YAML để đơn vị sửa trước khi in.")
@click.option("--truoc", "lead_days", type=click.IntRange(min=0), default=10, show_default=True,
              help="Số ngày báo cáo sớm hơn hạn của cấp trên.")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Số tiến trình (mặc định: theo số văn bản và số lõi CPU).")
@click.option("--ho-so", "ho_so", type=click.Path(dir_okay=False, path_type=Path), help="Tệp hồ sơ cơ quan.")
@click.option("--ngay", "ngay", default=None, help="Ngày lập kế hoạch (mặc định: hôm nay), ví dụ 15/8/2025.")
@pdf_options
def subplan(parent: Path, units_file: Path, unit_key: str | None, output: Path | None, as_yaml: bool,
            lead_days: int, jobs: int | None, ho_so: Path | None, ngay: str | None, pdf: bool, pdfa: bool) -> None:
    """Sub-plans implementing PARENT.yaml, one per unit of the list (or only --unit)."""
    from docgen.batch import runner
    from docgen.kinds import ke_hoach_con
    from docgen.subplans import map_notes, write_subplans

    options = runner.Options(data=units_file, base=parent, output=output or Path("."), kind=ke_hoach_con.NAME,
                             name_pattern="{ma}", jobs=jobs, ho_so=ho_so,
                             lead_days=lead_days, issue_date=parse_day(ngay, "--ngay"))
    try:
        if unit_key is None and not as_yaml and output is not None and output.suffix:
            fail([f"-o {output}: kế hoạch của nhiều đơn vị cần một thư mục (hoặc chọn --unit)"])
        for note in map_notes(options, unit_key):
            click.echo(f"Lưu ý: {note}", err=True)
        if unit_key is not None or as_yaml:
            written, errors = write_subplans(options, unit_key, output, as_yaml)
            for path in written:
                click.echo(f"Đã tạo {path}")
            if errors:
                fail(errors)
            if pdf and not as_yaml:
                pdfs_beside(written, pdfa)
            return
        result = runner.run(options)
    except LoiDuLieu as exc:
        fail([str(problem) for problem in exc.problems])
    except LoiMauVanBan as exc:
        fail([str(exc)])
    for error in result.errors:
        click.echo(f"Lỗi: {units_file}, {error}", err=True)
    click.echo(f"Đã tạo {result.documents} kế hoạch từ {result.rows} đơn vị"
               + (f"; {result.failed_rows} đơn vị lỗi, xem {result.error_file}" if result.errors else "") + ".")
    if pdf:
        pdfs_beside(result.written, pdfa)
    sys.exit(1 if result.errors else 0)


@click.command()
@click.argument("plan", metavar="PLAN.yaml", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--results", "result_paths", required=True, multiple=True, type=click.Path(path_type=Path),
              help="Tệp kết quả (CSV/XLSX) hoặc thư mục chứa chúng; có thể ghi nhiều lần.")
@click.option("--year", type=int, required=True, help="Năm báo cáo.")
@click.option("--units", "units_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Danh sách đơn vị (như của docgen subplan).")
@click.option("--unit", "unit_key", help="Báo cáo của một đơn vị (mã trong danh sách).")
@click.option("--aggregate", is_flag=True, help="Báo cáo tổng hợp của cơ quan theo dõi (cần --base).")
@click.option("--base", type=click.Path(dir_okay=False, path_type=Path),
              help="Với --aggregate: tệp YAML cơ quan báo cáo, người ký, kính gửi, nơi nhận.")
@click.option("--nhan-xet", "narrative_file", type=click.Path(dir_okay=False, path_type=Path),
              help="YAML phần nhận định theo đơn vị: ton_tai, nguyen_nhan, kien_nghi.")
@click.option("--ngay-lap", "made_on", help="Ngày lập báo cáo, để xét quá hạn (mặc định: hôm nay).")
@click.option("-o", "--output", type=click.Path(), help="Tệp .docx kết quả, hoặc thư mục (kết thúc bằng /).")
@pdf_options
def report(plan: Path, result_paths: tuple[Path, ...], year: int, units_file: Path, unit_key: str | None,
           aggregate: bool, base: Path | None, narrative_file: Path | None, made_on: str | None,
           output: str | None, pdf: bool, pdfa: bool) -> None:
    """Yearly progress report of one unit (--unit), or the sum of all units (--aggregate)."""
    from docgen.reports import make_report

    if aggregate == (unit_key is not None):
        fail(["chọn một trong hai: --unit MÃ (báo cáo của đơn vị) hoặc --aggregate (báo cáo tổng hợp)"])
    if aggregate and base is None:
        fail(["--aggregate cần --base (cơ quan báo cáo, người ký, kính gửi)"])
    try:
        target, errors, warnings = make_report(plan, list(result_paths), year, units_file, unit_key, base,
                                               narrative_file, made_on, output)
    except LoiDuLieu as exc:
        fail([str(problem) for problem in exc.problems])
    except LoiMauVanBan as exc:
        fail([str(exc)])
    for warning in warnings:
        click.echo(f"Cảnh báo: {warning}", err=True)
    for path, error in errors:
        click.echo(f"Lỗi: {path}, {error} (dòng này không được tính)", err=True)
    click.echo(f"Đã tạo {target}")
    if pdf:
        pdfs_beside([target], pdfa)
    sys.exit(1 if errors else 0)


@click.command("import")
@click.argument("source", metavar="FILE.docx|FILE.txt", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(),
              help="Tệp YAML kết quả, hoặc thư mục (mặc định: cạnh tệp vào, cùng tên, đuôi .yaml).")
@click.option("--force", is_flag=True, help="Ghi đè tệp YAML đã có.")
def import_(source: Path, output: str | None, force: bool) -> None:
    """Read a received document (Word file or its text) into docgen's YAML data."""
    import yaml

    from docgen.readers.van_ban_nhan import import_document
    from docgen.atomic import write_atomic

    from docgen.dau_ra import output_path, refuse_issued

    try:
        target = output_path(output, source.with_suffix(".yaml"), (".yaml", ".yml"))
        if target.exists() and not force:
            fail([f"{target}: đã có tệp này; dùng --force để ghi đè"])
        refuse_issued(target)
        imported = import_document(source)
    except LoiDuLieu as exc:
        fail([str(problem) for problem in exc.problems])
    header = [f"# Nhập từ {source.name} bằng docgen import."]
    header += [f"# Cần kiểm tra: {warning}" for warning in imported.warnings]
    body = yaml.safe_dump(imported.data, allow_unicode=True, sort_keys=False, width=110)
    write_atomic(target, ("\n".join(header) + "\n" + body).encode("utf-8"))
    for warning in imported.warnings:
        click.echo(f"Cảnh báo: {source}: {warning}", err=True)
    click.echo(f"Đã nhập {source} → {target}")
