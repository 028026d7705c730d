"""Documents to PDF for every command: through the pool, each PDF checked for its fonts and put in
place only when complete (a temporary name, then a rename)."""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from docgen.atomic import replacing, temporary_name
from docgen.pdf.fonts import font_problem
from docgen.pdf.pool import Job, PdfPool


def convert(pairs: list[tuple[Path, Path]], pdfa: bool = False, pool: PdfPool | None = None) -> list[str | None]:
    """Each (docx, pdf) converted; the error of each, or None."""
    jobs = [Job(Path(source), temporary_name(Path(target))) for source, target in pairs]
    if pool is None:
        with PdfPool(workers=min(len(jobs), os.cpu_count() or 1), pdfa=pdfa) as own:
            own.convert(jobs)
    else:
        pool.convert(jobs)
    return [_place(job, Path(target)) for job, (_, target) in zip(jobs, pairs)]


def _place(job: Job, target: Path) -> str | None:
    try:
        if job.error is None and not job.target.is_file():
            job.error = "LibreOffice không ghi ra tệp PDF"
        if job.error is None:
            job.error = font_problem(job.target)
        if job.error is None:
            os.replace(job.target, target)
        return job.error
    finally:
        job.target.unlink(missing_ok=True)


def add_pdfs_to_zip(archive: Path, pdfa: bool = False) -> tuple[int, list[str]]:
    """The PDF of every .docx in the archive added beside it (the archive replaced whole): how
    many were added, and the errors, each naming its document."""
    with tempfile.TemporaryDirectory(prefix="docgen-pdf-") as work:
        folder = Path(work)
        with zipfile.ZipFile(archive) as source:
            names = [name for name in source.namelist() if name.lower().endswith(".docx")]
            pairs = []
            for index, name in enumerate(names):
                docx = folder / f"{index}.docx"
                with source.open(name) as part, open(docx, "wb") as out:
                    shutil.copyfileobj(part, out)
                pairs.append((docx, docx.with_suffix(".pdf")))
        errors = convert(pairs, pdfa)
        with replacing(archive) as stream, zipfile.ZipFile(stream, "w", zipfile.ZIP_STORED, allowZip64=True) as out, \
                zipfile.ZipFile(archive) as source:
            for info in source.infolist():
                with source.open(info) as part, out.open(info, "w", force_zip64=True) as copy:
                    shutil.copyfileobj(part, copy)
            for name, (_, pdf), error in zip(names, pairs, errors):
                if error is None:
                    out.write(pdf, name[:-5] + ".pdf")
    return errors.count(None), [f"{name[:-5]}.pdf: {error}" for name, error in zip(names, errors) if error]
