"""The NĐ 30 rules that can be judged on a .docx (spec §12), one function per part of the form.

Every rule reads *effective* formatting (run → character style → paragraph style → defaults)
through `Resolver`, so a document is judged by what Word shows, whoever wrote it.
"""

from __future__ import annotations

import re
from datetime import date
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Iterable, Iterator

from docx.document import Document

from docgen import vietnamese as vi
from docgen.checkers.effective import Resolver
from docgen.checkers.findings import ERROR, WARNING, Finding
from docgen.checkers.form import HEADER_SEARCH, Form, Para
from docgen.metrics import text_width_mm
from docgen.model.loai import VIET_TAT_HOP_LE, LoaiVanBan
from docgen.render.ooxml import w

TNR = "Times New Roman"
TWIPS_PER_MM = 1440 / 25.4
WORD_CELL_MARGIN = 108        # Word's default left/right cell margin (twips) when a table sets none
# a normative document carries its year: `Số: 16/2026/QĐ-UBND` (NĐ 78/2025)
NUMBER_LINE = re.compile(r"^Số: (0[1-9]|[1-9]\d+|\s+)/(?:\d{4}/)?([A-ZĐa-zđ]+)(-[A-ZĐ&a-zđ0-9]+)+$")
DATE_LINE = re.compile(r"^(?P<place>[^,]+), ngày (?P<d>\d+) tháng (?P<m>\d+) năm (?P<y>\d{4})$")
# a draft: the day (and often the month) left blank, filled in when the document is signed
DRAFT_DATE = re.compile(r"^[^,]+, ngày\s+tháng(\s+\d{1,2})?\s+năm(\s+\d{4})?\s*$")
POINT = re.compile(r"^([a-zđ])\)\s")
PREFIX = re.compile(r"^(\S+\.)\s")
DEGREE = re.compile(r"^(GS|PGS|TS|ThS|Th\.S|CN|KS|BS)\.?\s", re.IGNORECASE)
LUU = re.compile(r"^[-+] Lưu: VT(, \S.*)?\.$")
STRUCTURAL = re.compile(r"^(Phần|Chương|Mục|Tiểu mục|Điều)\s", re.IGNORECASE)
ROMAN_HEADING = re.compile(r"^[IVXLC]+\.\s")  # "I. MỤC ĐÍCH": may be left-aligned (PL1)
CAPTION = re.compile(r"^(Hình|Biểu đồ|Bảng)\s+\d+[.:]\s")
MAX_PER_RULE = 10  # a document set wholly in Arial gets ten findings and a count, not hundreds


@dataclass
class Context:
    document: Document
    form: Form
    resolver: Resolver
    loai: LoaiVanBan | None
    _runs: dict = field(default_factory=dict, repr=False)     # paragraph element → its runs with text

    @cached_property
    def sections(self) -> list:
        """python-docx runs an XPath over the body for every `sections[i]` and `len()`: listed once."""
        return list(self.document.sections)

    @cached_property
    def margins(self) -> list[tuple]:
        """Each section's (header, first-page header, footer, first-page footer), each found once."""
        return [(s.header, s.first_page_header, s.footer, s.first_page_footer) for s in self.sections]

    def runs(self, para: Para):
        found = self._runs.get(para.element)
        if found is None:
            found = self._runs[para.element] = [
                r for r in para.element.iter(w("r")) if "".join(t.text or "" for t in r.iter(w("t"))).strip()]
        return found

    def looks(self, para: Para):
        return [self.resolver.run(para.element, r) for r in self.runs(para)]


def finding(rule: str, severity: str, message: str, para: Para | None = None) -> Finding:
    return Finding(rule, severity, message, para.number if para else None, (para.excerpt or None) if para else None)


def _sizes(ctx: Context, para: Para) -> set:
    return {look.size_pt for look in ctx.looks(para)}


def _all(ctx: Context, para: Para, attribute: str) -> bool:
    looks = ctx.looks(para)
    return bool(looks) and all(getattr(look, attribute) for look in looks)


def _none(ctx: Context, para: Para, attribute: str) -> bool:
    return not any(getattr(look, attribute) for look in ctx.looks(para))


def _pt(sizes: set) -> str:
    return ", ".join(vi.number(s) for s in sorted(s for s in sizes if s)) or "không rõ"


# --- page ---------------------------------------------------------------------------------


