"""PDF through warm LibreOffice workers: every sample, its fonts, its text, PDF/A, and the pool's faults."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from docgen.cli import main
from docgen.pdf import pool as pool_module
from docgen.pdf.convert import convert
from docgen.pdf.fonts import font_problem, fonts_of
from docgen.pdf.pool import Job, PdfPool
from docgen.readers.docx_text import body_lines

from conftest import SAMPLE_FILES, SAMPLES, libreoffice_missing


pytestmark = pytest.mark.skipif(libreoffice_missing() is not None, reason=f"không có LibreOffice: {libreoffice_missing()}")


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    pages = (["-f", str(first)] if first else []) + (["-l", str(last)] if last else [])
    return subprocess.run(["pdftotext", *pages, str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdffonts(path: Path) -> list[tuple[str, str]]:
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    return [(line.split()[0].split("+")[-1], line.split()[-5]) for line in lines]    # name, "emb" column


def footnote_text(docx: Path) -> str:
    with zipfile.ZipFile(docx) as archive:
        if "word/footnotes.xml" not in archive.namelist():
            return ""
        xml = archive.read("word/footnotes.xml").decode("utf-8")
    return " ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def words(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text))


@pytest.fixture(scope="module")
def every_sample(tmp_path_factory) -> list[tuple[Path, Path]]:
    """Every sample document rendered to .docx and to PDF in one command."""
    folder = tmp_path_factory.mktemp("pdf")
    result = cli("render", *SAMPLE_FILES, "-o", f"{folder}/", "--pdf")
    assert result.exit_code == 0, result.output
    return [(folder / f"{path.stem}.docx", folder / f"{path.stem}.pdf") for path in SAMPLE_FILES]


def test_every_sample_has_its_pdf_in_the_document_fonts_only(every_sample):
    for _docx, pdf in every_sample:
        fonts = pdffonts(pdf)
        assert fonts and all(name.startswith(("LiberationSerif", "TimesNewRoman")) for name, _ in fonts), (pdf, fonts)
        assert all(embedded == "yes" for _, embedded in fonts), (pdf, fonts)


def test_the_pdf_says_what_the_docx_says(every_sample):
    for docx, pdf in every_sample:
        expected = words("\n".join(body_lines(Document(str(docx)))) + "\n" + footnote_text(docx))
        found = words(pdf_text(pdf))
        missing, extra = expected - found, found - expected
        for word in list(missing):        # a footnote's number, raised, reads as glued to its word
            glued = next((e for e in extra if e.startswith(word) and e[len(word):].isdigit()), None)
            if glued:
                missing.pop(word)
                extra[glued] -= 1
                extra += Counter()
        assert not missing, (pdf.name, list(missing.items())[:10])
        assert all(word.isdigit() for word in extra), (pdf.name, list(extra.items())[:10])   # page numbers only


def test_page_one_has_no_page_number_and_page_two_has_one(every_sample):
    several = [pdf for _, pdf in every_sample if pdf.stem.startswith("ke-hoach-1")]   # pages 2… continue the text
    assert len(several) == 2
    for pdf in several:
        assert pdf_text(pdf, 2, 2).split()[0] == "2", pdf.name
        first_line = pdf_text(pdf, 1, 1).strip().splitlines()[0].strip()
        assert not first_line.isdigit(), pdf.name


def test_pdf_a_2b_on_request(tmp_path):
    result = cli("render", SAMPLES / "quyet-dinh-tang-cuong-mot-nguoi.yaml", "-o", tmp_path / "qd.pdf", "--pdfa")
    assert result.exit_code == 0, result.output
    data = (tmp_path / "qd.pdf").read_bytes()
    assert b"<pdfaid:part>2</pdfaid:part>" in data and b"<pdfaid:conformance>B</pdfaid:conformance>" in data
    assert not (tmp_path / "qd.docx").exists()              # -o FILE.pdf: the PDF alone


def test_batch_pdfs_in_files_zip_and_merged(tmp_path):
    base = SAMPLES / "quyet-dinh-tang-cuong.yaml"
    files = cli("batch", SAMPLES / "tang-cuong.csv", "--base", base, "-o", tmp_path / "tung-nguoi", "--pdf")
    assert files.exit_code == 0 and "Đã tạo 22 tệp PDF" in files.output, files.output
    assert len(list((tmp_path / "tung-nguoi").glob("*.pdf"))) == 22
    packed = cli("batch", SAMPLES / "tang-cuong.csv", "--base", base, "-o", tmp_path / "tat-ca.zip", "--pdf")
    assert packed.exit_code == 0, packed.output
    names = zipfile.ZipFile(tmp_path / "tat-ca.zip").namelist()
    assert sum(n.endswith(".pdf") for n in names) == sum(n.endswith(".docx") for n in names) == 22
    merged = cli("batch", SAMPLES / "tang-cuong.csv", "--base", base, "-o", tmp_path, "--merge", tmp_path / "gop.docx",
                 "--pdf")
    assert merged.exit_code == 0, merged.output
    assert pdf_text(tmp_path / "gop.pdf").count("QUYẾT ĐỊNH:") == 22


def test_a_substitute_font_is_refused(tmp_path):
    document = Document()
    run = document.add_paragraph().add_run("Chữ ơ, ư trong phông khác")
    run.font.name = "DejaVu Sans"
    document.save(tmp_path / "la.docx")
    errors = convert([(tmp_path / "la.docx", tmp_path / "la.pdf")])
    assert errors[0] and "phông thay thế DejaVuSans" in errors[0]
    assert not (tmp_path / "la.pdf").exists() and not list(tmp_path.glob(".*.tmp"))


def test_a_crashed_libreoffice_is_restarted_and_the_document_retried(tmp_path, rendered):
    source = rendered["ke-hoach-131-2025"]
    with PdfPool(workers=1) as pool:
        first = pool.convert([Job(source, tmp_path / "1.pdf")])[0]
        worker = pool.workers[0]
        os.killpg(worker.process.pid, signal.SIGKILL)          # LibreOffice and its worker die
        second = pool.convert([Job(source, tmp_path / "2.pdf")])[0]
        assert first.error is None and second.error is None
        assert fonts_of(tmp_path / "2.pdf") and font_problem(tmp_path / "2.pdf") is None
    assert worker.process is None


def test_a_hung_conversion_times_out_and_nothing_is_left_running(tmp_path, monkeypatch, rendered):
    monkeypatch.setattr(pool_module, "SECONDS_PER_DOCUMENT", 0.001)
    with PdfPool(workers=1) as pool:
        job = pool.convert([Job(rendered["ke-hoach-131-2025"], tmp_path / "x.pdf")])[0]
        pids = [w.process.pid for w in pool.workers if w.process]
    assert job.error and "quá" in job.error
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.killpg(pid, 0)


def test_no_libreoffice_is_one_message(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCGEN_SOFFICE", "khong-co-soffice")
    pool_module.uno_python.cache_clear()
    try:
        result = cli("render", SAMPLES / "quyet-dinh-tang-cuong-mot-nguoi.yaml", "-o", tmp_path / "qd.pdf")
    finally:
        pool_module.uno_python.cache_clear()
    assert result.exit_code == 3 and "apt-get install" in result.output and "libreoffice" in result.output
    assert not (tmp_path / "qd.pdf").exists()


def _our_processes() -> list[str]:
    """Command lines of docgen's LibreOffice workers and of the LibreOffice they started."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            except OSError:
                continue
            if "lo_worker.py" in command or "docgen-lo-" in command:
                found.append(command)
    return found


