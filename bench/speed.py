"""Every speed figure of the README in one run: docgen against plain docxtpl, the write floor, the
steady state, start-up, and `check`.

    python bench/speed.py [--rows 1000] [--check 1000] [--dir /dev/shm]

- plain docxtpl: the same decisions (same template, same context) through DocxTemplate → render →
  save, in this process (100 rows: it is slow). It is the baseline of every ratio printed.
- docgen as a clerk runs it: `docgen batch` in a new process (start-up included), --rows decisions as
  files, into one .zip, merged into one .docx; median of 3 runs, outputs removed between runs.
- the write floor: the first decision's bytes written --rows times the way the batch writes (temporary
  name, then rename), measured before and after the batches (the disk drifts).
- steady state: rows rendered and written in a warm process (`--jobs 1`), rows it has never seen
  (the caches hold the shared paragraphs, not the names): ms per document and documents/s per core;
  then the same rows again (every text already seen: the caches' best case).
- start-up: `python -c pass`, `docgen render` of a plan, `docgen check` of one document, `docgen
  report --aggregate` (with its chart): the fastest of 5 runs, whole process.
- check: `docgen check FOLDER` over --check documents (the samples and batch outputs, copied), whole
  process, against python-docx merely opening the same files in this process.

docgen's bytecode is compiled first, as an install has it (a checkout run with
PYTHONDONTWRITEBYTECODE would compile every module at every start). This machine's speed drifts by
±40 % from minute to minute: compare figures of one run, not of two.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docgen.atomic import write_atomic  # noqa: E402
from docgen.batch import runner  # noqa: E402
from docgen.render.docx_renderer import render_bytes, template_path  # noqa: E402
from docgen.render.reference import render_bytes_docxtpl  # noqa: E402

from bench import _rows_csv as rows_csv  # noqa: E402  (bench/bench.py, beside this script)

SAMPLES = ROOT / "samples"
BASE = SAMPLES / "quyet-dinh-tang-cuong.yaml"
DOCGEN = [sys.executable, "-m", "docgen"]
PLAIN_ROWS = 100


def wall(command: list[str], runs: int, before=None) -> list[float]:
    """Seconds each run of `command` took (its output discarded); `before` runs untimed first."""
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)}: exit {done.returncode}\n{done.stderr.decode()[-2000:]}")
    return times


def people(data: Path, count: int):
    runner._init_worker(runner.Options(data=data, base=BASE, output=Path("."), jobs=1))
    shared = runner._worker["base"]
    found = []
    for _, _, person, _ in runner.validate(runner.open_table(data, shared.kind.columns), shared.kind):
        found.append(shared.document(shared.kind.one(shared.data, person)))
        if len(found) == count:
            break
    return found


def plain_docxtpl(out: Path, documents) -> float:
    """Documents/s of DocxTemplate → render → save over the same documents and template."""
    template = template_path(documents[0])
    folder = out / "docxtpl"
    folder.mkdir()
    render_bytes_docxtpl(documents[0], template)                   # imports and caches, as for docgen
    start = time.perf_counter()
    for index, document in enumerate(documents):
        (folder / f"{index}.docx").write_bytes(render_bytes_docxtpl(document, template))
    return len(documents) / (time.perf_counter() - start)


def write_floor(folder: Path, payload: bytes, count: int) -> float:
    folder.mkdir()
    start = time.perf_counter()
    for index in range(count):
        write_atomic(folder / f"{index}.docx", payload, durable=False)
    rate = count / (time.perf_counter() - start)
    shutil.rmtree(folder)
    return rate


def docgen_batches(out: Path, data: Path, count: int) -> dict[str, float]:
    """Documents/s of `docgen batch` as a clerk runs it, per output shape."""
    shapes = {
        "files": ["-o", str(out / "tep") + "/"],
        "zip": ["-o", str(out / "lo.zip")],
        "merge": ["-o", str(out / "gop") + "/", "--merge", str(out / "gop.docx")],
    }
    rates = {}
    for shape, target in shapes.items():
        def clean() -> None:
            for leftover in (out / "tep", out / "gop"):
                shutil.rmtree(leftover, ignore_errors=True)
            for leftover in (out / "lo.zip", out / "gop.docx"):
                leftover.unlink(missing_ok=True)
        times = wall(DOCGEN + ["batch", str(data), "--base", str(BASE)] + target, 3, clean)
        rates[shape] = count / statistics.median(times)
    return rates


def steady_state(out: Path, count: int) -> tuple[float, float]:
    """Seconds per document in a warm process: over rows it has not seen, then over the same rows
    again (the caches' best case)."""
    warm = runner.Options(data=rows_csv(out / "warm.csv", count, 10_000_000), base=BASE, output=out / "warm", jobs=1)
    runner.run(warm)
    measured = runner.Options(data=rows_csv(out / "new.csv", count, 20_000_000), base=BASE, output=out / "new",
                              jobs=1)
    times = []
    for _ in range(2):
        shutil.rmtree(out / "new", ignore_errors=True)
        start = time.perf_counter()
        result = runner.run(measured)
        times.append((time.perf_counter() - start) / count)
        assert result.documents == count and not result.errors, result.errors[:3]
    return times[0], times[1]


def start_ups(out: Path) -> dict[str, float]:
    plan = out / "ke-hoach.docx"
    subprocess.run(DOCGEN + ["render", str(SAMPLES / "ke-hoach-117-2024.yaml"), "-o", str(plan)], check=True,
                   stdout=subprocess.DEVNULL)
    report = ["report", str(SAMPLES / "ke-hoach-117-2024.yaml"), "--results", str(SAMPLES / "ket-qua-2025.csv"),
              "--year", "2025", "--units", str(SAMPLES / "don-vi.csv"), "--aggregate", "--base",
              str(SAMPLES / "bao-cao-tong-hop.yaml"), "--ngay-lap", "30/11/2025", "-o", str(out / "bao-cao.docx")]
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "docgen render (plan 117)": DOCGEN + ["render", str(SAMPLES / "ke-hoach-117-2024.yaml"), "-o",
                                              str(out / "kh-2.docx")],
        "docgen check (one plan)": DOCGEN + ["check", str(plan)],
        "docgen report --aggregate": DOCGEN + report,
    }
    return {name: min(wall(command, 5)) for name, command in commands.items()}


