"""`docgen import`: seeds (plain text) and docgen's own .docx back to data."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
import yaml
from click.testing import CliRunner
from docx import Document

from docgen.cli import main
from docgen.model.nhiem_vu import cac_nhiem_vu
from docgen.model.van_ban import Muc
from docgen.readers.source import LineMap
from docgen.readers.van_ban import build_van_ban, read_van_ban
from docgen.readers.van_ban_nhan import import_document
from docgen.render.context import noi_nhan
from docgen.render.docx_renderer import render_bytes, template_path

from conftest import SAMPLE_FILES
from test_seeds import SEED_117, SEED_131, assert_same_words, rendered_words, seed_text

# What docgen's form writes its own way when it renders imported data: the number without a space,
# task fields "+" with ";" and the last ".", task titles ending ":", "Lưu: VT, …". The seeds'
# spelling is kept as it is (an import does not correct the sender's text).
FORM_FIXES_117 = [
    ("Số: 117 /KH-UBND", "Số: 117/KH-UBND"),
    ("- Cơ quan phối hợp: Sở Nội vụ, Ban Tổ chức", "+ Cơ quan phối hợp: Sở Nội vụ, Ban Tổ chức"),
    ("xã, phường, thị trấn và cơ quan, tổ chức có liên quan.\n\n+ Thời gian thực hiện: trong năm 2024",
     "xã, phường, thị trấn và cơ quan, tổ chức có liên quan;\n\n+ Thời gian thực hiện: trong năm 2024"),
    ("chuyển đổi số cho đội ngũ cán bộ, công chức cấp xã.", "chuyển đổi số cho đội ngũ cán bộ, công chức cấp xã:"),
]
FORM_FIXES_131 = [("- Lưu VT,NTT.", "- Lưu: VT, NTT.")]


def render_data(data: dict, tmp_path) -> Document:
    document = build_van_ban(data, LineMap(), tmp_path / "nhap.yaml")
    return Document(io.BytesIO(render_bytes(document, template_path(document))))


@pytest.mark.parametrize("seed, fixes", [(SEED_117, FORM_FIXES_117), (SEED_131, FORM_FIXES_131)],
                         ids=["117", "131"])
def test_imported_seed_renders_back_to_the_seed_word_for_word(seed, fixes, tmp_path):
    imported = import_document(seed)
    words, notes = seed_text(seed, fixes)
    document = render_data(imported.data, tmp_path)
    assert_same_words(words, rendered_words(document))
    from docgen.readers.docx_text import footnote_texts
    assert [n.split() for n in footnote_texts(document)] == [n.split() for n in notes]
    assert any("tên cơ quan ban hành" in w for w in imported.warnings)  # the seeds have no header


def test_seed_structure_tasks_and_signer():
    data = import_document(SEED_117).data
    assert (data["so"], data["ngay"].isoformat(), data["loai"]) == (117, "2024-06-12", "ke-hoach")
    assert data["co_quan"] == {"ten": ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ CẦN THƠ"], "viet_tat": "UBND",
                               "dia_danh": "Cần Thơ"}
    section = data["noi_dung"][1]["muc"][2]["muc"][0]          # II.3.a) Giai đoạn 2024 - 2025
    assert section["tieu_de"] == "Giai đoạn 2024 - 2025:"
    first = section["muc"][0]
    assert first["nhiem_vu"] == {"chu_tri": "UBND cấp huyện", "tham_muu": "Phòng Nội vụ cấp huyện",
                                 "phoi_hop": "Sở Nội vụ, Ban Tổ chức Huyện ủy, Quận ủy; xã, phường, thị trấn và "
                                             "cơ quan, tổ chức có liên quan",
                                 "thoi_gian": "trong quý III năm 2024"}
    assert len(section["muc"]) == 5 and all("nhiem_vu" in task for task in section["muc"])
    assert data["noi_dung"][3]["muc"][3]["muc"][4].startswith("Thực hiện báo cáo tiến độ")  # IV.4.đ)
    assert data["nguoi_ky"] == {"ho_ten": "Trần Việt Trường", "chuc_vu": "CHỦ TỊCH",
                                "tham_quyen": ["TM. ỦY BAN NHÂN DÂN"]}
    assert data["luu"] == "LhT" and data["noi_nhan"][0] == "TT. TƯ, TT. HĐND TP"
    assert data["chu_thich"] == {"1": "Sau đây viết tắt là Đề án số 03/ĐA-UBND."}


def _text(value: str) -> str:
    """Text as rendering leaves it: footnote keys become ids, `./.` and a task title's `:` are form."""
    value = re.sub(r"\[\^[^\]]+\]", "[^]", " ".join(value.split()))
    return value[:-3] if value.endswith("./.") else value.rstrip(":")


