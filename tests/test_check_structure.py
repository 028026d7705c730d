"""`docgen check` sees structure: each broken variant of a conforming document gives exactly the
matching error — label sequences, articles, the signer, nested Nơi nhận, bold running text, table
rows spilled into paragraphs, content after the signature, unfilled blanks in a final document."""

from __future__ import annotations

import copy

import pytest
from docx import Document

from docgen.checkers.check import check_file
from docgen.checkers.findings import ERROR, RULES, WARNING
from docgen.readers.source import LineMap
from docgen.readers.van_ban import build_van_ban
from docgen.readers.van_ban_nhan import import_document
from docgen.render.docx_renderer import render_to_file
from docgen.render.layout import Style

from conftest import ROOT
from test_check import first_with, set_text, styled
from test_corpus import GROUPED_RECIPIENTS

CORPUS = ROOT / "tests" / "corpus"


def findings(path):
    return check_file(path).findings


def errors(path) -> set[str]:
    return {f.rule for f in findings(path) if f.severity == ERROR}


@pytest.fixture(scope="module")
def plan_08(tmp_path_factory):
    """A real plan with `-` straight under `1.` and tasks after their items, as docgen prints it."""
    data = import_document(CORPUS / "ke-hoach-de-an-08-sct-laocai-2026.docx").data
    data.update(so=15, ngay="2026-04-20")
    data.pop("nam", None)
    document = build_van_ban(data, LineMap(), CORPUS / "x.yaml")
    return render_to_file(document, tmp_path_factory.mktemp("kh") / "kh08.docx")


@pytest.fixture(scope="module")
def decision_1696(tmp_path_factory):
    data = import_document(CORPUS / "quyet-dinh-1696-ubnd-laocai-2026.txt").data
    data["ngay"] = "2026-05-15"
    document = build_van_ban(data, LineMap(), CORPUS / "x.yaml")
    return render_to_file(document, tmp_path_factory.mktemp("qd") / "qd1696.docx")


def test_conforming_documents_have_no_structural_errors(plan_08, decision_1696, rendered):
    for path in (plan_08, decision_1696, *rendered.values()):
        assert errors(path) == set(), path.name
    assert {"nhan", "sau-chu-ky", "in-dam", "bang-tach", "cho-trong"} <= set(RULES)


# --- broken variants ----------------------------------------------------------------------------


def label_jump(d):
    set_text(first_with(d, Style.KHOAN, "2. Yêu cầu"), "3. Yêu cầu")


def point_after_dash(d):
    items = [p for p in styled(d, Style.THAN) if p.text.startswith("- Tham mưu hình thành")]
    set_text(items[0], "a) Tham mưu hình thành và phát triển các ngành công nghiệp hỗ trợ.")


def article_skipped(d):
    article = next(p for p in d.paragraphs if p.text.startswith("Điều 3."))
    article.runs[0].text = "Điều 5."


def signer_is_a_recipient_line(d):
    set_text(styled(d, Style.HO_TEN)[0], "+ Lưu: VT.")


def article_after_signature(d):
    footer = d.tables[-1]._tbl
    stray = copy.deepcopy(next(p for p in d.paragraphs if p.text.startswith("Điều 4."))._p)
    footer.addnext(stray)


def plus_without_group(d):
    set_text(styled(d, Style.NOI_NHAN)[2], "+ Sở Tư pháp;")


def article_text_bold(d):
    article = next(p for p in d.paragraphs if p.text.startswith("Điều 4."))
    for run in article.runs:
        run.bold = True


def khoan_bold(d):
    khoan = next(p for p in d.paragraphs if p.text.startswith("2. Giám đốc Sở Công Thương"))
    for run in khoan.runs:
        run.bold = True


def table_row_as_text(d):
    set_text(styled(d, Style.THAN)[20], "Rà soát hồ sơ học viên | Đỗ Mạnh Cường | Vũ Việt Linh")


def blank_left_in_final(d):
    set_text(first_with(d, Style.THAN, "- Đôn đốc hoàn thiện"), "- Đôn đốc hoàn thiện hạ tầng tại […] KCN.")


def head_named_twice(d):
    implementers = next(p for p in d.paragraphs if p.text.startswith("Chánh Văn phòng Ủy ban nhân dân tỉnh"))
    set_text(implementers, "Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc Sở Công Thương; Thủ trưởng Sở Công "
                           "Thương và các cơ quan liên quan chịu trách nhiệm thi hành Quyết định này./.")


