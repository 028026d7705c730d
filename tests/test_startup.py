"""A command imports what it uses: `docgen render` of a plan loads neither python-docx nor docxtpl
(the patched template comes from the cache), nor pyplot, openpyxl, SQLAlchemy, babel or
importlib.metadata (pydantic's plugin discovery, which docgen turns off: docgen/startup.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import SAMPLES

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ["docx", "docxtpl", "matplotlib", "openpyxl", "sqlalchemy", "babel", "importlib.metadata",
         "concurrent.futures.process", "pypdf"]

RENDER = """
import json, sys
from docgen.cli import main
sys.argv = ["docgen", "render", sys.argv[1], "-o", sys.argv[2]]
try:
    main()
except SystemExit as exit:
    code = exit.code
print(json.dumps({"code": code, "loaded": [m for m in %r if m in sys.modules]}))
""" % (HEAVY,)


def run_render(tmp_path: Path, env: dict | None = None) -> dict:
    command = [sys.executable, "-c", RENDER, str(SAMPLES / "ke-hoach-117-2024.yaml"), str(tmp_path / "kh.docx")]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env={**os.environ, **(env or {})},
                          timeout=120)
    return json.loads(done.stdout.strip().splitlines()[-1])


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