def _node(node, depth=1):
    if isinstance(node, str) or (isinstance(node, Muc) and node.tieu_de is None and not node.muc and not node.doan):
        return _text(node if isinstance(node, str) else node.van_ban)
    title = node.tieu_de.upper() if depth == 1 and node.tieu_de else node.tieu_de
    return {"tieu_de": _text(title) if title else None, "van_ban": _text(node.van_ban) if node.van_ban else None,
            "doan": [_text(p) for p in node.doan], "muc": [_node(c, depth + 1) for c in node.muc],
            "nhiem_vu": _task(node.nhiem_vu)}


def _task(task):
    """A body given duties under `Tổ chức thực hiện` is a task the importer infers from the heading;
    it prints nothing of its own, so the text is the same with or without it."""
    return task.model_dump() if task and task.trinh_bay != "tieu-de" else None


def comparable(document) -> dict:
    notes = [document.chu_thich[k] for k in sorted(document.chu_thich, key=lambda k: next(
        i for i, text in enumerate(document.cac_doan_van()) if f"[^{k}]" in text))]
    return {
        "loai": document.loai.ma, "so": document.so, "ngay": document.ngay, "ky_hieu": document.ky_hieu_day_du,
        "trich_yeu": document.trich_yeu, "mo_dau": [_text(t) for t in document.mo_dau],
        "can_cu": [_text(t).rstrip(";.") for t in document.can_cu],
        "tham_quyen_ban_hanh": (document.tham_quyen_ban_hanh or "").upper(),
        "noi_dung": [_node(n) for n in document.noi_dung],
        "ket_luan": _text(document.ket_luan) if document.ket_luan else None, "dinh_kem": document.dinh_kem,
        "chu_thich": notes, "noi_nhan": document.noi_nhan, "luu": document.luu, "nhu_dieu": document.nhu_dieu,
        "nguoi_ky": (document.nguoi_ky.ho_ten, document.nguoi_ky.chuc_vu, document.dong_tham_quyen),
        "co_quan": (document.co_quan.ten, document.co_quan.chu_quan, document.co_quan.viet_tat,
                    document.co_quan.dia_danh),
        "phu_luc": [(p.tieu_de.upper(), [_text(t) for t in p.doan]) for p in document.phu_luc],
    }


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=[s.stem for s in SAMPLE_FILES])
def test_importing_a_docx_docgen_rendered_gives_back_the_same_data(sample, tmp_path):
    original = read_van_ban(sample)
    path = tmp_path / f"{sample.stem}.docx"
    path.write_bytes(render_bytes(original, template_path(original)))
    imported = import_document(path)
    again = build_van_ban(imported.data, LineMap(), tmp_path / "nhap.yaml")
    assert comparable(again) == comparable(original)
    assert imported.warnings == []


def test_import_command_writes_yaml_that_renders(tmp_path):
    target = tmp_path / "117.yaml"
    result = CliRunner().invoke(main, ["import", str(SEED_117), "-o", str(target)])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Nhập từ ke-hoach-117-2024.txt") and "# Cần kiểm tra:" in text
    data = yaml.safe_load(text)
    assert data["so"] == 117
    rendered = CliRunner().invoke(main, ["render", str(target)])
    assert rendered.exit_code == 0, rendered.output


def test_unplaceable_lines_are_kept_and_reported(tmp_path):
    source = tmp_path / "la.txt"
    source.write_text("Số: 05/KH-UBND\nCần Thơ, ngày 05 tháng 01 năm 2026\nKẾ HOẠCH\nThử nghiệm\n"
                      "Thực hiện chỉ đạo, như sau:\nI. MỤC ĐÍCH\n1. Một dòng.\nNơi nhận:\n- Sở Nội vụ;\n"
                      "- Lưu: VT, NV.\nCHỦ TỊCH\nNguyễn Văn A\nMột dòng lạ ở cuối\n", encoding="utf-8")
    imported = import_document(source)
    assert imported.data["noi_dung"][-1] == {"doan": ["Một dòng lạ ở cuối"]}  # unlabelled: no invented label
    assert any("Một dòng lạ ở cuối" in w for w in imported.warnings)


def test_import_command_on_a_word_file(tmp_path):
    """The CLI writes YAML from a .docx too (lines of a Word file must become plain strings)."""
    sample = next(s for s in SAMPLE_FILES if s.stem == "ke-hoach-du-thao")
    original = read_van_ban(sample)
    source = tmp_path / "du-thao.docx"
    source.write_bytes(render_bytes(original, template_path(original)))
    target = tmp_path / "du-thao.yaml"
    result = CliRunner().invoke(main, ["import", str(source), "-o", str(target)])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["co_quan"]["ten_day_du"] == "Sở Nội vụ thành phố Cần Thơ"
    assert CliRunner().invoke(main, ["render", str(target)]).exit_code == 0


