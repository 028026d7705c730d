"""Bad input: a clear Vietnamese error naming file, line and field; exit code 2; no output file."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from docgen.cli import main
from docgen.errors import LoiDuLieu
from docgen.readers.docx_text import body_lines, footnote_texts
from docgen.readers.van_ban import read_van_ban

from conftest import SAMPLES

GOOD = """\
ho_so: co-quan.yaml
loai: ke-hoach
co_quan: ubnd-can-tho
so: 5
ngay: 2025-01-05
trich_yeu: Thử nghiệm
noi_dung:
  - tieu_de: Mục đích
    muc:
      - Một
noi_nhan:
  - nhom: so-ban-nganh
luu: NV
nguoi_ky: ct-truong-canh-tuyen
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(SAMPLES / "co-quan.yaml", tmp_path / "co-quan.yaml")
    return tmp_path


def write(folder: Path, text: str, name: str = "vb.yaml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def run_cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_good_input_renders(folder):
    path = write(folder, GOOD)
    result = run_cli("render", path)
    assert result.exit_code == 0, result.output
    assert (folder / "vb.docx").is_file()  # next to the input, same stem


@pytest.mark.parametrize("old, new, line, field, words", [
    ("  - nhom: so-ban-nganh", "  - nhom: khong-co", 12, "noi_nhan[0].nhom", "không có nhóm nơi nhận 'khong-co'"),
    ("ngay: 2025-01-05", "ngay: 31/02/2025", 5, "ngay", "ngày '31/02/2025' không hợp lệ"),
    ("ngay: 2025-01-05", "ngay: hôm qua", 5, "ngay", "ngày không hợp lệ"),
    ("loai: ke-hoach", "loai: cong-van", None, None, "không có chữ viết tắt tên loại"),
    ("loai: ke-hoach", "loai: ke-hoach-nam", 2, "loai", "không có loại văn bản 'ke-hoach-nam'"),
    ("co_quan: ubnd-can-tho", "co_quan: ubnd-ha-noi", 3, "co_quan", "không có cơ quan 'ubnd-ha-noi'"),
    ("so: 5", "so: 0", 4, "so", "phải lớn hơn hoặc bằng 1"),
    ("trich_yeu: Thử nghiệm\n", "", None, "trich_yeu", "thiếu trường bắt buộc"),
    ("luu: NV", "luu: NV\nnguoi_nhan: x", 14, "nguoi_nhan", "không có trong mẫu dữ liệu"),
    ("      - Một", "      - tieu_de: Hai\n        nhiem_vu:\n          phoi_hop: X", 11, "noi_dung[0].muc[0].nhiem_vu",
     "nhiệm vụ cần 'chu_tri'"),
    ("      - Một", "      - Một[^x]", None, None, "chú thích [^x] được dùng nhưng không có"),
])
def test_bad_input_names_file_line_field_and_writes_nothing(folder, old, new, line, field, words):
    assert old in GOOD
    path = write(folder, GOOD.replace(old, new))
    result = run_cli("render", path, "-o", folder / "out.docx")
    assert result.exit_code == 2, result.output
    assert not (folder / "out.docx").exists()
    assert not list(folder.glob("*.tmp")) and not list(folder.glob(".*.tmp"))
    message = result.output
    assert "Lỗi:" in message and str(path) in message and words in message, message
    if line:
        assert f"dòng {line}" in message, message
    if field:
        assert f"trường '{field}'" in message, message
    assert "Traceback" not in message


def test_yaml_syntax_error_gives_the_line(folder):
    path = write(folder, GOOD.replace("luu: NV", "luu: [NV"))
    result = run_cli("render", path)
    assert result.exit_code == 2 and "lỗi cú pháp YAML" in result.output and "dòng" in result.output


def test_missing_file(folder):
    result = run_cli("render", folder / "khong-co.yaml")
    assert result.exit_code == 2 and "không tìm thấy tệp" in result.output


def test_all_problems_are_reported_at_once(folder):
    text = GOOD.replace("co_quan: ubnd-can-tho", "co_quan: x").replace("nhom: so-ban-nganh", "nhom: y")
    with pytest.raises(LoiDuLieu) as caught:
        read_van_ban(write(folder, text))
    assert len(caught.value.problems) == 2


def test_profile_outside_the_document_folder_is_refused(folder):
    inner = folder / "don-vi"
    inner.mkdir()
    path = write(inner, GOOD.replace("ho_so: co-quan.yaml", "ho_so: ../co-quan.yaml"))
    result = run_cli("render", path)
    assert result.exit_code == 2 and "phải nằm trong thư mục" in result.output
    assert run_cli("render", path, "--ho-so", folder / "co-quan.yaml").exit_code == 0


def test_deep_tree_and_point_overflow_are_errors(folder):
    deep = GOOD.replace("      - Một", "      - tieu_de: a\n        muc:\n          - tieu_de: b\n"
                        "            muc:\n              - tieu_de: c\n                muc:\n"
                        "                  - tieu_de: d\n                    muc: [e]")
    result = run_cli("render", write(folder, deep))
    assert result.exit_code == 2 and "lồng quá 5 cấp" in result.output


def test_special_characters_come_out_intact(folder):
    text = GOOD.replace("trich_yeu: Thử nghiệm", "trich_yeu: 'A & B <c> \"d\" ''e'''").replace(
        "      - Một", "      - 'x < y && z > \"w\" ''q'''").replace(
        "  - nhom: so-ban-nganh", "  - 'Sở A&B <1>'")
    path = write(folder, text)
    assert run_cli("render", path).exit_code == 0
    lines = body_lines(Document(str(folder / "vb.docx")))
    assert "A & B <c> \"d\" 'e'" in lines
    assert "1. x < y && z > \"w\" 'q'./." in lines  # the body's last line takes the end mark
    assert "- Sở A&B <1>;" in lines


def test_decomposed_unicode_input_is_normalised(folder):
    path = write(folder, GOOD.replace("Thử nghiệm", "Thu\u031b\u0309 nghie\u0323\u0302m"))
    document = read_van_ban(path)
    assert document.trich_yeu == "Thử nghiệm"


def test_json_input(folder):
    import json
    import yaml
    data = yaml.safe_load(GOOD)
    data["ngay"] = "05/01/2025"
    path = folder / "vb.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    result = run_cli("render", path)
    assert result.exit_code == 0, result.output
    doc = Document(str(folder / "vb.docx"))
    assert "Cần Thơ, ngày 05 tháng 01 năm 2025" in body_lines(doc)
    assert footnote_texts(doc) == []
    data["so"] = "năm"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    result = run_cli("render", path)
    assert result.exit_code == 2 and "trường 'so'" in result.output and "dòng" in result.output


def test_kinh_gui_block_and_nhu_tren(folder):
    one = GOOD.replace("luu: NV", "luu: NV\nkinh_gui: Sở Nội vụ thành phố Cần Thơ")
    assert run_cli("render", write(folder, one)).exit_code == 0
    lines = [line for line in body_lines(Document(str(folder / "vb.docx"))) if line]
    assert "Kính gửi: Sở Nội vụ thành phố Cần Thơ." in lines
    assert lines[lines.index("Nơi nhận:") + 1] == "- Như trên;"
    many = GOOD.replace("luu: NV", "luu: NV\nkinh_gui: [Sở Nội vụ, Sở Tài chính]\nnhu_dieu: 3")
    assert run_cli("render", write(folder, many)).exit_code == 0
    lines = [line for line in body_lines(Document(str(folder / "vb.docx"))) if line]
    start = lines.index("Kính gửi:")
    assert lines[start + 1:start + 3] == ["- Sở Nội vụ;", "- Sở Tài chính."]
    recipients = lines[lines.index("Nơi nhận:") + 1:]
    assert recipients[:3] == ["- Như trên;", "- Như Điều 3;", "- Sở, ban, ngành TP;"]
    assert recipients[3] == "- Lưu: VT, NV."


def test_a_profile_file_given_as_a_document_says_so():
    result = run_cli("render", SAMPLES / "co-quan.yaml", "-o", "/tmp/khong-tao.docx")
    assert result.exit_code == 2
    assert result.output.count("Lỗi:") == 1 and "đây là tệp hồ sơ cơ quan" in result.output


def test_one_meaning_of_output_everywhere(folder):
    path = write(folder, GOOD)
    assert run_cli("render", path, "-o", f"{folder / 'moi'}/").exit_code == 0
    assert (folder / "moi" / "vb.docx").is_file()                 # a trailing / is a folder, created
    wrong = run_cli("render", path, "-o", folder / "vb.odt")
    assert wrong.exit_code == 2 and "-o phải là thư mục" in wrong.output and not (folder / "vb.odt").exists()
    other = write(folder, GOOD, "vb2.yaml")
    several = run_cli("render", path, other, "-o", folder / "nhieu")
    assert several.exit_code == 0 and (folder / "nhieu" / "vb2.docx").is_file()
    twice = run_cli("render", path, path, "-o", folder / "hai")
    assert twice.exit_code == 2 and "không ghi đè" in twice.output       # one name, two inputs: not lost


def test_an_issued_file_is_never_overwritten_by_render_or_import(folder, monkeypatch, tmp_path):
    monkeypatch.setenv("DOCGEN_REGISTER", str(tmp_path / "so.sqlite"))
    path = write(folder, GOOD.replace("ngay: 2025-01-05\n", "").replace("so: 5\n", ""))
    issued = run_cli("issue", path, "-o", folder / "da-ban-hanh.docx", "--ngay", "05/01/2025")
    assert issued.exit_code == 0, issued.output
    before = (folder / "da-ban-hanh.docx").read_bytes()
    again = run_cli("render", path, "-o", folder / "da-ban-hanh.docx")
    assert again.exit_code == 2 and "đã ban hành" in again.output
    assert (folder / "da-ban-hanh.docx").read_bytes() == before
    (folder / "tay.yaml").write_text("# viết tay\n", encoding="utf-8")
    refused = run_cli("import", SAMPLES.parent / "tests" / "seeds" / "ke-hoach-131-2025.txt", "-o", folder / "tay.yaml")
    assert refused.exit_code == 2 and "--force" in refused.output
    assert (folder / "tay.yaml").read_text(encoding="utf-8") == "# viết tay\n"


def test_a_signer_tied_to_an_agency_signs_only_its_documents(folder):
    other = GOOD.replace("co_quan: ubnd-can-tho", "co_quan: so-noi-vu-can-tho")
    with pytest.raises(LoiDuLieu) as caught:
        read_van_ban(write(folder, other))
    (problem,) = caught.value.problems
    assert problem.truong == "nguoi_ky" and problem.dong == 14
    assert "ký cho ubnd-can-tho, không ký văn bản của cơ quan 'so-noi-vu-can-tho'" in problem.thong_diep
    assert read_van_ban(write(folder, other.replace("ct-truong-canh-tuyen", "pgd-snv"))).nguoi_ky.ho_ten
    profile = (folder / "co-quan.yaml").read_text(encoding="utf-8")
    (folder / "co-quan.yaml").write_text(profile.replace("co_quan: so-noi-vu-can-tho", "co_quan: so-khong-co"),
                                         encoding="utf-8")
    with pytest.raises(LoiDuLieu, match="người ký 'pgd-snv' ký cho cơ quan 'so-khong-co'"):
        read_van_ban(write(folder, GOOD))
