"""Flatten the body tree into labelled lines (the outline a reader sees).

Labels are computed, never typed: depth 1 → I., II. (or Điều 1., Điều 2. in decisions and other
documents made of articles); 2 → 1., 2.; 3 → a), b) … đ) …; 4 → -; 5 → +.
Word's own list numbering is avoided on purpose: it restarts unpredictably when documents are
merged or edited and has no `đ)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

from docgen import vietnamese as vi
from docgen.model.van_ban import Muc, Node, NhiemVu

TASK_FIELDS = (
    ("chu_tri", "Cơ quan chủ trì"),
    ("tham_muu", "Cơ quan tham mưu"),
    ("phoi_hop", "Cơ quan phối hợp"),
    ("thoi_gian", "Thời gian thực hiện"),
)

# What a line is, for the renderer to pick its look.
HEADING = "tieu_de"     # a node's heading (with or without text after it)
ITEM = "muc"            # a labelled text item (leaf string, text-only node, task field)
PARAGRAPH = "doan"      # an unlabelled paragraph under a heading
ARTICLE = "dieu"        # an article: bold "Điều 1." then its text (or its bold title)
TABLE = "bang"          # a table under a heading
PICTURE = "hinh"        # a picture (chart) under a heading


@dataclass(frozen=True)
class Dong:
    kieu: str
    cap: int                  # depth 1–5; unlabelled paragraphs keep their parent's depth
    nhan: str                 # "I.", "1.", "a)", "-", "+" or "" for unlabelled paragraphs
    tieu_de: str | None = None
    van_ban: str | None = None
    bang: object | None = None  # the Bang of a TABLE line
    hinh: object | None = None  # the Hinh of a PICTURE line


def label(depth: int, index: int, articles: bool = False) -> str:
    if depth == 1:
        return f"Điều {index}." if articles else vi.roman(index) + "."
    if depth == 2:
        return f"{index}."
    if depth == 3:
        return vi.point_letter(index) + ")"
    return "-" if depth == 4 else "+"


def outline(nodes: Iterable[Node], depth: int = 1, articles: bool = False) -> Iterator[Dong]:
    for index, node in enumerate(nodes, start=1):
        yield from _node_lines(node, depth, label(depth, index, articles), articles and depth == 1)


def _node_lines(node: Node, depth: int, tag: str, article: bool = False) -> Iterator[Dong]:
    if isinstance(node, str):
        yield Dong(ARTICLE if article else ITEM, depth, tag, van_ban=node)
        return
    if article:
        yield Dong(ARTICLE, depth, tag, tieu_de=node.tieu_de, van_ban=node.van_ban)
    else:
        yield _head_line(node, depth, tag)
    for paragraph in node.doan:
        yield Dong(PARAGRAPH, depth, "", van_ban=paragraph)
    if node.bang is not None:
        yield Dong(TABLE, depth, "", bang=node.bang)
    if node.hinh is not None:
        yield Dong(PICTURE, depth, "", hinh=node.hinh)
    if node.nhiem_vu:
        yield from task_lines(node.nhiem_vu, depth + 1)
    yield from outline(node.muc, depth + 1)


def _head_line(node: Muc, depth: int, tag: str) -> Dong:
    title = node.tieu_de
    if title and depth == 1:
        title = vi.upper_vi(title)       # family B headings: Roman numeral + UPPER title
    if node.nhiem_vu and not node.van_ban and not title.endswith(":"):
        title = title.rstrip(".;") + ":"  # a task's fields follow its title
    if not title:
        return Dong(ITEM, depth, tag, van_ban=node.van_ban)
    return Dong(HEADING, depth, tag, tieu_de=title, van_ban=node.van_ban)


def task_lines(task: NhiemVu, depth: int) -> Iterator[Dong]:
    """`+ Cơ quan chủ trì: …;` per field given; the last field ends with `.`."""
    fields = [(name, getattr(task, key)) for key, name in TASK_FIELDS if getattr(task, key)]
    tag = label(depth, 1)
    for position, (name, value) in enumerate(fields, start=1):
        end = "." if position == len(fields) else ";"
        yield Dong(ITEM, depth, tag, van_ban=f"{name}: {value.rstrip('.;')}{end}")
