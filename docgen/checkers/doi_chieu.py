"""Compare a rendered .docx with the text of the document it was imported from, paragraph by
paragraph (label and text, in order) — the measure of how faithfully docgen re-issues a real text.

Both sides are reduced to the corpus's line form: one paragraph per line (a line break inside a
paragraph starts a new line), a content table one row per line with its cells joined by ` | `, a
layout table (header, Nơi nhận and signature) cell by cell, footnotes last as `N text`. The header
(agency, quốc hiệu, tiêu ngữ, Số, place and date) is left out, and the trích yếu is compared as one
text, since its line breaks are the typesetter's, not the author's.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document

from docgen import vietnamese as vi
from docgen.checkers.form import QUOC_HIEU, TIEU_NGU
from docgen.model.loai import LOAI_VAN_BAN
from docgen.readers.docx_text import footnote_texts, paragraph_lines, paragraph_text
from docgen.render.layout import Style
from docgen.render.ooxml import w

TYPE_NAMES = {loai.ten_in_hoa for loai in LOAI_VAN_BAN.values()}
TITLE_STYLES = {Style.TRICH_YEU, Style.PHU_LUC_TEN, Style.V_V}
HEADER_LINE = re.compile(r"^(Số\s*:|[^,]{2,60},\s*ngày\b.*\bnăm\b)")


@dataclass
class DoiChieu:
    """The outcome: how many source paragraphs docgen printed exactly, and the ones it did not."""

    source: int
    exact: int
    trich_yeu_ok: bool
    missing: list[str] = field(default_factory=list)   # source lines not printed as they were
    extra: list[str] = field(default_factory=list)     # printed lines the source does not have

    @property
    def ratio(self) -> float:
        return self.exact / self.source if self.source else 1.0


def _clean(text: str) -> str:
    text = " ".join(vi.nfc(text).replace("\u00a0", " ").split())
    return "|" if re.fullmatch(r"[|\s]+", text) else text   # a row of empty cells, however many


def source_lines(path: Path) -> list[str]:
    """A corpus .txt: `# ` comment lines first, then one paragraph per line."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return [_clean(line) for line in lines if not line.startswith("# ") and line.strip()]


def _cell_text(cell) -> str:
    return " ".join(_clean(paragraph_text(p)) for p in cell.iter(w("p")) if _clean(paragraph_text(p)))


def _is_layout_table(tbl) -> bool:
    texts = [_clean(paragraph_text(p)) for p in tbl.iter(w("p"))]
    return any(QUOC_HIEU.match(t) or t.startswith("Nơi nhận") for t in texts)


def _paragraph_lines(p) -> list[str]:
    return [_clean(line) for line in paragraph_lines(p, note_numbers=True) if _clean(line)]


def _style(p) -> str | None:
    style = p.find(f"{w('pPr')}/{w('pStyle')}")
    return style.get(w("val")) if style is not None else None


def rendered_lines(path: Path) -> list[str]:
    document = Document(str(path))
    out: list[str] = []
    for child in document.element.body:
        if child.tag == w("p"):
            lines = _paragraph_lines(child)
            if lines and _style(child) in TITLE_STYLES:
                lines = [" ".join(lines)]      # a title's line breaks are the typesetter's
            out += lines
        elif child.tag == w("tbl"):
            if _is_layout_table(child):
                for p in child.iter(w("p")):
                    lines = _paragraph_lines(p)
                    out += [" ".join(lines)] if lines and _style(p) in TITLE_STYLES else lines
            else:
                for row in child.iter(w("tr")):
                    out.append(_clean(" | ".join(_cell_text(cell) for cell in row.iter(w("tc")))))
    out += [f"{number} {_clean(text)}" for number, text in enumerate(footnote_texts(document), start=1)]
    return out


def _body(lines: list[str], trich_yeu: str | None) -> tuple[list[str], str]:
    """Drop the header; return the body lines and the trích yếu as one text."""
    summary_line = next((i for i, line in enumerate(lines[:20]) if line.startswith("V/v")), None)
    if not any(line in TYPE_NAMES for line in lines) and summary_line is not None:
        # a công văn: `V/v …` under the number, before or after the date line
        end = summary_line + 1             # a V/v wrapped over lines in a transcript
        while end < len(lines) and not (HEADER_LINE.match(lines[end]) or QUOC_HIEU.match(lines[end])
                                        or TIEU_NGU.match(lines[end]) or lines[end].startswith("Kính gửi")):
            end += 1
        dated = max((i for i, line in enumerate(lines[:20]) if HEADER_LINE.match(line)), default=summary_line)
        rest = lines[max(end - 1, dated) + 1:]
        summary = " ".join(lines[summary_line:end])
        return [line for line in rest if not (QUOC_HIEU.match(line) or TIEU_NGU.match(line))], summary
    start = next((i for i, line in enumerate(lines) if line in TYPE_NAMES), 0)
    rest = lines[start + 1:]
    summary: list[str] = []
    target = trich_yeu if trich_yeu is not None else (rest[0] if rest else "")
    while rest and target.startswith(" ".join(summary + [rest[0]])):
        summary.append(rest.pop(0))
    return [line for line in rest if not (QUOC_HIEU.match(line) or TIEU_NGU.match(line)
                                           or HEADER_LINE.match(line))], " ".join(summary)


def compare(source: list[str], rendered: list[str], fixes: list[tuple[str, str]] = ()) -> DoiChieu:
    """`fixes`: (source text, docgen's form) pairs — faults of the source that docgen corrects."""
    out_body, out_summary = _body(rendered, None)
    src_body, src_summary = _body(list(source), out_summary)
    for wrong, right in fixes:   # a fault at the start of a body line: `Điều 1:` → `Điều 1.`
        src_body = [right + line[len(wrong):] if line.startswith(wrong) else line for line in src_body]
    matcher = difflib.SequenceMatcher(None, src_body, out_body, autojunk=False)
    exact, missing, extra = 0, [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            exact += i2 - i1
        else:
            missing += src_body[i1:i2]
            extra += out_body[j1:j2]
    return DoiChieu(len(src_body), exact, src_summary == out_summary, missing, extra)
