"""`docgen check`: clean on what docgen makes, exactly the matching error on each broken variant."""

from __future__ import annotations

import copy
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from docgen.checkers.check import check_file
from docgen.checkers.findings import ERROR, RULES
from docgen.cli import main
from docgen.render.layout import Style
from docgen.render.ooxml import w


def errors(path) -> set[str]:
    return {f.rule for f in check_file(path).findings if f.severity == ERROR}


def test_every_rendered_sample_passes(rendered):
    for stem, path in rendered.items():
        result = check_file(path)
        assert result.unreadable is None
        assert result.loai == next(kind for kind in ("ke-hoach", "quyet-dinh", "cong-van") if stem.startswith(kind))
        assert [f for f in result.findings if f.severity == ERROR] == [], stem


def test_findings_use_known_rule_ids(rendered):
    for path in rendered.values():
        assert {f.rule for f in check_file(path).findings} <= set(RULES)


# --- broken variants: python-docx edits of a conforming document ------------------------------


def styled(document, style_id):
    return [Paragraph(p, document._body) for p in document.element.body.iter(w("p"))
            if p.pPr is not None and p.pPr.pStyle is not None and p.pPr.pStyle.val == style_id]


def set_text(paragraph: Paragraph, text: str) -> None:
    runs = paragraph.runs
    runs[0].text = text
    for run in runs[1:]:
        run._r.getparent().remove(run._r)


def first_with(document, style_id, start):
    return next(p for p in styled(document, style_id) if p.text.startswith(start))


def wrong_font(d):
    styled(d, Style.THAN)[3].runs[0].font.name = "Arial"


def margin_out_of_range(d):
    d.sections[0].left_margin = Mm(20)


def day_without_zero(d):
    set_text(styled(d, Style.NGAY)[0], "Cần Thơ, ngày 3 tháng 6 năm 2025")


def month_without_zero(d):
    set_text(styled(d, Style.NGAY)[0], "Cần Thơ, ngày 03 tháng 1 năm 2025")


def month_04(d):
    set_text(styled(d, Style.NGAY)[0], "Cần Thơ, ngày 05 tháng 04 năm 2025")


def number_without_zero(d):
    set_text(styled(d, Style.SO)[0], "Số: 5/QĐ-UBND")


def page_number_on_page_one(d):
    d.sections[0].different_first_page_header_footer = False


def noi_nhan_heading_not_12_bold_italic(d):
    heading = styled(d, Style.NOI_NHAN_TIEU_DE)[0]
    heading.runs[0].font.size = Pt(13)
    heading.runs[0].font.italic = False


def recipient_without_semicolon(d):
    item = styled(d, Style.NOI_NHAN)[1]
    set_text(item, item.text.rstrip(";"))


def last_line_not_luu(d):
    set_text(styled(d, Style.NOI_NHAN)[-1], "- Lưu VT,NTT.")


def point_f(d):
    set_text(first_with(d, Style.THAN, "e) "), "f) Kỹ năng sử dụng trí tuệ nhân tạo trong soạn thảo văn bản.")


def quoc_hieu_wraps(d):
    header = d.tables[0]
    header.columns[1].width = Mm(80)
    for row in header.rows:
        row.cells[1].width = Mm(80)


def body_not_justified(d):
    styled(d, Style.THAN)[5].alignment = WD_ALIGN_PARAGRAPH.LEFT


def cong_van_with_a_type_name(d):
    header = d.tables[0]._tbl
    title = copy.deepcopy(styled(d, Style.KINH_GUI)[0]._p)
    header.addnext(title)
    set_text(Paragraph(title, d._body), "CÔNG VĂN")


def ve_viec_in_bold(d):
    for run in styled(d, Style.V_V)[0].runs:
        run.bold = True


