"""Rules that judge the *structure* of the body, not its look: label sequences, articles, bold
running text, table rows spilled into paragraphs, content after the signature, unfilled blanks.

A document can be perfectly formatted and still wrong: `a)` under a `-` item, `3.` after `1.`,
`Điều 4.` holding the signer's name, a whole paragraph of text in bold. These are what a văn thư
finds on a second reading; the labels are read back with the same patterns the importer uses.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Iterator

from docgen import vietnamese as vi
from docgen.checkers.findings import ERROR, WARNING, Finding
from docgen.checkers.form import Para
from docgen.checkers.rules import Context, finding
from docgen.model.dia_gioi import HAI_CAP_TU
from docgen.model.outline import ARTICLE_FAMILY, RANK, read_label
from docgen.model.thu_truong import body_of
from docgen.render.ooxml import w

ROMAN = {vi.roman(n): n for n in range(1, 60)}
TITLE_LIKE = re.compile(r"[^.;:,]$")
SPILLED_ROW = re.compile(r"\S\s\|\s\S.*\s\|\s")
PLACEHOLDER = re.compile(
    r"\[Cần bổ sung[^\]]*\]|<[^<>]{1,80}>"                               # [Cần bổ sung: …], <tên đơn vị>
    r"|(?:^|[\s:(\[])(?:…|\.{3,})(?=\s*(?:/|%|\)|\]|$))"                 # tháng …/2026, đạt …%, (…)
    r"|\b(?:ngày|tháng|năm|số|đạt)\s+(?:…|\.{3,})"                         # ngày … tháng, số …
    r"|:\s*(?:…|\.{3,})\s+(?:tỷ|triệu|nghìn|đồng|người|lượt)\b")           # : … tỷ đồng
# an ellipsis inside running text (“…”, `; …;`) is an elision, not a blank
SIGNATURE_LINE = re.compile(r"^(TM|KT|Q|TL|TUQ)\.\s")
DATE = re.compile(r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})")


def _number(style: str, label: str) -> int | None:
    """The number a label shows: `III.` → 3, `2.` → 2, `1.3.` → 3, `đ)` → 5, `Điều 7.` → 7."""
    label = label.strip().rstrip(".):").strip()
    if style in ("-", "+", ""):
        return None
    if style in ("a", "a."):
        return vi.POINT_LETTERS.index(label) + 1 if label in vi.POINT_LETTERS else None
    last = label.split()[-1].split(".")[-1]
    if last in ROMAN:
        return ROMAN[last]
    return int(last) if last.isdigit() else None


def _bold(ctx: Context, para: Para) -> bool:
    looks = ctx.looks(para)
    return bool(looks) and all(look.bold for look in looks)


def _articles(ctx: Context) -> bool:
    return bool(ctx.loai and ctx.loai.dieu)


def label_sequence(ctx: Context) -> Iterator[Finding]:
    """Per parent, labels of one style run 1, 2, 3 (a, b, c… with đ); two styles never share a level
    (`a)` after `-`); articles and chapters run through the whole text."""
    stack: list[tuple[str, dict]] = [("", {})]       # (style, {child style: last number seen})
    through: dict[str, int] = {}
    lists: list[set] = [set()]                        # label styles of the list running at each level
    for para in ctx.form.body:
        found = read_label(para.text, _articles(ctx) or any(s in ARTICLE_FAMILY for s, _ in stack))
        if not found:
            # a running paragraph ends a `-`/`+` list: `Trong đó:` may open another one
            while len(stack) > 1 and stack[-1][0] in ("-", "+"):
                stack.pop()
                lists.pop()
            lists[-1].clear()
            continue
        style, label, _ = found
        while len(stack) > 1 and RANK.get(stack[-1][0], -1) >= RANK[style]:
            stack.pop()
            lists.pop()
        siblings = stack[-1][1]
        mixed = [s for s in lists[-1] if s != style and s not in ARTICLE_FAMILY]
        if mixed and style not in ARTICLE_FAMILY:
            yield finding("nhan", ERROR, f"nhãn `{label}` đứng cùng cấp với các mục `{mixed[0]}`: một cấp chỉ dùng "
                          "một kiểu nhãn (I. / 1. / a) / - / +)", para)
        if style == "dieu" and not label.rstrip().endswith("."):
            yield finding("nhan", ERROR, f"`{label}` phải viết `{label.rstrip(': ')}.` (dấu chấm sau số điều)", para)
        number = _number(style, label)
        counter = through if style in ARTICLE_FAMILY else siblings
        if number is not None:
            last = counter.get(style) or 0
            if number != last + 1:
                yield finding("nhan", ERROR, f"nhãn `{label}` sai thứ tự: "
                              + (f"sau số {last} phải là số {last + 1}" if last else "mục đầu tiên phải là số 1"), para)
            counter[style] = number
        siblings.setdefault(style, None)
        lists[-1].add(style)
        stack.append((style, {}))
        lists.append(set())


def after_signature(ctx: Context) -> Iterator[Finding]:
    """Nothing but an appendix (on its own pages) follows the Nơi nhận and the signature."""
    footer = ctx.form.noi_nhan_tieu_de
    if footer is None or footer.cell is None:
        return
    table = footer.cell.getparent().getparent()
    sibling = table.getnext()
    while sibling is not None:
        if _copy_block_starts(sibling):
            return                                       # a paper copy's own block (Mẫu 3.1)
        if sibling.tag == w("p"):
            if sibling.find(f"{w('pPr')}/{w('sectPr')}") is not None:
                return                                   # a new section: the appendices
            text = "".join(t.text or "" for t in sibling.iter(w("t"))).strip()
            if text:
                para = next((p for p in ctx.form.paras if p.element is sibling), None)
                yield finding("sau-chu-ky", ERROR, "có nội dung sau phần chữ ký; phụ lục phải sang phần (section) "
                              "mới, đánh số trang riêng", para)
                return
        elif sibling.tag == w("tbl"):
            yield finding("sau-chu-ky", ERROR, "có bảng sau phần chữ ký mà không sang phần (section) phụ lục mới")
            return
        sibling = sibling.getnext()


COPY_FORMS = ("SAO Y", "SAO LỤC", "TRÍCH SAO")


def _copy_block_starts(element) -> bool:
    """The rule across the page under which a copy's form, body, number and signer stand
    (PL1 Phần II.II.2.a): an empty ruled paragraph, then a table naming the form of copy."""
    if element.tag != w("p") or element.find(f"{w('pPr')}/{w('pBdr')}/{w('bottom')}") is None:
        return False
    if "".join(t.text or "" for t in element.iter(w("t"))).strip():
        return False
    table = element.getnext()
    if table is None or table.tag != w("tbl"):
        return False
    texts = {"".join(t.text or "" for t in p.iter(w("t"))).strip() for p in table.iter(w("p"))}
    return any(form in texts for form in COPY_FORMS)


def bold_text(ctx: Context) -> Iterator[Finding]:
    """Bold marks a heading (I. MỤC ĐÍCH, `Điều 1.` and an article's title), never running text; in
    a decision the khoản and điểm are never bold."""
    for para in ctx.form.body:
        if not para.text or para.cell is not None or not _bold(ctx, para):
            continue
        found = read_label(para.text, _articles(ctx))
        running = len(para.text.split()) > 12 and para.text.rstrip().endswith((".", ";", "./."))
        in_decision = _articles(ctx) and found is not None and found[0] in ("1", "1.1", "a", "a.", "-", "+")
        article_text = found is not None and found[0] == "dieu" and not TITLE_LIKE.search(found[2] or ".")
        if running or in_decision or article_text:
            yield finding("in-dam", ERROR, "cả đoạn in đậm: chỉ tiêu đề mục, `Điều n.` và tên điều được in đậm, "
                          "không in đậm lời văn", para)


def spilled_tables(ctx: Context) -> Iterator[Finding]:
    for para in ctx.form.body:
        if para.cell is None and SPILLED_ROW.search(para.text):
            yield finding("bang-tach", ERROR, "dòng có các ô ngăn bằng `|`: bảng bị tách thành đoạn văn, "
                          "phải trình bày thành bảng", para)


def placeholders(ctx: Context) -> Iterator[Finding]:
    """`[Cần bổ sung: …]`, `<…>`, a bare `…`: blanks to fill — an error once the document is numbered."""
    final = _final(ctx)
    for para in ctx.form.body + ctx.form.can_cu + ctx.form.kinh_gui:
        blank = PLACEHOLDER.search(para.text)
        if blank:
            yield finding("cho-trong", ERROR if final else WARNING,
                          f"còn chỗ trống chưa điền «{blank.group().strip()[:40]}»"
                          + ("" if final else " (dự thảo: phải điền trước khi ban hành)"), para)


def signer_shape(ctx: Context) -> Iterator[Finding]:
    """The signature block is the authority lines, the title and a person's name — not a list item."""
    lines = ctx.form.chu_ky
    if not lines:
        return
    *titles, name = lines
    if name.text.startswith(("-", "+", "(")) or name.text.endswith((";", ":", ".")) or SIGNATURE_LINE.match(name.text):
        yield finding("chu-ky", ERROR, f"khối chữ ký không có họ tên người ký ở dòng cuối (đang là «{name.text[:40]}»)",
                      name)
    for para in titles:
        if para.text.startswith(("-", "+")):
            yield finding("chu-ky", ERROR, f"dòng «{para.text[:40]}» trong khối chữ ký là một dòng nơi nhận", para)
    authority = [i for i, p in enumerate(titles) if SIGNATURE_LINE.match(p.text)]
    if authority and authority[-1] == len(titles) - 1:
        yield finding("chu-ky", ERROR, "sau dòng thẩm quyền (TM./KT./TL.…) phải có chức vụ người ký", titles[-1])


def _final(ctx: Context) -> bool:
    return ctx.form.so is not None and re.search(r"\d+\s*/", ctx.form.so.text) is not None


RESPONSIBLE = re.compile(r"(?:ký\.|ngày ký\.|^)\s*(?P<people>[^.]*?)\s+chịu trách nhiệm thi hành")


def named_twice(ctx: Context) -> Iterator[Finding]:
    """One person named twice in the list of those who carry out a decision, or one recipient twice
    in Nơi nhận (`Giám đốc Sở Nội vụ, Thủ trưởng Sở Nội vụ`)."""
    severity = ERROR if _final(ctx) else WARNING
    for para in ctx.form.body:
        found = RESPONSIBLE.search(para.text)
        if not found:
            continue
        # names of bodies hold "và" (Sở Nông nghiệp và Môi trường): only the last "và ông (bà) …" joins
        people = [p.strip() for p in re.split(r"[,;]\s*|\s+và\s+(?=(?:ông|bà|các|những)\b)", found.group("people"))
                  if p.strip()]
        bodies = [body_of(person).casefold() for person in people]
        twice = sorted({people[i] for i, body in enumerate(bodies) if bodies.index(body) != i})
        if twice:
            yield finding("trung-ten", severity, f"người chịu trách nhiệm thi hành bị ghi hai lần: «{twice[0]}»", para)
    lines = [line.lstrip("-+ ").rstrip(";.").strip().casefold() for para in ctx.form.noi_nhan for line in para.lines]
    seen: set[str] = set()
    for para in ctx.form.noi_nhan:
        for line in para.lines:
            key = line.lstrip("-+ ").rstrip(";.").strip().casefold()
            if key and key in seen and lines.count(key) > 1:
                yield finding("trung-ten", severity, f"nơi nhận «{line.strip()}» ghi hai lần", para)
            seen.add(key)


GONE_LEVELS = re.compile(r"\b(UBND cấp huyện|Ủy ban nhân dân cấp huyện|quận, huyện|huyện, quận|thị trấn|"
                         r"UBND (?:các )?quận|UBND (?:các )?huyện)\b")


def gone_levels(ctx: Context) -> Iterator[Finding]:
    """Districts and townships in a document dated on the two-tier map (from 1/7/2025). A warning
    even in a final document: a text may cite an older one, or a place by its former name."""
    year = re.search(r"năm\s+(\d{4})", ctx.form.ngay.text) if ctx.form.ngay is not None else None
    if year is None or int(year.group(1)) < HAI_CAP_TU.year:
        return
    dated = DATE.search(ctx.form.ngay.text)
    try:
        if dated and date(int(dated.group("y")), int(dated.group("m")), int(dated.group("d"))) < HAI_CAP_TU:
            return
    except ValueError:
        return                       # an impossible date: the date rule reports it
    for para in ctx.form.body + ctx.form.noi_nhan:
        found = GONE_LEVELS.search(para.text)
        if found:
            yield finding("dia-gioi", WARNING, f"«{found.group(0)}»: từ ngày 01/7/2025 không còn cấp huyện, thị trấn "
                          "— kiểm tra lại (trừ khi trích dẫn văn bản cũ)", para)


ALL = [label_sequence, after_signature, bold_text, spilled_tables, placeholders, signer_shape, named_twice,
       gone_levels]
