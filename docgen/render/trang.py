"""Will it fit on one page? An estimate of a document's printed height, so that a short document
that spills a few lines onto page 2 — the last article alone with the signature — is set at 13 pt
instead of 14 pt (both within NĐ 30's 13–14 pt), with 25 mm instead of 30 mm for the signature and
seal, and stays on one sheet.

The estimate wraps each paragraph at the text width using the serif metrics of `docgen.metrics`
(word by word, as Word does), counts single-spaced lines of 1.15 × the size and the spacing before
each paragraph, and adds the header block and the footer (the taller of Nơi nhận and the
signature). It errs on the long side (a safety margin), so that compacting never makes a document
that still does not fit.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate

from docgen.metrics import MM_PER_PT, mm_per_unit, text_units
from docgen.model import outline
from docgen.model.van_ban import VanBan
from docgen.render import layout as L

USABLE_HEIGHT_MM = L.PAGE_HEIGHT_MM - L.MARGIN_TOP_MM - L.MARGIN_BOTTOM_MM
LINE_FACTOR = 1.15                 # single spacing of Times New Roman / Liberation Serif (measured: 5,3 mm at 13 pt)
SAFETY_MM = 0                      # the estimate errs long already (measured: 2 mm on a decision)
COMPACT_SIZE = 13
COMPACT_SIGNATURE_GAP_PT = 72      # ≈ 25 mm, still room for the signature and the seal
HEADER_MM = 22                     # agency / quốc hiệu table, its rules, Số and date (measured: 27 mm to the title)


class _WordAdvances(dict):
    """Word → its width and the space after it, in font units, for one face; a word not seen yet is
    measured on first lookup (words repeat: a row's own are its name and its unit)."""

    def __init__(self, bold: bool, italic: bool):
        super().__init__()
        self.bold, self.italic = bold, italic
        self.space = text_units(" ", bold, italic)

    def __missing__(self, word: str) -> int:
        if len(self) > 65536:
            self.clear()
        advance = self[word] = text_units(word, self.bold, self.italic) + self.space
        return advance


_FACES: dict[tuple, _WordAdvances] = {}


@lru_cache(maxsize=512)     # a text is measured at 14 pt, then at 13 pt (shared ones: _paragraph_mm)
def _running_units(text: str, bold: bool, italic: bool) -> tuple[list[int], list[int], int]:
    """Each word's advance (its width and the space after it), the running advances (`reach[k]`: the
    words before k) and the space, in font units: exact integers, the same at every size."""
    known = _FACES.get((bold, italic))
    if known is None:
        known = _FACES[(bold, italic)] = _WordAdvances(bold, italic)
    advances = list(map(known.__getitem__, text.split()))
    return advances, list(accumulate(advances, initial=0)), known.space


def _lines(text: str, size: float, width_mm: float, first_indent_mm: float = 0, bold: bool = False,
           italic: bool = False) -> int:
    """Lines a paragraph takes, wrapping word by word as Word does: a line takes words while they fit
    (the first word of a line always). Found line by line with a search in the running widths rather
    than word by word: the long row-specific paragraphs of a batch are measured for every row."""
    advances, reach, space = _running_units(text, bold, italic)
    count = len(advances)
    if not count:
        return 1
    unit = mm_per_unit(size)
    available = width_mm / unit
    if first_indent_mm:
        # The indent stands before the first word like a word of its own (a space after it).
        start = max(0, bisect_right(reach, (width_mm - first_indent_mm) / unit) - 1)   # words 0..start-1 on line 1
        if start >= count:
            return 1
        lines = 2
    else:
        start, lines = 0, 1
    while True:
        # words start..j share a line while their widths and the spaces between them fit:
        # (advances[start] - space) + reach[j+1] - reach[start+1] <= available
        end = max(start + 1, bisect_right(reach, available - (advances[start] - space) + reach[start + 1]) - 1)
        if end >= count:
            return lines
        start, lines = end, lines + 1


@lru_cache(maxsize=4096)   # a batch's documents share most paragraphs (căn cứ, Điều 2)
def _paragraph_mm(text: str, size: float, before_pt: float = L.BODY_SPACE_BEFORE_PT, bold: bool = False,
                  italic: bool = False, indent: bool = True) -> float:
    lines = _lines(text, size, L.TEXT_WIDTH_MM, L.BODY_FIRST_LINE_MM if indent else 0, bold, italic)
    return lines * size * LINE_FACTOR * MM_PER_PT + before_pt * MM_PER_PT


def _footer_mm(document: VanBan, noi_nhan_lines: list[str], gap_pt: float) -> float:
    recipients = (1 + len(noi_nhan_lines)) * L.SIZE_NOI_NHAN * LINE_FACTOR * MM_PER_PT + 4
    signer_lines = len(document.dong_tham_quyen) + 2
    signature = signer_lines * L.SIZE_CHU_KY * LINE_FACTOR * MM_PER_PT + gap_pt * MM_PER_PT + 4
    if document.thu_ky is not None:      # a biên bản: Nơi nhận stands under the secretary's signature
        return signature + recipients
    return max(recipients, signature)


def _body_texts(document: VanBan) -> list[str] | None:
    """The body's paragraphs as printed (label, heading, text); None if it has a table or picture."""
    texts = []
    for line in outline.body_lines(document.noi_dung, document.loai.dieu, style=document.kieu_muc):
        if line.kieu == outline.TABLE or line.kieu == outline.PICTURE:
            return None
        texts.append(" ".join(part for part in (line.nhan, line.tieu_de, line.van_ban) if part))
    return texts


def shared_mm(document: VanBan, size: float) -> float:
    """The paragraphs between the title and the body, the closing, and the type's name: the part of
    the height a batch's documents share (its rows write the title and the body)."""
    total = _paragraph_mm(document.loai.ten_in_hoa, L.SIZE_TEN_LOAI, 18, bold=True, indent=False)
    if document.tham_quyen_ban_hanh:
        total += _paragraph_mm(document.tham_quyen_ban_hanh.upper(), size, 6, bold=True, indent=False)
    for text in [*document.kinh_gui, *document.can_cu, *document.mo_dau]:
        total += _paragraph_mm(text, size)
    if document.loai.dieu:
        total += _paragraph_mm("QUYẾT ĐỊNH:", size, 6, bold=True, indent=False)
    for text in (document.ket_luan, document.dinh_kem):
        if text:
            total += _paragraph_mm(text, size)
    return total


def height_mm(document: VanBan, size: float, noi_nhan_lines: list[str], gap_pt: float = L.SIGNATURE_GAP_PT,
              body_texts: list[str] | None = None, shared: float | None = None) -> float:
    """The estimated height of the document up to its signature, at a body size (appendices,
    which start pages of their own, apart); `shared`: its `shared_mm` at that size, if known."""
    texts = _body_texts(document) if body_texts is None else body_texts
    if texts is None:
        return math.inf                            # tables and pictures: no estimate, never compacted
    total = HEADER_MM + (shared_mm(document, size) if shared is None else shared)
    total += _paragraph_mm(document.trich_yeu, L.SIZE_TRICH_YEU, 0, bold=True, indent=False) + 4
    for text in texts:
        total += _paragraph_mm(text, size)
    return total + _footer_mm(document, noi_nhan_lines, gap_pt)


SIZES = (L.SIZE_BODY, COMPACT_SIZE)    # the sizes `compact_fits` measures at


def compact_fits(document: VanBan, noi_nhan_lines: list[str], shared: dict[float, float] | None = None) -> bool:
    """Set at 13 pt: the document spills over one page at 14 pt but fits on one at 13 pt (its
    appendices start pages of their own and do not count). `shared`: `shared_mm` by size, if known."""
    limit = USABLE_HEIGHT_MM - SAFETY_MM
    texts = _body_texts(document)
    if texts is None:
        return False
    shared = shared or {}
    return height_mm(document, L.SIZE_BODY, noi_nhan_lines, body_texts=texts,
                     shared=shared.get(L.SIZE_BODY)) > limit and \
        height_mm(document, COMPACT_SIZE, noi_nhan_lines, COMPACT_SIGNATURE_GAP_PT, texts,
                  shared.get(COMPACT_SIZE)) <= limit