def page(ctx: Context) -> Iterator[Finding]:
    sections = ctx.sections
    for number, section in enumerate(sections, start=1):
        sect = section._sectPr
        size = sect.find(w("pgSz"))
        where = f"phần (section) {number}: " if len(sections) > 1 else ""
        if size is not None:
            width, height = int(size.get(w("w"), 0)), int(size.get(w("h"), 0))
            landscape = size.get(w("orient")) == "landscape" or width > height
            if {width, height} != {11906, 16838} and abs(min(width, height) - 11906) > 20:
                yield finding("kho-giay", ERROR, f"{where}khổ giấy {width / TWIPS_PER_MM:.0f} × "
                              f"{height / TWIPS_PER_MM:.0f} mm, phải là A4 (210 × 297 mm)")
            elif landscape and number == 1:
                yield finding("kho-giay", ERROR, f"{where}trang đầu phải trình bày theo chiều dọc")
        margins = sect.find(w("pgMar"))
        if margins is None:
            continue
        landscape = size is not None and size.get(w("orient")) == "landscape"
        limits = {"top": (20, 25, "trên"), "bottom": (20, 25, "dưới"),
                  "left": (30, 35, "trái"), "right": (15, 20, "phải")}
        if landscape:  # a landscape appendix page keeps the binding edge on top
            limits = {"left": (20, 25, "trái"), "right": (20, 25, "phải"),
                      "top": (30, 35, "trên"), "bottom": (15, 20, "dưới")}
        for edge, (low, high, name) in limits.items():
            mm = abs(int(margins.get(w(edge), 0))) / TWIPS_PER_MM
            if not low - 0.05 <= mm <= high + 0.05:
                yield finding("le-trang", ERROR, f"{where}lề {name} {vi.number(round(mm, 1))} mm, phải từ {low} "
                              f"đến {high} mm")


def fonts(ctx: Context) -> Iterator[Finding]:
    parts = [ctx.document.element.body]
    for margins in ctx.margins:
        for header in margins:
            if header.is_linked_to_previous:
                continue
            parts.append(header._element)
    font_problems, colour_problems = [], []
    for part in parts:
        for p in part.iter(w("p")):
            for r in p.iter(w("r")):
                if not "".join(t.text or "" for t in r.iter(w("t"))).strip():
                    continue
                look = ctx.resolver.run(p, r)
                main = {look.fonts.get("ascii"), look.fonts.get("hAnsi")}
                other = {look.fonts.get("eastAsia"), look.fonts.get("cs")} - {None}
                if main != {TNR}:
                    shown = ", ".join(sorted(f for f in main if f)) or "phông mặc định"
                    font_problems.append((ERROR, p, f"chữ dùng phông {shown}, phải là {TNR}"))
                elif other - {TNR}:
                    font_problems.append((WARNING, p, f"phông cho chữ Đông Á/phức ({', '.join(sorted(other))}) "
                                                      f"nên đặt là {TNR}"))
                if look.color not in (None, "auto", "000000"):
                    colour_problems.append((WARNING, p, f"chữ màu #{look.color}, phải là màu đen"))
    yield from _capped("phong-chu", font_problems, ctx)
    yield from _capped("mau-chu", colour_problems, ctx)


def _capped(rule: str, problems: list, ctx: Context) -> Iterator[Finding]:
    """One finding per paragraph, at most MAX_PER_RULE, then a count."""
    numbers = {id(p.element): p for p in ctx.form.paras}
    seen, shown = set(), 0
    for severity, p, message in problems:
        if id(p) in seen:
            continue
        seen.add(id(p))
        if shown < MAX_PER_RULE:
            yield finding(rule, severity, message, numbers.get(id(p)))
        shown += 1
    if shown > MAX_PER_RULE:
        yield finding(rule, problems[0][0], f"… và {shown - MAX_PER_RULE} đoạn khác cùng lỗi")


# --- header ---------------------------------------------------------------------------------


def _missing(part: str) -> Finding:
    return finding("khong-tim-thay", ERROR, f"không tìm thấy {part}")


