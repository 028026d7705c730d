"""From a `VanBan` to the values a docx template shows: text lines, computed paragraphs
(labels, bold headings, footnote references), rules sized to their text, recipients, signature.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from docgen import vietnamese as vi
from docgen.metrics import mm_to_twips, text_width_mm
from docgen.model import chu_thich, outline
from docgen.model.outline import Dong
from docgen.model.van_ban import PhuLuc, VanBan
from docgen.render import layout as L
from docgen.render import ngat_dong, ooxml
from docgen.render.layout import Style

SectionBreak = Callable[[bool], str]  # restart page numbers? → <w:sectPr> XML


@dataclass
class Footnotes:
    """Footnotes get Word ids 1, 2, … in order of their references."""

    texts: dict[str, str]
    order: list[str] = field(default_factory=list)

    def reference(self, key: str) -> str:
        self.order.append(key)
        return ooxml.footnote_reference(len(self.order), Style.FOOTNOTE_REFERENCE)

    def xml(self) -> list[str]:
        return [ooxml.footnote(i, self.texts[key], Style.FOOTNOTE_TEXT, Style.FOOTNOTE_REFERENCE)
                for i, key in enumerate(self.order, start=1)]


@dataclass
class Pictures:
    """Pictures of the body, numbered in reading order; the renderer adds their parts."""

    items: list[tuple[str, str, bytes]] = field(default_factory=list)  # (rel id, part name, png)

    def paragraphs(self, picture) -> list[ooxml.Xml]:
        number = len(self.items) + 1
        rel_id, part = f"rIdDocgenHinh{number}", f"word/media/docgen-hinh-{number}.png"
        self.items.append((rel_id, part, picture.du_lieu))
        width_px, height_px = ooxml.png_size(picture.du_lieu)
        height_mm = picture.rong_mm * height_px / width_px
        out = [ooxml.paragraph(Style.HINH, ooxml.picture_run(rel_id, number, picture.rong_mm, height_mm,
                                                              f"Hình {number}", picture.mo_ta or ""))]
        if picture.chu_thich:
            out.append(ooxml.paragraph(Style.CHU_THICH_HINH, ooxml.run(f"Hình {number}. {picture.chu_thich}")))
        return out


def _runs(text: str, notes: Footnotes, bold: bool | None = None) -> str:
    if text and "[^" not in text:      # no footnote marker (most texts): one run, from the shared cache
        return ooxml.run(text, bold=bold)
    out = []
    for piece in chu_thich.tach(text):
        if isinstance(piece, chu_thich.ThamChieu):
            out.append(notes.reference(piece.khoa))
        else:
            out.append(ooxml.run(piece, bold=bold))
    return "".join(out)


def rule(text_width: float, available: float, ratio: float = 1.0) -> ooxml.Xml:
    """An empty paragraph whose bottom border, centred in `available` mm, is the rule."""
    length = min(text_width, available) * ratio
    side = mm_to_twips(max(available - length, 0) / 2)
    return ooxml.paragraph(Style.GACH, indent_twips=(side, side))


def _article(line: Dong, notes: Footnotes, last: bool = False) -> ooxml.Xml:
    """`Điều 1.` in bold, then the article's text; a titled article is bold throughout."""
    runs = ooxml.run(line.nhan, style=Style.CHU_DAM)
    if line.tieu_de:
        runs += _runs(" " + line.tieu_de, notes, bold=True)
    if line.van_ban:
        runs += _runs(" " + line.van_ban, notes)
    return ooxml.paragraph(Style.THAN, runs, keep_next=last or bool(line.tieu_de and not line.van_ban))


def _chapter(line: Dong, notes: Footnotes) -> list[ooxml.Xml]:
    """`Chương I` centred and bold, its title on the next line (NĐ 78 forms of regulations)."""
    out = [ooxml.paragraph(Style.CHUONG, ooxml.run(line.nhan), keep_next=True)]
    title = " ".join(part for part in (line.tieu_de, line.van_ban) if part)
    if title:
        out.append(ooxml.paragraph(Style.CHUONG, _runs(vi.upper_vi(title), notes), keep_next=True))
    return out


