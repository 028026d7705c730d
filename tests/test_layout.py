"""The NĐ 30 layout rules (spec §12) asserted on every rendered sample, through effective formatting."""

from __future__ import annotations

import re

import pytest

from docgen.checkers.effective import Resolver
from docgen.model.outline import outline
from docgen.model.van_ban import Muc
from docgen.readers.docx_text import paragraph_text
from docgen.render import layout as L
from docgen.render.ooxml import w

STEMS = ["ke-hoach-117-2024", "ke-hoach-131-2025", "ke-hoach-du-thao", "quyet-dinh-tang-cuong-mot-nguoi"]
NUMBER_LINE = re.compile(r"^Số: (0[1-9]|[1-9]\d+|\s+)/[A-ZĐa-zđ]+(-[A-ZĐ&a-zđ]+)+$")
DATE_LINE = re.compile(r"^.+, ngày (0[1-9]|[12]\d|3[01]) tháng (0[12]|[3-9]|1[0-2]) năm \d{4}$")
DRAFT_DATE_LINE = re.compile(r"^.+, ngày\s+tháng\s+năm \d{4}$")


@pytest.fixture(params=STEMS)
def doc(request, documents):
    return documents[request.param]


def styled(doc, style_id):
    resolver = Resolver(doc)
    return [p for p in doc.element.body.iter(w("p")) if resolver.paragraph_style_id(p) == style_id]


def text_runs(p):
    return [r for r in p.iter(w("r")) if r.find(w("t")) is not None and "".join(r.itertext()).strip()]


def looks(doc, p):
    resolver = Resolver(doc)
    return [resolver.run(p, r) for r in text_runs(p)]


def test_page_is_a4_portrait_with_margins_in_range(doc):
    for section in doc.sections:
        sect = section._sectPr
        size = sect.find(w("pgSz"))
        assert (int(size.get(w("w"))), int(size.get(w("h")))) == (11906, 16838)
        assert size.get(w("orient")) in (None, "portrait")
        margins = sect.find(w("pgMar"))
        get = lambda name: int(margins.get(w(name)))  # noqa: E731
        assert 1134 <= get("top") <= 1417 and 1134 <= get("bottom") <= 1417
        assert 1701 <= get("left") <= 1984
        assert 850 <= get("right") <= 1134
        assert sect.find(w("titlePg")) is not None


def test_every_run_is_times_new_roman_in_all_slots_and_black(doc):
    resolver = Resolver(doc)
    parts = [doc.element.body] + [section.header._element for section in doc.sections]
    checked = 0
    for part in parts:
        for p in part.iter(w("p")):
            for r in p.iter(w("r")):
                look = resolver.run(p, r)
                assert look.fonts == {slot: "Times New Roman" for slot in ("ascii", "hAnsi", "eastAsia", "cs")}, \
                    paragraph_text(p)[:40]
                assert look.color in (None, "auto", "000000")
                checked += 1
    assert checked > 30


def test_quoc_hieu_and_tieu_ngu(doc):
    (qh,) = styled(doc, L.Style.QUOC_HIEU)
    (tn,) = styled(doc, L.Style.TIEU_NGU)
    assert paragraph_text(qh) == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert paragraph_text(tn) == "Độc lập - Tự do - Hạnh phúc"
    qh_look, tn_look = looks(doc, qh)[0], looks(doc, tn)[0]
    assert qh_look.bold and qh_look.size_pt in (12, 13)
    assert tn_look.bold and tn_look.size_pt in (13, 14) and tn_look.size_pt - qh_look.size_pt in (0, 1)


def test_header_table_is_fixed_and_wide_enough_for_the_quoc_hieu(doc):
    table = doc.tables[0]._tbl
    assert table.tblPr.find(w("tblLayout")).get(w("type")) == "fixed"
    grid = [int(c.get(w("w"))) for c in table.tblGrid.findall(w("gridCol"))]
    assert grid[1] >= round(100 / 25.4 * 1440)          # ≥ 100 mm
    borders = table.tblPr.find(w("tblBorders"))
    assert all(edge.get(w("val")) == "nil" for edge in borders)