def quoc_hieu(ctx: Context) -> Iterator[Finding]:
    qh, tn = ctx.form.quoc_hieu, ctx.form.tieu_ngu
    if qh is None:
        yield _missing("quốc hiệu `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`")
    else:
        sizes = _sizes(ctx, qh)
        if qh.text != qh.text.upper() or not _all(ctx, qh, "bold") or not sizes <= {12, 13}:
            yield finding("quoc-hieu", ERROR, f"quốc hiệu phải in hoa, đậm, cỡ 12–13 (đang cỡ {_pt(sizes)})", qh)
        yield from _wraps(ctx, qh)
    if tn is None:
        yield _missing("tiêu ngữ `Độc lập - Tự do - Hạnh phúc`")
        return
    sizes = _sizes(ctx, tn)
    problems = []
    if tn.text != "Độc lập - Tự do - Hạnh phúc":
        problems.append("viết đúng `Độc lập - Tự do - Hạnh phúc` (gạch nối có cách hai bên)")
    if not _all(ctx, tn, "bold") or not sizes <= {13, 14}:
        problems.append(f"đậm, cỡ 13–14 (đang cỡ {_pt(sizes)})")
    if qh is not None and len(sizes) == 1 and len(_sizes(ctx, qh)) == 1:
        step = next(iter(sizes)) - next(iter(_sizes(ctx, qh)))
        if step not in (0, 1):
            problems.append("cỡ chữ bằng hoặc lớn hơn quốc hiệu 1 cỡ")
    if problems:
        yield finding("tieu-ngu", ERROR, "tiêu ngữ phải " + "; ".join(problems), tn)
    rule = ctx.form.rules.get("tieu_ngu")
    if rule is not None:
        length = _rule_length_mm(ctx, rule)
        expected = text_width_mm(tn.text, max(sizes or {14}), bold=True)
        if abs(length - expected) > 0.1 * expected:
            yield finding("duong-ke", WARNING, f"đường kẻ dưới tiêu ngữ dài {length:.0f} mm, nên bằng độ dài "
                          f"tiêu ngữ (≈ {expected:.0f} mm)", rule)


def _available_mm(ctx: Context, para: Para) -> float:
    """Width a paragraph's lines can take: its cell (or the page text area) minus its indents."""
    look = ctx.resolver.paragraph(para.element)
    indents = (look.left_twips + look.right_twips + max(look.first_line_twips, 0)) / TWIPS_PER_MM
    if para.cell is None:
        section = ctx.sections[0]
        return (section.page_width - section.left_margin - section.right_margin) / 36000 - indents
    return _cell_width_mm(para.cell) - indents


def _cell_width_mm(cell) -> float:
    table = cell.getparent().getparent()
    tc_pr = cell.find(w("tcPr"))
    width = None
    if tc_pr is not None and tc_pr.find(w("tcW")) is not None and tc_pr.find(w("tcW")).get(w("type")) in (None, "dxa"):
        width = int(tc_pr.find(w("tcW")).get(w("w"), 0)) or None
    if width is None:
        grid = [int(c.get(w("w"), 0)) for c in table.findall(f"{w('tblGrid')}/{w('gridCol')}")]
        index = sum(1 for s in cell.itersiblings(preceding=True) if s.tag == w("tc"))
        width = grid[index] if index < len(grid) else 0
    margins = 2 * WORD_CELL_MARGIN
    cell_margins = table.find(f"{w('tblPr')}/{w('tblCellMar')}")
    if cell_margins is not None:
        sides = [cell_margins.find(w(edge)) for edge in ("left", "right")]
        margins = sum(int(s.get(w("w"), 0)) if s is not None else WORD_CELL_MARGIN for s in sides)
    return (width - margins) / TWIPS_PER_MM


def _wraps(ctx: Context, qh: Para) -> Iterator[Finding]:
    looks = ctx.looks(qh)
    if not looks:
        return
    size = max((look.size_pt or 12) for look in looks)
    needed = text_width_mm(qh.text, size, bold=all(look.bold for look in looks))
    available = _available_mm(ctx, qh)
    if len([line for line in qh.lines if line]) > 1 or needed > available:
        yield finding("quoc-hieu-xuong-dong", ERROR,
                      f"quốc hiệu bị xuống dòng: cần {needed:.0f} mm nhưng cột chỉ rộng {available:.0f} mm "
                      f"(nới rộng cột phải của bảng tiêu đề, hoặc dùng cỡ 12)", qh)


def _rule_length_mm(ctx: Context, rule: Para) -> float:
    """A rule drawn as a paragraph's bottom border spans the paragraph's width."""
    return _available_mm(ctx, rule)


