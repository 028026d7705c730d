"""The wording docgen builds from data (issue 11): titles of heads of bodies, each person named once."""

from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner
from docx import Document

from docgen.cli import main
from docgen.model.ho_so import DonVi, HoSo
from docgen.model.thu_truong import body_of, each_once, head_title
from docgen.kinds.tang_cuong import with_profile
from docgen.render.ngat_dong import balanced

from conftest import SAMPLES

# the titles a văn thư expects for the heads of these bodies
RIGHT_TITLE = (("Văn phòng", "Chánh"), ("Thanh tra", "Chánh"), ("Sở", "Giám đốc"), ("Ủy ban nhân dân", "Chủ tịch"))


@pytest.mark.parametrize("unit, expected", [
    ("Sở Tài chính", "Giám đốc Sở Tài chính"),
    ("Thanh tra thành phố", "Chánh Thanh tra thành phố"),
    ("Văn phòng Ủy ban nhân dân thành phố", "Chánh Văn phòng Ủy ban nhân dân thành phố"),
    ("Ủy ban nhân dân phường Ninh Kiều", "Chủ tịch Ủy ban nhân dân phường Ninh Kiều"),
    ("Ban Quản lý các khu công nghiệp tỉnh", "Trưởng Ban Quản lý các khu công nghiệp tỉnh"),
    ("Trường Chính trị thành phố", "Hiệu trưởng Trường Chính trị thành phố"),
    ("Chi cục Thủy lợi", "Chi cục trưởng Chi cục Thủy lợi"),
    ("Hợp tác xã Tân Phú", "Thủ trưởng Hợp tác xã Tân Phú"),
])
def test_head_titles_follow_the_kind_of_body(unit, expected):
    assert head_title(unit) == expected


def test_a_profile_names_a_head_itself_and_each_person_is_named_once():
    profile = HoSo(don_vi={"Trung tâm Phục vụ hành chính công": DonVi(thu_truong="Giám đốc"),
                           "Đài Phát thanh": DonVi(thu_truong="Tổng Biên tập")})
    base = with_profile({"tang_cuong": {}}, profile)
    assert head_title("Đài Phát thanh", base["tang_cuong"]["thu_truong"]) == "Tổng Biên tập Đài Phát thanh"
    assert each_once(["Giám đốc Sở Nội vụ", "Thủ trưởng Sở Nội vụ", "Chánh Văn phòng UBND tỉnh",
                      "Chánh Văn phòng UBND tỉnh"]) == ["Giám đốc Sở Nội vụ", "Chánh Văn phòng UBND tỉnh"]


def _responsible(article: str) -> list[str]:
    """`Điều 3. … . A, B, C và ông X chịu trách nhiệm thi hành …` → [A, B, C]."""
    sentence = article.split("kể từ ngày ký. ", 1)[1].split(" chịu trách nhiệm thi hành")[0]
    people = re.split(r", | và ", sentence)
    return [p for p in people if not p.startswith(("ông ", "bà ", "ông (bà) "))]


