"""The lines of a received document, as a clerk reads them: from its plain text or its Word file.

Both give the same thing: one line per paragraph in reading order, footnotes apart, and every
content table as rows (`Line.cells`). A Word file's automatic list numbers are written as Word
shows them; its layout tables (the header, Nơi nhận beside the signature) are read cell by cell;
the bold beginning of a paragraph is remembered (a heading followed by its text on one line).
"""

from __future__ import annotations

import re
from pathlib import Path

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from docgen import vietnamese as vi
from docgen.checkers.effective import Resolver
from docgen.checkers.form import QUOC_HIEU, TIEU_NGU
from docgen.errors import LoiDuLieu
from docgen.readers.docx_text import footnote_texts, open_docx, paragraph_lines
from docgen.render.ooxml import w

FOOTNOTE_LINE = re.compile(r"^(?:\[(?P<a>\d+)\]|(?P<b>[¹²³⁴⁵⁶⁷⁸⁹⁰]+))\s+(?P<text>.+)$")
SUPERSCRIPT = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
INLINE_MARK = re.compile(r"\s*(?:\[(\d+)\]|([¹²³⁴⁵⁶⁷⁸⁹⁰]+))")
NUMBERED_NOTE = re.compile(r"^(?P<n>[1-9]\d{0,2})\s+(?P<text>[^|]*)$")
ARABIC_LABEL = re.compile(r"^\d+\.\s")
MAX_TEXT_BYTES = 20 * 1024 * 1024   # a received text beyond this is not one document


class Line(str):
    """A line that remembers its bold beginning and, for a table row, its cells."""

    bold_prefix: str | None
    cells: list[str] | None

    def __new__(cls, text: str, bold_prefix: str | None = None, cells: list[str] | None = None):
        line = super().__new__(cls, text)
        line.bold_prefix = bold_prefix
        line.cells = cells
        return line


def _clean(text: str) -> str:
    return " ".join(vi.nfc(text).replace("\u00a0", " ").split())


# --- plain text ----------------------------------------------------------------------------------


def _clean_text_line(line: str) -> str:
    """The transcripts' markup is not text: **bold**, *italic*, ✓ marks, `- +` list artefacts."""
    line = line.replace("**", "").replace("✓", "")
    line = re.sub(r"(?<!\w)\*|\*(?!\w)", "", line)
    line = _clean(line)
    return re.sub(r"^- (?=\+ )", "", line)


def table_cells(line: str) -> list[str] | None:
    """`a | b | c` → cells; a row of empty cells (`| | |`) too."""
    if " | " not in f" {line} " or not re.search(r"(^|\s)\|(\s|$)", line):
        return None
    cells = [cell.strip() for cell in line.split("|")]
    return cells


MARKDOWN_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


def _shape_tables(lines: list[Line]) -> list[Line]:
    """Consecutive row lines form a table: its first row (the header) fixes the column count. A line
    without cells between two rows is a group row spanning the table (`I. Nhóm nhiệm vụ …`)."""
    out: list[Line] = []
    columns = 0
    for index, line in enumerate(lines):
        if columns and MARKDOWN_RULE.match(line):
            continue                                   # the |---|---| under a Markdown header
        cells = table_cells(line)
        if cells is None:
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if columns and table_cells(following) is not None:
                out.append(Line(line, cells=[str(line)]))
                continue
            columns = 0
            out.append(line)
            continue
        if not columns:
            columns = len(cells) - (cells[-1] == "") - (cells[0] == "" and len(cells) > 2)
            cells = [c for c in cells if c] if all(cells[1:-1]) else cells
        if len(cells) > columns and cells[0] == "":
            cells = cells[1:]
        while len(cells) > columns and cells[-1] == "":
            cells = cells[:-1]
        while len(cells) < columns:
            cells.append("")
        out.append(Line(line, cells=cells))
    return out


