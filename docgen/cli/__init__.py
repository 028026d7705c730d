"""The `docgen` command line: the group and what every command shares; one module per command family."""

from __future__ import annotations

import functools
import importlib
import sys
from datetime import date
from pathlib import Path

import click

from docgen import __version__
from docgen.startup import leave_objects_to_the_system, skip_pydantic_plugin_discovery

EXIT_BAD_INPUT = 2
EXIT_ENVIRONMENT = 3     # the register or the machine, not the clerk's input
REGISTER_HELP = "Sổ đăng ký: tệp SQLite hoặc postgresql://… (mặc định: $DOCGEN_REGISTER hoặc ~/.local/share/docgen)."


def fail(lines: list[str], code: int = EXIT_BAD_INPUT) -> None:
    for line in lines:
        click.echo(f"Lỗi: {line}", err=True)
    sys.exit(code)


def uses_register(command):
    """A command that reads or writes the register: a register out of reach (held too long, a
    server gone, a locked file) ends in exit 3 with a message, never in a traceback."""
    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except Exception as exc:
            from docgen.register.store import describe_failure   # sqlalchemy only when it failed

            message = describe_failure(exc)
            if message is None:
                raise
            fail([message], EXIT_ENVIRONMENT)
    return run


def pdf_options(command):
    """`--pdf` and `--pdfa`, the same on every command that writes documents."""
    command = click.option("--pdfa", is_flag=True,
                           help="PDF theo chuẩn lưu trữ PDF/A-2b (cùng --pdf hoặc -o TỆP.pdf).")(command)
    return click.option("--pdf", "pdf", is_flag=True,
                        help="Tạo thêm bản PDF cạnh mỗi tệp .docx (cần LibreOffice).")(command)


def make_pdfs(pairs: list[tuple[Path, Path]], pdfa: bool, each: bool = True) -> None:
    """Each (docx, pdf) converted; the PDFs made said (`each`, or their count); those that could
    not be made named, exit 3 (LibreOffice or fonts missing: the machine, not the clerk's input)."""
    if not pairs:
        return
    from docgen.pdf.convert import convert      # pypdf and the LibreOffice pool: only when PDFs are made

    errors = _pdf_work(convert, pairs, pdfa)
    made = [pdf for (_, pdf), error in zip(pairs, errors) if error is None]
    for pdf in made if each else []:
        click.echo(f"Đã tạo {pdf}")
    _pdf_summary(len(made), [f"{pdf}: {error}" for (_, pdf), error in zip(pairs, errors) if error], pdfa, each)


def pdfs_beside(docx_files: list[Path], pdfa: bool, each: bool = True) -> None:
    make_pdfs([(Path(docx), Path(docx).with_suffix(".pdf")) for docx in docx_files], pdfa, each)


def add_pdfs_to_zip(archive: Path, pdfa: bool) -> None:
    from docgen.pdf.convert import add_pdfs_to_zip as add

    made, problems = _pdf_work(add, archive, pdfa)
    _pdf_summary(made, problems, pdfa, each=False)


def _pdf_work(work, *args):
    from docgen.errors import LoiPdf

    try:
        return work(*args)
    except LoiPdf as exc:
        fail([str(exc)], EXIT_ENVIRONMENT)


def _pdf_summary(made: int, problems: list[str], pdfa: bool, each: bool) -> None:
    if not each and made:
        click.echo(f"Đã tạo {made} tệp PDF" + (" PDF/A-2b" if pdfa else "") + ".")
    if problems:
        fail([f"không tạo được PDF {problem}" for problem in problems], EXIT_ENVIRONMENT)


def parse_day(value: str | None, option: str) -> date | None:
    """A date option (`05/4/2026`, `2026-04-05`), or exit 2 saying which option is wrong."""
    if not value:
        return None
    if value.strip().isdigit():                        # `--ngay 99999` is no date a clerk writes
        fail([f"{option}: ngày '{value}' không hợp lệ (viết dạng 05/4/2026 hoặc 2026-04-05)"])
    from docgen.readers.bang_tinh import parse_date   # the spreadsheet reader: only when a date is given

    try:
        return parse_date(value)
    except ValueError as exc:
        fail([f"{option}: {exc}"])


class _Commands(click.Group):
    """The commands, each imported when it is run: a command's start-up pays only for its own
    modules (`render` does not load SQLAlchemy, pypdf or the web app)."""

    WHERE = {
        "batch": "batch:batch", "check": "check:check", "copy": "copy:copy", "import": "plans:import_",
        "issue": "register:issue", "new": "new:new", "register": "register:register", "render": "render:render",
        "report": "plans:report", "serve": "serve:serve", "sign": "sign:sign", "subplan": "plans:subplan",
        "template": "template:template", "user": "serve:user",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.WHERE)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.WHERE:
            return None
        module, attribute = self.WHERE[name].split(":")
        skip_pydantic_plugin_discovery()        # before the command's models are built
        return getattr(importlib.import_module(f"docgen.cli.{module}"), attribute)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docgen")
def main() -> None:
    """docgen: văn bản hành chính đúng Nghị định 30/2020/NĐ-CP từ dữ liệu có cấu trúc.

    Structured data (YAML/JSON) → Vietnamese administrative documents (.docx) per Decree 30.
    """


def run() -> None:
    """The `docgen` program (`main` is its command group, which tests call in-process)."""
    try:
        main()
    finally:
        leave_objects_to_the_system()