def _rule_length_mm(p, column_mm):
    ind = p.find(w("pPr")).find(w("ind"))
    side = int(ind.get(w("left"))) / 1440 * 25.4
    return column_mm - 2 * side


def test_rules_have_the_lengths_the_spec_gives(doc):
    from docgen.metrics import text_width_mm
    rules = styled(doc, L.Style.GACH)
    assert len(rules) == 3 + len(styled(doc, L.Style.PHU_LUC_SO))  # agency, tiêu ngữ, trích yếu, appendices
    agency_rule, motto_rule, title_rule = rules[:3]
    for rule in rules:
        assert rule.find(w("pPr")).find(w("pBdr")) is None  # the border lives in the style
    motto = _rule_length_mm(motto_rule, L.cell_text_width_mm(L.RIGHT_COLUMN_MM))
    assert abs(motto - text_width_mm(L.TIEU_NGU, 14, bold=True)) / motto < 0.10
    names = [paragraph_text(p) for p in styled(doc, L.Style.CO_QUAN)]
    name_width = max(text_width_mm(n, 13, bold=True) for n in names)
    ratio = _rule_length_mm(agency_rule, L.cell_text_width_mm(L.LEFT_COLUMN_MM)) / name_width
    assert 1 / 3 <= ratio <= 1 / 2
    style = doc.styles[L.Style.GACH].element
    assert style.find(f"{w('pPr')}/{w('pBdr')}/{w('bottom')}").get(w("val")) == "single"


def test_agency_lines(doc):
    for p in styled(doc, L.Style.CO_QUAN):
        look = looks(doc, p)[0]
        assert look.bold and look.size_pt in (12, 13) and paragraph_text(p).isupper()
    for p in styled(doc, L.Style.CHU_QUAN):
        look = looks(doc, p)[0]
        assert not look.bold and look.size_pt in (12, 13) and paragraph_text(p).isupper()


def test_number_and_date_lines(doc):
    (number,) = styled(doc, L.Style.SO)
    (dated,) = styled(doc, L.Style.NGAY)
    assert NUMBER_LINE.match(paragraph_text(number)), paragraph_text(number)
    look = looks(doc, number)[0]
    assert look.size_pt == 13 and not look.bold and not look.italic
    text = paragraph_text(dated)
    assert DATE_LINE.match(text) or DRAFT_DATE_LINE.match(text), text
    look = looks(doc, dated)[0]
    assert look.italic and look.size_pt in (13, 14)


def test_type_name_and_trich_yeu(doc):
    resolver = Resolver(doc)
    (name,) = styled(doc, L.Style.TEN_LOAI)
    (summary,) = styled(doc, L.Style.TRICH_YEU)
    assert paragraph_text(name) in ("KẾ HOẠCH", "QUYẾT ĐỊNH")
    for p in (name, summary):
        assert resolver.paragraph(p).align == "center"
        look = looks(doc, p)[0]
        assert look.bold and look.size_pt in (13, 14)
    assert not paragraph_text(summary).isupper()


def test_body_paragraphs(doc):
    resolver = Resolver(doc)
    body_styles = {L.Style.THAN, L.Style.MUC, L.Style.KHOAN, L.Style.DIEM, L.Style.CAN_CU}
    paragraphs = [p for p in doc.element.body.iter(w("p")) if resolver.paragraph_style_id(p) in body_styles]
    assert len(paragraphs) > 5
    for p in paragraphs:
        look = resolver.paragraph(p)
        expected = "left" if resolver.paragraph_style_id(p) == L.Style.MUC else "both"
        assert look.align == expected, paragraph_text(p)[:40]
        assert look.first_line_twips in (567, 720)
        assert look.before_twips + look.after_twips >= 120
        assert look.line_rule in (None, "auto") and 240 <= (look.line or 240) <= 360
        for run in looks(doc, p):
            assert run.size_pt in (13, 14)