def agency(ctx: Context) -> Iterator[Finding]:
    form = ctx.form
    if not form.co_quan:
        yield _missing("tên cơ quan ban hành (in hoa, đậm) ở góc trên bên trái")
        return
    for para in form.co_quan:
        sizes = _sizes(ctx, para)
        if para.text != para.text.upper() or not sizes <= {12, 13}:
            yield finding("co-quan", ERROR, f"tên cơ quan ban hành phải in hoa, đậm, cỡ 12–13 (đang cỡ {_pt(sizes)})", para)
    for para in form.chu_quan:
        sizes = _sizes(ctx, para)
        if para.text != para.text.upper() or not sizes <= {12, 13}:
            yield finding("co-quan", ERROR, f"tên cơ quan chủ quản phải in hoa, cỡ 12–13 (đang cỡ {_pt(sizes)})", para)
    rule = form.rules.get("co_quan")
    if rule is not None:
        name = max(text_width_mm(p.text, max(_sizes(ctx, p) - {None} or {13}), bold=True) for p in form.co_quan)
        length = _rule_length_mm(ctx, rule)
        if name and not (1 / 3 - 0.02 <= length / name <= 1 / 2 + 0.02):
            yield finding("duong-ke", WARNING, f"đường kẻ dưới tên cơ quan dài {length:.0f} mm, nên từ 1/3 đến 1/2 "
                          f"độ dài tên (≈ {name / 3:.0f}–{name / 2:.0f} mm)", rule)


def number(ctx: Context) -> Iterator[Finding]:
    para = ctx.form.so
    if para is None:
        yield _missing("số, ký hiệu văn bản (`Số: …`)")
        return
    text = "".join(t.text or "" for t in para.element.iter(w("t"))).replace("\u00a0", " ").strip()
    match = NUMBER_LINE.match(text)
    sizes = _sizes(ctx, para)
    if not match:
        hint = ""
        bare = re.match(r"^Số\s*:\s*(\d+)\s*/", text)
        if bare and len(bare.group(1)) == 1:
            hint = f": số nhỏ hơn 10 phải viết thêm số 0 ({int(bare.group(1)):02d})"
        elif re.search(r"\s/|/\s|-\s|\s-", text.split(":", 1)[-1].strip()):
            hint = ": không có dấu cách quanh `/` và `-`"
        yield finding("so-ky-hieu", ERROR, f"số, ký hiệu phải có dạng `Số: 05/KH-UBND`{hint}", para)
    else:
        abbreviation = match.group(2)
        if ctx.loai is not None and ctx.loai.viet_tat and abbreviation != ctx.loai.viet_tat:
            yield finding("so-ky-hieu", ERROR, f"ký hiệu `{abbreviation}` không khớp tên loại {ctx.loai.ten} "
                          f"(phải là `{ctx.loai.viet_tat}`)", para)
        elif ctx.loai is not None and ctx.loai.viet_tat is None and abbreviation in VIET_TAT_HOP_LE:
            pass  # công văn: the first group is the agency, which may happen to look like a type
        elif ctx.loai is None and abbreviation not in VIET_TAT_HOP_LE and abbreviation.upper() in {
                a.upper() for a in VIET_TAT_HOP_LE}:
            yield finding("so-ky-hieu", ERROR, f"chữ viết tắt tên loại `{abbreviation}` sai chữ hoa/thường "
                          f"(theo Phụ lục III)", para)
        if not match.group(1).strip():
            yield finding("du-thao", WARNING, "văn bản chưa có số (dự thảo)", para)
    if sizes != {13} or not _none(ctx, para, "bold") or not _none(ctx, para, "italic"):
        yield finding("so-ky-hieu", ERROR, f"dòng số, ký hiệu phải cỡ 13, chữ đứng không đậm (đang cỡ {_pt(sizes)})", para)


