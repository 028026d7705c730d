"""Writing a file so that a reader never sees half of it: a temporary name beside it, then a rename.

The temporary name carries the process id (`.name.<pid>.tmp`), so parallel workers never share
one and a batch can sweep those of dead processes; O_NOFOLLOW refuses a link planted at that
name; mode 0666 lets the umask decide, as for any file the user saves. `durable` flushes the file
to disk before the rename, so that even a power cut leaves the old or the new file; batches skip
it per file (a killed process cannot leave half a file either way, and an fsync per document would
cost more than rendering it).
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def temporary_name(path: Path, pid: int | None = None) -> Path:
    """`path`'s temporary while process `pid` (this one by default) writes it."""
    return Path(_temporary(os.fspath(path), pid))


def _temporary(path: str, pid: int | None = None) -> str:
    folder, name = os.path.split(path)
    return os.path.join(folder, f".{name}.{pid or os.getpid()}.tmp")


def _open_temporary(temp: str | Path) -> int:
    """The temporary file opened for writing (never through a link), its folder made if missing."""
    try:
        return os.open(temp, _FLAGS, 0o666)
    except FileNotFoundError:
        Path(temp).parent.mkdir(parents=True, exist_ok=True)
        return os.open(temp, _FLAGS, 0o666)


@contextmanager
def temporary(path: Path, durable: bool = True) -> Iterator[tuple[Path, BinaryIO]]:
    """The stream of `path`'s temporary file; removed again if the block fails."""
    temp = temporary_name(path)
    handle = _open_temporary(temp)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield temp, stream
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_temporary(path: Path, data: bytes, durable: bool = True) -> Path:
    """The bytes under the temporary name beside `path`; the caller renames it into place (the
    register does so only once the row is written)."""
    with temporary(path, durable) as (temp, stream):
        stream.write(data)
    return temp


@contextmanager
def replacing(path: Path, durable: bool = True) -> Iterator[BinaryIO]:
    """A stream whose content becomes `path` when the block ends without error, and nothing otherwise."""
    with temporary(path, durable) as (temp, stream):
        yield stream
    _place(temp, path)


def write_atomic(path: Path | str, data: bytes, durable: bool = True) -> None:
    """`data` as `path`, whole or not at all. With plain os calls and string paths: a batch writes
    thousands of small files, and file objects and `Path`s were a third of the time of each."""
    path = os.fspath(path)
    temp = _temporary(path)
    handle = _open_temporary(temp)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view):]
            if durable:
                os.fsync(handle)
        finally:
            os.close(handle)
        os.replace(temp, path)
    except BaseException:
        _remove(temp)
        raise


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _place(temp: Path, path: Path) -> None:
    try:
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX); a no-op where folders cannot be opened."""
    try:
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def process_running(pid: int) -> bool:
    """Alive and not a zombie (in a container nobody may reap a killed process). Decides whether a
    temporary file, or a register row being written, still has its writer."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")
