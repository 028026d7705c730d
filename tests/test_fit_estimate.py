"""The one-page estimate's line count (render/trang.py) is the plain word-by-word wrap, computed faster:
compared with that plain loop on random texts, sizes, widths and indents — the indent wider than the
line included."""

from __future__ import annotations

import random

from docgen.metrics import text_width_mm
from docgen.render import trang

WORDS = ("Ủy ban nhân dân thành phố Cần Thơ kế hoạch số 117/KH-UBND ngày 12 tháng 6 năm 2024 về việc "
         "triển khai thực hiện Nghị định 30/2020/NĐ-CP công tác văn thư, Nguyễn Văn An (Sở Nội vụ); "
         "tăng cường đi công tác ở cơ sở giai đoạn 2026 - 2030 ĐIỀU QUYẾT ĐỊNH").split()


def word_by_word(text: str, size: float, width: float, indent: float, bold: bool) -> int:
    lines, used = 1, indent
    space = text_width_mm(" ", size, bold)
    for word in text.split():
        wide = text_width_mm(word, size, bold)
        if used and used + space + wide > width:
            lines, used = lines + 1, wide
        else:
            used += (space if used else 0) + wide
    return lines


def test_the_fast_wrap_counts_the_lines_of_the_plain_one():
    rng = random.Random(17)
    for _ in range(3000):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 90)))
        size, bold = rng.choice((12, 13, 13.5, 14)), rng.random() < 0.3
        width = rng.choice((5.0, 40.0, 80.5, 159.2, 165.0))
        indent = rng.choice((0, 10.0, 12.7, 60.0))          # 60 mm: wider than some lines
        assert trang._lines(text, size, width, indent, bold) == word_by_word(text, size, width, indent, bold), \
            (text, size, width, indent, bold)