def _line_paragraph(line: Dong, notes: Footnotes, last: bool = False) -> ooxml.Xml:
    """`last`: the body's final paragraph, kept on the page of the signature below it."""
    prefix = f"{line.nhan} " if line.nhan else ""
    if line.kieu == outline.TABLE:
        return _table(line.bang)
    if line.kieu == outline.ARTICLE:
        return _article(line, notes, last)
    if line.kieu != outline.HEADING:
        return ooxml.paragraph(Style.THAN, _runs(prefix + line.van_ban, notes), keep_next=last)
    style = {1: Style.MUC, 2: Style.KHOAN}.get(line.cap, Style.DIEM)
    runs = _runs(prefix + line.tieu_de, notes)
    if line.van_ban:
        # Heading and its text on one line: the heading keeps the style's look, the text is plain.
        runs += _runs(" " + line.van_ban, notes, bold=False)
    return ooxml.paragraph(style, runs, keep_next=not line.van_ban)


def body(nodes, notes: Footnotes, pictures: Pictures, articles: bool = False,
         end_mark: bool = False, style: str | None = None, upper: bool = True) -> list[ooxml.Xml]:
    """The body's paragraphs; with `end_mark` the last one ends with `./.` (no closing sentence)."""
    lines = list(outline.body_lines(nodes, articles, style=style, upper=upper))
    if end_mark and lines and lines[-1].kieu not in (outline.TABLE, outline.PICTURE) and lines[-1].van_ban \
            and not lines[-1].van_ban.rstrip().endswith("./."):
        last = lines[-1]
        lines[-1] = Dong(last.kieu, last.cap, last.nhan, last.tieu_de, _end_mark(last.van_ban))
    out: list[ooxml.Xml] = []
    for index, line in enumerate(lines):
        if line.kieu == outline.PICTURE:
            out += pictures.paragraphs(line.hinh)
        elif line.kieu == outline.CHAPTER:
            out += _chapter(line, notes)
        else:
            out.append(_line_paragraph(line, notes, last=end_mark and index == len(lines) - 1))
    return out


def _end_mark(text: str) -> str:
    text = text.rstrip()
    return text if text.endswith("./.") else text.rstrip("./") + "./."


def _ended(text: str, end: str) -> str:
    return text.rstrip().rstrip(";.,:") + end


def can_cu(lines: list[str], notes: Footnotes, continued: bool = False) -> list[ooxml.Xml]:
    """Căn cứ lines: one per line, each ending `;`, the last ending `.` (PL1) — or `;` too when an
    enacting sentence follows (`continued`, the normative form)."""
    last = len(lines) - 1
    return [ooxml.paragraph(Style.CAN_CU, _runs(_ended(text, "." if i == last and not continued else ";"), notes))
            for i, text in enumerate(lines)]


def decision_opening(document: VanBan, notes: Footnotes) -> dict[str, list[ooxml.Xml]]:
    """The authority line (none in the normative form), then `QUYẾT ĐỊNH:` (`QUYẾT NGHỊ:`) or the
    enacting sentence."""
    authority = [ooxml.paragraph(Style.THAM_QUYEN_BAN_HANH, ooxml.run(vi.upper_vi(document.tham_quyen_ban_hanh)))] \
        if document.tham_quyen_ban_hanh else []
    if document.cau_ban_hanh:
        enacting = [ooxml.paragraph(Style.THAN, _runs(_ended(document.cau_ban_hanh, "."), notes))]
    else:
        enacting = [ooxml.paragraph(Style.QUYET_DINH, ooxml.run(document.loai.dong_quyet))]
    return {"tham_quyen_ban_hanh": authority, "quyet_dinh": enacting}


def closing(text: str | None, notes: Footnotes) -> list[ooxml.Xml]:
    """The closing sentence ends with `./.`, the mark that nothing follows."""
    if not text:
        return []
    return [ooxml.paragraph(Style.THAN, _runs(_end_mark(text), notes), keep_next=True)]


def kinh_gui(addressees: list[str], notes: Footnotes) -> list[ooxml.Xml]:
    if not addressees:
        return []
    if len(addressees) == 1:
        return [ooxml.paragraph(Style.KINH_GUI, _runs(f"Kính gửi: {_ended(addressees[0], '.')}", notes))]
    last = len(addressees) - 1
    items = [ooxml.paragraph(Style.KINH_GUI_MUC, _runs(f"- {_ended(a, '.' if i == last else ';')}", notes))
             for i, a in enumerate(addressees)]
    return [ooxml.paragraph(Style.KINH_GUI, ooxml.run("Kính gửi:"))] + items