VARIANTS = [
    (cong_van_with_a_type_name, "cong-van-cu-can-bo", "ten-loai"),
    (ve_viec_in_bold, "cong-van-cu-can-bo", "ten-loai"),
    (wrong_font, "ke-hoach-131-2025", "phong-chu"),
    (margin_out_of_range, "ke-hoach-131-2025", "le-trang"),
    (day_without_zero, "ke-hoach-131-2025", "ngay-thang"),
    (month_without_zero, "ke-hoach-131-2025", "ngay-thang"),
    (month_04, "ke-hoach-131-2025", "ngay-thang"),
    (number_without_zero, "ke-hoach-131-2025", "so-ky-hieu"),
    (page_number_on_page_one, "ke-hoach-131-2025", "so-trang"),
    (noi_nhan_heading_not_12_bold_italic, "ke-hoach-131-2025", "noi-nhan-tieu-de"),
    (recipient_without_semicolon, "ke-hoach-131-2025", "noi-nhan-dong"),
    (last_line_not_luu, "ke-hoach-131-2025", "noi-nhan-luu"),
    (point_f, "ke-hoach-du-thao", "diem"),
    (quoc_hieu_wraps, "ke-hoach-117-2024", "quoc-hieu-xuong-dong"),
    (body_not_justified, "ke-hoach-117-2024", "than-van-ban"),
]


@pytest.mark.parametrize("breaker, stem, rule", VARIANTS, ids=[v[0].__name__ for v in VARIANTS])
def test_broken_variant_gives_exactly_the_matching_error(rendered, tmp_path, breaker, stem, rule):
    document = Document(str(rendered[stem]))
    breaker(document)
    path = tmp_path / f"{breaker.__name__}.docx"
    document.save(str(path))
    result = check_file(path)
    found = [f for f in result.findings if f.severity == ERROR]
    assert {f.rule for f in found} == {rule}, [(f.rule, f.message) for f in found]
    assert all(f.message for f in found)


def test_finding_names_the_paragraph_and_its_first_words(rendered, tmp_path):
    document = Document(str(rendered["ke-hoach-131-2025"]))
    month_04(document)
    path = tmp_path / "thang-04.docx"
    document.save(str(path))
    (item,) = [f for f in check_file(path).findings if f.rule == "ngay-thang"]
    assert item.paragraph and item.excerpt.startswith("Cần Thơ, ngày 05 tháng 04")
    assert "tháng 04" in item.message and "tháng 4" in item.message


# --- command line -----------------------------------------------------------------------------


def run(*args):
    return CliRunner().invoke(main, ["check", *map(str, args)])


def test_cli_exit_codes_and_outputs(rendered, tmp_path):
    clean = rendered["ke-hoach-117-2024"]
    result = run(clean)
    assert result.exit_code == 0 and "đạt" in result.output
    document = Document(str(clean))
    month_04(document)
    broken = tmp_path / "hong.docx"
    document.save(str(broken))
    result = run(broken)
    assert result.exit_code == 1
    assert "lỗi" in result.output and "[ngay-thang]" in result.output and "Traceback" not in result.output
    data = json.loads(run(broken, clean, "--json").output)
    assert data["version"] == 1
    assert [f["status"] for f in data["files"]] == ["errors", "ok"]
    assert data["files"][0]["findings"][0]["rule"] == "ngay-thang"
    assert set(data["files"][0]["findings"][0]) == {"rule", "severity", "message", "paragraph", "excerpt"}


