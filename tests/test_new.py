"""`docgen new`: a skeleton of every type renders as it is and passes `docgen check`."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from docgen.checkers.check import check_file
from docgen.checkers.findings import ERROR
from docgen.cli import main
from docgen.mau_moi import types

from conftest import SAMPLES


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_the_list_names_key_name_and_model():
    result = cli("new", "--list")
    rows = [line.split("\t") for line in result.output.splitlines()]
    assert result.exit_code == 0 and [row[0] for row in rows] == [key for key, _, _ in types()]
    assert ["cong-van", "Công văn", "Mẫu 1.5 (công văn)"] in rows


@pytest.mark.parametrize("kind", [key for key, _, _ in types()])
def test_every_skeleton_renders_and_passes_check(kind, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)                                   # an empty folder, as a new user
    assert cli("new", kind, "-o", "vb.yaml").exit_code == 0
    text = (tmp_path / "vb.yaml").read_text(encoding="utf-8")
    assert text.startswith("# ") and "co_quan:" in text
    result = cli("render", "vb.yaml", "-o", "vb.docx")
    assert result.exit_code == 0, result.output
    checked = check_file(tmp_path / "vb.docx")
    assert checked.loai == kind and [f for f in checked.findings if f.severity == ERROR] == []


def test_a_skeleton_takes_the_profiles_agency_and_never_overwrites(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(SAMPLES / "co-quan.yaml", tmp_path / "co-quan.yaml")
    assert cli("new", "quyet-dinh", "--ho-so", "co-quan.yaml").exit_code == 0
    text = (tmp_path / "quyet-dinh.yaml").read_text(encoding="utf-8")
    assert 'ho_so: "co-quan.yaml"' in text and "co_quan: ubnd-can-tho" in text
    assert cli("render", "quyet-dinh.yaml").exit_code == 0
    again = cli("new", "quyet-dinh")
    assert again.exit_code == 2 and "--force" in again.output
    unknown = cli("new", "to-trinh-sai")
    assert unknown.exit_code == 2 and "docgen new --list" in unknown.output
