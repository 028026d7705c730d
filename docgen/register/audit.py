"""The register against the folder (`docgen register verify`): what NĐ 30 Điều 15 needs to hold.

Every issued row has its file, unchanged since it was issued; no row is left half-written; every
series runs 01, 02, … without a gap (cancelled numbers stay in it); no file belongs to two rows.
The fault-injection tests run the same audit after every injected fault.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine

from docgen.register import queries, recovery, store


@dataclass(frozen=True)
class FileState:
    entry: store.Entry
    state: str          # "ok", "changed", "missing", "writing"


@dataclass
class Audit:
    files: list[FileState] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)    # every problem, as a clerk reads it

    @property
    def consistent(self) -> bool:
        return not self.problems


_SAYS = {"changed": "tệp đã bị sửa", "missing": "tệp không còn",
         "writing": "đang ghi dở (chưa xác nhận đã ban hành; chạy register verify --sua)"}


def audit(engine: Engine, year: int | None = None) -> Audit:
    result = Audit()
    series: dict[tuple, list[int]] = defaultdict(list)
    owners: dict[str, list[store.Entry]] = defaultdict(list)
    for entry in queries.entries(engine, year):
        series[(entry.agency_label, entry.day_so, entry.nam)].append(entry.so)
        if entry.trang_thai == store.CANCELLED:
            continue
        owners[entry.tep].append(entry)
        state = _file_state(entry)
        result.files.append(FileState(entry, state))
        if state != "ok":
            result.problems.append(f"{entry.ky_hieu} ({entry.nam}): {_SAYS[state]}: {entry.tep}")
    for (agency, day_so, nam), numbers in sorted(series.items()):
        missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
        if missing:
            shown = ", ".join(str(n) for n in missing[:20]) + (" …" if len(missing) > 20 else "")
            result.problems.append(f"dãy số {day_so} năm {nam} của {agency} thiếu số: {shown}")
    for path, entries in owners.items():
        if len(entries) > 1:
            result.problems.append(f"tệp {path} được ghi cho {len(entries)} văn bản: "
                                   + ", ".join(e.ky_hieu for e in entries))
    return result


def _file_state(entry: store.Entry) -> str:
    if entry.trang_thai == store.WRITING:
        return "writing"
    digest = recovery.file_sha256(Path(entry.tep))
    if digest is None:
        return "missing"
    return "ok" if digest == entry.sha256 else "changed"


def repair(engine: Engine) -> list[recovery.Recovered]:
    """Settle every row whose writer is gone (`register verify --sua`)."""
    with engine.begin() as connection:
        return recovery.recover(connection)
