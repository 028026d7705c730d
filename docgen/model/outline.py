"""Flatten the body tree into labelled lines (the outline a reader sees).

Labels are computed, never typed. Each level has a label *style*; by default the first level is
`I.` (or `Điều 1.` in documents made of articles) and each level below takes the style that
follows its parent's: I. → 1. → a) → - → +, Chương → Điều → khoản 1. → điểm a). A node's `kieu`,
or its parent's `kieu_muc`, names another style where the author chose one (`-` straight under
`1.`, `1.1.` under `1.`, no label at all). Numbers count the siblings of the same style, so an
unlabelled paragraph between `1.` and `2.` does not break the count.
Word's own list numbering is avoided on purpose: it restarts unpredictably when documents are
merged or edited and has no `đ)`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from docgen import vietnamese as vi
from docgen.model.van_ban import TASK_FIELD_KEYS, Muc, Node, NhiemVu

# docgen's own names of the task fields, in its order; a plan's own names are kept in `ten_truong`
TASK_FIELD_NAMES = {
    "noi_dung": "Nội dung thực hiện",
    "chu_tri": "Cơ quan chủ trì",
    "thuc_hien": "Đơn vị thực hiện",
    "tham_muu": "Cơ quan tham mưu",
    "phoi_hop": "Cơ quan phối hợp",
    "thoi_gian": "Thời gian thực hiện",
    "san_pham": "Sản phẩm",
}
TASK_FIELDS = tuple((key, TASK_FIELD_NAMES[key]) for key in TASK_FIELD_KEYS)

# What a line is, for the renderer to pick its look.
HEADING = "tieu_de"     # a node's heading (with or without text after it)
ITEM = "muc"            # a labelled text item (leaf string, text-only node, task field)
PARAGRAPH = "doan"      # an unlabelled paragraph
ARTICLE = "dieu"        # an article: bold "Điều 1." then its text (or its bold title)
CHAPTER = "chuong"      # "Chương I" / "Mục 1" / "Phần I", centred, its title on the next line
TABLE = "bang"          # a table
PICTURE = "hinh"        # a picture (chart)

NEXT_STYLE = {"phan": "chuong", "chuong": "dieu", "muc-chuong": "dieu", "dieu": "1", "I": "1", "1": "a",
              "1.1": "a", "a": "-", "a.": "-", "-": "+", "+": "+", "": "-"}
LEVEL = {"phan": 0, "chuong": 0, "muc-chuong": 0, "dieu": 1, "I": 1, "1": 2, "1.1": 2, "a": 3, "a.": 3,
         "-": 4, "+": 5}
ARTICLE_FAMILY = {"phan", "chuong", "muc-chuong", "dieu"}

# Reading labels back (importer, checker). `RANK` orders the styles for nesting: a label nests
# under the nearest open label of a lower rank.
LABEL_PATTERNS = (   # (style, pattern); the order decides between look-alikes (1.1. before 1.)
    ("phan", re.compile(r"^(?P<label>(?:Phần|PHẦN)\s+(?:[IVXLC]+|\d+))\.?(?:\s+(?P<text>.+))?$")),
    ("chuong", re.compile(r"^(?P<label>(?:Chương|CHƯƠNG)\s+[IVXLC]+)\.?(?:\s+(?P<text>.+))?$")),
    ("muc-chuong", re.compile(r"^(?P<label>(?:Mục|MỤC)\s+\d+)\.?(?:\s+(?P<text>[A-ZĐÀ-Ỹ].+))?$")),
    # `Điều 1.`, also the faulty `Điều 1:` and `Điều 1 ` (reported: the label is printed `Điều 1.`)
    ("dieu", re.compile(r"^(?P<label>Điều\s+\d+\s*[.:]?)(?:\s+|(?<=[.:]))(?P<text>.*)$")),
    ("I", re.compile(r"^(?P<label>[IVXLC]+\.)\s+(?P<text>.+)$")),
    ("1.1", re.compile(r"^(?P<label>\d+\.\d{1,2}\.?)\s+(?P<text>.+)$")),   # not `2.000 ha`
    ("1", re.compile(r"^(?P<label>\d+\.)\s+(?P<text>.+)$")),
    ("a", re.compile(r"^(?P<label>[a-zđ]\))\s+(?P<text>.+)$")),
    ("a.", re.compile(r"^(?P<label>[a-zđ]\.)\s+(?P<text>.+)$")),
    ("-", re.compile(r"^(?P<label>[-–])\s+(?P<text>.+)$")),
    ("+", re.compile(r"^(?P<label>\+)\s+(?P<text>.+)$")),
)
RANK = {"phan": 0, "chuong": 1, "muc-chuong": 2, "dieu": 3, "I": 3, "1": 4, "1.1": 5, "a": 6, "a.": 6,
        "-": 7, "+": 8}


def read_label(line: str, articles: bool) -> tuple[str, str, str] | None:
    """(style, label as printed, text after it), or None for an unlabelled line. Điều / Chương /
    Mục / Phần are labels only in documents made of articles."""
    for style, pattern in LABEL_PATTERNS:
        if style in ARTICLE_FAMILY and not articles:
            continue
        found = pattern.match(line)
        if found:
            return style, found.group("label"), (found.group("text") or "").strip()
    return None


@dataclass(frozen=True)
class Dong:
    kieu: str
    cap: int                  # level of the label style (1 I./Điều, 2 1., 3 a), 4 -, 5 +; 0 Chương)
    nhan: str                 # "I.", "1.", "a)", "-", "+", "Chương I" or "" for unlabelled paragraphs
    tieu_de: str | None = None
    van_ban: str | None = None
    bang: object | None = None  # the Bang of a TABLE line
    hinh: object | None = None  # the Hinh of a PICTURE line
    dam: bool = True          # a heading printed bold (not so for khoản and điểm of an article)


def label(depth: int, index: int, articles: bool = False) -> str:
    """The label of the index-th node at a depth, in the default styles."""
    style = "dieu" if articles and depth == 1 else ("I", "1", "a", "-", "+")[min(depth, 5) - 1]
    return styled_label(style, index)


LABEL_FORMATS = {
    "I": lambda n, parent: vi.roman(n) + ".",
    "1": lambda n, parent: f"{n}.",
    "1.1": lambda n, parent: f"{parent.rstrip('.')}.{n}.",
    "a": lambda n, parent: vi.point_letter(n) + ")",
    "a.": lambda n, parent: vi.point_letter(n) + ".",
    "dieu": lambda n, parent: f"Điều {n}.",
    "chuong": lambda n, parent: f"Chương {vi.roman(n)}",
    "phan": lambda n, parent: f"Phần {vi.roman(n)}",
    "muc-chuong": lambda n, parent: f"Mục {n}",
}


def styled_label(style: str, index: int, parent_label: str = "") -> str:
    """The index-th label of a style (`-`, `+` and the unlabelled `""` do not count)."""
    formatter = LABEL_FORMATS.get(style)
    return formatter(index, parent_label) if formatter else style


def outline(nodes: Iterable[Node], depth: int = 1, articles: bool = False, style: str | None = None,
            parent_label: str = "", in_article: bool = False, upper: bool = True,
            counters_through: dict[str, int] | None = None, counted: dict[str, int] | None = None) -> Iterator[Dong]:
    """`style`: the label style of this level (default: `dieu` for articles, else `I`).
    Articles and chapters are numbered through the whole text, across chapters and sections;
    `counted`: labels of this level already printed before these nodes (a task's field lines)."""
    default = style or ("dieu" if articles else "I")
    through = counters_through if counters_through is not None else {}
    counters: dict[str, int] = dict(counted or {})
    for node in nodes:
        own = node.kieu if isinstance(node, Muc) and node.kieu is not None else default
        if isinstance(node, Muc) and node.la_khoi:
            yield from _block_lines(node, LEVEL.get(own, depth))
            continue
        if own == "":
            yield from _unlabelled(node, LEVEL.get(default, depth), in_article, through)
            continue
        numbered = through if own in ARTICLE_FAMILY else counters
        numbered[own] = numbered.get(own, 0) + 1
        tag = styled_label(own, numbered[own], parent_label)
        yield from _node_lines(node, own, tag, in_article or own == "dieu", upper, through)


_last_walked: tuple = ()


def body_lines(nodes: list[Node], articles: bool = False, style: str | None = None,
               upper: bool = True) -> tuple[Dong, ...]:
    """`outline(nodes, 1, …)` as a tuple, kept for the last list walked: a document's body is walked
    for its paragraphs and again, just after, for the one-page estimate. A list is never changed in
    place (documents are frozen models, built anew), so the same list gives the same lines."""
    global _last_walked
    last = _last_walked
    if last and last[0] is nodes and last[1:4] == (articles, style, upper):
        return last[4]
    lines = tuple(outline(nodes, 1, articles, style=style, upper=upper))
    _last_walked = (nodes, articles, style, upper, lines)
    return lines


def _block_lines(node: Muc, level: int) -> Iterator[Dong]:
    for paragraph in node.doan:
        yield Dong(PARAGRAPH, level, "", van_ban=paragraph)
    if node.bang is not None:
        yield Dong(TABLE, level, "", bang=node.bang)
    if node.hinh is not None:
        yield Dong(PICTURE, level, "", hinh=node.hinh)


def _unlabelled(node: Node, level: int, in_article: bool, through: dict[str, int]) -> Iterator[Dong]:
    """A node printed as a running paragraph: its text, then whatever it holds."""
    if isinstance(node, str):
        yield Dong(PARAGRAPH, level, "", van_ban=node)
        return
    text = " ".join(part for part in (node.tieu_de, node.van_ban) if part)
    yield Dong(PARAGRAPH, level, "", van_ban=text)
    yield from _contents(node, "", "", level, in_article, through)


def _node_lines(node: Node, style: str, tag: str, in_article: bool, upper: bool = True,
                through: dict[str, int] | None = None) -> Iterator[Dong]:
    level = LEVEL[style]
    if isinstance(node, str):
        kind = ARTICLE if style == "dieu" else (CHAPTER if style in ARTICLE_FAMILY else ITEM)
        yield Dong(kind, level, tag, van_ban=node)
        return
    if style == "dieu":
        yield Dong(ARTICLE, level, tag, tieu_de=node.tieu_de, van_ban=node.van_ban)
    elif style in ARTICLE_FAMILY:
        yield Dong(CHAPTER, level, tag, tieu_de=node.tieu_de, van_ban=node.van_ban)
    else:
        yield _head_line(node, level, tag, dam=not in_article, upper=upper)
    yield from _contents(node, style, tag, level, in_article, through)


def _contents(node: Muc, style: str, tag: str, level: int, in_article: bool,
              through: dict[str, int] | None = None) -> Iterator[Dong]:
    """What a node holds after its own line: paragraphs, table, picture, task fields, children."""
    yield from _block_lines(node, level)
    child_style = node.kieu_muc if node.kieu_muc is not None else NEXT_STYLE.get(style, "-")
    task = node.nhiem_vu
    counted: dict[str, int] = {}
    if task and not task.sau_muc:            # the children's labels go on after the fields' (a), b) → c))
        fields = list(task_lines(task, child_style, level))
        yield from fields
        counted = _labels_counted(fields, task.kieu if task.kieu is not None else child_style)
    children = list(outline(node.muc, level + 1, style=child_style, parent_label=tag, in_article=in_article,
                            counters_through=through, counted=counted))
    yield from children
    if task and task.sau_muc:                # the fields' labels go on after the children's
        style_of_fields = task.kieu if task.kieu is not None else child_style
        after = _labels_counted([d for d in children if d.cap == LEVEL.get(style_of_fields)], style_of_fields)
        yield from task_lines(task, child_style, level, after.get(style_of_fields, 0))


def _labels_counted(lines: list[Dong], style: str) -> dict[str, int]:
    """How many numbered labels of `style` these lines printed (`-`, `+` and unlabelled count none)."""
    if style not in LABEL_FORMATS:
        return {}
    return {style: sum(1 for line in lines if line.nhan and line.cap == LEVEL.get(style))}


def _head_line(node: Muc, level: int, tag: str, dam: bool = True, upper: bool = True) -> Dong:
    title = node.tieu_de
    if title and level == 1 and dam and upper:
        title = vi.upper_vi(title)       # family B headings: Roman numeral + UPPER title
    task = node.nhiem_vu
    if task and task.trinh_bay == "dong" and not task.sau_muc and not node.van_ban and title \
            and not title.endswith(":"):
        title = title.rstrip(".;") + ":"  # a task's fields follow its title
    if not title:
        return Dong(ITEM, level, tag, van_ban=node.van_ban)
    if not dam:
        text = " ".join(part for part in (title, node.van_ban) if part)
        return Dong(ITEM, level, tag, van_ban=text)
    return Dong(HEADING, level, tag, tieu_de=title, van_ban=node.van_ban)


def task_field_texts(task: NhiemVu) -> list[str]:
    """`Cơ quan chủ trì: …` per field given, in the task's order, the plan's own field names."""
    order = [key for key in TASK_FIELD_KEYS if getattr(task, key)]
    if task.ten_truong:
        named = [key for key in task.ten_truong if key in order]
        order = named + [key for key in order if key not in named]
    return [f"{task.ten_truong.get(key, TASK_FIELD_NAMES[key])}: {getattr(task, key).rstrip('.;')}"
            for key in order]


def task_lines(task: NhiemVu, child_style: str, level: int, before: int = 0) -> Iterator[Dong]:
    """The fields: one labelled line each (`;`, the last `.`), one unlabelled line each, or one line;
    `before`: labels of their style already printed at their level."""
    if task.trinh_bay == "tieu-de":
        return
    texts = task_field_texts(task)
    if task.trinh_bay == "mot-dong":
        yield Dong(PARAGRAPH, level, "", van_ban="; ".join(texts) + ".")
        return
    style = task.kieu if task.kieu is not None else child_style
    for position, text in enumerate(texts, start=1):
        end = "." if position == len(texts) else ";"
        if task.trinh_bay == "doan" or style == "":
            yield Dong(PARAGRAPH, level, "", van_ban=text + end)
        else:
            yield Dong(ITEM, LEVEL.get(style, level + 1), styled_label(style, before + position), van_ban=text + end)