def check_folder(out: Path, count: int) -> tuple[float, float]:
    """(docgen check documents/s, python-docx open documents/s) over the same folder."""
    from docx import Document

    made = out / "mau"
    subprocess.run(DOCGEN + ["render", *map(str, sorted(SAMPLES.glob("ke-hoach-*.yaml"))),
                             str(SAMPLES / "quyet-dinh-tang-cuong-mot-nguoi.yaml"),
                             str(SAMPLES / "quyet-dinh-ban-hanh-quy-che.yaml"), str(SAMPLES / "cong-van-cu-can-bo.yaml"),
                             "-o", str(made) + "/"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(DOCGEN + ["batch", str(SAMPLES / "tang-cuong.csv"), "--base", str(BASE), "-o", str(made) + "/"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)   # its quota warnings
    sources = sorted(made.glob("*.docx"))
    folder = out / "kiem-tra"
    folder.mkdir()
    for index in range(count):
        shutil.copy(sources[index % len(sources)], folder / f"{index:04d}-{sources[index % len(sources)].name}")
    checked = count / statistics.median(wall(DOCGEN + ["check", str(folder)], 3))
    files = sorted(folder.glob("*.docx"))
    start = time.perf_counter()
    for path in files:
        Document(str(path))
    opened = count / (time.perf_counter() - start)
    return checked, opened


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000, help="decisions per batch (default 1000)")
    parser.add_argument("--check", type=int, default=1000, help="documents in the checked folder (default 1000)")
    parser.add_argument("--dir", help="where to write (default: the system's temporary folder)")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    # As installed: pip writes docgen's bytecode at install time. A checkout run with
    # PYTHONDONTWRITEBYTECODE (this machine sets it) would compile every module at every start.
    compileall.compile_dir(ROOT / "docgen", quiet=1)
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        out = Path(folder)
        data = rows_csv(out / "rows.csv", args.rows)
        documents = people(data, PLAIN_ROWS)
        payload = render_bytes(documents[0], template_path(documents[0]))
        floor_before = write_floor(out / "floor-1", payload, args.rows)
        plain = plain_docxtpl(out, documents)
        batches = docgen_batches(out, data, args.rows)
        floor_after = write_floor(out / "floor-2", payload, args.rows)
        steady, seen = steady_state(out, args.rows)
        starts = start_ups(out)
        checked, opened = check_folder(out, args.check)

    print(f"docgen speed — {cores} cores, Python {sys.version.split()[0]}, {args.rows} decisions, "
          f"{args.check} documents checked")
    print(f"plain docxtpl (same template and context, in-process, {PLAIN_ROWS} rows): {plain:,.0f} documents/s")
    for shape, rate in batches.items():
        print(f"docgen batch, {shape:5s} (whole command, start-up included): {rate:,.0f} documents/s "
              f"= {rate / plain:.1f}x plain docxtpl")
    print(f"write floor (same bytes, temporary name + rename): {floor_before:,.0f} / {floor_after:,.0f} files/s "
          f"(before / after the batches)")
    print(f"steady state (warm process, unseen rows, 1 process): {steady * 1000:.3f} ms per document "
          f"= {1 / steady:,.0f} documents/s per core = {1 / steady / plain:.1f}x plain docxtpl")
    print(f"steady state, the same rows again (the caches' best case): {seen * 1000:.3f} ms per document "
          f"= {1 / seen:,.0f} documents/s per core")
    for name, seconds in starts.items():
        print(f"start-up, {name}: {seconds * 1000:.0f} ms")
    print(f"check, folder of {args.check} (whole command): {checked:,.0f} documents/s; python-docx only opening "
          f"them: {opened:,.0f}/s (check = {checked / opened:.2f}x the open)")


if __name__ == "__main__":
    main()
