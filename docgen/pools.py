"""Worker processes: how many this machine offers, and a pool of them where it can start one."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, e.g. a container's share), at most the
    61 worker processes Windows allows."""
    try:
        count = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        count = os.cpu_count() or 1
    return max(1, min(count, 61))


def process_pool(workers: int, **options) -> ProcessPoolExecutor | None:
    """A pool of `workers` processes, or None when one process is asked for or the machine cannot
    start a pool (a system without POSIX semaphores): the caller then does the work itself."""
    if workers <= 1:
        return None
    from concurrent.futures import ProcessPoolExecutor    # with multiprocessing: ≈ 5 ms, only for a pool

    try:
        return ProcessPoolExecutor(max_workers=workers, **options)
    except (OSError, NotImplementedError, ImportError):
        return None


def forks() -> bool:
    """Pools start their workers by forking this process (Linux): they see its memory as it was."""
    import multiprocessing          # with the pool, only for a pool

    # Asked without settling it (`get_start_method()` would fix the default for the whole process):
    # the method set, else the platform's default, the first of all.
    method = multiprocessing.get_start_method(allow_none=True) or multiprocessing.get_all_start_methods()[0]
    return method == "fork"
