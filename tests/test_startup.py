"""A command imports what it uses: `docgen render` of a plan loads neither python-docx, docxtpl nor
Jinja (the patched template and its flat program come from the cache), nor pyplot, openpyxl,
SQLAlchemy, babel or importlib.metadata (pydantic's plugin discovery, which docgen turns off: docgen/startup.py); a
report over a folder that also holds a staff workbook does not open it with openpyxl."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import SAMPLES

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ["docx", "docxtpl", "jinja2", "matplotlib", "openpyxl", "sqlalchemy", "babel", "importlib.metadata",
         "concurrent.futures.process", "pypdf"]

COMMAND = """
import json, sys
from docgen.cli import main
sys.argv = ["docgen"] + sys.argv[1:]
try:
    main()
except SystemExit as exit:
    code = exit.code
print(json.dumps({"code": code, "loaded": [m for m in %r if m in sys.modules]}))
""" % (HEAVY,)


def run_docgen(args: list, env: dict | None = None) -> dict:
    """Exit code and the heavy modules loaded by `docgen ARGS` in a new process."""
    command = [sys.executable, "-c", COMMAND, *map(str, args)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env={**os.environ, **(env or {})},
                          timeout=120)
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_render(tmp_path: Path, env: dict | None = None) -> dict:
    return run_docgen(["render", SAMPLES / "ke-hoach-117-2024.yaml", "-o", tmp_path / "kh.docx"], env)


def test_render_imports_only_what_it_uses(tmp_path):
    run_render(tmp_path)                          # fills the patched-template cache, if empty
    found = run_render(tmp_path)
    assert found["code"] in (0, None)
    assert (tmp_path / "kh.docx").stat().st_size > 10_000
    assert found["loaded"] == []


def test_pydantic_plugins_can_be_left_on(tmp_path):
    """DOCGEN_PYDANTIC_PLUGINS=1: pydantic's own loader (and importlib.metadata with it); the
    models build and the document is the same."""
    found = run_render(tmp_path, {"DOCGEN_PYDANTIC_PLUGINS": "1"})
    assert found["code"] in (0, None)
    assert "importlib.metadata" in found["loaded"]
    plain = (tmp_path / "kh.docx").read_bytes()
    run_render(tmp_path)
    assert (tmp_path / "kh.docx").read_bytes() == plain


def test_a_report_passes_over_a_staff_workbook_without_openpyxl(tmp_path):
    import shutil

    folder = tmp_path / "ket-qua"
    folder.mkdir()
    for source in ("ket-qua-2025.csv", "tang-cuong.xlsx", "don-vi.csv"):
        shutil.copy(SAMPLES / source, folder / source)
    found = run_docgen(["report", SAMPLES / "ke-hoach-117-2024.yaml", "--results", folder, "--year", "2025",
                        "--units", SAMPLES / "don-vi.csv", "--aggregate", "--base", SAMPLES / "bao-cao-tong-hop.yaml",
                        "--ngay-lap", "30/11/2025", "-o", tmp_path / "bc.docx"])
    assert found["code"] in (0, None)
    assert (tmp_path / "bc.docx").is_file()
    assert "openpyxl" not in found["loaded"]


def test_docgen_as_a_library_leaves_pydantic_plugins_alone():
    code = ("import sys\nfrom docgen.readers.van_ban import read_van_ban\n"
            f"read_van_ban(__import__('pathlib').Path({str(SAMPLES / 'ke-hoach-117-2024.yaml')!r}))\n"
            "print(type(sys.modules['pydantic.plugin._loader'].__spec__).__name__)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "ModuleSpec", done.stderr[-2000:]      # pydantic's own module, not docgen's


FROZEN_AT_EXIT = """
import atexit, gc, sys
atexit.register(lambda: print("frozen", gc.get_freeze_count() > 0, file=sys.stderr))
from docgen.cli import run
sys.argv = ["docgen"] + sys.argv[1:]
run()
"""


def test_the_program_leaves_its_objects_to_the_system_and_keeps_its_exit_code(tmp_path):
    """`docgen` freezes its objects as it ends (shutdown then does not walk them), whatever the
    outcome: the output is written and the exit code is the command's."""
    target = tmp_path / "qd.docx"
    made = subprocess.run([sys.executable, "-c", FROZEN_AT_EXIT, "render",
                           str(SAMPLES / "quyet-dinh-tang-cuong-mot-nguoi.yaml"), "-o", str(target)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert made.returncode == 0 and "frozen True" in made.stderr and target.stat().st_size > 10_000
    failed = subprocess.run([sys.executable, "-c", FROZEN_AT_EXIT, "render", str(tmp_path / "khong-co.yaml")],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert failed.returncode == 2 and "frozen True" in failed.stderr and "Traceback" not in failed.stderr
    assert gc.get_freeze_count() == 0            # the command group itself, as tests call it, freezes nothing
