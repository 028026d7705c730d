"""`docgen check`: audit .docx files against NĐ 30."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from docgen.cli import fail


@click.command()
@click.argument("paths", metavar="FILE.docx|FOLDER...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Kết quả dạng JSON (ổn định, cho công cụ khác).")
@click.option("--type", "loai", metavar="LOAI", help="Loại văn bản (ke-hoach, quyet-dinh, bao-cao, cong-van…); "
              "mặc định nhận biết từ tên loại hoặc ký hiệu.")
@click.option("--jobs", type=click.IntRange(min=1), help="Số tiến trình kiểm tra (mặc định: theo số tệp và số lõi).")
def check(paths: tuple[Path, ...], as_json: bool, loai: str | None, jobs: int | None) -> None:
    """Check .docx files against NĐ 30 (folders: every .docx inside).

    Exit code 0: no error; 1: errors found; 2: a file could not be read.
    """
    import json

    from docgen.checkers import report
    from docgen.checkers.check import check_files, workers_for
    from docgen.model.loai import LOAI_VAN_BAN

    if loai is not None and loai not in LOAI_VAN_BAN:
        fail([f"không có loại văn bản '{loai}'; các loại hợp lệ: {', '.join(sorted(LOAI_VAN_BAN))}"])
    files = _docx_files(paths)
    if not files:
        fail(["không có tệp .docx nào để kiểm tra"])
    show_bar = len(files) > 1 and sys.stderr.isatty()
    results = []
    checked = check_files(files, loai, workers_for(len(files), jobs))
    with click.progressbar(checked, length=len(files), label="Đang kiểm tra", file=sys.stderr, show_pos=True,
                           hidden=not show_bar) as bar:
        for result in bar:
            results.append(result)
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
