"""The corpus measure as a service: a real document imported (from its text and from its Word file),
rendered, compared paragraph by paragraph with its source, and checked. Tests and `bench/corpus.py`
share it, so the figure the tests hold is the figure the benchmark prints.

A corpus folder holds `<stem>.txt` (and maybe `<stem>.docx`) per document and an optional
`manifest.yaml` naming, per stem, the faults of the source that docgen's form corrects (`sua`:
pairs of source text → printed form, each with its reason) and the `docgen check` rules the source
itself breaks (`loi_goc`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from docgen.checkers.check import check_file
from docgen.checkers.doi_chieu import DoiChieu, compare, rendered_lines, source_lines
from docgen.errors import LoiDuLieu
from docgen.model.nhiem_vu import cac_nhiem_vu
from docgen.readers.source import LineMap
from docgen.readers.van_ban import build_van_ban
from docgen.readers.van_ban_nhan import import_document
from docgen.render.docx_renderer import render_to_file

ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIRS = (ROOT / "tests" / "corpus", ROOT.parent / "shared" / "corpus")
RENDERED_TYPES = ("ke-hoach", "quyet-dinh", "bao-cao", "cong-van", "thong-bao", "to-trinh", "giay-moi")


@dataclass
class KetQuaDoiChieu:
    name: str                        # stem + source form
    loai: str | None = None
    doi_chieu: DoiChieu | None = None
    tasks: int = 0
    check_errors: list[str] = field(default_factory=list)   # rule ids, source faults removed
    source_faults: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failure: str | None = None

    def summary(self) -> str:
        if self.failure:
            return f"{self.name:48} LỖI: {self.failure}"
        d = self.doi_chieu
        return (f"{self.name:48} {d.exact:4}/{d.source:<4} {d.ratio:6.1%}  trích yếu {'đúng' if d.trich_yeu_ok else 'SAI'}"
                f"  nhiệm vụ {self.tasks:3}  lỗi check {len(self.check_errors)}"
                + (f" {sorted(set(self.check_errors))}" if self.check_errors else "")
                + (f"  (lỗi của bản gốc: {', '.join(self.source_faults)})" if self.source_faults else ""))


def manifest(folder: Path) -> dict:
    path = folder / "manifest.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {} if path.is_file() else {}


def corpus_documents(only: str = "") -> list[tuple[Path, Path | None, dict]]:
    """(text, Word file or None, manifest entry) of every document of a type docgen renders."""
    seen: set[str] = set()
    out = []
    for folder in CORPUS_DIRS:
        if not folder.is_dir():
            continue
        entries = manifest(folder)
        for text in sorted(folder.glob("*.txt")):
            if text.stem in seen or not text.stem.startswith(RENDERED_TYPES) or only not in text.stem:
                continue
            seen.add(text.stem)
            word = text.with_suffix(".docx")
            out.append((text, word if word.is_file() else None, entries.get(text.stem) or {}))
    return out


def measure(source: Path, text: Path, entry: dict, out_dir: Path) -> KetQuaDoiChieu:
    result = KetQuaDoiChieu(f"{source.stem}{source.suffix}")
    try:
        imported = import_document(source)
        document = build_van_ban(imported.data, LineMap(), out_dir / f"{source.stem}.yaml")
    except LoiDuLieu as exc:
        result.failure = "; ".join(str(p) for p in exc.problems)[:300]
        return result
    result.loai, result.warnings = document.loai.ma, imported.warnings
    result.tasks = sum(1 for _ in cac_nhiem_vu(document))
    try:
        output = render_to_file(document, out_dir / f"{source.stem}-{source.suffix[1:]}.docx")
    except ValueError as exc:   # what the renderer refuses (more points than letters…)
        result.failure = str(exc)
        return result
    fixes = [(pair[0], pair[1]) for pair in entry.get("sua", [])]
    result.doi_chieu = compare(source_lines(text), rendered_lines(output), fixes)
    allowed = set(entry.get("loi_goc", []))
    checked = check_file(output)
    for finding in checked.findings:
        if finding.severity != "error":
            continue
        (result.source_faults if finding.rule in allowed else result.check_errors).append(finding.rule)
    if checked.unreadable:
        result.check_errors.append(checked.unreadable)
    return result


def measure_all(out_dir: Path, only: str = "") -> list[KetQuaDoiChieu]:
    results = []
    for text, word, entry in corpus_documents(only):
        for source in (text, word) if word else (text,):
            results.append(measure(source, text, entry, out_dir))
    return results