def noi_nhan(document: VanBan) -> list[str]:
    """Nơi nhận: `- …;` per line, `Như trên;`/`Như Điều n;` first where they apply, `- Lưu: VT, ….` last.
    A group prints `- name:` and its items as `+ …;`; a `Lưu` inside a group is the archive line."""
    items: list = []
    if document.kinh_gui and document.nhu_tren:
        items.append("Như trên")
    if document.nhu_dieu:
        items.append(f"Như Điều {document.nhu_dieu}")
    items += [item for item in document.noi_nhan if item not in items]
    lines: list[str] = []
    for item in items:
        if isinstance(item, str):
            lines.append(f"- {item};")
        else:
            lines.append(f"- {item.ten}:")
            lines += [f"+ {sub};" for sub in item.muc]
    last = items[-1] if items else None
    if not document.luu and last is not None and not isinstance(last, str) and last.muc[-1].startswith("Lưu"):
        lines[-1] = lines[-1][:-1] + "."      # the archive line is the last group's own `+ Lưu: …`
        return lines
    archive = "Lưu: VT" + (f", {document.luu}" if document.luu else "")
    return lines + [f"- {archive}."]


def signature(document: VanBan) -> dict:
    return {"dong": [*document.dong_tham_quyen, document.nguoi_ky.chuc_vu],
            "ho_ten": document.nguoi_ky.ho_ten}


ADOPTED = ("Quy chế", "Quy định", "Điều lệ", "Chương trình", "Kế hoạch", "Đề án", "Phương án")


def _attached_to(document: VanBan, appendix: PhuLuc | None = None) -> str:
    """`(Kèm theo Kế hoạch số 117/KH-UBND ngày 12 tháng 6 năm 2024 của Ủy ban nhân dân thành phố Cần Thơ)`;
    a text the document adopts (a Quy chế) says `(Ban hành kèm theo …)`."""
    issuer = (document.tham_quyen_ban_hanh or document.co_quan.ten_thuong)
    number = vi.document_number(document.so)
    verb = "Ban hành kèm theo" if appendix is not None and (appendix.ten_loai or "") in ADOPTED else "Kèm theo"
    return (f"({verb} {document.loai.ten} số {number}/{document.ky_hieu_day_du} "
            f"{vi.date_words(document.ngay, document.nam)} của {issuer})")


def appendices(document: VanBan, notes: Footnotes, pictures: Pictures,
               section_break: SectionBreak) -> list[ooxml.Xml]:
    """Each appendix starts a section whose page numbers restart at 1 (PL1)."""
    out: list[ooxml.Xml] = []
    several = len(document.phu_luc) > 1
    for index, appendix in enumerate(document.phu_luc, start=1):
        out.append(ooxml.paragraph(Style.RONG, section=section_break(index > 1)))
        heading = f"Phụ lục {vi.roman(index)}" if several else "Phụ lục"
        if appendix.ten_loai:
            heading = vi.upper_vi(appendix.ten_loai)
        if appendix.nhan is not None:
            heading = appendix.nhan
        out += _appendix(appendix, heading, document, notes, pictures)
    return out


def _appendix(appendix: PhuLuc, heading: str, document: VanBan, notes: Footnotes,
              pictures: Pictures) -> list[ooxml.Xml]:
    attached = _attached_to(document, appendix) if appendix.kem_theo is None else appendix.kem_theo
    out = []
    if appendix.ten_loai:
        # A text adopted by the decision (DANH SÁCH, QUY CHẾ…) opens with the agency and the quốc
        # hiệu, without number and date (Phụ lục III); the renderer puts the header there.
        out.append(ooxml.Xml(ooxml.HEADER_COPY_MARK))
    title = vi.upper_vi(appendix.tieu_de) if appendix.tieu_de_in_hoa else appendix.tieu_de
    title = ngat_dong.balanced(title, L.SIZE_BODY, TITLE_WIDTH_MM, bold=True)
    if appendix.nhan_cung_dong and heading:
        out.append(ooxml.paragraph(Style.PHU_LUC_TEN, _runs(f"{heading} {title}", notes)))
    else:
        if heading:
            out.append(ooxml.paragraph(Style.PHU_LUC_SO, ooxml.run(heading)))
        out.append(ooxml.paragraph(Style.PHU_LUC_TEN, _runs(title, notes)))
    if appendix.phu_de:
        out.append(ooxml.paragraph(Style.PHU_LUC_TEN, _runs(appendix.phu_de, notes)))
    if attached:
        out.append(ooxml.paragraph(Style.PHU_LUC_KEM_THEO, ooxml.run(attached)))
        out.append(rule(max(text_width_mm(line, L.SIZE_BODY, italic=True) for line in attached.split("\n")),
                        L.TEXT_WIDTH_MM, L.TRICH_YEU_RULE_RATIO))
    if appendix.bang and not appendix.doan and not appendix.noi_dung:
        out.append(ooxml.paragraph(Style.BANG))  # room between the rule and the table's top border
    out += [ooxml.paragraph(Style.THAN, _runs(text, notes)) for text in appendix.doan]
    out += body(appendix.noi_dung, notes, pictures, style=appendix.kieu_muc, upper=appendix.muc_in_hoa)
    if appendix.bang:
        out.append(_table(appendix.bang))
    return out