def place_date(ctx: Context) -> Iterator[Finding]:
    para = ctx.form.ngay
    if para is None:
        yield _missing("địa danh, ngày tháng năm ban hành")
        return
    text = para.text
    match = DATE_LINE.match(text)
    if DRAFT_DATE.match(text):
        yield finding("du-thao", WARNING, "văn bản chưa có ngày ban hành (dự thảo)", para)
    elif not match:
        yield finding("ngay-thang", ERROR, "địa danh, ngày tháng năm phải có dạng `Cần Thơ, ngày 05 tháng 4 năm 2024`"
                      " (dấu phẩy sau địa danh, chữ ngày/tháng/năm viết đầy đủ)", para)
    else:
        day, month = match.group("d"), match.group("m")
        problems = []
        if not (len(day) == 2 and 1 <= int(day) <= 31):
            problems.append(f"ngày {day} phải viết hai chữ số ({int(day):02d})" if len(day) == 1 and day != "0"
                            else f"ngày {day} không hợp lệ")
        expected_month = vi.month_text(int(month)) if 1 <= int(month) <= 12 else None
        if expected_month is None:
            problems.append(f"tháng {month} không hợp lệ")
        elif month != expected_month:
            problems.append(f"tháng {month} phải viết là `tháng {expected_month}` (chỉ tháng 1, 2 thêm số 0)")
        if not problems:
            try:
                date(int(match.group("y")), int(month), int(day))
            except ValueError:
                problems.append(f"ngày {day} tháng {int(month)} năm {match.group('y')} không có thật")
        if problems:
            yield finding("ngay-thang", ERROR, "; ".join(problems), para)
    sizes = _sizes(ctx, para)
    if not _all(ctx, para, "italic") or not sizes <= {13, 14}:
        yield finding("ngay-thang", ERROR, f"dòng địa danh, ngày tháng phải in nghiêng, cỡ 13–14 (đang cỡ {_pt(sizes)})", para)


def _cong_van_summary(ctx: Context) -> Iterator[Finding]:
    """Mẫu 1.5: no tên loại; the trích yếu `V/v …` under the number, 12–13 pt, upright, centred."""
    form = ctx.form
    named = next((p for p in form.paras[:HEADER_SEARCH + 5] if p.text.strip().upper() == "CÔNG VĂN"), None)
    if named is not None:
        yield finding("ten-loai", ERROR, "công văn không ghi tên loại «CÔNG VĂN» (Mẫu 1.5)", named)
    para = form.ve_viec
    if para is None:
        yield finding("ten-loai", ERROR, "công văn phải có trích yếu «V/v …» dưới số, ký hiệu (ô 5b)")
        return
    sizes = _sizes(ctx, para)
    if not sizes <= {12, 13} or not _none(ctx, para, "bold") or not _none(ctx, para, "italic") \
            or ctx.resolver.paragraph(para.element).align != "center":
        yield finding("ten-loai", ERROR, f"trích yếu công văn «V/v …» phải cỡ 12–13, chữ đứng, không đậm, căn giữa "
                      f"(đang cỡ {_pt(sizes)})", para)
    if form.so is not None and not 0 < para.number - form.so.number <= 4:
        yield finding("ten-loai", ERROR, "trích yếu công văn «V/v …» phải đặt ngay dưới số, ký hiệu", para)


def title(ctx: Context) -> Iterator[Finding]:
    form = ctx.form
    if ctx.loai is not None and ctx.loai.ma == "cong-van":
        yield from _cong_van_summary(ctx)
        return
    if form.ten_loai is None:
        yield _missing("tên loại văn bản (KẾ HOẠCH, QUYẾT ĐỊNH, BÁO CÁO…) dưới phần tiêu đề")
        return
    for para, name in [(form.ten_loai, "tên loại")] + [(p, "trích yếu") for p in form.trich_yeu]:
        sizes = _sizes(ctx, para)
        if (ctx.resolver.paragraph(para.element).align != "center" or not _all(ctx, para, "bold")
                or not sizes <= {13, 14}):
            yield finding("ten-loai", ERROR, f"{name} phải in đậm, căn giữa, cỡ 13–14 (đang cỡ {_pt(sizes)})", para)
    if not form.trich_yeu:
        yield finding("ten-loai", WARNING, "không thấy trích yếu dưới tên loại", form.ten_loai)
    rule = form.rules.get("trich_yeu")
    if rule is not None and form.trich_yeu:
        # the longest printed line: a trích yếu may be broken into lines by the author
        line = max(min(text_width_mm(text, max(_sizes(ctx, p) - {None} or {14}), bold=True), _available_mm(ctx, p))
                   for p in form.trich_yeu for text in p.lines)
        length = _rule_length_mm(ctx, rule)
        if not (1 / 3 - 0.02 <= length / line <= 1 / 2 + 0.02):
            yield finding("duong-ke", WARNING, f"đường kẻ dưới trích yếu dài {length:.0f} mm, nên từ 1/3 đến 1/2 "
                          f"dòng trích yếu (≈ {line / 3:.0f}–{line / 2:.0f} mm)", rule)