def test_killing_a_worker_mid_batch_loses_no_document(tmp_path, rendered):
    source = rendered["quyet-dinh-tang-cuong-mot-nguoi"]
    jobs = [Job(source, tmp_path / f"{index:03d}.pdf") for index in range(200)]
    finished = []

    def after(job):
        finished.append(job)
        process = pool.workers[0].process
        if len(finished) == 60 and process is not None:   # a third of the way: one LibreOffice dies
            os.killpg(process.pid, signal.SIGKILL)

    with PdfPool(workers=2) as pool:
        pool.convert(jobs, after=after)
    assert [job.error for job in jobs] == [None] * 200
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{index:03d}.pdf" for index in range(200)]  # nothing else
    assert all(font_problem(job.target) is None for job in jobs[::40])
    assert _our_processes() == []
    assert not list(Path(tempfile.gettempdir()).glob("docgen-lo-*"))     # the killed one's profile too


def test_no_libreoffice_is_left_after_a_command(tmp_path):
    result = cli("batch", SAMPLES / "tang-cuong.csv", "--base", SAMPLES / "quyet-dinh-tang-cuong.yaml",
                 "-o", tmp_path / "ra", "--pdf")
    assert result.exit_code == 0, result.output
    assert _our_processes() == []


def test_relative_paths_as_a_clerk_types_them(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "co-quan.yaml").write_bytes((SAMPLES / "co-quan.yaml").read_bytes())
    (tmp_path / "qd.yaml").write_bytes((SAMPLES / "quyet-dinh-tang-cuong-mot-nguoi.yaml").read_bytes())
    result = cli("render", "qd.yaml", "--pdf")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "qd.pdf").is_file() and "Đã tạo qd.pdf" in result.output
