"""Real documents of other agencies (tests/corpus/, see its README): each imports from its text and
from its Word file, renders, keeps its paragraphs (label and text, in order) and passes `docgen check`
but for the faults of the source listed in tests/corpus/manifest.yaml. The same measure is printed
by `python bench/corpus.py`."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from docx import Document

from docgen.checkers.doi_chieu import compare
from docgen.checkers.check import check_file
from docgen.checkers.effective import Resolver
from docgen.checkers.findings import ERROR
from docgen.cli import main
from docgen.corpus import corpus_documents, measure
from docgen.model.nhiem_vu import cac_nhiem_vu
from docgen.readers.docx_text import body_lines
from docgen.readers.source import LineMap
from docgen.readers.van_ban import build_van_ban, read_van_ban
from docgen.readers.van_ban_nhan import import_document, split_agency
from docgen.render.docx_renderer import render_to_file
from docgen.render.ooxml import w

from conftest import ROOT

CORPUS = ROOT / "tests" / "corpus"
DOCUMENTS = [(text, source, entry) for text, word, entry in corpus_documents()
             for source in ((text, word) if word else (text,))]
# A decision whose Nơi nhận holds a group with the archive line inside it.
GROUPED_RECIPIENTS = (
    "ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    "Số: 12/QĐ-UBND\nLào Cai, ngày 05 tháng 3 năm 2026\nQUYẾT ĐỊNH\nVề việc thử\n"
    "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÀO CAI\nCăn cứ Luật Tổ chức chính quyền địa phương;\n"
    "QUYẾT ĐỊNH:\nĐiều 1. Thử.\nĐiều 2. Quyết định này có hiệu lực kể từ ngày ký.\nNơi nhận:\n"
    "- Như Điều 2;\n- Văn phòng UBND tỉnh:\n+ CVP, PCVP;\n+ Lưu: VT, KT.\nCHỦ TỊCH\nNguyễn Văn A\n")
# Tasks each plan holds: as fields under a numbered section (Đề án 08: 5, and the 6 units given
# duties under V. TỔ CHỨC THỰC HIỆN), or as rows of the "phân công nhiệm vụ" table after the
# signature (2242, 3024, 3898); KH 134 gives its duties per body under V. TỔ CHỨC THỰC HIỆN.
PLAN_TASKS = {"ke-hoach-134-ubnd-laocai-2026": 9, "ke-hoach-de-an-08-sct-laocai-2026": 11, "ke-hoach-2242-sct-laocai-2026": 9,
              "ke-hoach-3024-sct-laocai-2026": 9, "ke-hoach-3898-sct-laocai-2026": 9}


def errors_of(path) -> list:
    return [(f.rule, f.message) for f in check_file(path).findings if f.severity == ERROR]


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_the_corpus_covers_every_type_docgen_renders():
    kinds = {text.stem.split("-")[0] + "-" + text.stem.split("-")[1] for text, _, _ in DOCUMENTS}
    assert kinds == {"ke-hoach", "quyet-dinh", "bao-cao", "cong-van", "thong-bao", "to-trinh", "giay-moi"}
    assert len(DOCUMENTS) >= 17


@pytest.mark.parametrize("text, source, entry", DOCUMENTS, ids=[f"{s.name}" for _, s, _ in DOCUMENTS])
def test_real_document_round_trips(text, source, entry, tmp_path):
    result = measure(source, text, entry, tmp_path)
    assert result.failure is None, result.failure
    measured = result.doi_chieu
    assert measured.ratio >= 0.98, (measured.exact, measured.source, measured.missing[:5], measured.extra[:5])
    assert measured.trich_yeu_ok
    assert result.check_errors == [], result.check_errors
    assert sorted(set(result.source_faults)) == sorted(entry.get("loi_goc", []))
    if text.stem in PLAN_TASKS:
        assert result.tasks == PLAN_TASKS[text.stem]


@pytest.mark.parametrize("source", sorted(CORPUS.glob("*.docx")), ids=lambda p: p.name)
def test_import_command_on_every_word_file(source, tmp_path):
    """Plans, decisions and reports import with exit 0 and render; the types docgen cannot render yet
    (công văn, thông báo) import, or are refused with a Vietnamese message and exit 2 — never a traceback."""
    target = tmp_path / f"{source.stem}.yaml"
    result = cli("import", source, "-o", target)
    if source.stem.startswith(("ke-hoach", "quyet-dinh", "bao-cao")):
        assert result.exit_code == 0, result.output
        assert cli("render", target, "-o", tmp_path / "out.docx").exit_code == 0
    else:
        assert result.exit_code in (0, 2), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output


def test_header_is_split_from_the_quoc_hieu_and_the_rules():
    data = import_document(CORPUS / "ke-hoach-2242-sct-laocai-2026.txt").data
    assert data["co_quan"] == {"ten": ["SỞ CÔNG THƯƠNG"], "chu_quan": ["UBND TỈNH LÀO CAI"], "viet_tat": "SCT",
                               "dia_danh": "Lào Cai", "ten_day_du": "Sở Công Thương"}   # from "(Kèm theo … của …)"
    assert data["nam"] == 2026 and "so" not in data
    province = import_document(CORPUS / "quyet-dinh-1696-ubnd-laocai-2026.txt").data["co_quan"]
    assert province["ten"] == ["ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI"] and "chu_quan" not in province
    assert split_agency(["BỘ XÂY DỰNG"]) == ([], ["BỘ XÂY DỰNG"])
    assert split_agency(["SỞ CÔNG THƯƠNG LÀO CAI", "ĐOÀN KIỂM TRA"]) == (["SỞ CÔNG THƯƠNG LÀO CAI"], ["ĐOÀN KIỂM TRA"])


def test_tasks_written_on_one_line_after_their_items():
    data = import_document(CORPUS / "ke-hoach-de-an-08-sct-laocai-2026.docx").data
    section = data["noi_dung"][2]["muc"][0]                      # III.1
    assert section["kieu_muc"] == "-"                             # `-` straight under `1.`
    assert section["nhiem_vu"] == {
        "chu_tri": "Phòng Quản lý Công nghiệp", "phoi_hop": "Phòng Quản lý Năng lượng, Phòng Quản lý Thương mại",
        "ten_truong": {"chu_tri": "Đơn vị chủ trì", "phoi_hop": "Đơn vị phối hợp"},
        "trinh_bay": "mot-dong", "sau_muc": True}
    assert section["muc"][-1] == {"doan": ["Lãnh đạo phụ trách: Phó giám đốc Hoàng Văn Thuân, "
                                           "Phó giám đốc Nguyễn Đình Chiến."]}


def test_tasks_held_in_a_table_after_the_signature():
    document = build_van_ban(import_document(CORPUS / "ke-hoach-2242-sct-laocai-2026.docx").data, LineMap(),
                             CORPUS / "x.yaml")
    appendix = document.phu_luc[0]
    assert appendix.nhan == "" and appendix.bang.truong == ["stt", "ten", "thuc_hien", "ghi_chu"]
    tasks = list(cac_nhiem_vu(document))
    assert tasks[3].tieu_de == "Tổ chức chấm bài" and tasks[3].nhiem_vu.thuc_hien == "Vũ Việt Linh"
    assert all(task.trong_bang for task in tasks)


def test_normative_decision_keeps_its_form(tmp_path):
    data = import_document(CORPUS / "quyet-dinh-16-2026-ubnd-laocai-2026.txt").data
    assert (data["so"], data["quy_pham"], "tham_quyen_ban_hanh" in data) == (16, True, False)
    assert data["cau_ban_hanh"].startswith("Ủy ban nhân dân ban hành Quyết định")
    rule = data["phu_luc"][0]
    assert (rule["ten_loai"], rule["kieu_muc"], rule["tieu_de_in_hoa"]) == ("Quy chế", "chuong", False)
    document = build_van_ban(data, LineMap(), tmp_path / "x.yaml")
    path = tmp_path / "qd16.docx"
    lines = body_lines(Document(str(render_to_file(document, path))))
    assert "Số: 16/2026/QĐ-UBND" in lines and "QUYẾT ĐỊNH:" not in lines
    assert "Điều 30. Tổ chức thực hiện" in lines and "Chương III" in lines   # articles run through chapters


def test_decision_article_text_is_not_bold(tmp_path):
    data = import_document(CORPUS / "quyet-dinh-1696-ubnd-laocai-2026.txt").data
    document = build_van_ban(data, LineMap(), tmp_path / "x.yaml")
    rendered = Document(str(render_to_file(document, tmp_path / "qd.docx")))
    resolver = Resolver(rendered)

    def bold(paragraph) -> list[bool]:
        return [bool(resolver.run(paragraph._p, run._r).bold) for run in paragraph.runs if run.text.strip()]

    paragraph = next(p for p in rendered.paragraphs if p.text.startswith("2. Giám đốc Sở Công Thương"))
    assert not any(bold(paragraph)) and paragraph.style.name == "DGThan"
    assert all(bold(next(p for p in rendered.paragraphs if p.text.startswith("Điều 1. Nội dung"))))
    assert bold(next(p for p in rendered.paragraphs if p.text.startswith("Điều 4. Quyết định này"))) == [True, False]


def test_nested_recipients_render_and_read_back(tmp_path):
    source = tmp_path / "qd.txt"
    source.write_text(GROUPED_RECIPIENTS, encoding="utf-8")
    imported = import_document(source)
    assert imported.data["noi_nhan"] == [{"ten": "Văn phòng UBND tỉnh", "muc": ["CVP, PCVP", "Lưu: VT, KT"]}]
    assert imported.data["nguoi_ky"]["ho_ten"] == "Nguyễn Văn A"
    document = build_van_ban(imported.data, LineMap(), tmp_path / "x.yaml")
    lines = body_lines(Document(str(render_to_file(document, tmp_path / "qd.docx"))))
    start = lines.index("Nơi nhận:")
    assert lines[start + 1:start + 5] == ["- Như Điều 2;", "- Văn phòng UBND tỉnh:", "+ CVP, PCVP;", "+ Lưu: VT, KT."]
    assert not any(line.startswith("Điều 3") for line in lines)


def test_a_relabelled_item_is_reported(tmp_path):
    source = tmp_path / "kh.txt"
    source.write_text("Số: 05/KH-UBND\nCần Thơ, ngày 05 tháng 01 năm 2026\nKẾ HOẠCH\nThử nghiệm\n"
                      "I. MỤC ĐÍCH\n1. Một.\n3. Ba.\nNơi nhận:\n- Sở Nội vụ;\n- Lưu: VT, NV.\nCHỦ TỊCH\nNguyễn Văn A\n",
                      encoding="utf-8")
    imported = import_document(source)
    assert any("«3.» được in lại thành «2.»" in warning for warning in imported.warnings)


def test_subplan_and_unit_report_from_an_imported_real_plan(tmp_path):
    plan = tmp_path / "kh08.yaml"
    assert cli("import", CORPUS / "ke-hoach-de-an-08-sct-laocai-2026.docx", "-o", plan).exit_code == 0
    units = tmp_path / "don-vi.csv"
    units.write_text("Mã;Tên đơn vị;Cấp;Địa danh;Người ký;Chức vụ người ký;Thẩm quyền ký;Cơ quan tham mưu;"
                     "Đơn vị trực thuộc;Nhận nhiệm vụ của;Lưu\n"
                     "qlnl;Phòng Quản lý Năng lượng;phòng;Lào Cai;Nguyễn Văn A;TRƯỞNG PHÒNG;;Bộ phận tổng hợp;;"
                     "Phòng Quản lý Năng lượng;QLNL\n", encoding="utf-8")
    subplan = tmp_path / "sp.docx"
    result = cli("subplan", plan, "--units", units, "--unit", "qlnl", "-o", subplan)
    assert result.exit_code == 0, result.output
    lines = body_lines(Document(str(subplan)))
    assert any(line.startswith("1. Đảm bảo an ninh năng lượng") for line in lines)     # its task, III.3
    assert any(line.startswith("Đơn vị chủ trì: Phòng Quản lý Năng lượng;") for line in lines)
    assert not any("Tái cơ cấu ngành công nghiệp" in line for line in lines)          # another unit's task
    results = tmp_path / "kq.csv"
    results.write_text("Đơn vị;Mã nhiệm vụ;Tình trạng;Ngày hoàn thành;Số lớp;Lượt người;Nữ;Dân tộc thiểu số;"
                       "Cán bộ trẻ;Kinh phí (đồng);Ghi chú;Ngày gửi báo cáo\n"
                       "qlnl;III.3;hoàn thành;20/10/2026;;;;;;;;05/11/2026\n", encoding="utf-8")
    report = tmp_path / "bc.docx"
    result = cli("report", plan, "--results", results, "--year", "2026", "--units", units, "--unit", "qlnl",
                 "--ngay-lap", "10/11/2026", "-o", report)
    assert result.exit_code == 0, result.output
    text = "\n".join(body_lines(Document(str(report))))
    assert "Đảm bảo an ninh năng lượng" in text and "hoàn thành" in text


def test_comparison_fails_on_a_changed_paragraph():
    source = ["KẾ HOẠCH", "Thử", "I. MỤC ĐÍCH", "1. Một.", "2. Hai."]
    assert compare(source, source).ratio == 1
    changed = compare(source, ["KẾ HOẠCH", "Thử", "I. MỤC ĐÍCH", "1. Một.", "2. Hai khác."])
    assert (changed.exact, changed.source, changed.missing) == (2, 3, ["2. Hai."])



TASK_TABLE_PLAN = """\
ho_so: co-quan.yaml
loai: ke-hoach
co_quan: ubnd-can-tho
so: 21
ngay: 2026-03-02
trich_yeu: Thử bảng nhiệm vụ
noi_dung:
  - tieu_de: Nhiệm vụ
    muc:
      - tieu_de: Phân công
        bang:
          cot: [STT, Nội dung công việc, Đơn vị chủ trì, Đơn vị phối hợp, Thời gian hoàn thành]
          truong: [stt, ten, chu_tri, phoi_hop, thoi_gian]
          dong:
            - [I. Nhóm nhiệm vụ thường xuyên]
            - ["1", Rà soát văn bản, Sở Tư pháp, Văn phòng UBND, quý II năm 2026]
            - ["2", Tập huấn nghiệp vụ, Sở Nội vụ, "", tháng 9 năm 2026]
          tong: ["", Tổng cộng, 2 nhiệm vụ, "", ""]
