"""The `docgen` command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from docgen import __version__
from docgen.errors import LoiDuLieu, LoiMauVanBan

EXIT_BAD_INPUT = 2


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
def batch(data: Path, base: Path, kind: str | None, output: Path, name_pattern: str | None, merge: Path | None,
          group: bool, jobs: int | None, ho_so: Path | None, templates: Path | None) -> None:
    """One document per row of DATA (CSV or XLSX), or one for the whole list (--group).

    Every row is checked first; bad rows are listed (row, column, reason) and saved to loi.csv,
    the good rows are still written. Exit code 0: all rows done; 1: some rows failed; 2: nothing
    could be read.
    """
    import os

    from docgen.batch import runner

    options = runner.Options(data=data, base=base, output=output, kind=kind, name_pattern=name_pattern,
                             merge=merge, group=group, jobs=jobs or os.cpu_count() or 1, ho_so=ho_so,
                             templates=templates)
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
    if result.errors:
        summary += f"; {result.failed_rows} dòng lỗi, xem {result.error_file}"
    click.echo(summary + ".")
    sys.exit(1 if result.errors else 0)


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
