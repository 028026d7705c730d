"""Check one .docx file: open it safely, find the form, run every rule."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from docgen.checkers import cau_truc, rules
from docgen.checkers.effective import Resolver
from docgen.checkers.findings import ERROR, WARNING, Finding
from docgen.checkers.form import locate
from docgen.model.loai import LoaiVanBan, tim_loai
from docgen.pools import process_pool, usable_cores
from docgen.readers.docx_text import open_docx



@dataclass
class KetQua:
    """The result of checking one file."""

    file: str
    loai: str | None = None
    findings: list[Finding] = field(default_factory=list)
    unreadable: str | None = None   # why the file could not be read at all

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == WARNING)

    def as_dict(self) -> dict:
        status = "unreadable" if self.unreadable else ("errors" if self.errors else "ok")
        return {"file": self.file, "type": self.loai, "status": status, "errors": self.errors,
                "warnings": self.warnings, "unreadable": self.unreadable,
                "findings": [f.as_dict() for f in self.findings]}


def check_file(path: Path | str, loai: str | LoaiVanBan | None = None) -> KetQua:
    path = Path(path)
    result = KetQua(str(path))
    document, reason = open_docx(path)
    if document is None:
        result.unreadable = reason
        return result
    try:
        resolver = Resolver(document)
        form = locate(document, resolver)
        chosen = tim_loai(loai) if isinstance(loai, str) else (loai or form.loai or _from_symbol(form))
        result.loai = chosen.ma if chosen else None
        ctx = rules.Context(document, form, resolver, chosen)
        for rule in rules.ALL + cau_truc.ALL:
            result.findings.extend(rule(ctx))
    except Exception as exc:  # a structure we did not foresee must not hide the other files
        result.unreadable = f"không phân tích được cấu trúc tệp ({type(exc).__name__}: {exc})"
    return result


FILES_PER_WORKER = 100   # below this a worker's start (≈ 0.1 s: imports, python-docx) costs more than it saves
CHUNK = 16


def workers_for(count: int, jobs: int | None = None) -> int:
    """Processes for checking `count` files: as asked, else one per core that has enough files to do."""
    if jobs is not None:
        return max(1, jobs)
    return max(1, min(usable_cores(), count // FILES_PER_WORKER))


def check_files(paths: Iterable[Path], loai: str | None = None, jobs: int = 1) -> Iterator[KetQua]:
    """Each file's result, in the order given; with `jobs` > 1 checked by that many processes."""
    paths = list(paths)
    pool = process_pool(jobs)
    if pool is None:
        for path in paths:
            yield check_file(path, loai)
        return
    with pool:
        yield from pool.map(check_file, paths, [loai] * len(paths), chunksize=CHUNK)


def _from_symbol(form) -> LoaiVanBan | None:
    """No tên loại: the type abbreviation in the ký hiệu decides; none at all means công văn."""
    import re

    from docgen.model.loai import LOAI_VAN_BAN

    if form.so is None:
        return None
    match = re.search(r"/([^-/\s]+)(?:-|\s*$)", form.so.text)
    if not match:
        return None
    by_abbreviation = {l.viet_tat: l for l in LOAI_VAN_BAN.values() if l.viet_tat}
    return by_abbreviation.get(match.group(1), LOAI_VAN_BAN["cong-van"])