# --- body -----------------------------------------------------------------------------------


def _structural(ctx: Context, para: Para) -> bool:
    """Centred lines that are not running text: `QUYẾT ĐỊNH:`, the authority line, Chương/Mục titles."""
    if ctx.resolver.paragraph(para.element).align != "center":
        return False
    return para.text == para.text.upper() or bool(STRUCTURAL.match(para.text) or CAPTION.match(para.text))


def body(ctx: Context) -> Iterator[Finding]:
    paragraphs = [p for p in ctx.form.body + ctx.form.can_cu if not _structural(ctx, p)]
    if not paragraphs:
        yield _missing("phần nội dung văn bản")
        return
    problems = []
    for para in paragraphs:
        look = ctx.resolver.paragraph(para.element)
        issues = []
        heading = bool(ROMAN_HEADING.match(para.text)) and para.text == para.text.upper()
        if look.align not in ("both", "distribute") and not (heading and look.align in (None, "left", "start")):
            issues.append("căn đều hai lề")
        if look.first_line_twips not in range(560, 730):
            issues.append("thụt đầu dòng 1 cm hoặc 1,27 cm")
        if look.before_twips + look.after_twips < 118:
            issues.append("cách đoạn ít nhất 6 pt")
        if look.line_rule in (None, "auto") and look.line and not 240 <= look.line <= 360:
            issues.append("giãn dòng từ một dòng đến 1,5 dòng")
        sizes = _sizes(ctx, para)
        if not sizes <= {13, 14}:
            issues.append(f"cỡ chữ 13–14 (đang cỡ {_pt(sizes)})")
        if issues:
            problems.append((ERROR, para.element, "đoạn nội dung phải " + ", ".join(issues)))
    yield from _capped("than-van-ban", problems, ctx)
    yield from _points(ctx, paragraphs)
    yield from _closing(ctx)


def _points(ctx: Context, paragraphs: list[Para]) -> Iterator[Finding]:
    expected = 0
    for para in paragraphs:
        match = POINT.match(para.text)
        if not match:
            if re.match(r"^\d+(\.\d+)*\.?\s|^[IVXLC]+\.\s", para.text):   # 2., 3.3., II.
                expected = 0  # a new khoản or mục starts its points again at a)
            continue
        letter = match.group(1)
        if letter not in vi.POINT_LETTERS:
            yield finding("diem", ERROR, f"điểm `{letter})` không có trong bảng chữ cái dùng đánh số điểm "
                          f"(a, b, c, d, đ, e, g, h, i, k…; không dùng f, j, w, z)", para)
        elif vi.POINT_LETTERS.index(letter) != expected:
            right = vi.POINT_LETTERS[expected] if expected < len(vi.POINT_LETTERS) else "?"
            yield finding("diem", ERROR, f"điểm `{letter})` sai thứ tự, phải là `{right})`", para)
        expected = (vi.POINT_LETTERS.index(letter) if letter in vi.POINT_LETTERS else expected) + 1


def _closing(ctx: Context) -> Iterator[Finding]:
    texts = [p for p in ctx.form.body if p.text]
    if not texts:
        return
    closing = [p for p in texts if p.text.rstrip().endswith("./.")]
    if not closing:
        yield finding("ket-thuc", ERROR, "phần nội dung phải kết thúc bằng dấu `./.`", texts[-1])


def can_cu(ctx: Context) -> Iterator[Finding]:
    """Each căn cứ ends `;`, the last `.` — or `;` too where an enacting sentence follows it instead
    of `QUYẾT ĐỊNH:` (the normative form, NĐ 78/2025)."""
    lines = ctx.form.can_cu
    following = next((p for p in ctx.form.body if lines and p.number > lines[-1].number), None)
    enacting = following is not None and not re.match(r"^(QUYẾT ĐỊNH|QUYẾT NGHỊ)\s*:?$|^Điều\s", following.text)
    for index, para in enumerate(lines):
        last = index == len(lines) - 1
        end = ";" if not last or enacting else "."
        issues = []
        if not _all(ctx, para, "italic"):
            issues.append("in nghiêng")
        if not para.text.rstrip().endswith(end):
            issues.append(f"kết thúc bằng `{end}`")
        if issues:
            yield finding("can-cu", ERROR, "dòng căn cứ phải " + " và ".join(issues), para)


