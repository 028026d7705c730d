"""A small pool of warm LibreOffice processes converting .docx to PDF.

Why by hand: unoserver runs one LibreOffice behind an XML-RPC server that waits a fixed seven
seconds at start, asks LibreOffice for its whole filter list on every document (80 ms a one-page
decision, against 42 ms with the PDF filter named) and has no timeout per document. Here a pool
sized to the cores feeds documents to its workers (lo_worker.py, LibreOffice's UNO API) in parallel; a worker that crashes or
exceeds its time per document is killed with its LibreOffice (own process group) and started
again, and the document retried once; workers are recycled after `RECYCLE_AFTER` documents; and
everything started is stopped when the pool closes — or when docgen dies, since a worker stops
LibreOffice as soon as its pipe closes.
"""

from __future__ import annotations

import glob
import json
import os
import queue
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from docgen.errors import LoiPdf

WORKER_SCRIPT = Path(__file__).with_name("lo_worker.py")
SECONDS_PER_DOCUMENT = 60.0
START_SECONDS = 90.0
RECYCLE_AFTER = 500
INSTALL = ("cài LibreOffice Writer và giao tiếp Python của nó: sudo apt-get install -y "
           "libreoffice-writer-nogui python3-uno fonts-liberation2")


@lru_cache(maxsize=1)
def uno_python() -> str:
    """A Python that can import LibreOffice's `uno` ($DOCGEN_UNO_PYTHON first)."""
    if shutil.which(os.environ.get("DOCGEN_SOFFICE", "soffice")) is None:
        raise LoiPdf(f"không có LibreOffice để tạo PDF: {INSTALL}")
    candidates = [os.environ.get("DOCGEN_UNO_PYTHON"), "/usr/bin/python3", "/usr/lib/libreoffice/program/python",
                  *sorted(glob.glob("/opt/libreoffice*/program/python")), sys.executable]
    for candidate in filter(None, candidates):
        if Path(candidate).is_file() and subprocess.run(
                [candidate, "-c", "import uno"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, timeout=30).returncode == 0:
            return candidate
    raise LoiPdf(f"không tìm thấy Python có mô-đun uno của LibreOffice: {INSTALL} "
                 "(hoặc đặt DOCGEN_UNO_PYTHON)")


def profile_template() -> str:
    """A LibreOffice profile kept between runs (each worker starts from a copy of it)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    folder = Path(base) / "docgen"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return ""
    return str(folder / "libreoffice-profile")


class WorkerFailed(Exception):
    """The worker crashed, hung past its time, or could not start."""


class Worker:
    def __init__(self):
        self.process: subprocess.Popen | None = None
        self.home: str | None = None          # the worker's folder: its profile, LibreOffice's output
        self.done = 0

    def start(self) -> None:
        self.home = tempfile.mkdtemp(prefix="docgen-lo-")
        self.process = subprocess.Popen(
            [uno_python(), "-s", str(WORKER_SCRIPT), profile_template(), self.home], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True, text=True)
        self.done = 0
        reply = self._read(START_SECONDS)
        if not reply.get("ready"):
            self.kill()
            raise WorkerFailed("LibreOffice không khởi động được")

    def convert(self, source: Path, target: Path, pdfa: bool) -> None:
        if self.process is None or self.process.poll() is not None or self.done >= RECYCLE_AFTER:
            self.stop()
            self.start()
        try:
            request = {"in": str(Path(source).absolute()), "out": str(Path(target).absolute()), "pdfa": pdfa}
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
        except OSError:                        # it died since its last document
            self.kill()
            raise WorkerFailed("LibreOffice dừng giữa chừng") from None
        reply = self._read(SECONDS_PER_DOCUMENT)
        self.done += 1
        if "error" in reply:
            raise ValueError(reply["error"])

    def _read(self, seconds: float) -> dict:
        ready, _, _ = select.select([self.process.stdout], [], [], seconds)
        line = self.process.stdout.readline() if ready else ""
        if not line:
            self.kill()
            raise WorkerFailed("LibreOffice dừng giữa chừng" if ready else f"LibreOffice quá {seconds:.0f} giây")
        return json.loads(line)

    def stop(self) -> None:
        """Ask LibreOffice to quit; kill it if it does not within five seconds."""
        if self.process is None:
            return
        try:
            if self.process.poll() is None:
                self.process.stdin.write(json.dumps({"quit": True}) + "\n")
                self.process.stdin.flush()
                self.process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()

    def kill(self) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)     # the worker and its LibreOffice
        except (ProcessLookupError, PermissionError):
            pass
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        self.process = None
        shutil.rmtree(self.home, ignore_errors=True)     # what a killed LibreOffice left behind


@dataclass
class Job:
    source: Path
    target: Path
    error: str | None = None


class PdfPool:
    """`with PdfPool() as pool: pool.convert(jobs)` — jobs converted in parallel, each one's error kept."""

    def __init__(self, workers: int | None = None, pdfa: bool = False):
        self.size = max(1, workers or int(os.environ.get("DOCGEN_PDF_WORKERS", 0)) or os.cpu_count() or 1)
        self.pdfa = pdfa
        self.workers: list[Worker] = []

    def __enter__(self) -> "PdfPool":
        uno_python()                       # a missing LibreOffice is said before any work
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def convert(self, jobs: list[Job], after=None) -> list[Job]:
        """Convert every job; `after(job)` is called as each finishes (from the worker's thread)."""
        pending: queue.Queue = queue.Queue()
        for job in jobs:
            pending.put(job)
        while len(self.workers) < min(self.size, len(jobs)):
            self.workers.append(Worker())
        threads = [threading.Thread(target=self._serve, args=(worker, pending, after), daemon=True)
                   for worker in self.workers[:min(self.size, len(jobs))]]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return jobs

    def _serve(self, worker: Worker, pending: queue.Queue, after) -> None:
        while True:
            try:
                job = pending.get_nowait()
            except queue.Empty:
                return
            for _attempt in (1, 2):     # a crashed, hung or failing LibreOffice: once more (fresh if it died)
                try:
                    worker.convert(job.source, job.target, self.pdfa)
                    job.error = None
                    break
                except WorkerFailed as exc:
                    job.error = str(exc)
                except ValueError as exc:
                    job.error = f"LibreOffice không chuyển được: {exc}"
                except Exception as exc:       # never a job lost without its reason
                    job.error = f"{type(exc).__name__}: {exc}"
                    break
            if after is not None:
                after(job)

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
        self.workers = []