ket_luan: Trên đây là Kế hoạch thử
noi_nhan: [Sở Tư pháp]
luu: NV
nguoi_ky: ct-tran-viet-truong
"""


def test_task_table_with_group_and_totals_rows_renders_and_reads_back(tmp_path):
    source = tmp_path / "bang.yaml"
    source.write_text(TASK_TABLE_PLAN, encoding="utf-8")
    shutil.copy(ROOT / "samples" / "co-quan.yaml", tmp_path / "co-quan.yaml")
    original = read_van_ban(source)
    path = render_to_file(original, tmp_path / "bang.docx")
    table = Document(str(path)).tables[1]
    group = table.rows[1]._tr
    assert group.find(f"{w('tc')}/{w('tcPr')}/{w('gridSpan')}").get(w("val")) == "5"
    assert table.rows[0]._tr.find(f"{w('trPr')}/{w('tblHeader')}") is not None      # repeated on every page
    totals = table.rows[-1].cells[1].paragraphs[0].runs[0]
    assert totals.text == "Tổng cộng" and totals.bold
    assert table.rows[2].cells[0].paragraphs[0].alignment == 1                     # STT centred
    assert errors_of(path) == []
    again = build_van_ban(import_document(path).data, LineMap(), tmp_path / "x.yaml")
    assert [(t.tieu_de, t.nhiem_vu.chu_tri, t.nhiem_vu.thoi_gian) for t in cac_nhiem_vu(again)] == \
        [(t.tieu_de, t.nhiem_vu.chu_tri, t.nhiem_vu.thoi_gian) for t in cac_nhiem_vu(original)] == \
        [("Rà soát văn bản", "Sở Tư pháp", "quý II năm 2026"), ("Tập huấn nghiệp vụ", "Sở Nội vụ", "tháng 9 năm 2026")]
    table_again = next(node.bang for node in again.noi_dung[0].muc[0].muc if node.bang)  # a block under its heading
    assert table_again.dong[0] == ["I. Nhóm nhiệm vụ thường xuyên"]                      # still a group row
    assert table_again.tong == ["", "Tổng cộng", "2 nhiệm vụ", "", ""]
