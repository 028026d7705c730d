"""`docgen render`: data files to documents."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.cli import fail, make_pdfs, pdf_options
from docgen.errors import LoiDuLieu, LoiMauVanBan


@click.command()
@click.argument("inputs", metavar="INPUT.yaml...", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(),    # a str: a trailing / says "folder"
              help="Tệp .docx hoặc .pdf kết quả, hoặc thư mục khi có nhiều tệp vào (mặc định: cạnh tệp dữ liệu, cùng tên).")
@click.option("--ho-so", "ho_so", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp hồ sơ cơ quan (thay cho khóa 'ho_so' trong văn bản).")
@click.option("--templates", type=click.Path(file_okay=False, path_type=Path),
              help="Thư mục mẫu .docx (mặc định: templates/ của docgen).")
@pdf_options
def render(inputs: tuple[Path, ...], output: str | None, ho_so: Path | None, templates: Path | None,
           pdf: bool, pdfa: bool) -> None:
    """Render documents: each INPUT.yaml (or .json) → .docx (and .pdf with --pdf, or -o FILE.pdf).

    A bad file is reported (file, line, field) and skipped; the others are still written.
    Exit code 2 when any file could not be rendered; 3 when a PDF could not be made.
    """
    from docgen.dau_ra import output_path, refuse_issued
    from docgen.readers.van_ban import read_van_ban
    from docgen.render.docx_renderer import render_to_file

    if output is not None and len(inputs) > 1:
        if Path(output).suffix and not Path(output).is_dir():
            fail([f"có {len(inputs)} tệp vào: -o phải là một thư mục (kết thúc bằng /), không phải {output}"])
        output = output.rstrip("/") + "/"                    # several inputs: -o is their folder
    failures: list[str] = []
    written: set[Path] = set()
    pdfs: list[tuple[Path, Path]] = []
    drafts = _Drafts()                                         # the .docx behind `-o FILE.pdf`
    for input_file in inputs:
        try:
            target = output_path(output, input_file.with_suffix(".docx"), (".docx", ".pdf"))
            if target.resolve() in written:
                raise LoiDuLieu.mot(input_file, f"cùng tên tệp kết quả {target} với một tệp vào trước: không ghi đè")
            refuse_issued(target)
            document = read_van_ban(input_file, ho_so)
            if target.suffix.lower() == ".pdf":
                docx = drafts.folder() / f"{len(pdfs)}.docx"
                render_to_file(document, docx, templates)
                pdfs.append((docx, target))
                written.add(target.resolve())
                continue
            render_to_file(document, target, templates)
            if pdf:
                pdfs.append((target, target.with_suffix(".pdf")))
        except LoiDuLieu as exc:
            failures += [str(problem) for problem in exc.problems]
            continue
        except LoiMauVanBan as exc:
            failures.append(str(exc))
            continue
        written.add(target.resolve())
        note = " (dự thảo: chưa có số, ngày)" if document.la_du_thao else ""
        click.echo(f"Đã tạo {target}{note}")
    try:
        make_pdfs(pdfs, pdfa)
    finally:
        drafts.remove()
    if failures:
        fail(failures)



class _Drafts:
    """A temporary folder made when the first `-o FILE.pdf` needs one (tempfile and shutil: ≈ 4 ms
    that a .docx render does not need)."""

    def __init__(self):
        self._made = None

    def folder(self) -> Path:
        if self._made is None:
            import tempfile

            self._made = tempfile.TemporaryDirectory(prefix="docgen-")
        return Path(self._made.name)

    def remove(self) -> None:
        if self._made is not None:
            self._made.cleanup()