def test_article_3_of_every_batch_decision_names_each_person_once_with_the_right_title(tmp_path):
    out = tmp_path / "qd"
    result = CliRunner().invoke(main, ["batch", str(SAMPLES / "tang-cuong.csv"), "--base",
                                       str(SAMPLES / "quyet-dinh-tang-cuong.yaml"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.docx"))
    assert len(files) == 22
    for path in files:
        article = next(p.text for p in Document(str(path)).paragraphs if p.text.startswith("Điều 3."))
        people = _responsible(article)
        bodies = [body_of(person) for person in people]
        assert len(bodies) == len(set(bodies)), (path.name, people)
        for person in people:
            assert not person.startswith("Thủ trưởng"), (path.name, person)
            for prefix, title in RIGHT_TITLE:
                if body_of(person).startswith(prefix):
                    assert person.startswith(title + " "), (path.name, person)
                    break


def test_decisions_that_spill_onto_a_second_page_are_set_to_fit_one(tmp_path):
    """The estimate (docgen.render.trang) sets a decision at 13 pt with a 25 mm signature gap where
    14 pt would leave Điều 3 and the signature alone on page 2 (checked against LibreOffice: all 22
    sample decisions print on one page); a document that fits at 14 pt keeps 14 pt."""
    out = tmp_path / "qd"
    assert CliRunner().invoke(main, ["batch", str(SAMPLES / "tang-cuong.csv"), "--base",
                                     str(SAMPLES / "quyet-dinh-tang-cuong.yaml"), "-o", str(out)]).exit_code == 0
    for path in sorted(out.glob("*.docx")):
        document = Document(str(path))
        assert document.styles["DGThan"].font.size.pt == 13, path.name
        assert document.styles["DGHoTen"].paragraph_format.space_before.pt == 72
        assert document.styles["DGTrichYeu"].font.size.pt == 14            # the title block keeps its size
    sample = (SAMPLES / "quyet-dinh-tang-cuong-mot-nguoi.yaml").read_text(encoding="utf-8")
    first, rest = sample.split("  - >-\n", 1)
    short = tmp_path / "ngan.yaml"
    short.write_text(first + "can_bo:" + rest.split("can_bo:", 1)[1], encoding="utf-8")   # one căn cứ only
    shutil.copy(SAMPLES / "co-quan.yaml", tmp_path / "co-quan.yaml")
    assert CliRunner().invoke(main, ["render", str(short), "-o", str(tmp_path / "ngan.docx")]).exit_code == 0
    assert Document(str(tmp_path / "ngan.docx")).styles["DGThan"].font.size.pt == 14


@pytest.mark.parametrize("title, lines", [
    ("Về việc triển khai Đề án số 03/ĐA-UBND ngày 05 tháng 01 năm 2024 của Ủy ban nhân dân thành phố Cần Thơ về "
     "nâng cao chất lượng đội ngũ cán bộ, công chức giai đoạn 2024 - 2030",
     ["Về việc triển khai Đề án số 03/ĐA-UBND ngày 05 tháng 01 năm 2024", "của Ủy ban nhân dân thành phố Cần Thơ",
      "về nâng cao chất lượng đội ngũ cán bộ, công chức giai đoạn 2024 - 2030"]),
    ("CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC TĂNG CƯỜNG ĐI CÔNG TÁC Ở CƠ SỞ",
     ["CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC", "TĂNG CƯỜNG ĐI CÔNG TÁC Ở CƠ SỞ"]),
    ("Về việc cử ông Nguyễn Văn An tăng cường đi công tác ở cơ sở",
     ["Về việc cử ông Nguyễn Văn An tăng cường đi công tác ở cơ sở"]),          # fits: not broken
])
def test_titles_break_by_meaning(title, lines):
    assert balanced(title, 14, 160, bold=True).split("\n") == lines


def test_the_trich_yeu_breaks_by_meaning_and_keeps_symbols_whole(rendered):
    paragraph = next(p for p in Document(str(rendered["ke-hoach-117-2024"])).paragraphs
                     if p.style.name == "DGTrichYeu")
    xml = paragraph._p.xml
    assert xml.count("<w:br/>") == 3 and "03/ĐA</w:t>" in xml and "<w:noBreakHyphen/>" in xml
    assert paragraph.text.split("\n")[:2] == ["Về việc triển khai Đề án số 03/ĐA-UBND",
                                               "ngày 05 tháng 4 năm 2024 của Ủy ban nhân dân thành phố"]


def test_document_symbols_are_found_where_the_full_search_finds_them():
    """`ooxml.symbols` tries the symbol pattern only before slashes: the same matches as a search at
    every position, on random lines of digits, slashes, hyphens and letters."""
    import random

    from docgen.render import ooxml

    pick = random.Random(5)
    pieces = list("0123456789/-ĐđABCQNHKLUBND &x_ .,") + ["2024", "NĐ-CP", "QĐ-UBND", "/KH-", "12345", "số "]
    for _ in range(20_000):
        line = "".join(pick.choice(pieces) for _ in range(pick.randint(0, 40)))
        assert [m.span() for m in ooxml.symbols(line)] == [m.span() for m in ooxml.SYMBOL.finditer(line)], line
    assert [m.group(0) for m in ooxml.symbols("theo Nghị định số 178/2024/NĐ-CP và 67/2025/NĐ-CP; 03/ĐA-UBND")] == \
        ["178/2024/NĐ-CP", "67/2025/NĐ-CP", "03/ĐA-UBND"]
