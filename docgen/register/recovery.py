"""Finish or undo what an interrupted issue left behind: rows still `dang-ghi` whose writer is gone.

The protocol (register/issue.py) records the row before the file exists and marks it issued once
the file is in place, so a writer killed in between leaves a `dang-ghi` row and, at most, its file
or its temporary. If the file is in place with the recorded hash, the issue is finished; otherwise
the file never arrived and the number is withdrawn — given again when it is still the last of its
series, kept as cancelled when a later number exists (no gap). This runs under the series lock at
the start of every issue in the series, and over the whole register in `register verify --sua`.
"""

from __future__ import annotations

import hashlib
import os
import socket
from dataclasses import dataclass
from datetime import timedelta, timezone
from pathlib import Path

from sqlalchemy.engine import Connection

from docgen.atomic import process_running, temporary_name
from docgen.register import store

IN_FLIGHT: set[int] = set()          # rows this process is writing now (the web app issues in threads)
STALE_AFTER = timedelta(minutes=10)  # a SQLite writer on another machine, whose process cannot be asked
INTERRUPTED = "cấp số bị gián đoạn trước khi ghi xong tệp (docgen tự hủy số, đã có số sau)"


@dataclass(frozen=True)
class Recovered:
    ky_hieu: str
    nam: int
    tep: str
    action: str          # "hoàn tất" (file found, marked issued), "xóa" (number freed), "hủy" (kept cancelled)


def file_sha256(path: Path) -> str | None:
    """The hash of a regular file (never through a link), or None when there is none."""
    path = Path(path)
    if path.is_symlink() or not path.is_file():
        return None
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def writer_gone(connection: Connection, row) -> bool:
    if row.id in IN_FLIGHT:
        return False
    lock_free = store.writer_lock_free(connection, row.id)
    if lock_free is not None:
        return lock_free
    host, _, pid = (row.tien_trinh or "").rpartition("/")
    if host == socket.gethostname() and pid.isdigit():
        return int(pid) == os.getpid() or not process_running(int(pid))
    started = row.thoi_gian if row.thoi_gian.tzinfo else row.thoi_gian.replace(tzinfo=timezone.utc)
    return store.now() - started > STALE_AFTER


def recover(connection: Connection, series: tuple[str, str, int] | None = None) -> list[Recovered]:
    """Settle every abandoned row (of one series, or of the register); inside a transaction."""
    settled = (settle(connection, row) for row in store.unfinished(connection, series))
    return [done for done in settled if done is not None]


def settle(connection: Connection, row) -> Recovered | None:
    """Finish or withdraw one `dang-ghi` row if its writer is gone (None: still at work)."""
    store.lock_series(connection, row.co_quan, row.day_so, row.nam)
    if not writer_gone(connection, row):
        return None
    _remove_temporary(Path(row.tep), row.tien_trinh)
    if file_sha256(Path(row.tep)) == row.sha256:
        store.finish(connection, row.id)
        action = "hoàn tất"
    else:
        action = store.withdraw(connection, row, INTERRUPTED)
    return Recovered(row.ky_hieu, row.nam, row.tep, action)


def _remove_temporary(path: Path, writer: str | None) -> None:
    """The dead writer's temporary beside the file (only on its own machine: the name has its pid)."""
    host, _, pid = (writer or "").rpartition("/")
    if host != socket.gethostname() or not pid.isdigit():
        return
    temp = temporary_name(path, int(pid))
    if temp.is_file() and not temp.is_symlink():
        temp.unlink(missing_ok=True)
