from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from docgen.readers.van_ban import read_van_ban
from docgen.render.docx_renderer import render_to_file

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SEEDS = ROOT / "tests" / "seeds"  # copies of ../shared/seeds, see its README
NOT_DOCUMENTS = {"co-quan.yaml", "quyet-dinh-tang-cuong.yaml", "bao-cao-tong-hop.yaml"}  # profile, base files
SAMPLE_FILES = sorted(p for p in SAMPLES.glob("*.yaml") if p.name not in NOT_DOCUMENTS)


@pytest.fixture(scope="session")
def rendered(tmp_path_factory) -> dict[str, Path]:
    """Every sample rendered once per test session: stem → .docx path."""
    out = tmp_path_factory.mktemp("rendered")
    paths = {}
    for sample in SAMPLE_FILES:
        paths[sample.stem] = render_to_file(read_van_ban(sample), out / f"{sample.stem}.docx")
    return paths


@pytest.fixture(scope="session")
def documents(rendered) -> dict[str, Document]:
    return {stem: Document(str(path)) for stem, path in rendered.items()}


def libreoffice_missing() -> str | None:
    """Why PDFs cannot be made here (no LibreOffice or no `uno`), or None."""
    from docgen.errors import LoiPdf
    from docgen.pdf.pool import uno_python

    try:
        uno_python()
    except LoiPdf as exc:
        return str(exc)
    return None
