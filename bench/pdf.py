"""PDF benchmark: the warm pool against LibreOffice as a clerk would run it by hand, in one run.

    python bench/pdf.py [--counts 1 50 1000] [--per-document 20]

For each count of one-page decisions: PDFs per second through docgen's pool (its start included),
through one `soffice --convert-to pdf` call per document (timed on at most --per-document of them:
a thousand calls would take twenty minutes), and through one `soffice` call for all of them (per
200: a call given more files converts about 250 and drops the rest without an error). Then the
warm single-document latency (what the web preview will feel), the pool's peak memory, and
signatures per second (`docgen sign` with a test certificate, visible signature and seal).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from docgen.batch import runner  # noqa: E402
from docgen.pdf.ky_so import YeuCauKy, sign  # noqa: E402
from docgen.pdf.pool import Job, PdfPool  # noqa: E402
from pki import PASSWORD, make_pki  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from bench import _rows_csv  # noqa: E402


def decisions(folder: Path, count: int) -> list[Path]:
    options = runner.Options(data=_rows_csv(folder / "rows.csv", count), output=folder / "docx",
                             base=ROOT / "samples" / "quyet-dinh-tang-cuong.yaml", jobs=os.cpu_count() or 1)
    return runner.run(options).written


def group_rss_mb(pool: PdfPool) -> float:
    """Resident memory of every worker and its LibreOffice (their process groups)."""
    groups = {w.process.pid for w in pool.workers if w.process}
    total = 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) in groups:
                    status = (entry / "status").read_text()
                    total += int(next(l for l in status.splitlines() if l.startswith("VmRSS")).split()[1])
            except (OSError, StopIteration, ProcessLookupError):
                continue
    return total / 1024


def by_pool(files: list[Path], out: Path) -> tuple[float, float]:
    start = time.perf_counter()
    with PdfPool() as pool:
        jobs = pool.convert([Job(f, out / f"{f.stem}.pdf") for f in files])
        memory = group_rss_mb(pool)
    assert all(job.error is None for job in jobs), [j.error for j in jobs if j.error][:3]
    return len(files) / (time.perf_counter() - start), memory


def by_soffice(files: list[Path], out: Path, together: bool) -> float:
    profile = f"-env:UserInstallation=file://{out}/profil"
    start = time.perf_counter()
    # one call converts at most ~250 files and silently drops the rest (seen with LibreOffice 7.4:
    # 247 of 300, exit code 0): "one call" is one call per 200 files
    batches = [files[i:i + 200] for i in range(0, len(files), 200)] if together else [[f] for f in files]
    for batch in batches:
        subprocess.run(["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(out),
                        *map(str, batch)], check=True, capture_output=True)
    elapsed = time.perf_counter() - start
    made = len(list(out.glob("*.pdf")))
    assert made == len(files), f"soffice made {made} of {len(files)} PDFs"
    return len(files) / elapsed


def warm_latency(one: Path, out: Path, times: int = 15) -> float:
    with PdfPool(workers=1) as pool:
        pool.convert([Job(one, out / "am.pdf")])
        spent = []
        for index in range(times):
            start = time.perf_counter()
            pool.convert([Job(one, out / f"am-{index}.pdf")])
            spent.append(time.perf_counter() - start)
    return statistics.median(spent) * 1000


def signatures_per_second(pdf: Path, out: Path, count: int = 20) -> float:
    (out / "pki").mkdir()
    keys = make_pki(out / "pki")
    start = time.perf_counter()
    for index in range(count):
        sign(YeuCauKy(pdf, out / f"ky-{index}.pdf", keys["ky.p12"], PASSWORD.encode(), keys["chu-ky.png"],
                      keys["dau.png"]))
    return count / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[1, 50, 1000])
    parser.add_argument("--per-document", type=int, default=20)
    parser.add_argument("--dir", help="where to write (e.g. /dev/shm)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as work:
        work = Path(work)
        files = decisions(work, max(args.counts))
        for count in args.counts:
            chosen = files[:count]
            folder = work / f"n{count}"
            for name in ("pool", "each", "all"):
                (folder / name).mkdir(parents=True)
            pool_rate, memory = by_pool(chosen, folder / "pool")
            each_rate = by_soffice(chosen[:args.per_document], folder / "each", together=False)
            all_rate = by_soffice(chosen, folder / "all", together=True)
            print(f"pdf: {count} decisions: pool {pool_rate:.1f} PDF/s (start included; workers {memory:.0f} MB); "
                  f"soffice per document {each_rate:.2f} PDF/s; one soffice call {all_rate:.1f} PDF/s -> pool "
                  f"{pool_rate / each_rate:.1f}x / {pool_rate / all_rate:.1f}x")
        print(f"pdf: warm single-document latency {warm_latency(files[0], work):.0f} ms (median of 15)")
        print(f"pdf: {signatures_per_second(work / 'n1' / 'pool' / f'{files[0].stem}.pdf', work):.1f} signatures/s "
              "(visible signature and seal, PAdES, 2048-bit RSA)")


if __name__ == "__main__":
    main()
