"""Where a centred title (trích yếu, an appendix's name) breaks, as a văn thư would break it.

Word breaks a long title where the line is full: `… ĐI CÔNG TÁC Ở / CƠ SỞ`, `của Ủy / ban nhân dân`,
a lone word on the last line. A clerk breaks by meaning: lines of similar length, the break after a
comma or before a word that opens a phrase (về, của, tại, giai đoạn…), never inside a date, a name
(`Nguyễn Văn An`, `Cần Thơ`) or a word of two syllables (`Ủy ban`, `cán bộ`, `kiểm tra`), nor inside
a symbol (`03/ĐA-UBND` has no space to break at).

Minimum-cost line breaking (the idea of Knuth and Plass, simplified): the cost of a set of lines is
the sum of the squared room left on each line — least when the lines are equally long and as few as
possible — plus the penalties and bonuses of each break.
"""

from __future__ import annotations

from functools import lru_cache

from docgen.metrics import text_width_mm

# words a new line may well start with: they open a phrase
OPENERS = {"về", "của", "tại", "trên", "cho", "trong", "theo", "đối", "với", "và", "giai", "năm", "đến", "từ",
           "nhằm", "để", "thuộc", "sau", "ở", "đi", "tăng", "thực", "triển", "ban", "phê", "kèm"}
# two-syllable words of administrative Vietnamese that a line never splits
COMPOUNDS = {("ủy", "ban"), ("uỷ", "ban"), ("ban", "nhân"), ("nhân", "dân"), ("hội", "đồng"), ("thành", "phố"),
             ("cán", "bộ"), ("công", "chức"), ("viên", "chức"), ("nâng", "cao"), ("kiểm", "tra"), ("đào", "tạo"),
             ("bồi", "dưỡng"), ("giai", "đoạn"), ("triển", "khai"), ("thực", "hiện"), ("chất", "lượng"),
             ("đội", "ngũ"), ("kế", "hoạch"), ("quyết", "định"), ("báo", "cáo"), ("công", "tác"), ("cơ", "sở"),
             ("tăng", "cường"), ("chứng", "nhận"), ("huấn", "luyện"), ("an", "toàn"), ("kỹ", "thuật"),
             ("nhiệm", "vụ"), ("phân", "công"), ("đề", "án"), ("chương", "trình"), ("hành", "chính"),
             ("cải", "cách"), ("địa", "bàn"), ("phát", "triển"), ("quản", "lý"), ("tổ", "chức"), ("văn", "bản"),
             ("danh", "sách"), ("kết", "quả"), ("công", "nghiệp"), ("chuyển", "đổi"), ("phòng", "chống")}
# in mm² like the squared room they weigh against (a line 50 mm short costs 2 500)
COMMA_BONUS = 3000
OPENER_BONUS = 2000
DATE_PENALTY = 15000
WORD_PENALTY = 20000           # a name or a two-syllable word cut in two
SHORT_LAST_PENALTY = 8000      # a lone word or two on the last line


def _capitalised(word: str) -> bool:
    letter = next((c for c in word if c.isalpha()), "")
    return bool(letter) and letter.isupper()


@lru_cache(maxsize=8192)     # the pairs of a batch's titles repeat, all but those of a name
def _break_cost(before: str, after: str) -> float:
    low_before, low_after = before.lower().strip(",;:."), after.lower().strip(",;:.")
    if before.endswith((",", ";", ":")):
        return -COMMA_BONUS
    if (low_before, low_after) in COMPOUNDS:
        return WORD_PENALTY
    if (low_after in ("năm", "tháng") and before[:1].isdigit()) or \
            (low_before in ("ngày", "tháng", "năm", "số") and after[:1].isdigit()):
        return DATE_PENALTY                       # `ngày 05 tháng 01 / năm 2024`, `tháng / 6`
    if _capitalised(before) and _capitalised(after) and not (before.isupper() and after.isupper()):
        return WORD_PENALTY                       # `Nguyễn Văn / An`, `Cần / Thơ`
    if low_after in OPENERS:
        return -OPENER_BONUS
    return 0


@lru_cache(maxsize=1024)     # a batch's titles repeat (its rows' own names aside)
def balanced(text: str, size_pt: float, width_mm: float, bold: bool = False, italic: bool = False) -> str:
    """The text with `\\n` where a title of several lines should break; unchanged if it fits."""
    words = text.split()
    widths = [text_width_mm(word, size_pt, bold, italic) for word in words]
    space = text_width_mm(" ", size_pt, bold, italic)
    if sum(widths) + space * (len(words) - 1) <= width_mm or len(words) < 4:
        return text
    count = len(words)
    # what breaking before word j costs: the same for every line that ends there
    breaks = [0.0, *map(_break_cost, words, words[1:]), 0.0]
    best: list[float] = [0.0] + [float("inf")] * count     # best[j]: cost of setting words[:j]
    start = [0] * (count + 1)
    spaced = [width + space for width in widths]
    for j in range(1, count + 1):
        line = -space
        least, least_at, penalty = best[j], 0, breaks[j]
        for i in range(j - 1, -1, -1):
            line += spaced[i]
            if line > width_mm:
                break
            cost = best[i] + (width_mm - line) ** 2 + penalty
            if j == count and j - i <= 2:
                cost += SHORT_LAST_PENALTY
            if cost < least:
                least, least_at = cost, i
        best[j], start[j] = least, least_at
    if best[count] == float("inf"):
        return text                                # a word longer than the line: leave it to Word
    lines, j = [], count
    while j > 0:
        lines.append(" ".join(words[start[j]:j]))
        j = start[j]
    return "\n".join(reversed(lines))
