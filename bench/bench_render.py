"""Benchmark: documents rendered per second and peak memory.

    python bench/bench_render.py [--count 60]

Reads and renders every samples/ke-hoach-*.yaml in turn, in one process, writing to a temp folder.
Speed is measured here, never in timed tests.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docgen.readers.van_ban import read_van_ban  # noqa: E402
from docgen.render.docx_renderer import render_to_file  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=60, help="documents to render (default 60)")
    args = parser.parse_args()
    samples = sorted((ROOT / "samples").glob("ke-hoach-*.yaml"))
    with tempfile.TemporaryDirectory() as out:
        render_to_file(read_van_ban(samples[0]), Path(out) / "warmup.docx")  # imports, caches
        start = time.perf_counter()
        for index in range(args.count):
            sample = samples[index % len(samples)]
            render_to_file(read_van_ban(sample), Path(out) / f"{index}.docx")
        elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"render: {args.count} documents in {elapsed:.2f} s = {args.count / elapsed:.1f} documents/s "
          f"({elapsed / args.count * 1000:.0f} ms each); peak memory {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