def test_headings_are_labelled_and_bold_where_the_spec_says(doc):
    for p in styled(doc, L.Style.MUC):
        text = paragraph_text(p)
        assert re.match(r"^[IVX]+\. \S", text) and text == text.upper()
        assert all(look.bold for look in looks(doc, p))
    for p in styled(doc, L.Style.KHOAN):
        assert re.match(r"^\d+\. \S", paragraph_text(p))
        assert looks(doc, p)[0].bold


def test_point_labels_use_vietnamese_letters(documents):
    text = [paragraph_text(p) for p in documents["ke-hoach-du-thao"].element.body.iter(w("p"))]
    labels = [line[:2] for line in text if re.match(r"^[a-zđ]\) ", line)]
    assert labels[:6] == ["a)", "b)", "c)", "d)", "đ)", "e)"]


def test_noi_nhan(doc):
    resolver = Resolver(doc)
    (heading,) = styled(doc, L.Style.NOI_NHAN_TIEU_DE)
    assert paragraph_text(heading) == "Nơi nhận:"
    look = looks(doc, heading)[0]
    assert look.size_pt == 12 and look.bold and look.italic
    assert resolver.paragraph(heading).first_line_twips == 0 and resolver.paragraph(heading).left_twips == 0
    items = [paragraph_text(p) for p in styled(doc, L.Style.NOI_NHAN)]
    assert len(items) >= 3
    for p in styled(doc, L.Style.NOI_NHAN):
        look = looks(doc, p)[0]
        assert look.size_pt == 11 and not look.bold and not look.italic
    for item in items[:-1]:
        assert item.startswith("- ") and item.endswith(";"), item
    assert re.match(r"^- Lưu: VT(, .+)?\.$", items[-1]), items[-1]


def test_signature_block(doc):
    resolver = Resolver(doc)
    titles = styled(doc, L.Style.CHUC_VU)
    (name,) = styled(doc, L.Style.HO_TEN)
    for p in titles:
        text = paragraph_text(p)
        assert text == text.upper()
        assert resolver.paragraph(p).align == "center"
        assert looks(doc, p)[0].bold and looks(doc, p)[0].size_pt in (13, 14)
    prefixes = [paragraph_text(p).split(" ")[0] for p in titles[:-1]]
    assert set(prefixes) <= {"TM.", "KT.", "Q.", "TL.", "TUQ."}
    assert looks(doc, name)[0].bold and not re.match(r"^(TS|ThS|PGS|GS)\.", paragraph_text(name))
    # the name sits ≈ 30 mm below the titles, room for signature and seal
    assert resolver.paragraph(name).before_twips >= 25 / 25.4 * 1440 * 0.9
    footer = doc.tables[-1]._tbl
    assert footer.find(f".//{w('cantSplit')}") is not None


def test_page_number_in_header_hidden_on_page_one(doc):
    resolver = Resolver(doc)
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    first = section.first_page_header._element
    assert "PAGE" not in "".join(first.itertext())
    default = section.header._element
    instructions = "".join(t.text for t in default.iter(w("instrText")))
    assert instructions.strip() == "PAGE"
    (p,) = list(default.iter(w("p")))
    assert resolver.paragraph(p).align == "center"
    for r in p.iter(w("r")):
        assert resolver.run(p, r).size_pt in (13, 14)


def test_content_ends_with_the_end_mark(doc):
    texts = [paragraph_text(p) for p in doc.element.body.iter(w("p")) if paragraph_text(p)]
    last = texts[texts.index("Nơi nhận:") - 1]
    if last.startswith("(Đính kèm"):
        last = texts[texts.index("Nơi nhận:") - 2]
    assert last.endswith("./.") and sum(t.endswith("./.") for t in texts) == 1


