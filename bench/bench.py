"""Benchmarks: documents rendered per second, documents checked per second, peak memory.

    python bench/bench.py [--render 60] [--check 300]
    python bench/bench.py --batch 1000 [--jobs 2] [--zip]    # the batch of secondment decisions
    python bench/bench.py --agency-template 1000 [--jobs 1]  # the same batch: agency's template vs built-in
    python bench/bench.py --merge 10000 [--jobs 2]           # one merged .docx: time and peak memory
    python bench/bench.py --register 200 [--url postgresql://…]  # numbers issued per second

render: reads and renders every samples/ke-hoach-*.yaml in turn, in one process.
check:  `docgen check` on a one-page document (the figure the issue asks to stay well under
        100 ms), then on a folder of --check copies of the sample plans, as `docgen check FOLDER` does.
Speed is measured here, never in timed tests.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docgen.checkers.check import check_file  # noqa: E402
from docgen.readers.van_ban import read_van_ban  # noqa: E402
from docgen.render.docx_renderer import render_to_file  # noqa: E402

ONE_PAGE = """\
ho_so: co-quan.yaml
loai: ke-hoach
co_quan: ubnd-can-tho
so: 5
ngay: 2025-01-05
trich_yeu: Kiểm tra công tác văn thư năm 2025
noi_dung:
  - tieu_de: Mục đích, yêu cầu
    muc: [Đánh giá việc thực hiện Nghị định 30/2020/NĐ-CP., Kịp thời chấn chỉnh sai sót.]
  - tieu_de: Tổ chức thực hiện
    doan: [Văn phòng chủ trì, phối hợp các cơ quan có liên quan.]
