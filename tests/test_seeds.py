"""Rendering the two real plans reproduces their text word for word.

The seeds are OCR-like transcripts: their markup (**, *, ✓, "- +" list artefacts) is not text,
footnote markers (¹, [1]) become real footnotes, and a short list of obvious typos is fixed —
the same list the sample files name in their header comments. Each fix must match exactly once,
so the list cannot silently go stale.
"""

from __future__ import annotations

import difflib
import re

import pytest

from docgen.readers.docx_text import body_lines, footnote_texts

from conftest import SEEDS

SEED_117 = SEEDS / "ke-hoach-117-2024.txt"
SEED_131 = SEEDS / "ke-hoach-131-2025.txt"
SHARED = SEEDS.parents[2] / "shared" / "seeds"

FIXES_117 = [
    ("Số: 117 /KH-UBND", "Số: 117/KH-UBND"),
    ("Uy tín bồi dưỡng", "Ưu tiên bồi dưỡng"),
    ("- Cơ quan phối hợp: Sở Nội vụ, Ban Tổ chức", "+ Cơ quan phối hợp: Sở Nội vụ, Ban Tổ chức"),
    ("xã, phường, thị trấn và cơ quan, tổ chức có liên quan.\n\n+ Thời gian thực hiện: trong năm 2024",
     "xã, phường, thị trấn và cơ quan, tổ chức có liên quan;\n\n+ Thời gian thực hiện: trong năm 2024"),
    ("chuyển đổi số cho đội ngũ cán bộ, công chức cấp xã.", "chuyển đổi số cho đội ngũ cán bộ, công chức cấp xã:"),
    ("(tập trung, không tập trung, từ xa, trực tuyến)\n", "(tập trung, không tập trung, từ xa, trực tuyến).\n"),
    ("phối hợp với Trưởng Chính trị", "phối hợp với Trường Chính trị"),
    ("3. Trưởng Chính trị thành phố", "3. Trường Chính trị thành phố"),
]
FIXES_131 = [
    ("CỬ CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC TĂNG CƯỜNG ĐI CÔNG TÁC Ở CƠ SỞ VÀ ĐÀO TẠO, BỒI DƯỠNG NÂNG CAO "
     "TRÌNH ĐỘ CHUYÊN MÔN, NGHIỆP VỤ SAU SẮP XẾP",
     "Cử cán bộ, công chức, viên chức tăng cường đi công tác ở cơ sở và đào tạo, bồi dưỡng nâng cao "
     "trình độ chuyên môn, nghiệp vụ sau sắp xếp"),
    ("- Lưu VT,NTT.", "- Lưu: VT, NTT."),
]
FOOTNOTE_LINE = re.compile(r"^(¹|\[1\])\s+(.*)$")


def seed_text(path, fixes) -> tuple[list[str], list[str]]:
    """(body words, footnote texts) of a seed after cleaning and the listed fixes."""
    text = path.read_text(encoding="utf-8")
    for old, new in fixes:
        assert text.count(old) == 1, f"fix {old!r} should match exactly once in {path.name}"
        text = text.replace(old, new)
    body, notes = [], []
    for line in text.splitlines():
        line = line.replace("*", "").replace("✓", "").strip()
        line = re.sub(r"^- \+ ", "+ ", line)
        found = FOOTNOTE_LINE.match(line)
        if found:
            notes.append(found.group(2))
            continue
        body.append(line.replace("¹", "").replace("[1]", ""))
    return " ".join(body).split(), notes


def rendered_words(document) -> list[str]:
    lines = body_lines(document)
    start = next(i for i, line in enumerate(lines) if line.startswith("Số:"))
    return " ".join(lines[start:]).split()


def assert_same_words(expected: list[str], actual: list[str]) -> None:
    if expected != actual:
        diff = "\n".join(list(difflib.unified_diff(expected, actual, "seed", "rendered", lineterm="", n=4))[:60])
        pytest.fail(f"rendered text differs from the seed:\n{diff}")


@pytest.mark.parametrize("stem, seed, fixes", [
    ("ke-hoach-117-2024", SEED_117, FIXES_117),
    ("ke-hoach-131-2025", SEED_131, FIXES_131),
])
def test_rendered_plan_reproduces_the_seed_word_for_word(documents, stem, seed, fixes):
    words, notes = seed_text(seed, fixes)
    assert_same_words(words, rendered_words(documents[stem]))
    assert [n.split() for n in footnote_texts(documents[stem])] == [n.split() for n in notes]


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/seeds is not beside this checkout")
def test_seed_copies_match_the_shared_originals():
    assert SEED_117.read_bytes() == (SHARED / "000_dfa354072dc88ead.txt").read_bytes()
    assert SEED_131.read_bytes() == (SHARED / "004_315a8e8f68e62541.txt").read_bytes()


def test_header_precedes_the_seed_text(documents):
    lines = [line for line in body_lines(documents["ke-hoach-117-2024"]) if line.strip()]
    assert lines[:5] == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ CẦN THƠ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                         "Độc lập - Tự do - Hạnh phúc", "Số: 117/KH-UBND"]


def test_footnote_reference_sits_where_the_seed_marks_it(documents):
    """¹ after "2030" in 117; [1] after "hệ thống chính trị" in 131 — as real Word references."""
    for stem, before in (("ke-hoach-117-2024", "giai đoạn 2024 - 2030"),
                         ("ke-hoach-131-2025", "tổ chức bộ máy của hệ thống chính trị")):
        body = documents[stem].element.body
        refs = body.findall(".//{*}footnoteReference")
        assert len(refs) == 1
        run = refs[0].getparent()
        previous = run.getprevious()
        assert "".join(previous.itertext()).replace("\u00a0", " ").endswith(before)