def kinh_gui(ctx: Context) -> Iterator[Finding]:
    """The addressees of a công văn, or of a report or submission sent upward (PL1, ô 9a)."""
    lines = ctx.form.kinh_gui
    if not lines:
        if ctx.loai is not None and ctx.loai.kinh_gui:
            yield _missing("phần `Kính gửi:`")
        return
    for para in lines:
        sizes = _sizes(ctx, para)
        if not sizes <= {13, 14} or not _none(ctx, para, "bold") or not _none(ctx, para, "italic"):
            yield finding("kinh-gui", ERROR, f"phần Kính gửi phải cỡ 13–14, chữ đứng không đậm (đang cỡ {_pt(sizes)})",
                          para)
    first, items = lines[0], lines[1:]
    if not first.text.startswith("Kính gửi:"):
        yield finding("kinh-gui", ERROR, "viết `Kính gửi:` (có dấu hai chấm)", first)
    if not items:
        if not first.text.rstrip().endswith("."):
            yield finding("kinh-gui", ERROR, "một nơi nhận: ghi cùng dòng với `Kính gửi:` và kết thúc bằng `.`", first)
        return
    for para in items[:-1]:
        if not para.text.startswith("- ") or not para.text.endswith(";"):
            yield finding("kinh-gui", ERROR, "mỗi nơi được kính gửi một dòng, bắt đầu `- `, kết thúc `;`", para)
    if not items[-1].text.startswith("- ") or not items[-1].text.endswith("."):
        yield finding("kinh-gui", ERROR, "nơi được kính gửi cuối cùng bắt đầu `- ` và kết thúc bằng `.`", items[-1])


# --- footer ---------------------------------------------------------------------------------


def noi_nhan(ctx: Context) -> Iterator[Finding]:
    heading, items = ctx.form.noi_nhan_tieu_de, ctx.form.noi_nhan
    if heading is None:
        yield _missing("phần `Nơi nhận:`")
        return
    sizes = _sizes(ctx, heading)
    if heading.text != "Nơi nhận:" or sizes != {12} or not _all(ctx, heading, "bold") or not _all(ctx, heading, "italic"):
        yield finding("noi-nhan-tieu-de", ERROR, f"`Nơi nhận:` phải in đậm nghiêng, cỡ 12, có dấu hai chấm "
                      f"(đang cỡ {_pt(sizes)})", heading)
    lines = [(para, line) for para in items for line in para.lines if line]
    if not lines:
        yield finding("noi-nhan-dong", ERROR, "Nơi nhận không có dòng nào", heading)
        return
    for para in items:
        sizes = _sizes(ctx, para)
        if sizes != {11} or not _none(ctx, para, "bold"):
            yield finding("noi-nhan-dong", ERROR, f"dòng nơi nhận phải cỡ 11, chữ thường (đang cỡ {_pt(sizes)})", para)
    yield from _recipient_lines(lines)
    para, last = lines[-1]
    if not LUU.match(last):
        yield finding("noi-nhan-luu", ERROR, f"dòng cuối nơi nhận phải là `- Lưu: VT, <đơn vị soạn thảo>.` "
                      f"(đang là `{last[:40]}`)", para)


def _recipient_lines(lines: list[tuple[Para, str]]) -> Iterator[Finding]:
    """`- …;` per recipient; a group `- Văn phòng UBND tỉnh:` holds `+ …;` items (and may hold the Lưu)."""
    in_group = False
    for index, (para, line) in enumerate(lines):
        last = index == len(lines) - 1
        if line.startswith("- ") and line.endswith(":"):
            following = lines[index + 1][1] if not last else ""
            if not following.startswith("+ "):
                yield finding("noi-nhan-dong", ERROR, f"nhóm nơi nhận `{line[:40]}` phải có các dòng `+ …;` bên dưới",
                              para)
            in_group = True
            continue
        if line.startswith("+ ") and not in_group:
            yield finding("noi-nhan-dong", ERROR, f"dòng `{line[:40]}` bắt đầu bằng `+` mà không thuộc nhóm "
                          "`- …:` nào", para)
        elif line.startswith("- "):
            in_group = False
        elif not line.startswith("+ "):
            yield finding("noi-nhan-dong", ERROR, f"dòng nơi nhận `{line[:40]}` phải bắt đầu bằng `- ` và kết thúc "
                          f"bằng `;`", para)
            continue
        if not last and not line.endswith(";"):
            yield finding("noi-nhan-dong", ERROR, f"dòng nơi nhận `{line[:40]}` phải bắt đầu bằng `- ` và kết thúc "
                          f"bằng `;`", para)


