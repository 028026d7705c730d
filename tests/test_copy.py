"""`docgen copy`: bản sao (Mẫu 3.1) under an issued document, read back from the .docx."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

from docgen.checkers.check import check_file
from docgen.checkers.findings import ERROR
from docgen.cli import main

from conftest import SAMPLES

PROFILE = SAMPLES / "co-quan.yaml"


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def original(rendered, tmp_path):
    target = tmp_path / "kh-131.docx"
    shutil.copy(rendered["ke-hoach-131-2025"], target)
    return target


def copy_cells(path):
    """The two tables of the copy block: (form/body cells, recipients/signer cells) as texts."""
    tables = Document(str(path)).tables[-2:]
    return [[[p.text for p in cell.paragraphs if p.text] for cell in t.rows[0].cells] for t in tables]


def test_a_copy_keeps_the_original_and_adds_the_block_of_mau_3_1(original, tmp_path):
    before = [p.text for p in Document(str(original)).paragraphs]
    result = cli("copy", original, "--ho-so", PROFILE, "--co-quan", "so-noi-vu-can-tho", "--nguoi-ky", "pgd-snv",
                 "--so", 5, "--ngay", "1/12/2026", "--noi-nhan", "UBND phường Cái Khế;")
    assert result.exit_code == 0, result.output
    copy = tmp_path / "kh-131-sao-y.docx"
    document = Document(str(copy))
    texts = [p.text for p in document.paragraphs]
    assert texts[:len(before)] == before                              # the original, word for word
    rule = document.paragraphs[len(before)]
    assert rule.text == "" and rule._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}") is not None
    (body, form), (recipients, signer) = copy_cells(copy)
    assert body == ["SỞ NỘI VỤ", "Số: 05/SY-SNV"]
    assert form == ["SAO Y", "Cần Thơ, ngày 01 tháng 12 năm 2026"]
    assert recipients == ["Nơi nhận:", "- UBND phường Cái Khế;", "- Lưu: VT."]
    assert signer == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Thị Minh Hạnh"]
    form_cell = document.tables[-2].rows[0].cells[1]
    assert form_cell.paragraphs[0].runs[0].bold and form_cell.paragraphs[1].runs[0].italic
    recipients_cell = document.tables[-1].rows[0].cells[0]
    heading = recipients_cell.paragraphs[0].runs[0]
    assert heading.bold and heading.italic and heading.font.size.pt == 12
    assert recipients_cell.paragraphs[1].runs[0].font.size.pt == 11
    assert not [f for f in check_file(copy).findings if f.severity == ERROR]


@pytest.mark.parametrize("form, title, symbol", [("sao-luc", "SAO LỤC", "SL-UBND"), ("trich-sao", "TRÍCH SAO", "TrS-UBND")])
def test_a_draft_copy_leaves_number_and_date_blank(original, tmp_path, form, title, symbol):
    target = tmp_path / "ra" / "ban-sao.docx"
    result = cli("copy", original, "--ho-so", PROFILE, "--hinh-thuc", form, "-o", target)
    assert result.exit_code == 0, result.output
    (body, form_cell), _ = copy_cells(target)
    assert body[-1].startswith("Số:") and body[-1].endswith(f"/{symbol}") and "Số: 0" not in body[-1]
    assert form_cell[0] == title and form_cell[1].startswith("Cần Thơ, ngày")


@pytest.mark.parametrize("args, words", [
    (["-o", "{original}"], "không được ghi đè bản gốc"),
    (["--co-quan", "khong-co"], "--co-quan 'khong-co' không có trong hồ sơ"),
    (["-o", "ban-sao.pdf"], "-o phải là"),
    (["--ngay", "31/02/2026"], "--ngay"),
])
def test_bad_requests_are_refused_and_write_nothing(original, tmp_path, monkeypatch, args, words):
    monkeypatch.chdir(tmp_path)
    args = [a.format(original=original) for a in args]
    result = cli("copy", original, "--ho-so", PROFILE, *args)
    assert result.exit_code == 2 and words in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kh-131.docx"]


def test_a_file_that_is_not_a_docx_is_named(tmp_path):
    fake = tmp_path / "ban-goc.docx"
    fake.write_text("không phải Word")
    result = cli("copy", fake, "--ho-so", PROFILE)
    assert result.exit_code == 2 and "ban-goc.docx: không phải tệp .docx" in result.output
    assert not (tmp_path / "ban-goc-sao-y.docx").exists()


def test_a_table_after_the_signature_is_still_an_error_when_it_is_not_a_copy(original):
    document = Document(str(original))
    document.add_paragraph()
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "SAO Y"      # the words alone, without the rule, are not a copy block
    document.save(str(original))
    assert "sau-chu-ky" in {f.rule for f in check_file(original).findings}


def test_issued_copies_share_one_series_and_are_recorded(original, tmp_path):
    register = tmp_path / "so.db"
    numbers = []
    for index, form in enumerate(["sao-y", "sao-luc", "trich-sao"], start=1):
        target = tmp_path / f"ban-sao-{index}.docx"
        result = cli("copy", original, "--ho-so", PROFILE, "--hinh-thuc", form, "--issue", "--register", register,
                     "--ngay", "20/11/2026", "-o", target)
        assert result.exit_code == 0, result.output
        (body, _), _ = copy_cells(target)
        numbers.append(body[-1])
    assert numbers == ["Số: 01/SY-UBND", "Số: 02/SL-UBND", "Số: 03/TrS-UBND"]
    listing = cli("register", "list", "--register", register)
    assert [line.split()[0] for line in listing.output.splitlines()[:3]] == ["01/SY-UBND", "02/SL-UBND", "03/TrS-UBND"]
    late = cli("copy", original, "--ho-so", PROFILE, "--issue", "--register", register, "--ngay", "19/11/2026",
               "-o", tmp_path / "muon.docx")
    assert late.exit_code == 2 and "số phải tăng theo ngày" in late.output
    again = cli("copy", original, "--ho-so", PROFILE, "--issue", "--register", register, "-o", tmp_path / "ban-sao-1.docx")
    assert again.exit_code == 2 and "đã ban hành số 01/SY-UBND" in again.output
    assert not (tmp_path / "muon.docx").exists()
    verified = cli("register", "verify", "--register", register)
    assert verified.exit_code == 0, verified.output
