"""The corpus measure: every real document in tests/corpus/ (and ../shared/corpus/ where present)
imported, rendered, compared paragraph by paragraph with its source and checked by `docgen check`.

    python bench/corpus.py [--show N]      # N: mismatched lines shown per document

Prints, per document and source form (.txt, .docx): paragraphs exact / total, the ratio, whether the
trích yếu matched, tasks found, check errors; then the totals and the time taken.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docgen.corpus import CORPUS_DIRS, measure_all  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", type=int, default=0)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        results = measure_all(Path(tmp), only=args.only)
    elapsed = time.perf_counter() - start
    total = exact = 0
    for r in results:
        total += r.doi_chieu.source if r.doi_chieu else 0
        exact += r.doi_chieu.exact if r.doi_chieu else 0
        print(r.summary())
        if args.show and r.doi_chieu:
            for line in r.doi_chieu.missing[:args.show]:
                print("      - " + line[:150])
            for line in r.doi_chieu.extra[:args.show]:
                print("      + " + line[:150])
    print(f"corpus: {len(results)} imports from {', '.join(str(d) for d in CORPUS_DIRS if d.is_dir())}: "
          f"{exact}/{total} paragraphs exact ({exact / max(total, 1):.1%}) in {elapsed:.1f} s")


if __name__ == "__main__":
    main()
