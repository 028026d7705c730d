"""`docgen template export | tags | lint`: an agency's own Word template, from the built-in one to a
checked file docgen can use (`--templates DIR`)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import click

from docgen.cli import fail


@click.group()
def template() -> None:
    """Export, describe and lint Word templates (mẫu .docx of an agency)."""


def _built_in(loai: str) -> Path:
    from docgen.render.docx_renderer import SAFE_KEY, TEMPLATES_DIR
    path = TEMPLATES_DIR / f"{loai}.docx"
    if not SAFE_KEY.fullmatch(loai) or not path.is_file():
        known = ", ".join(sorted(p.stem for p in TEMPLATES_DIR.glob("*.docx")))
        fail([f"không có mẫu có sẵn cho loại '{loai}'; các loại: {known}"])
    return path


@template.command("export")
@click.argument("loai", metavar="TYPE")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Tệp .docx ghi ra (mở bằng Word hoặc LibreOffice để sửa).")
@click.option("--force", is_flag=True, help="Ghi đè tệp đã có.")
def export(loai: str, output: Path, force: bool) -> None:
    """Write the built-in template of TYPE, its named styles and tags, ready to edit."""
    from docgen.atomic import write_atomic
    source = _built_in(loai)
    if output.exists() and not force:
        fail([f"{output}: đã có tệp này; dùng --force để ghi đè"])
    write_atomic(output, source.read_bytes())
    click.echo(f"Đã ghi {output}: mẫu {loai}. Sửa trong Word, giữ nguyên các thẻ {{{{ … }}}} và {{%p … %}} "
               f"(docgen template tags), rồi chạy: docgen template lint {output} --type {loai}")


@template.command("tags")
@click.option("--type", "loai", help="Chỉ các thẻ loại văn bản này cần.")
def tags(loai: str | None) -> None:
    """List the tags a template may hold: how each is written, what docgen prints there, its style."""
    from docgen.render import the_mau
    needed = the_mau.needed(_built_in(loai)) if loai else None
    for tag in the_mau.TAGS:
        if needed is not None and tag.name not in needed:
            continue
        click.echo(f"{tag.written}\n    {tag.prints}; kiểu {tag.style}")


@template.command("lint")
@click.argument("mau", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--type", "loai", help="Loại văn bản của mẫu (mặc định: tên tệp, vd. quyet-dinh.docx).")
@click.option("--sua", "repair", is_flag=True, help="Sửa những gì sửa được an toàn (phần, kiểu bị mất) ngay trong tệp.")
def lint(mau: Path, loai: str | None, repair: bool) -> None:
    """Check a Word template: tags, styles, page, parts; then render a document of its type through it
    and run `docgen check` on the result. Exit 0 passed, 1 errors found, 2 unreadable."""
    from docgen.checkers import mau as mau_check
    loai = loai or mau.stem
    built_in = _built_in(loai)
    with tempfile.TemporaryDirectory(prefix="docgen-mau-") as folder:
        working = Path(folder) / "mau.docx"
        result = mau_check.lint_and_try(mau, loai, built_in, working)
        if result.unreadable:
            fail([f"{mau}: {result.unreadable}"])
        if repair and working.exists():
            shutil.copyfile(working, mau)
    for finding in result.findings:
        click.echo(f"  {'lỗi' if finding.severity == 'error' else 'cảnh báo'} [{finding.rule}] {finding.message}")
    for done in result.repaired:
        click.echo(f"  {'đã sửa' if repair else 'sửa được (--sua)'}: {done}")
    errors = sum(f.severity == "error" for f in result.findings)
    click.echo(f"{mau}: {errors} lỗi, {len(result.findings) - errors} cảnh báo")
    raise SystemExit(0 if errors == 0 else 1)