def signature(ctx: Context) -> Iterator[Finding]:
    lines = ctx.form.chu_ky
    if not lines:
        if ctx.form.noi_nhan_tieu_de is not None and ctx.form.noi_nhan_tieu_de.cell is not None:
            yield _missing("khối chữ ký bên phải phần Nơi nhận")
        return
    *titles, name = lines
    for para in titles:
        sizes = _sizes(ctx, para)
        issues = []
        if para.text != para.text.upper() or not _all(ctx, para, "bold") or not sizes <= {13, 14}:
            issues.append(f"in hoa, đậm, cỡ 13–14 (đang cỡ {_pt(sizes)})")
        if ctx.resolver.paragraph(para.element).align != "center":
            issues.append("căn giữa")
        prefix = PREFIX.match(para.text)
        if prefix and prefix.group(1) not in ("TM.", "KT.", "Q.", "TL.", "TUQ."):
            issues.append(f"dùng đúng tiền tố thẩm quyền TM., KT., Q., TL., TUQ. (không phải `{prefix.group(1)}`)")
        elif re.match(r"^(T/M|K/T|T/L|T\.M|K\.T)\b", para.text):
            issues.append("viết tiền tố thẩm quyền là TM., KT., TL.")
        if issues:
            yield finding("chu-ky", ERROR, "chức vụ người ký phải " + "; ".join(issues), para)
    issues = []
    if not _all(ctx, name, "bold"):
        issues.append("in đậm")
    if name.text == name.text.upper() and len(name.text) > 3:
        issues.append("viết hoa chữ đầu mỗi tiếng, không in hoa cả họ tên")
    if DEGREE.match(name.text):
        issues.append("không ghi học hàm, học vị trước họ tên")
    if issues:
        yield finding("chu-ky", ERROR, "họ tên người ký phải " + "; ".join(issues), name)


def page_numbers(ctx: Context) -> Iterator[Finding]:
    sections = ctx.sections
    for index, section in enumerate(sections):
        first_page = section.different_first_page_header_footer
        header, first_page_header = ctx.margins[index][:2]
        default = _page_field_paragraph(header)
        where = "" if index == 0 else f"phần (section) {index + 1}: "
        if index == 0:
            shown_on_first = (first_page and _page_field_paragraph(first_page_header) is not None) or \
                             (not first_page and default is not None)
            if shown_on_first:
                yield finding("so-trang", ERROR, "số trang không được hiện ở trang 1 (đặt 'Different First Page' "
                              "và để trống tiêu đề trang đầu)")
        if default is None:
            if index == 0:
                yield finding("so-trang", WARNING, "chưa có số trang ở lề trên (văn bản nhiều trang phải đánh số)")
            continue
        look = ctx.resolver.paragraph(default)
        sizes = {ctx.resolver.run(default, r).size_pt for r in default.iter(w("r"))} - {None}
        if look.align != "center" or not sizes <= {13, 14}:
            yield finding("so-trang", ERROR, f"{where}số trang phải căn giữa lề trên, cỡ 13–14 (đang cỡ {_pt(sizes)})")
    if len(ctx.form.phu_luc) and len(sections) > 1:
        for section in sections[1:]:
            numbering = section._sectPr.find(w("pgNumType"))
            if numbering is None or numbering.get(w("start")) != "1":
                yield finding("so-trang", ERROR, "phụ lục phải đánh số trang riêng, bắt đầu từ 1")
                break


def _page_field_paragraph(header):
    if header.is_linked_to_previous:  # no header of its own (reading _element would add one)
        return None
    for p in header._element.iter(w("p")):
        instructions = " ".join(t.text or "" for t in p.iter(w("instrText")))
        simple = " ".join(f.get(w("instr"), "") for f in p.iter(w("fldSimple")))
        if re.search(r"\bPAGE\b", instructions + " " + simple):
            return p
    return None


ALL: list[Callable[[Context], Iterable[Finding]]] = [
    page, fonts, quoc_hieu, agency, number, place_date, title, kinh_gui, body, can_cu, noi_nhan, signature,
    page_numbers,
]
