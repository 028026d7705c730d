"""What docgen writes does not change when it is made faster: every part of the documents below,
uncompressed, has the SHA-256 recorded in tests/golden/phan.json (written with the code of before
issue 17's speed work). The zip container may differ (compression level, member order is fixed);
the XML and media inside may not.

A deliberate change of the output is recorded again with:
    python tests/test_output_stable.py --write
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
import zipfile
from pathlib import Path

from click.testing import CliRunner

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from conftest import SAMPLES  # noqa: E402

from docgen.cli import main  # noqa: E402

MANIFEST = HERE / "golden" / "phan.json"
SIZES = HERE / "golden" / "kich-thuoc.json"     # the same documents' sizes before issue 17
DOCUMENTS = ["ke-hoach-117-2024", "ke-hoach-131-2025", "ke-hoach-du-thao", "quyet-dinh-tang-cuong-mot-nguoi",
             "quyet-dinh-ban-hanh-quy-che", "cong-van-cu-can-bo"]


def _cli(*args) -> None:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output


def _parts(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: hashlib.sha256(package.read(name)).hexdigest() for name in package.namelist()}


def make(folder: Path) -> None:
    """The documents, each named by how it was made."""
    for stem in DOCUMENTS:
        _cli("render", SAMPLES / f"{stem}.yaml", "-o", folder / f"{stem}.docx")
    base = SAMPLES / "quyet-dinh-tang-cuong.yaml"
    for jobs in (1, 2):
        _cli("batch", SAMPLES / "tang-cuong.csv", "--base", base, "-o", folder / f"tep-{jobs}/", "--jobs", jobs)
        _cli("batch", SAMPLES / "tang-cuong.csv", "--base", base, "-o", folder / f"nen-{jobs}.zip", "--jobs", jobs)
    _cli("batch", SAMPLES / "tang-cuong.xlsx", "--base", base, "-o", folder / "gop/", "--merge", folder / "gop.docx")
    _cli("batch", SAMPLES / "tang-cuong.csv", "--base", base, "-o", folder / "danh-sach.docx", "--group")
    _cli("subplan", SAMPLES / "ke-hoach-117-2024.yaml", "--units", SAMPLES / "don-vi.csv", "-o", folder / "con/")
    _cli("report", SAMPLES / "ke-hoach-117-2024.yaml", "--results", SAMPLES / "ket-qua-2025.csv", "--year", 2025,
         "--units", SAMPLES / "don-vi.csv", "--unit", "ninh-kieu", "--ngay-lap", "10/11/2025",
         "-o", folder / "bao-cao.docx")


def hashed(folder: Path) -> dict[str, dict[str, str]]:
    """Each document's parts' hashes, by a name that says how it was made."""
    found = {}
    for path in sorted(folder.rglob("*.docx")):
        found[path.relative_to(folder).as_posix()] = _parts(path.read_bytes())
    for path in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                found[f"{path.name}!{name}"] = _parts(archive.read(name))
    return found


def test_every_part_is_what_it_was(tmp_path):
    expected = json.loads(MANIFEST.read_text(encoding="utf-8"))
    make(tmp_path)
    now = hashed(tmp_path)
    assert sorted(now) == sorted(expected)
    changed = [f"{name}: {part}" for name, parts in expected.items() for part, digest in parts.items()
               if now[name].get(part) != digest]
    added = [f"{name}: {part}" for name, parts in now.items() for part in parts if part not in expected[name]]
    assert not changed and not added, changed[:10] + added[:10]
    # the same document as a file, in the archive, from one process or a pool
    assert now["tep-1/001-Nguyễn Văn An.docx"] == now["tep-2/001-Nguyễn Văn An.docx"] == \
        now["nen-1.zip!001-Nguyễn Văn An.docx"]



def test_faster_compression_keeps_files_within_5_percent_of_their_size(tmp_path):
    """Small parts are deflated at a faster level than before (zipwriter.deflated): the files may
    grow, but by 5 % at most."""
    before = json.loads(SIZES.read_text(encoding="utf-8"))
    make(tmp_path)
    grown = {name: (tmp_path / name).stat().st_size / size for name, size in before.items()}
    assert all(ratio <= 1.05 for ratio in grown.values()), grown
    assert max(grown.values()) > 1.0        # the level did change: this test measures something


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    import tempfile
    with tempfile.TemporaryDirectory() as folder:
        make(Path(folder))
        MANIFEST.write_text(json.dumps(hashed(Path(folder)), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"đã ghi {MANIFEST}")