TITLE_WIDTH_MM = L.TEXT_WIDTH_MM - 5      # a centred title's lines, with room for the metrics' error
STT_HEADER = re.compile(r"^(S\.?\s?TT|TT|Số TT)$", re.IGNORECASE)
STT_WIDTH_MM = 12


def _is_stt(bang, index: int) -> bool:
    return (bang.truong is not None and bang.truong[index] == "stt") or bool(STT_HEADER.match(bang.cot[index].strip()))


def table_widths(bang) -> list[float]:
    """Widths the text asks for when the data gives none: the STT column narrow, the others by how
    much they hold (dampened, so one long cell does not starve its neighbours)."""
    if bang.do_rong_mm:
        return list(bang.do_rong_mm)
    rows = [row for row in bang.dong if len(row) == len(bang.cot)]
    weights = []
    for index, header in enumerate(bang.cot):
        if _is_stt(bang, index):
            weights.append(None)
            continue
        lengths = [len(row[index]) for row in rows] or [0]
        weights.append(max(len(header) / 2, sum(lengths) / len(lengths), 4) ** 0.5)
    fixed = STT_WIDTH_MM * weights.count(None)
    total = sum(weight for weight in weights if weight is not None) or 1
    return [STT_WIDTH_MM if weight is None else (L.TEXT_WIDTH_MM - fixed) * weight / total for weight in weights]


def _table(bang) -> ooxml.Xml:
    alignments = bang.can_le or ["giua" if _is_stt(bang, i) else "trai" for i in range(len(bang.cot))]
    return ooxml.table([mm_to_twips(width) for width in table_widths(bang)], bang.cot, bang.dong,
                       Style.BANG_TIEU_DE, Style.BANG, alignments, bang.tong)


def place_date(line: str) -> ooxml.Xml:
    """Ô 4 at 14 pt, or at 13 pt (still within NĐ 30) when 14 pt would wrap in its column."""
    fits = text_width_mm(line, L.SIZE_NGAY, italic=True) <= L.cell_text_width_mm(L.RIGHT_COLUMN_MM)
    return ooxml.Xml(ooxml.run(line, size_pt=None if fits else L.SIZE_NGAY_LONG))


# --- the context, piece by piece ------------------------------------------------------------------
# Each piece reads the document and gives some of the context's keys (`gach.trich_yeu`: the key
# `trich_yeu` of the dict `gach`). They run in reading order: footnote ids follow it. A batch renders
# the pieces that read no field of the row once, for all its rows (`docgen.render.splice`).


def _header(document: VanBan, notes: Footnotes, pictures: Pictures, section_break: SectionBreak) -> dict:
    agency_width = max(text_width_mm(line, L.SIZE_CO_QUAN, bold=True) for line in document.co_quan.ten)
    return {
        "co_quan": {"ten": document.co_quan.ten, "chu_quan": document.co_quan.chu_quan},
        "dong_so": document.dong_so,
        "dong_ngay": place_date(document.dong_ngay),
        "ten_loai": document.loai.ten_in_hoa,
        "gach.co_quan": rule(agency_width, L.cell_text_width_mm(L.LEFT_COLUMN_MM), L.AGENCY_RULE_RATIO),
        "gach.tieu_ngu": rule(text_width_mm(L.TIEU_NGU, L.SIZE_TIEU_NGU, bold=True),
                              L.cell_text_width_mm(L.RIGHT_COLUMN_MM)),
    }