ket_luan: Trên đây là Kế hoạch kiểm tra công tác văn thư năm 2025
noi_nhan: [{nhom: so-ban-nganh}]
luu: VP
nguoi_ky: ct-truong-canh-tuyen
"""


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_render(out: Path, count: int) -> list[Path]:
    samples = sorted((ROOT / "samples").glob("ke-hoach-*.yaml"))
    render_to_file(read_van_ban(samples[0]), out / "warmup.docx")  # imports, caches
    written = []
    start = time.perf_counter()
    for index in range(count):
        sample = samples[index % len(samples)]
        written.append(render_to_file(read_van_ban(sample), out / f"{index}.docx"))
    elapsed = time.perf_counter() - start
    print(f"render: {count} documents in {elapsed:.2f} s = {count / elapsed:.1f} documents/s "
          f"({elapsed / count * 1000:.0f} ms each); peak memory {peak_mb():.0f} MB")
    return written[: len(samples)]


def bench_check(out: Path, plans: list[Path], count: int) -> None:
    source = out / "mot-trang.yaml"
    shutil.copy(ROOT / "samples" / "co-quan.yaml", out / "co-quan.yaml")
    source.write_text(ONE_PAGE, encoding="utf-8")
    one_page = render_to_file(read_van_ban(source), out / "mot-trang.docx")
    check_file(one_page)
    runs = 50
    start = time.perf_counter()
    for _ in range(runs):
        check_file(one_page)
    each = (time.perf_counter() - start) / runs
    print(f"check: one-page document {each * 1000:.1f} ms")
    folder = out / "thu-muc"
    folder.mkdir()
    for index in range(count):
        shutil.copy(plans[index % len(plans)], folder / f"{index:04d}.docx")
    start = time.perf_counter()
    for path in sorted(folder.glob("*.docx")):
        check_file(path)
    elapsed = time.perf_counter() - start
    print(f"check: folder of {count} plans (3–6 pages) in {elapsed:.2f} s = {count / elapsed:.1f} documents/s "
          f"({elapsed / count * 1000:.0f} ms each); peak memory {peak_mb():.0f} MB")


def _rows_csv(path: Path, count: int, offset: int = 0) -> Path:
    """`count` rows in the shape of samples/tang-cuong.csv (its rows repeated, each name made unique by
    a number from `offset` + 1)."""
    lines = (ROOT / "samples" / "tang-cuong.csv").read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    with open(path, "w", encoding="utf-8") as stream:
        stream.write(header + "\n")
        for index in range(count):
            cells = rows[index % len(rows)].split(";")
            cells[0], cells[1] = str(index + 1), f"{cells[1]} {index + offset + 1}"
            stream.write(";".join(cells) + "\n")
    return path


def _floor(folder: Path, payload: bytes, count: int, as_zip: bool) -> float:
    """Files per second for merely writing `payload` `count` times, the same way (temp + rename)."""
    folder.mkdir()
    start = time.perf_counter()
    if as_zip:
        import zipfile
        with zipfile.ZipFile(folder / "floor.zip", "w", zipfile.ZIP_STORED) as archive:
            for index in range(count):
                archive.writestr(f"{index}.docx", payload)
    else:
        for index in range(count):
            temp = folder / f".{index}.docx.tmp"
            temp.write_bytes(payload)
            os.replace(temp, folder / f"{index}.docx")
    return count / (time.perf_counter() - start)


def bench_batch(out: Path, count: int, jobs: int, as_zip: bool) -> None:
    from docgen.batch import runner
    from docgen.render.docx_renderer import render_bytes, template_path
    from docgen.render.reference import render_bytes_docxtpl

    data = _rows_csv(out / "rows.csv", count)
    base = ROOT / "samples" / "quyet-dinh-tang-cuong.yaml"
    options = runner.Options(data=data, base=base, output=out / ("batch.zip" if as_zip else "batch"), jobs=jobs)
    runner._init_worker(options)
    shared = runner._worker["base"]
    people = [person for _, _, person, _ in runner.validate(runner.open_table(data, shared.kind.columns),
                                                             shared.kind)][:100]
    first = shared.document(shared.kind.one(shared.data, people[0]))
    template = template_path(first)
    payload = render_bytes(first, template)

    # The disk's speed drifts from second to second here: measure the floor before and after.
    floor_before = _floor(out / "floor1", payload, count, as_zip)
    start = time.perf_counter()
    result = runner.run(options)
    fast = time.perf_counter() - start
    assert result.documents == count and not result.errors, result.errors[:3]
    floor_after = _floor(out / "floor2", payload, count, as_zip)
    floor_rate = (floor_before + floor_after) / 2
    fast_rate = count / fast
    print(f"batch: {count} decisions ({'one .zip' if as_zip else 'separate files'}, --jobs {jobs}) in "
          f"{fast:.2f} s = {fast_rate:.0f} documents/s; peak memory {peak_mb():.0f} MB")

    # The plain docxtpl loop over the same template and data (100 rows: it is slow).
    plain_dir = out / "plain"
    plain_dir.mkdir()
    start = time.perf_counter()
    for index, person in enumerate(people):
        document = shared.document(shared.kind.one(shared.data, person))
        (plain_dir / f"{index}.docx").write_bytes(render_bytes_docxtpl(document, template))
    plain_rate = len(people) / (time.perf_counter() - start)
    print(f"batch: plain docxtpl loop {plain_rate:.0f} documents/s ({len(people)} rows) -> compiled path is "
          f"{fast_rate / plain_rate:.1f}x faster")
    print(f"batch: file-writing floor {floor_before:.0f} / {floor_after:.0f} files/s (before / after) -> "
          f"compiled path reaches {fast_rate / floor_rate * 100:.0f}% of their mean")


def _agency_folder(out: Path) -> Path:
    """The samples' profile and batch base, beside an agency template made as a clerk would in
    Word: the built-in decision template with a logo above the agency's name."""
    import struct
    import zlib

    import yaml
    from docx import Document
    from docx.shared import Mm

    from docgen.render.docx_renderer import TEMPLATES_DIR

    folder = out / "co-quan-rieng"
    folder.mkdir()
    rows = b"".join(b"\x00" + b"\xc8\x10\x2e" * 64 for _ in range(64))
    chunk = lambda kind, data: (struct.pack(">I", len(data)) + kind + data  # noqa: E731
                                + struct.pack(">I", zlib.crc32(kind + data)))
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 64, 8, 2, 0, 0, 0))
                                      + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    template = Document(str(TEMPLATES_DIR / "quyet-dinh.docx"))
    cell = template.tables[0].rows[0].cells[0]
    cell.paragraphs[0].insert_paragraph_before(style="DGChuQuan").add_run().add_picture(
        str(folder / "logo.png"), width=Mm(14))
    template.save(str(folder / "qd-logo.docx"))
    profile = yaml.safe_load((ROOT / "samples" / "co-quan.yaml").read_text(encoding="utf-8"))
    profile["co_quan"]["ubnd-can-tho"]["mau_word"] = {"quyet-dinh": "qd-logo.docx"}
    (folder / "co-quan.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    shutil.copy(ROOT / "samples" / "quyet-dinh-tang-cuong.yaml", folder / "base.yaml")
    return folder


def bench_agency_template(out: Path, count: int, jobs: int, rounds: int = 3) -> None:
    """The same batch through the built-in template and through an agency's own (a logo in its
    letterhead), alternated, medians compared: issue 16 wants them within 20 %."""
    from statistics import median

    from docgen.batch import runner

    data = _rows_csv(out / "rows.csv", count)
    agency = _agency_folder(out)
    bases = {"built-in": ROOT / "samples" / "quyet-dinh-tang-cuong.yaml", "agency": agency / "base.yaml"}
    times: dict[str, list[float]] = {name: [] for name in bases}
    for round_number in range(rounds):
        for name, base in bases.items():
            target = out / f"{name}-{round_number}"
            start = time.perf_counter()
            result = runner.run(runner.Options(data=data, base=base, output=target, jobs=jobs))
            times[name].append(time.perf_counter() - start)
            assert result.documents == count and not result.errors, result.errors[:3]
            shutil.rmtree(target)
    rates = {name: count / median(values) for name, values in times.items()}
    print(f"agency template: {count} decisions as files, --jobs {jobs}, median of {rounds} alternated runs: "
          f"built-in {rates['built-in']:.0f} docs/s, agency's (logo) {rates['agency']:.0f} docs/s -> "
          f"{rates['agency'] / rates['built-in'] * 100:.0f}% of the built-in speed")


def bench_merge(out: Path, count: int, jobs: int) -> None:
    """One merged .docx of `count` decisions: time and peak memory (this process holds the merge;
    the workers render)."""
    from docgen.batch import runner

    data = _rows_csv(out / "rows.csv", count)
    target = out / "gop.docx"
    options = runner.Options(data=data, base=ROOT / "samples" / "quyet-dinh-tang-cuong.yaml", output=out,
                             merge=target, jobs=jobs)
    before = peak_mb()
    start = time.perf_counter()
    result = runner.run(options)
    elapsed = time.perf_counter() - start
    assert result.documents == count and not result.errors, result.errors[:3]
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"merge: {count} decisions into one .docx ({target.stat().st_size / 1e6:.1f} MB, --jobs {jobs}) in "
          f"{elapsed:.2f} s = {count / elapsed:.0f} documents/s; peak memory {peak_mb():.0f} MB "
          f"(before the merge {before:.0f} MB; largest worker {children:.0f} MB)")


