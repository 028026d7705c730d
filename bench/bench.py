"""Benchmarks: documents rendered per second, documents checked per second, peak memory.

    python bench/bench.py [--render 60] [--check 300]

render: reads and renders every samples/ke-hoach-*.yaml in turn, in one process.
check:  `docgen check` on a one-page document (the figure the issue asks to stay well under
        100 ms), then on a folder of --check copies of the sample plans, as `docgen check FOLDER` does.
Speed is measured here, never in timed tests.
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--render", type=int, default=60, help="documents to render (default 60)")
    parser.add_argument("--check", type=int, default=300, help="documents in the checked folder (default 300)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        plans = bench_render(Path(out), args.render)
        bench_check(Path(out), plans, args.check)


if __name__ == "__main__":
    main()