@pytest.mark.parametrize("name, content, words", [
    ("hong.docx", b"PK\x03\x04 cut short", "bị hỏng"),
    ("mat-khau.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "mật khẩu"),
    ("anh.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)), "tệp nhị phân"),
    ("trong.txt", b"", "không tìm thấy tên loại"),
])
def test_unreadable_input_is_refused_in_vietnamese_with_exit_2(tmp_path, name, content, words):
    source = tmp_path / name
    source.write_bytes(content)
    result = CliRunner().invoke(main, ["import", str(source), "-o", str(tmp_path / "out.yaml")])
    assert result.exit_code == 2 and words in result.output and "Traceback" not in result.output, result.output
    assert not (tmp_path / "out.yaml").exists()


def _cp1258(text: str) -> bytes:
    """Windows-1258 keeps vowels precomposed and the five tone marks apart (how Word saves it)."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
                   + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def test_text_in_the_windows_vietnamese_code_page_is_read(tmp_path):
    source = tmp_path / "cp1258.txt"
    source.write_bytes(_cp1258("KẾ HOẠCH\nThử nghiệm đọc mã chữ\n"))
    assert import_document(source).data["trich_yeu"] == "Thử nghiệm đọc mã chữ"


HEAD = ("UBND TỈNH LÀO CAI\nSỞ CÔNG THƯƠNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 15/KH-SCT\nLào Cai, ngày 20 tháng 4 năm 2026\nKẾ HOẠCH\nThử nghiệm\n")
TAIL = "Nơi nhận:\n- Ban Giám đốc Sở;\n- Lưu: VT, CN.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nHoàng Văn Thuân\n"


def _imported(tmp_path, body: str, tail: str = TAIL):
    source = tmp_path / "kh.txt"
    source.write_text(HEAD + body + tail, encoding="utf-8")
    imported = import_document(source)
    return imported, build_van_ban(imported.data, LineMap(), tmp_path / "x.yaml")


def test_a_text_task_table_keeps_its_group_rows(tmp_path):
    _, document = _imported(tmp_path, "I. NHIỆM VỤ\nSTT | Nội dung công việc | Đơn vị chủ trì | Thời gian hoàn thành\n"
                                      "|---|---|---|---|\nI. Nhóm quy hoạch\n1 | Rà soát quy hoạch | Phòng QLCN | quý IV/2026\n"
                                      "II. Nhóm đầu tư\n2 | Xúc tiến đầu tư | Phòng QLTM | quý III/2026\n")
    table = document.noi_dung[0].muc[0].bang
    assert table.dong[0] == ["I. Nhóm quy hoạch"] and table.dong[2] == ["II. Nhóm đầu tư"]
    assert [t.nhiem_vu.chu_tri for t in cac_nhiem_vu(document)] == ["Phòng QLCN", "Phòng QLTM"]


def test_trailing_header_copy_rule_lines_and_figures_do_not_break_the_import(tmp_path):
    imported, document = _imported(tmp_path, "-----------\nI. NỘI DUNG\n2.000 ha đất đã được giao.\n"
                                             "1. Trên đây là một số kết quả nổi bật, cụ thể như sau:\n"
                                             "Trên đây là một số kết quả, cụ thể như sau:\n- Kết quả một.\n",
                                   TAIL + "SỞ CÔNG THƯƠNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n")
    assert document.trich_yeu == "Thử nghiệm" and document.nguoi_ky.ho_ten == "Hoàng Văn Thuân"
    assert document.noi_dung[0].doan == ["2.000 ha đất đã được giao."]              # a figure, not a label
    assert document.ket_luan is None and any("không có nội dung kèm theo" in w for w in imported.warnings)


def test_recipients_with_en_dashes_on_the_heading_line_and_a_signed_copy_note(tmp_path):
    _, document = _imported(tmp_path, "I. NỘI DUNG\n1. Một.\n",
                            "Nơi nhận: – Ban Giám đốc Sở;\n– Các phòng thuộc Sở;\n– Lưu: VT, CN.\nKT. GIÁM ĐỐC\n"
                            "PHÓ GIÁM ĐỐC\n(Đã ký)\nHoàng Văn Thuân\n")
    assert document.noi_nhan == ["Ban Giám đốc Sở", "Các phòng thuộc Sở"] and document.luu == "CN"
    assert document.nguoi_ky.ho_ten == "Hoàng Văn Thuân"


def test_the_archive_line_stays_when_a_group_holds_its_own(tmp_path):
    _, document = _imported(tmp_path, "I. NỘI DUNG\n1. Một.\n",
                            "Nơi nhận:\n- Văn phòng UBND tỉnh:\n+ CVP, PCVP;\n+ Lưu: VT, KT.\n- Các phòng thuộc Sở;\n"
                            "- Lưu: VT, CN.\nGIÁM ĐỐC\nHoàng Chí Hiền\n")
    assert noi_nhan(document) == ["- Văn phòng UBND tỉnh:", "+ CVP, PCVP;", "+ Lưu: VT, KT;", "- Các phòng thuộc Sở;",
                                  "- Lưu: VT, CN."]