def _title(document: VanBan, notes: Footnotes, pictures: Pictures, section_break: SectionBreak) -> dict:
    if document.loai.in_ten_loai:
        summary = ngat_dong.balanced(document.trich_yeu, L.SIZE_TRICH_YEU, TITLE_WIDTH_MM, bold=True)
    else:   # công văn: `V/v …`, 12 pt, in the number's column
        summary = ngat_dong.balanced(vi.ve_viec(document.trich_yeu), L.SIZE_V_V,
                                     L.cell_text_width_mm(L.LEFT_COLUMN_MM) - 2)
    return {
        "trich_yeu": ooxml.Xml(ooxml.run(summary)),   # a công văn's: `V/v …` under its number
        "gach.trich_yeu": rule(max(text_width_mm(line, L.SIZE_TRICH_YEU, bold=True) for line in summary.split("\n")),
                               L.TEXT_WIDTH_MM, L.TRICH_YEU_RULE_RATIO),
    }


def _addressees(document: VanBan, notes: Footnotes, pictures: Pictures, section_break: SectionBreak) -> dict:
    return {"kinh_gui": kinh_gui(document.kinh_gui, notes)}


def _opening(document: VanBan, notes: Footnotes, pictures: Pictures, section_break: SectionBreak) -> dict:
    return decision_opening(document, notes)


def _grounds(document: VanBan, notes: Footnotes, pictures: Pictures, section_break: SectionBreak) -> dict:
    return {"can_cu": can_cu(document.can_cu, notes, continued=bool(document.cau_ban_hanh))}


def _preamble(document: VanBan, notes: Footnotes, pictures: Pictures, section_break: SectionBreak) -> dict:
    return {"mo_dau": [ooxml.paragraph(Style.THAN, _runs(text, notes)) for text in document.mo_dau]}


def _body(document: VanBan, notes: Footnotes, pictures: Pictures, section_break: SectionBreak) -> dict:
    return {"noi_dung": body(document.noi_dung, notes, pictures, articles=document.loai.dieu,
                             end_mark=not document.ket_luan, style=document.kieu_muc)}


def _closing(document: VanBan, notes: Footnotes, pictures: Pictures, section_break: SectionBreak) -> dict:
    paragraphs = closing(document.ket_luan, notes)
    if document.dinh_kem:
        paragraphs.append(ooxml.paragraph(Style.DINH_KEM, _runs(document.dinh_kem, notes), keep_next=True))
    return {"ket_luan": paragraphs}


def _recipients(document: VanBan, notes: Footnotes, pictures: Pictures, section_break: SectionBreak) -> dict:
    return {"noi_nhan": noi_nhan(document)}


def _signatures(document: VanBan, notes: Footnotes, pictures: Pictures, section_break: SectionBreak) -> dict:
    out = {"chu_ky": signature(document)}
    if document.thu_ky is not None:
        out["thu_ky"] = {"dong": [*document.thu_ky.tham_quyen, document.thu_ky.chuc_vu],
                         "ho_ten": document.thu_ky.ho_ten}
    return out


def _appendices(document: VanBan, notes: Footnotes, pictures: Pictures, section_break: SectionBreak) -> dict:
    return {"phu_luc": appendices(document, notes, pictures, section_break)}


Piece = Callable[[VanBan, Footnotes, Pictures, SectionBreak], dict]
PIECES: tuple[Piece, ...] = (_header, _title, _addressees, _opening, _grounds, _preamble, _body, _closing,
                             _recipients, _signatures, _appendices)


def put(context: dict, values: dict) -> None:
    """A piece's values into the context; `a.b` into a copy of the dict `a` (another document may
    share the one there)."""
    for key, value in values.items():
        if "." in key:
            outer, inner = key.split(".", 1)
            context[outer] = {**context.get(outer, {}), inner: value}
        else:
            context[key] = value


def build(document: VanBan, section_break: SectionBreak) -> tuple[dict, Footnotes, Pictures]:
    notes = Footnotes(dict(document.chu_thich))
    pictures = Pictures()
    context: dict = {"van_ban": document}
    for piece in PIECES:
        put(context, piece(document, notes, pictures, section_break))
    return context, notes, pictures
