"""`docgen template export | tags | lint`: a built-in template exported, re-saved by LibreOffice (which
drops its footnotes part), linted and repaired, then used; a hand-made template's mistakes located."""

from __future__ import annotations

import subprocess
import zipfile

import pytest
from click.testing import CliRunner
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Mm, Pt

from docgen.checkers.check import check_file
from docgen.cli import main

from conftest import SAMPLES, libreoffice_missing


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_export_and_tags(tmp_path):
    target = tmp_path / "qd.docx"
    assert cli("template", "export", "quyet-dinh", "-o", target).exit_code == 0
    assert "{%p for doan in can_cu %}" in "".join(p.text for p in Document(target).paragraphs)
    assert cli("template", "export", "quyet-dinh", "-o", target).exit_code == 2            # not overwritten
    listed = cli("template", "tags", "--type", "cong-van").output
    assert "{{r trich_yeu }}" in listed and "can_cu" not in listed and "kiểu DGHoTen" in listed
    assert cli("template", "export", "../x", "-o", tmp_path / "y.docx").exit_code == 2


@pytest.mark.skipif(libreoffice_missing() is not None, reason="không có LibreOffice")
def test_a_template_resaved_by_libreoffice_is_repaired_and_renders_every_sample(tmp_path):
    exported = tmp_path / "ke-hoach.docx"
    cli("template", "export", "ke-hoach", "-o", exported)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "luu-lai"), str(exported)],
                   check=True, capture_output=True, timeout=180)
    resaved = tmp_path / "luu-lai" / "ke-hoach.docx"
    assert "word/footnotes.xml" not in zipfile.ZipFile(resaved).namelist()          # what the re-save lost
    linted = cli("template", "lint", resaved)
    assert linted.exit_code == 0 and "thiếu phần chú thích" in linted.output and "sửa được (--sua)" in linted.output
    repaired = cli("template", "lint", resaved, "--sua")
    assert repaired.exit_code == 0 and "đã sửa: thêm lại phần chú thích" in repaired.output
    assert "thiếu phần" not in cli("template", "lint", resaved).output
    for sample in ("ke-hoach-117-2024", "ke-hoach-131-2025", "ke-hoach-du-thao"):   # footnotes included
        out = tmp_path / f"{sample}.docx"
        rendered = cli("render", SAMPLES / f"{sample}.yaml", "-o", out, "--templates", resaved.parent)
        assert rendered.exit_code == 0, rendered.output
        checked = check_file(out)
        assert checked.errors == 0 and not checked.unreadable, [f.message for f in checked.findings]


def test_a_hand_made_template_has_each_mistake_located(tmp_path):
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin, section.top_margin, section.bottom_margin = Mm(30), Mm(15), Mm(20), Mm(20)
    body = document.styles.add_style("DGThan", WD_STYLE_TYPE.PARAGRAPH)
    body.font.name, body.font.size = "Arial", Pt(14)
    document.add_paragraph("{{ so_van_ban }}")                                      # 1. a tag docgen does not know
    document.add_paragraph("{%p for doan in noi_dung %}", style="DGThan")
    document.add_paragraph("{{p doan }}", style="DGThan")                          # 2. the loop never closed
    document.add_paragraph("{{ chu_ky.ho_ten")                                      # 3. a tag left open
    path = tmp_path / "cong-van.docx"
    document.save(path)
    result = cli("template", "lint", path)
    assert result.exit_code == 1
    out = result.output
    assert "đoạn 1 (kiểu Normal) «{{ so_van_ban }}»: thẻ không có: «so_van_ban»" in out
    assert "thẻ sai" in out and "endfor" in out
    assert "đoạn 4 (kiểu Normal) «{{ chu_ky.ho_ten»: thẻ mở mà không đóng" in out
    assert "thiếu thẻ «{{r trich_yeu }}»" in out and "thiếu thẻ «{{ dong_so }}»" in out
    assert "kiểu DGThan dùng phông Arial" in out
    assert "lề" not in out                                                        # margins as NĐ 30 says


def test_a_package_without_its_parts_is_unreadable_not_a_traceback(tmp_path):
    broken = tmp_path / "ke-hoach.docx"
    with zipfile.ZipFile(broken, "w") as package:
        package.writestr("word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats.org/'
                                               'wordprocessingml/2006/main"><w:body/></w:document>')
    result = cli("template", "lint", broken)
    assert result.exit_code == 2 and "không phải tệp Word (.docx) đọc được (KeyError)" in result.output