def _numbered_notes(lines: list[str]) -> tuple[list[str], dict[str, str]]:
    """Footnotes written at the end as `1 text`, `2 text`… (a PDF's text layer), referenced in the
    text by the bare number glued to a word (`tỉnh2.`): found from the end, numbered 1..n."""
    start = len(lines)
    while start > 0 and NUMBERED_NOTE.match(lines[start - 1]) and not ARABIC_LABEL.match(lines[start - 1]):
        start -= 1
    run = [NUMBERED_NOTE.match(line) for line in lines[start:]]
    if not run or [int(m.group("n")) for m in run] != list(range(1, len(run) + 1)):
        return lines, {}
    body, notes = list(lines[:start]), {m.group("n"): m.group("text") for m in run}
    position = (0, 0)
    for key in notes:
        # glued to a word (`tỉnh2.`), or to a year (`năm 20257;`): never inside another number
        marker = re.compile(rf"(?:(?<=[^\s\d/.,-])|(?<=\b(?:19|20)\d\d)){key}(?=[\s.,;:)]|$)")
        for index in range(position[0], len(body)):
            found = marker.search(body[index], position[1] if index == position[0] else 0)
            if found:
                body[index] = body[index][:found.start()] + f"[^{key}]" + body[index][found.end():]
                position = (index, found.start() + len(key) + 3)
                break
    return body, notes


def read_text(path: Path) -> str:
    """UTF-8 (with or without BOM), else the Vietnamese Windows code page; anything else is refused."""
    if path.stat().st_size > MAX_TEXT_BYTES:
        raise LoiDuLieu.mot(path, f"tệp lớn hơn {MAX_TEXT_BYTES // 1024 // 1024} MB: không phải một văn bản")
    data = path.read_bytes()
    if b"\0" in data[:4096]:
        raise LoiDuLieu.mot(path, "không phải tệp văn bản (.txt) mà là tệp nhị phân")
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LoiDuLieu.mot(path, "không đọc được mã chữ của tệp: hãy lưu lại dạng văn bản UTF-8")


METADATA = re.compile(r"^#\s+[\w/ -]{1,30}:\s")   # `# source: …` lines heading a transcript


def lines_from_text(path: Path) -> tuple[list[Line], dict[str, str]]:
    text_lines = read_text(path).splitlines()
    while text_lines and METADATA.match(text_lines[0]):
        text_lines.pop(0)                       # a transcript's metadata, not the document
    raw = [_clean_text_line(line) for line in text_lines]
    notes: dict[str, str] = {}
    lines: list[str] = []
    for line in raw:
        found = FOOTNOTE_LINE.match(line)
        if found and not ARABIC_LABEL.match(line):
            key = (found.group("a") or found.group("b")).translate(SUPERSCRIPT)
            notes[key] = found.group("text")
            continue
        if line:
            lines.append(INLINE_MARK.sub(lambda m: f"[^{(m.group(1) or m.group(2)).translate(SUPERSCRIPT)}]", line))
    if not notes:
        lines, notes = _numbered_notes(lines)
    return _shape_tables([Line(line) for line in lines]), notes


# --- Word files ----------------------------------------------------------------------------------


class Numbering:
    """Word's automatic list numbers (numbering.xml), as Word shows them."""

    FORMATS = {"decimal": str, "lowerLetter": lambda n: vi.point_letter(n) if n <= 23 else str(n),
               "upperLetter": lambda n: chr(64 + n) if n <= 26 else str(n),
               "upperRoman": vi.roman, "lowerRoman": lambda n: vi.roman(n).lower(),
               "decimalZero": lambda n: f"{n:02d}"}

    def __init__(self, document):
        self.levels: dict[tuple[str, str], tuple[str, str, int]] = {}
        self.counters: dict[tuple[str, str], int] = {}
        part = next((rel.target_part for rel in document.part.rels.values() if rel.reltype == RT.NUMBERING), None)
        if part is None:
            return
        root = etree.fromstring(part.blob)
        abstract = {a.get(w("abstractNumId")): a for a in root.iter(w("abstractNum"))}
        for num in root.iter(w("num")):
            ref = num.find(w("abstractNumId"))
            definition = abstract.get(ref.get(w("val"))) if ref is not None else None
            if definition is None:
                continue
            for lvl in definition.iter(w("lvl")):
                fmt = lvl.find(w("numFmt"))
                text = lvl.find(w("lvlText"))
                start = lvl.find(w("start"))
                self.levels[(num.get(w("numId")), lvl.get(w("ilvl")))] = (
                    fmt.get(w("val")) if fmt is not None else "decimal",
                    text.get(w("val")) if text is not None else "",
                    int(start.get(w("val"))) if start is not None else 1)

    def label(self, p) -> str:
        num_pr = p.find(f"{w('pPr')}/{w('numPr')}")
        if num_pr is None:
            return ""
        num_id, ilvl = num_pr.find(w("numId")), num_pr.find(w("ilvl"))
        key = (num_id.get(w("val")) if num_id is not None else "0", ilvl.get(w("val")) if ilvl is not None else "0")
        if key not in self.levels:
            return ""
        fmt, text, start = self.levels[key]
        count = self.counters.get(key, start - 1) + 1
        self.counters[key] = count
        if fmt == "bullet":
            return "-" if text in ("", "-", "–", "", "") else text
        shown = self.FORMATS.get(fmt, str)(count)
        return re.sub(r"%\d", shown, text)