def _zip(path: Path, files: dict) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize("name, content, words", [
    ("rong.docx", b"", "không mở được dạng nén zip"),
    ("van-ban.docx", b"Day la van ban thuong", "không mở được dạng nén zip"),
    ("mat-khau.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "mật khẩu"),
    ("nen.docx", None, "không chứa tài liệu Word"),
    ("hong.docx", "truncated", "bị hỏng"),
])
def test_unreadable_files_exit_2_without_traceback(rendered, tmp_path, name, content, words):
    path = tmp_path / name
    if content is None:
        _zip(path, {"hello.txt": "xin chào"})
    elif content == "truncated":
        data = rendered["ke-hoach-117-2024"].read_bytes()
        path.write_bytes(data[: len(data) // 2])
    else:
        path.write_bytes(content)
    result = run(path)
    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output


def test_folder_is_checked_recursively_and_lock_files_skipped(rendered, tmp_path):
    folder = tmp_path / "thu-muc" / "con"
    folder.mkdir(parents=True)
    for stem, path in rendered.items():
        (folder / f"{stem}.docx").write_bytes(path.read_bytes())
    (folder / "~$khoa.docx").write_bytes(b"lock")
    result = run(tmp_path / "thu-muc")
    assert result.exit_code == 0, result.output
    assert f"Đã kiểm tra {len(rendered)} tệp" in result.output


def test_hand_made_document_without_tables(tmp_path):
    """A document typed in Word the usual wrong way: found parts, found faults."""
    document = Document()
    section = document.sections[0]
    for edge in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, edge, Mm(20))
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(w("eastAsia"), "Times New Roman")
    style.element.rPr.rFonts.set(w("cs"), "Times New Roman")
    for text, bold, size, align in [
        ("ỦY BAN NHÂN DÂN XÃ AN BÌNH", True, 13, "center"),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, 13, "center"),
        ("Độc lập - Tự do - Hạnh phúc", True, 14, "center"),
        ("Số: 12/KH-UBND", False, 13, "center"),
        ("An Bình, ngày 05 tháng 04 năm 2024", False, 14, "center"),
        ("KẾ HOẠCH", True, 14, "center"),
        ("Tổ chức hội nghị", True, 14, "center"),
        ("I. MỤC ĐÍCH", True, 14, "both"),
        ("Nội dung thực hiện./.", False, 14, "both"),
        ("Nơi nhận:", True, 12, "left"),
        ("- UBND huyện;", False, 11, "left"),
        ("- Lưu: VT.", False, 11, "left"),
    ]:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        run.bold, run.font.size = bold, Pt(size)
        paragraph.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "both": WD_ALIGN_PARAGRAPH.JUSTIFY,
                               "left": WD_ALIGN_PARAGRAPH.LEFT}[align]
    path = tmp_path / "tay.docx"
    document.save(str(path))
    result = check_file(path)
    assert result.loai == "ke-hoach"
    found = {f.rule for f in result.findings if f.severity == ERROR}
    # margins 20 mm all round, tháng 04, date not italic, Nơi nhận not italic, no indent in the body
    assert {"le-trang", "ngay-thang", "noi-nhan-tieu-de", "than-van-ban"} <= found
    assert "quoc-hieu" not in found and "so-ky-hieu" not in found and "noi-nhan-luu" not in found


def test_check_is_fast_enough_to_be_a_habit(rendered):
    """Not a timing test (see bench/): a sanity bound that catches an accidental O(n²)."""
    import time
    start = time.perf_counter()
    check_file(rendered["ke-hoach-131-2025"])
    assert time.perf_counter() - start < 2.0


def test_a_folder_checked_by_two_processes_says_the_same_in_the_same_order(rendered, tmp_path):
    import shutil

    from docgen.checkers.check import FILES_PER_WORKER, workers_for

    for index, path in enumerate(sorted(rendered.values()) * 3):
        shutil.copy(path, tmp_path / f"{index:02d}-{path.name}")
    (tmp_path / "99-hong.docx").write_bytes(b"PK\x03\x04 hong")          # unreadable: said in its place
    one = CliRunner().invoke(main, ["check", str(tmp_path), "--json", "--jobs", "1"])
    two = CliRunner().invoke(main, ["check", str(tmp_path), "--json", "--jobs", "2"])
    assert one.exit_code == two.exit_code == 2
    assert json.loads(one.output) == json.loads(two.output)
    assert json.loads(two.output)["files"][-1]["status"] == "unreadable"
    assert workers_for(FILES_PER_WORKER - 1) == 1 and workers_for(10, jobs=3) == 3


def test_without_process_pools_a_folder_is_checked_in_one_process(rendered, monkeypatch):
    import concurrent.futures

    from docgen.checkers import check

    def no_pools(*args, **kwargs):
        raise OSError("sem_open không có trên máy này")
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pools)
    paths = sorted(rendered.values())
    assert [r.as_dict() for r in check.check_files(paths, jobs=2)] == [check.check_file(p).as_dict() for p in paths]
