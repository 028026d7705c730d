"""The `docgen` command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from docgen import __version__
from docgen.errors import LoiDuLieu, LoiMauVanBan

EXIT_BAD_INPUT = 2
REGISTER_HELP = "Sổ đăng ký: tệp SQLite hoặc postgresql://… (mặc định: $DOCGEN_REGISTER hoặc ~/.local/share/docgen)."


def _fail(lines: list[str]) -> None:
    for line in lines:
        click.echo(f"Lỗi: {line}", err=True)
    sys.exit(EXIT_BAD_INPUT)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docgen")
def main() -> None:
    """docgen: văn bản hành chính đúng Nghị định 30/2020/NĐ-CP từ dữ liệu có cấu trúc.

    Structured data (YAML/JSON) → Vietnamese administrative documents (.docx) per Decree 30.
    """


@main.command()
@click.argument("inputs", metavar="INPUT.yaml...", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Tệp .docx kết quả, hoặc thư mục khi có nhiều tệp vào (mặc định: cạnh tệp dữ liệu, cùng tên).")
@click.option("--ho-so", "ho_so", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp hồ sơ cơ quan (thay cho khóa 'ho_so' trong văn bản).")
@click.option("--templates", type=click.Path(file_okay=False, path_type=Path),
              help="Thư mục mẫu .docx (mặc định: templates/ của docgen).")
def render(inputs: tuple[Path, ...], output: Path | None, ho_so: Path | None, templates: Path | None) -> None:
    """Render documents: each INPUT.yaml (or .json) → .docx.

    A bad file is reported (file, line, field) and skipped; the others are still written.
    Exit code 2 when any file could not be rendered.
    """
    from docgen.readers.van_ban import read_van_ban
    from docgen.render.docx_renderer import render_to_file

    if output is not None and len(inputs) > 1 and not output.is_dir():
        _fail([f"có {len(inputs)} tệp vào: -o phải là một thư mục đã có"])
    failures: list[str] = []
    for input_file in inputs:
        target = _target(input_file, output)
        try:
            document = read_van_ban(input_file, ho_so)
            render_to_file(document, target, templates)
        except LoiDuLieu as exc:
            failures += [str(problem) for problem in exc.problems]
            continue
        except LoiMauVanBan as exc:
            failures.append(str(exc))
            continue
        note = " (dự thảo: chưa có số, ngày)" if document.la_du_thao else ""
        click.echo(f"Đã tạo {target}{note}")
    if failures:
        _fail(failures)


def _target(input_file: Path, output: Path | None) -> Path:
    if output is None:
        return input_file.with_suffix(".docx")
    if output.is_dir():
        return output / input_file.with_suffix(".docx").name
    return output


@main.command()
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
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Số tiến trình (mặc định: số lõi CPU).")
@click.option("--ho-so", "ho_so", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp hồ sơ cơ quan (thay cho khóa 'ho_so' trong tệp dùng chung).")
@click.option("--templates", type=click.Path(file_okay=False, path_type=Path), help="Thư mục mẫu .docx.")
@click.option("--issue", "issue_numbers", is_flag=True, help="Cấp số thật từ sổ đăng ký, theo thứ tự dòng.")
@click.option("--register", "register_location", help=REGISTER_HELP)
@click.option("--ngay", "day", help="Với --issue: ngày ban hành (mặc định: ngày trong tệp dùng chung, hoặc hôm nay).")
def batch(data: Path, base: Path, kind: str | None, output: Path, name_pattern: str | None, merge: Path | None,
          group: bool, jobs: int | None, ho_so: Path | None, templates: Path | None, issue_numbers: bool,
          register_location: str | None, day: str | None) -> None:
    """One document per row of DATA (CSV or XLSX), or one for the whole list (--group).

    Every row is checked first; bad rows are listed (row, column, reason) and saved to loi.csv,
    the good rows are still written. Exit code 0: all rows done; 1: some rows failed; 2: nothing
    could be read.
    """
    import os

    from docgen.batch import runner
    from docgen.readers.bang_tinh import parse_date

    try:
        when = parse_date(day) if day else None
    except ValueError as exc:
        _fail([f"--ngay: {exc}"])
    options = runner.Options(data=data, base=base, output=output, kind=kind, name_pattern=name_pattern,
                             merge=merge, group=group, jobs=jobs or os.cpu_count() or 1, ho_so=ho_so,
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
        _fail([str(problem) for problem in exc.problems])
    except LoiMauVanBan as exc:
        _fail([str(exc)])
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
    sys.exit(1 if result.errors else 0)


def _register(location):
    from docgen.register.store import open_engine

    try:
        return open_engine(location)
    except Exception as exc:  # unreachable server, unreadable file, newer schema
        _fail([f"không mở được sổ đăng ký ({location or 'mặc định'}): {exc}"])


@main.command()
@click.argument("input_file", metavar="INPUT.yaml", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp .docx kết quả (mặc định: cạnh tệp dữ liệu, cùng tên).")
@click.option("--register", "register_location", help=REGISTER_HELP)
@click.option("--ngay", "day", help="Ngày ban hành (mặc định: ngày trong văn bản, hoặc hôm nay), ví dụ 05/4/2026.")
@click.option("--ho-so", "ho_so", type=click.Path(dir_okay=False, path_type=Path), help="Tệp hồ sơ cơ quan.")
@click.option("--templates", type=click.Path(file_okay=False, path_type=Path), help="Thư mục mẫu .docx.")
def issue(input_file: Path, output: Path | None, register_location: str | None, day: str | None,
          ho_so: Path | None, templates: Path | None) -> None:
    """Issue a draft: give it the next number of the register and a date, render it, record it."""
    from docgen.readers.bang_tinh import parse_date
    from docgen.readers.van_ban import read_van_ban
    from docgen.register.issue import LoiCapSo
    from docgen.register.issue import issue as issue_document

    try:
        when = parse_date(day) if day else None
        document = read_van_ban(input_file, ho_so)
    except ValueError as exc:
        _fail([f"--ngay: {exc}"])
    except LoiDuLieu as exc:
        _fail([str(problem) for problem in exc.problems])
    engine = _register(register_location)
    target = output or input_file.with_suffix(".docx")
    try:
        entry = issue_document(document, target, engine, when, templates)
    except (LoiCapSo, LoiMauVanBan) as exc:
        _fail([str(exc)])
    click.echo(f"Đã ban hành {entry.ky_hieu} ngày {entry.ngay:%d/%m/%Y}: {target}")


@main.group()
def register() -> None:
    """The outgoing-document register (sổ đăng ký văn bản đi)."""


@register.command("list")
@click.option("--year", type=int, help="Năm.")
@click.option("--type", "kind", help="Loại văn bản: QĐ, KH… hoặc quyet-dinh, ke-hoach…")
@click.option("--register", "register_location", help=REGISTER_HELP)
def register_list(year: int | None, kind: str | None, register_location: str | None) -> None:
    """List issued numbers."""
    from docgen.register.queries import entries
    from docgen.register.store import CANCELLED

    rows = entries(_register(register_location), year, kind)
    for entry in rows:
        status = f"  [ĐÃ HỦY: {entry.ly_do_huy}]" if entry.trang_thai == CANCELLED else ""
        click.echo(f"{entry.ky_hieu:<16} {entry.ngay:%d/%m/%Y}  {entry.co_quan:<16} {entry.trich_yeu[:60]}{status}")
    click.echo(f"{len(rows)} văn bản.")


def _entry_or_fail(engine, ky_hieu: str, year: int | None, series: str | None, agency: str | None):
    from docgen.register.queries import KhongTimThay, find

    try:
        return find(engine, ky_hieu, year, series, agency)
    except KhongTimThay as exc:
        _fail([str(exc)])


@register.command("show")
@click.argument("ky_hieu", metavar="SỐ/KÝ-HIỆU")
@click.option("--year", type=int, help="Năm (khi cùng ký hiệu có ở nhiều năm).")
@click.option("--day-so", "series", help="Dãy số (chung, mat, hoặc chữ viết tắt loại văn bản).")
@click.option("--co-quan", "agency", help="Cơ quan (mã trong hồ sơ), khi nhiều cơ quan dùng chung một sổ.")
@click.option("--register", "register_location", help=REGISTER_HELP)
def register_show(ky_hieu: str, year: int | None, series: str | None, agency: str | None,
                  register_location: str | None) -> None:
    """Show one issued document, e.g. 05/QĐ-UBND."""
    entry = _entry_or_fail(_register(register_location), ky_hieu, year, series, agency)
    labels = [("Số, ký hiệu", entry.ky_hieu), ("Năm, dãy số", f"{entry.nam}, {entry.day_so}"),
              ("Cơ quan", entry.co_quan), ("Loại", entry.loai), ("Ngày", f"{entry.ngay:%d/%m/%Y}"),
              ("Trích yếu", entry.trich_yeu), ("Người ký", entry.nguoi_ky), ("Nơi nhận", entry.noi_nhan),
              ("Tệp", entry.tep), ("SHA-256", entry.sha256), ("Người cấp số", entry.nguoi_tao),
              ("Thời điểm", f"{entry.thoi_gian:%d/%m/%Y %H:%M:%S}"),
              ("Trạng thái", "đã hủy: " + (entry.ly_do_huy or "") if entry.ly_do_huy else "đã ban hành")]
    for label, value in labels:
        click.echo(f"{label + ':':<14} {value}")


@register.command("cancel")
@click.argument("ky_hieu", metavar="SỐ/KÝ-HIỆU")
@click.option("--reason", required=True, help="Lý do hủy.")
@click.option("--year", type=int)
@click.option("--day-so", "series", help="Dãy số (chung, mat, hoặc chữ viết tắt loại văn bản).")
@click.option("--co-quan", "agency", help="Cơ quan (mã trong hồ sơ), khi nhiều cơ quan dùng chung một sổ.")
@click.option("--register", "register_location", help=REGISTER_HELP)
def register_cancel(ky_hieu: str, reason: str, year: int | None, series: str | None, agency: str | None,
                    register_location: str | None) -> None:
    """Cancel a number: it stays in the register and is never given again."""
    from docgen.register.queries import KhongTimThay, cancel

    try:
        entry = cancel(_register(register_location), ky_hieu, reason, year, series, agency)
    except KhongTimThay as exc:
        _fail([str(exc)])
    click.echo(f"Đã hủy {entry.ky_hieu} năm {entry.nam}: {entry.ly_do_huy}")


@register.command("export")
@click.option("--xlsx", "target", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--year", type=int)
@click.option("--register", "register_location", help=REGISTER_HELP)
def register_export(target: Path, year: int | None, register_location: str | None) -> None:
    """Export to Excel in the layout of the paper outgoing register."""
    from docgen.register.queries import export_xlsx

    count = export_xlsx(_register(register_location), target, year)
    click.echo(f"Đã xuất {count} văn bản ra {target}")


@register.command("verify")
@click.option("--year", type=int)
@click.option("--register", "register_location", help=REGISTER_HELP)
def register_verify(year: int | None, register_location: str | None) -> None:
    """Re-hash the recorded files; report those changed or gone (exit 1 if any)."""
    from docgen.register.queries import verify

    states = verify(_register(register_location), year)
    bad = [s for s in states if s.state != "ok"]
    for state in bad:
        what = "đã bị sửa" if state.state == "changed" else "không còn"
        click.echo(f"{state.entry.ky_hieu} ({state.entry.nam}): tệp {what}: {state.entry.tep}")
    click.echo(f"Đã kiểm tra {len(states)} tệp: {len(states) - len(bad)} nguyên vẹn, {len(bad)} có vấn đề.")
    sys.exit(1 if bad else 0)


@main.command()
@click.argument("parent", metavar="PARENT.yaml", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--units", "units_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Danh sách đơn vị (CSV/XLSX): tên, địa danh, người ký, cơ quan tham mưu, đơn vị trực thuộc…")
@click.option("--unit", "unit_key", help="Chỉ lập cho đơn vị có mã này (mặc định: mọi đơn vị trong danh sách).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Tệp kết quả (một đơn vị) hoặc thư mục (nhiều đơn vị).")
@click.option("--yaml", "as_yaml", is_flag=True, help="Xuất dữ liệu YAML để đơn vị sửa trước khi in.")
@click.option("--truoc", "lead_days", type=click.IntRange(min=0), default=10, show_default=True,
              help="Số ngày báo cáo sớm hơn hạn của cấp trên.")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Số tiến trình (mặc định: số lõi CPU).")
@click.option("--ho-so", "ho_so", type=click.Path(dir_okay=False, path_type=Path), help="Tệp hồ sơ cơ quan.")
def subplan(parent: Path, units_file: Path, unit_key: str | None, output: Path | None, as_yaml: bool,
            lead_days: int, jobs: int | None, ho_so: Path | None) -> None:
    """Sub-plans implementing PARENT.yaml, one per unit of the list (or only --unit)."""
    import os

    from docgen.batch import runner
    from docgen.kinds import ke_hoach_con
    from docgen.subplans import write_subplans

    options = runner.Options(data=units_file, base=parent, output=output or Path("."), kind=ke_hoach_con.NAME,
                             name_pattern="{ma}", jobs=jobs or os.cpu_count() or 1, ho_so=ho_so,
                             lead_days=lead_days)
    try:
        if unit_key is not None or as_yaml:
            written, errors = write_subplans(options, unit_key, output, as_yaml)
            for path in written:
                click.echo(f"Đã tạo {path}")
            if errors:
                _fail(errors)
            return
        result = runner.run(options)
    except LoiDuLieu as exc:
        _fail([str(problem) for problem in exc.problems])
    except LoiMauVanBan as exc:
        _fail([str(exc)])
    for error in result.errors:
        click.echo(f"Lỗi: {units_file}, {error}", err=True)
    click.echo(f"Đã tạo {result.documents} kế hoạch từ {result.rows} đơn vị"
               + (f"; {result.failed_rows} đơn vị lỗi, xem {result.error_file}" if result.errors else "") + ".")
    sys.exit(1 if result.errors else 0)


@main.command()
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
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Tệp .docx kết quả.")
def report(plan: Path, result_paths: tuple[Path, ...], year: int, units_file: Path, unit_key: str | None,
           aggregate: bool, base: Path | None, narrative_file: Path | None, made_on: str | None,
           output: Path | None) -> None:
    """Yearly progress report of one unit (--unit), or the sum of all units (--aggregate)."""
    from docgen.reports import make_report

    if aggregate == (unit_key is not None):
        _fail(["chọn một trong hai: --unit MÃ (báo cáo của đơn vị) hoặc --aggregate (báo cáo tổng hợp)"])
    if aggregate and base is None:
        _fail(["--aggregate cần --base (cơ quan báo cáo, người ký, kính gửi)"])
    try:
        target, errors, warnings = make_report(plan, list(result_paths), year, units_file, unit_key, base,
                                               narrative_file, made_on, output)
    except LoiDuLieu as exc:
        _fail([str(problem) for problem in exc.problems])
    except LoiMauVanBan as exc:
        _fail([str(exc)])
    for warning in warnings:
        click.echo(f"Cảnh báo: {warning}", err=True)
    for path, error in errors:
        click.echo(f"Lỗi: {path}, {error} (dòng này không được tính)", err=True)
    click.echo(f"Đã tạo {target}")
    sys.exit(1 if errors else 0)


@main.command("import")
@click.argument("source", metavar="FILE.docx|FILE.txt", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp YAML kết quả (mặc định: cạnh tệp vào, cùng tên, đuôi .yaml).")
def import_(source: Path, output: Path | None) -> None:
    """Read a received document (Word file or its text) into docgen's YAML data."""
    import yaml

    from docgen.readers.van_ban_nhan import import_document
    from docgen.render.docx_renderer import write_atomic

    try:
        imported = import_document(source)
    except LoiDuLieu as exc:
        _fail([str(problem) for problem in exc.problems])
    target = output or source.with_suffix(".yaml")
    header = [f"# Nhập từ {source.name} bằng docgen import."]
    header += [f"# Cần kiểm tra: {warning}" for warning in imported.warnings]
    body = yaml.safe_dump(imported.data, allow_unicode=True, sort_keys=False, width=110)
    write_atomic(target, ("\n".join(header) + "\n" + body).encode("utf-8"))
    for warning in imported.warnings:
        click.echo(f"Cảnh báo: {source}: {warning}", err=True)
    click.echo(f"Đã nhập {source} → {target}")