def test_decision_form(documents):
    doc = documents["quyet-dinh-tang-cuong-mot-nguoi"]
    (authority,) = styled(doc, L.Style.THAM_QUYEN_BAN_HANH)
    assert paragraph_text(authority) == "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ"
    # the one-person decision fits one page only at 13 pt (docgen.render.trang): body styles at 13
    assert looks(doc, authority)[0].bold and looks(doc, authority)[0].size_pt == 13
    can_cu = styled(doc, L.Style.CAN_CU)
    assert len(can_cu) == 5 and all(look.italic for p in can_cu for look in looks(doc, p))
    assert [paragraph_text(p)[-1] for p in can_cu] == [";", ";", ";", ";", "."]
    (decides,) = styled(doc, L.Style.QUYET_DINH)
    assert paragraph_text(decides) == "QUYẾT ĐỊNH:" and looks(doc, decides)[0].bold
    articles = [p for p in styled(doc, L.Style.THAN) if paragraph_text(p).startswith("Điều ")]
    assert [paragraph_text(p)[:7] for p in articles] == ["Điều 1.", "Điều 2.", "Điều 3."]
    for p in articles:
        label, *rest = looks(doc, p)
        assert label.bold and rest and not any(look.bold for look in rest)
    assert paragraph_text(styled(doc, L.Style.NOI_NHAN)[0]) == "- Như Điều 3;"
    assert [paragraph_text(p) for p in styled(doc, L.Style.CHUC_VU)] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert paragraph_text(styled(doc, L.Style.SO)[0]) == "Số: 1520/QĐ-UBND"


def test_appendix_is_a_new_section_numbered_from_one(documents):
    doc = documents["ke-hoach-du-thao"]
    assert len(doc.sections) == 2
    main, appendix = doc.sections
    assert main._sectPr.find(w("pgNumType")) is None
    assert appendix._sectPr.find(w("pgNumType")).get(w("start")) == "1"
    (heading,) = styled(doc, L.Style.PHU_LUC_SO)
    assert paragraph_text(heading) == "Phụ lục"
    (attached,) = styled(doc, L.Style.PHU_LUC_KEM_THEO)
    assert paragraph_text(attached).startswith("(Kèm theo Kế hoạch số      /KH-SNV ngày")


def test_draft_shows_blank_number_and_date(documents):
    doc = documents["ke-hoach-du-thao"]
    assert paragraph_text(styled(doc, L.Style.SO)[0]) == "Số:      /KH-SNV"
    assert paragraph_text(styled(doc, L.Style.NGAY)[0]) == "Cần Thơ, ngày     tháng     năm 2026"
    assert [paragraph_text(p) for p in styled(doc, L.Style.CHUC_VU)] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert [paragraph_text(p) for p in styled(doc, L.Style.CHU_QUAN)] == ["UBND THÀNH PHỐ CẦN THƠ"]


def test_a_tasks_children_go_on_after_its_labelled_fields():
    """`1. Tổ chức lớp tập huấn:` with a) chủ trì, b) thời gian, then its own items c), d) — never a
    second a); fields printed after the items (`sau_muc`) go on after them."""
    task = Muc(tieu_de="Nội dung", muc=[Muc(tieu_de="Tổ chức lớp", nhiem_vu={"chu_tri": "Văn phòng", "thoi_gian": "quý II"},
                                          muc=["Lớp thứ nhất.", "Lớp thứ hai."])])
    assert [line.nhan for line in outline([task])] == ["I.", "1.", "a)", "b)", "c)", "d)"]
    after = Muc(tieu_de="Nội dung", muc=[Muc(tieu_de="Tổ chức lớp", muc=["Lớp thứ nhất."],
                                           nhiem_vu={"chu_tri": "Văn phòng", "sau_muc": True})])
    assert [line.nhan for line in outline([after])] == ["I.", "1.", "a)", "b)"]
    dashed = Muc(tieu_de="Nội dung", muc=[Muc(tieu_de="Tổ chức lớp", nhiem_vu={"chu_tri": "Văn phòng", "kieu": "-"},
                                            muc=["Lớp thứ nhất."])])
    assert [line.nhan for line in outline([dashed])] == ["I.", "1.", "-", "a)"]