def _run_text(run) -> str:
    out = []
    for node in run:
        if node.tag == w("t"):
            out.append(node.text or "")
        elif node.tag == w("footnoteReference"):
            out.append(f"[^{node.get(w('id'))}]")
        elif node.tag in (w("tab"), w("br"), w("cr")):
            out.append(" ")
        elif node.tag == w("noBreakHyphen"):
            out.append("-")
    return "".join(out)


def _paragraph(p, resolver: Resolver, numbering: Numbering) -> Line | None:
    parts, bold_prefix, in_prefix = [], [], True
    for run in p.iter(w("r")):
        piece = _run_text(run)
        if in_prefix and piece.strip() and not resolver.run(p, run).bold:
            in_prefix = False
        if in_prefix:
            bold_prefix.append(piece)
        parts.append(piece)
    number = numbering.label(p)
    text = _clean(" ".join(filter(None, [number, "".join(parts)])))
    if not text:
        return None
    prefix = _clean(" ".join(filter(None, [number, "".join(bold_prefix)]))) if bold_prefix else ""
    return Line(text, prefix if 0 < len(prefix) < len(text) else None)


def _is_layout_table(tbl) -> bool:
    texts = [line for p in tbl.iter(w("p")) for line in paragraph_lines(p)]
    return any(QUOC_HIEU.match(t) or TIEU_NGU.match(t) or t.startswith(("Nơi nhận", "Kính gửi")) for t in texts)


def _layout_lines(p, numbering: Numbering) -> list[Line]:
    """A paragraph of the header or the Nơi nhận/signature table, split at its line breaks: clerks
    often type those blocks with Shift+Enter."""
    number = numbering.label(p)
    lines = [_clean(line) for line in paragraph_lines(p)]
    if number and lines:
        lines[0] = f"{number} {lines[0]}"
    return [Line(line) for line in lines if line]


def _cell_text(cell, resolver: Resolver, numbering: Numbering) -> str:
    """A cell's paragraphs kept as lines (three names in one cell stay on three lines)."""
    return "\n".join(line for line in (_paragraph(p, resolver, numbering) for p in cell.iter(w("p"))) if line)


def lines_from_docx(path: Path) -> tuple[list[Line], dict[str, str]]:
    document, reason = open_docx(path)
    if document is None:
        raise LoiDuLieu.mot(path, reason)
    resolver = Resolver(document)
    numbering = Numbering(document)
    lines: list[Line] = []
    for child in document.element.body:
        if child.tag == w("p"):
            line = _paragraph(child, resolver, numbering)
            if line:
                lines.append(line)
        elif child.tag == w("tbl"):
            if _is_layout_table(child):
                for p in child.iter(w("p")):
                    lines += _layout_lines(p, numbering)
                continue
            for row in child.iter(w("tr")):
                cells = [_cell_text(cell, resolver, numbering) for cell in row.findall(w("tc"))]
                lines.append(Line(" | ".join(cell.replace("\n", " ") for cell in cells), cells=cells))
    notes = {str(index): text for index, text in enumerate(footnote_texts(document), start=1)}
    return lines, notes