@main.command()
@click.argument("paths", metavar="FILE.docx|FOLDER...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Kết quả dạng JSON (ổn định, cho công cụ khác).")
@click.option("--type", "loai", metavar="LOAI", help="Loại văn bản (ke-hoach, quyet-dinh, bao-cao, cong-van…); "
              "mặc định nhận biết từ tên loại hoặc ký hiệu.")
def check(paths: tuple[Path, ...], as_json: bool, loai: str | None) -> None:
    """Check .docx files against NĐ 30 (folders: every .docx inside).

    Exit code 0: no error; 1: errors found; 2: a file could not be read.
    """
    import json

    from docgen.checkers import report
    from docgen.checkers.check import check_file
    from docgen.model.loai import LOAI_VAN_BAN

    if loai is not None and loai not in LOAI_VAN_BAN:
        _fail([f"không có loại văn bản '{loai}'; các loại hợp lệ: {', '.join(sorted(LOAI_VAN_BAN))}"])
    files = _docx_files(paths)
    if not files:
        _fail(["không có tệp .docx nào để kiểm tra"])
    show_bar = len(files) > 1 and sys.stderr.isatty()
    results = []
    with click.progressbar(files, label="Đang kiểm tra", file=sys.stderr, show_pos=True,
                           hidden=not show_bar) as bar:
        for path in bar:
            results.append(check_file(path, loai))
    if as_json:
        click.echo(json.dumps(report.as_json(results), ensure_ascii=False, indent=2))
    else:
        for result in results:
            click.echo("\n".join(report.human(result)))
        if len(results) > 1:
            click.echo(report.summary(results))
    sys.exit(report.exit_code(results))


def _docx_files(paths: tuple[Path, ...]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*.docx") if not p.name.startswith("~$"))
        else:
            files.append(path)
    return files


if __name__ == "__main__":
    main()
