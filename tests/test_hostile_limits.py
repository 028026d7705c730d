"""Every hostile input of issue 13, run as a clerk runs docgen (a process of its own): a Vietnamese
message, its exit code, no traceback, within 5 s and 500 MB."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from docgen.render.template_builder import TEMPLATES_DIR

from conftest import ROOT, SAMPLES

SECONDS, MEGABYTES = 5.0, 500
BASE = SAMPLES / "quyet-dinh-tang-cuong.yaml"
PLAN = SAMPLES / "ke-hoach-131-2025.yaml"


def run(folder: Path, *args) -> tuple[int, str, float, float]:
    """Exit code, output, seconds and peak megabytes of one `docgen` process (its own rusage,
    read by wait4: the test process and other children do not count)."""
    log = folder / "docgen.log"
    started = time.monotonic()
    with open(log, "wb") as stream:
        process = subprocess.Popen([sys.executable, "-m", "docgen", *map(str, args)], cwd=ROOT,
                                   stdout=stream, stderr=subprocess.STDOUT)
    deadline = started + 60
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            process.kill()
        time.sleep(0.02)
    process.returncode = os.waitstatus_to_exitcode(status)
    return (process.returncode, log.read_text(encoding="utf-8", errors="replace"), time.monotonic() - started,
            usage.ru_maxrss / 1024)


def alias_bomb(folder: Path) -> list:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    (folder / "bom.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ["render", folder / "bom.yaml"]


def _zip_bomb(folder: Path) -> Path:
    bomb = folder / "bom.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b"<w:document>")
            for _ in range(400):
                part.write(b" " * (1024 * 1024))
    return bomb


def zip_bomb_checked(folder: Path) -> list:
    return ["check", _zip_bomb(folder)]


def zip_bomb_imported(folder: Path) -> list:
    return ["import", _zip_bomb(folder), "-o", folder / "ra.yaml"]


def devices_in_a_folder(folder: Path) -> list:
    (folder / "zero.docx").symlink_to("/dev/zero")
    os.mkfifo(folder / "ong.docx")
    return ["check", folder]


def forbidden_character(folder: Path) -> list:
    shutil.copy(SAMPLES / "co-quan.yaml", folder / "co-quan.yaml")
    text = (SAMPLES / "cong-van-cu-can-bo.yaml").read_text(encoding="utf-8")
    lines = [f'trich_yeu: "\\uFFFF {line.split(":", 1)[1].strip()}"' if line.startswith("trich_yeu:") else line
             for line in text.splitlines()]
    (folder / "cv.yaml").write_text("\n".join(lines), encoding="utf-8")
    return ["render", folder / "cv.yaml"]


def impossible_date(folder: Path) -> list:
    shutil.copy(SAMPLES / "co-quan.yaml", folder / "co-quan.yaml")
    text = (SAMPLES / "quyet-dinh-tang-cuong-mot-nguoi.yaml").read_text(encoding="utf-8")
    (folder / "qd.yaml").write_text(text.replace("ngay: 28/7/2025", "ngay: 2023-02-29"), encoding="utf-8")
    return ["render", folder / "qd.yaml"]


def mixed_encoding_list(folder: Path) -> list:
    data = (SAMPLES / "tang-cuong.csv").read_bytes()
    lines = data.split(b"\n")
    lines[3] = lines[3].decode("utf-8").encode("cp1258", "replace")
    (folder / "ds.csv").write_bytes(b"\n".join(lines))
    return ["batch", folder / "ds.csv", "--base", BASE, "-o", folder / "ra"]


def unclosed_quote(folder: Path) -> list:
    lines = (SAMPLES / "tang-cuong.csv").read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2].replace(";", ';"', 1)
    (folder / "ds.csv").write_text("\n".join(lines), encoding="utf-8")
    return ["batch", folder / "ds.csv", "--base", BASE, "-o", folder / "ra"]


def date_cell_out_of_range(folder: Path) -> list:
    lines = [line.split(";") for line in (SAMPLES / "tang-cuong.csv").read_text(encoding="utf-8").splitlines()[:4]]
    book = Workbook()
    for row in lines:
        book.active.append(row)
    book.active.cell(row=3, column=lines[0].index("Ngày bắt đầu") + 1, value=99999999).number_format = "dd/mm/yyyy"
    book.save(folder / "ds.xlsx")
    return ["batch", folder / "ds.xlsx", "--base", BASE, "-o", folder / "ra"]


def _looping_template(folder: Path, body: bytes) -> list:
    templates = folder / "mau"
    templates.mkdir()
    with zipfile.ZipFile(TEMPLATES_DIR / "ke-hoach.docx") as zin, \
            zipfile.ZipFile(templates / "ke-hoach.docx", "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"{{ dong_so }}", b"{% for a in range(100000) %}{% for b in range(100000) %}"
                                    + body + b"{% endfor %}{% endfor %}")
            zout.writestr(item, data)
    return ["render", PLAN, "--templates", templates, "-o", folder / "kh.docx"]


def template_writing_without_end(folder: Path) -> list:
    return _looping_template(folder, b"xxxxxxxx")


def template_looping_without_end(folder: Path) -> list:
    return _looping_template(folder, b"")


def huge_yaml(folder: Path) -> list:
    path = folder / "lon.yaml"
    with open(path, "w", encoding="utf-8") as stream:
        stream.write("loai: ke-hoach\nnoi_dung:\n")
        stream.write("  - doan: [" + ", ".join(["Nội dung"] * 1_500_000) + "]\n")
    return ["render", path]


def a_year_as_a_number(folder: Path) -> list:
    shutil.copy(SAMPLES / "co-quan.yaml", folder / "co-quan.yaml")
    text = (SAMPLES / "quyet-dinh-tang-cuong-mot-nguoi.yaml").read_text(encoding="utf-8")
    (folder / "qd.yaml").write_text(text.replace("so: 1520\n", "").replace("ngay: 28/7/2025\n", ""), encoding="utf-8")
    return ["issue", folder / "qd.yaml", "--ngay", "99999", "--register", folder / "so.sqlite"]


CASES = {   # case -> (exit code, words the message must hold)
    alias_bomb: (2, "bí danh"),
    zip_bomb_checked: (2, "giải nén quá lớn"),
    zip_bomb_imported: (2, "giải nén quá lớn"),
    devices_in_a_folder: (2, "không phải tệp thường"),
    forbidden_character: (2, "U+FFFF"),
    impossible_date: (2, "2023-02-29"),
    mixed_encoding_list: (2, "dòng 4"),
    unclosed_quote: (2, "dấu nháy"),
    date_cell_out_of_range: (1, "dòng 3"),
    template_writing_without_end: (2, ("triệu ký tự", "giây")),     # whichever budget runs out first
    template_looping_without_end: (2, "giây"),
    huge_yaml: (2, "MB"),
    a_year_as_a_number: (2, "--ngay"),
}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.__name__)
def test_hostile_input_is_refused_quickly_in_little_memory(tmp_path, case):
    code, words = CASES[case]
    exit_code, output, seconds, megabytes = run(tmp_path, *case(tmp_path))
    assert exit_code == code, output
    assert any(w in output for w in ((words,) if isinstance(words, str) else words)), output
    assert "Traceback" not in output, output
    assert seconds < SECONDS, f"{seconds:.1f} s"
    assert megabytes < MEGABYTES, f"{megabytes:.0f} MB"