def recipient_twice(d):
    items = styled(d, Style.NOI_NHAN)
    set_text(items[3], items[2].text)


VARIANTS = [
    (head_named_twice, "decision", "trung-ten"),
    (recipient_twice, "decision", "trung-ten"),
    (label_jump, "plan", "nhan"),
    (point_after_dash, "plan", "nhan"),
    (article_skipped, "decision", "nhan"),
    (signer_is_a_recipient_line, "decision", "chu-ky"),
    (article_after_signature, "decision", "sau-chu-ky"),
    (plus_without_group, "decision", "noi-nhan-dong"),
    (article_text_bold, "decision", "in-dam"),
    (khoan_bold, "decision", "in-dam"),
    (table_row_as_text, "plan", "bang-tach"),
    (blank_left_in_final, "plan", "cho-trong"),
]


@pytest.mark.parametrize("breaker, which, rule", VARIANTS, ids=[v[0].__name__ for v in VARIANTS])
def test_broken_variant_gives_exactly_the_matching_error(plan_08, decision_1696, tmp_path, breaker, which, rule):
    document = Document(str(plan_08 if which == "plan" else decision_1696))
    breaker(document)
    path = tmp_path / f"{breaker.__name__}.docx"
    document.save(str(path))
    found = [f for f in findings(path) if f.severity == ERROR]
    assert {f.rule for f in found} == {rule}, [(f.rule, f.message) for f in found]
    assert all(f.message and f.paragraph for f in found if f.rule != "sau-chu-ky")


def test_a_blank_in_a_draft_is_a_warning(plan_08, tmp_path):
    data = import_document(CORPUS / "ke-hoach-3898-sct-laocai-2026.docx").data     # Số: /KH-SCT: a draft
    document = build_van_ban(data, LineMap(), CORPUS / "x.yaml")
    path = render_to_file(document, tmp_path / "du-thao.docx")
    d = Document(str(path))
    set_text(styled(d, Style.THAN)[3], "Thời gian: … ngày (bắt đầu từ …).")
    d.save(str(path))
    blanks = [f for f in findings(path) if f.rule == "cho-trong"]
    assert blanks and {f.severity for f in blanks} == {WARNING}
    assert errors(path) == set()


def test_a_valid_recipient_group_passes(tmp_path):
    source = tmp_path / "qd.txt"
    source.write_text(GROUPED_RECIPIENTS, encoding="utf-8")
    document = build_van_ban(import_document(source).data, LineMap(), tmp_path / "x.yaml")
    assert errors(render_to_file(document, tmp_path / "qd.docx")) == set()



def test_a_district_in_a_document_of_the_two_tier_map_is_a_warning(decision_1696, tmp_path):
    d = Document(str(decision_1696))
    set_text(styled(d, Style.NOI_NHAN)[3], "- UBND các huyện, thị xã;")
    path = tmp_path / "huyen.docx"
    d.save(str(path))
    levels = [f for f in findings(path) if f.rule == "dia-gioi"]
    assert levels and {f.severity for f in levels} == {WARNING} and "UBND các huyện" in levels[0].message


def test_names_of_bodies_with_va_are_not_named_twice(decision_1696, tmp_path):
    d = Document(str(decision_1696))
    implementers = next(p for p in d.paragraphs if p.text.startswith("Chánh Văn phòng Ủy ban nhân dân tỉnh"))
    set_text(implementers, "Giám đốc Sở Nông nghiệp và Môi trường, Giám đốc Sở Khoa học và Công nghệ và các "
                           "cơ quan liên quan chịu trách nhiệm thi hành Quyết định này./.")
    path = tmp_path / "va.docx"
    d.save(str(path))
    assert "trung-ten" not in errors(path)


def test_an_impossible_date_is_reported_not_a_crash(decision_1696, tmp_path):
    d = Document(str(decision_1696))
    set_text(styled(d, Style.NGAY)[0], "Lào Cai, ngày 31 tháng 02 năm 2026")
    path = tmp_path / "ngay.docx"
    d.save(str(path))
    result = check_file(path)
    assert result.unreadable is None and "ngay-thang" in {f.rule for f in result.findings}
