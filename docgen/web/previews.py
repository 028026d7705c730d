"""Page previews for many clerks at once: a few warm LibreOffice workers, each serving one preview at a
time, and a draft previewed again only when its text changed.

A clerk's form saves every pause in typing, and the page asks for a preview after every save; most
of those asks find the draft unchanged since the last one (a second tab, a reload, a save that changed
nothing), so the pages of the last text are kept beside the draft with its hash and served again.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import threading
from dataclasses import dataclass
from pathlib import Path

from docgen.pdf.pool import PdfPool
from docgen.web import drafting

STAMP = "trang.json"     # the hash of the text the pages show, and its findings


@dataclass
class Preview:
    pages: list[Path]
    findings: list[str]


def default_size() -> int:
    """Workers: `$DOCGEN_PREVIEW_WORKERS`, else two (a server's other work needs the other cores)."""
    return max(1, int(os.environ.get("DOCGEN_PREVIEW_WORKERS", 0)) or min(2, os.cpu_count() or 1))


class Previews:
    def __init__(self, size: int | None = None):
        self.size = size or default_size()
        self.idle: queue.Queue[PdfPool] = queue.Queue()
        self.made = 0
        self.making = threading.Lock()
        self.drafts_lock = threading.Lock()
        self.draft_locks: dict[int, threading.Lock] = {}

    def preview(self, draft_id: int, text: str, document, folder: Path) -> Preview:
        """The draft's pages and `docgen check`'s findings; made again only if `text` changed."""
        stamp = hashlib.sha256(text.encode("utf-8")).hexdigest()
        with self._draft_lock(draft_id):              # one draft's files are written by one request
            kept = _kept(folder)
            if kept.get("sha256") == stamp and (folder / "du-thao.pdf").is_file():
                return Preview(drafting.page_images(folder), kept["findings"])
            (folder / STAMP).unlink(missing_ok=True)
            docx = drafting.render(document, folder)
            findings = drafting.findings(docx)
            pool = self._take()
            try:
                pages = drafting.preview(docx, pool)
            finally:
                self.idle.put(pool)
            (folder / STAMP).write_text(json.dumps({"sha256": stamp, "findings": findings}))
            return Preview(pages, findings)

    def pdf(self, draft_id: int, text: str, document, folder: Path) -> Path:
        self.preview(draft_id, text, document, folder)
        return folder / "du-thao.pdf"

    def docx(self, draft_id: int, document, folder: Path) -> Path:
        with self._draft_lock(draft_id):
            return drafting.render(document, folder)

    def _draft_lock(self, draft_id: int) -> threading.Lock:
        with self.drafts_lock:
            return self.draft_locks.setdefault(draft_id, threading.Lock())

    def _take(self) -> PdfPool:
        """An idle worker, or a new one while fewer than `size` exist, else wait for one."""
        try:
            return self.idle.get_nowait()
        except queue.Empty:
            pass
        with self.making:
            if self.made < self.size:
                self.made += 1
                return PdfPool(workers=1).__enter__()
        return self.idle.get()

    def close(self) -> None:
        while True:
            try:
                self.idle.get_nowait().close()
            except queue.Empty:
                return


def _kept(folder: Path) -> dict:
    try:
        return json.loads((folder / STAMP).read_text())
    except (OSError, ValueError):
        return {}