ISSUER = """
import sys, time
from datetime import date
from pathlib import Path
from docgen.readers.van_ban import read_van_ban
from docgen.register import store
from docgen.register.issue import issue
folder, url, worker, count = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
engine = store.open_engine(url)
document = read_van_ban(sys.argv[5])
for index in range(count):
    issue(document, folder / f"{worker}-{index}.docx", engine, date(2026, 1, 1))
"""


def bench_register(out: Path, count: int, url: str | None) -> None:
    """Numbers issued per second (allocate, render, write durably, record): one process, then two
    processes contending for the same series."""
    import subprocess

    shutil.copy(ROOT / "samples" / "co-quan.yaml", out / "co-quan.yaml")
    source = out / "qd.yaml"
    text = (ROOT / "samples" / "quyet-dinh-tang-cuong-mot-nguoi.yaml").read_text(encoding="utf-8")
    source.write_text(text.replace("so: 1520\n", "").replace("ngay: 28/7/2025\n", ""), encoding="utf-8")
    for processes in (1, 2):
        location = url or str(out / f"so-{processes}.sqlite")
        if url:
            from sqlalchemy import text as sql
            from docgen.register import store
            with store.open_engine(url).begin() as connection:
                connection.execute(sql("DELETE FROM so_van_ban_di"))
        each = count // processes
        start = time.perf_counter()
        running = [subprocess.Popen([sys.executable, "-c", ISSUER, str(out), location, str(w), str(each), str(source)],
                                    cwd=ROOT) for w in range(processes)]
        assert all(p.wait() == 0 for p in running)
        elapsed = time.perf_counter() - start
        kind = "PostgreSQL" if url else "SQLite"
        print(f"register ({kind}): {each * processes} numbers by {processes} process(es) in {elapsed:.2f} s = "
              f"{each * processes / elapsed:.0f} numbers/s (process start-up included)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--render", type=int, default=60, help="documents to render (default 60)")
    parser.add_argument("--check", type=int, default=300, help="documents in the checked folder (default 300)")
    parser.add_argument("--batch", type=int, default=0, help="rows of a secondment batch (0: skip)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="batch worker processes")
    parser.add_argument("--merge", type=int, default=0, help="decisions merged into one .docx (0: skip)")
    parser.add_argument("--agency-template", type=int, default=0,
                        help="rows of the batch run through an agency's template and the built-in one (0: skip)")
    parser.add_argument("--zip", action="store_true", help="batch into one .zip instead of files")
    parser.add_argument("--dir", help="where to write (e.g. /dev/shm to take the disk's drift out)")
    parser.add_argument("--register", type=int, default=0, help="numbers to issue (0: skip)")
    parser.add_argument("--url", help="register URL for --register (default: a SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as out:
        if args.register:
            bench_register(Path(out), args.register, args.url)
            return
        if args.merge:
            bench_merge(Path(out), args.merge, args.jobs)
            return
        if args.agency_template:
            bench_agency_template(Path(out), args.agency_template, args.jobs)
            return
        if args.batch:
            bench_batch(Path(out), args.batch, args.jobs, args.zip)
            return
        plans = bench_render(Path(out), args.render)
        bench_check(Path(out), plans, args.check)


if __name__ == "__main__":
    main()
