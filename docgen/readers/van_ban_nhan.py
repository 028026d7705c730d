"""Import a received administrative document — a Word file or its plain text — into docgen's data.

Units receive their parent's plan as a .docx or as text, not as data. This reader walks the lines
once, as a clerk reads: the header (Số, place and date), the type name and trích yếu, the opening,
the body whose labels (I. / 1. / a) / - / +) become the tree again, tasks recognised by their
`Cơ quan chủ trì: …` lines, the closing, Nơi nhận, the signature, footnotes. Whatever it cannot
place is kept as a plain paragraph and reported, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from docgen import vietnamese as vi
from docgen.errors import LoiDuLieu
from docgen.model.loai import LOAI_VAN_BAN
from docgen.model.outline import TASK_FIELDS

TYPE_NAMES = {loai.ten_in_hoa: loai for loai in LOAI_VAN_BAN.values()}
NUMBER = re.compile(r"^Số\s*:\s*(?P<so>\d+)?\s*/\s*(?P<ky_hieu>[A-ZĐa-zđ0-9&]+(?:\s*-\s*[A-ZĐa-zđ0-9&]+)+)\s*$")
DATE = re.compile(r"^(?P<place>[^,]+),\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})\s*$")
DRAFT_DATE = re.compile(r"^(?P<place>[^,]+),\s*ngày\s+tháng\s+năm\s*(?P<y>\d{4})?\s*$")
ROMAN = re.compile(r"^(?P<label>[IVXLC]+)\.\s+(?P<text>.+)$")
ARABIC = re.compile(r"^(?P<label>\d+)\.\s+(?P<text>.+)$")
ARTICLE = re.compile(r"^Điều\s+(?P<label>\d+)\.\s*(?P<text>.*)$")
LETTER = re.compile(r"^(?P<label>[a-zđ])\)\s+(?P<text>.+)$")
DASH = re.compile(r"^-\s+(?P<text>.+)$")
PLUS = re.compile(r"^\+\s+(?P<text>.+)$")
FIELD = re.compile(r"^(?P<name>" + "|".join(name for _, name in TASK_FIELDS) + r")\s*:\s*(?P<value>.*?)[;.]?$")
FOOTNOTE_LINE = re.compile(r"^(?:\[(?P<a>\d+)\]|(?P<b>[¹²³⁴⁵⁶⁷⁸⁹⁰]+))\s+(?P<text>.+)$")
SUPERSCRIPT = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
INLINE_MARK = re.compile(r"\s*(?:\[(\d+)\]|([¹²³⁴⁵⁶⁷⁸⁹⁰]+))")
AUTHORITY = re.compile(r"^(TM|KT|Q|TL|TUQ)\.\s")
LUU = re.compile(r"^Lưu\s*:?\s*VT\s*,?\s*(?P<unit>.*?)\.?$")
FIELD_NAMES = {name: key for key, name in TASK_FIELDS}


@dataclass
class Imported:
    data: dict
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Node:
    depth: int
    title: str | None = None
    text: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    children: list["_Node"] = field(default_factory=list)
    task: dict = field(default_factory=dict)


# --- reading lines --------------------------------------------------------------------------


def _clean_text_line(line: str) -> str:
    """The transcripts' markup is not text: **bold**, *italic*, ✓ marks, `- +` list artefacts."""
    line = line.replace("**", "").replace("✓", "")
    line = re.sub(r"(?<!\w)\*|\*(?!\w)", "", line)
    line = " ".join(line.split())
    line = re.sub(r"^- (?=\+ )", "", line)
    return line


def lines_from_text(path: Path) -> tuple[list[str], dict[str, str]]:
    raw = [_clean_text_line(vi.nfc(line)) for line in path.read_text(encoding="utf-8-sig").splitlines()]
    notes: dict[str, str] = {}
    lines = []
    for line in raw:
        found = FOOTNOTE_LINE.match(line)
        if found and not ARABIC.match(line):
            key = (found.group("a") or found.group("b")).translate(SUPERSCRIPT)
            notes[key] = found.group("text")
            continue
        if line:
            lines.append(INLINE_MARK.sub(lambda m: f"[^{(m.group(1) or m.group(2)).translate(SUPERSCRIPT)}]", line))
    return lines, notes


class _Line(str):
    """A line of a Word file that remembers its bold beginning (a heading followed by its text)."""

    def __new__(cls, text: str, bold_prefix: str | None = None):
        line = super().__new__(cls, text)
        line.bold_prefix = bold_prefix
        return line


def _run_text(run, w) -> list[str]:
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
    return out


def lines_from_docx(path: Path) -> tuple[list[str], dict[str, str], tuple | None]:
    from docx import Document

    from docgen.checkers.form import QUOC_HIEU, TIEU_NGU
    from docgen.readers.docx_text import footnote_texts
    from docgen.render.ooxml import w

    from docgen.checkers.effective import Resolver

    document = Document(str(path))
    resolver = Resolver(document)
    lines = []
    for p in document.element.body.iter(w("p")):
        parts, bold_prefix, in_prefix = [], [], True
        for run in p.iter(w("r")):
            piece = "".join(_run_text(run, w))
            if in_prefix and piece.strip() and not resolver.run(p, run).bold:
                in_prefix = False
            (bold_prefix if in_prefix else []).append(piece)
            parts.append(piece)
        line = " ".join(vi.nfc("".join(parts)).split())
        if line and not QUOC_HIEU.match(line) and not TIEU_NGU.match(line):
            prefix = " ".join(vi.nfc("".join(bold_prefix)).split())
            lines.append(_Line(line, prefix if 0 < len(prefix) < len(line) else None))
    notes = {str(index): text for index, text in enumerate(footnote_texts(document), start=1)}
    from docgen.checkers.effective import Resolver
    from docgen.checkers.form import locate

    form = locate(document, Resolver(document))
    hint = ([p.text for p in form.chu_quan], [p.text for p in form.co_quan]) if form.co_quan else None
    return lines, notes, hint


# --- the parser ---------------------------------------------------------------------------------


class _Parser:
    def __init__(self, lines: list[str], notes: dict[str, str], agency_hint=None):
        self.lines = lines
        self.notes = notes
        self.agency_hint = agency_hint  # (chủ quản lines, agency lines) when the file shows which is which
        self.issuer_full: str | None = None  # the issuer's name in full, when an appendix line gives it
        self.position = 0
        self.data: dict = {}
        self.warnings: list[str] = []

    def peek(self) -> str | None:
        return self.lines[self.position] if self.position < len(self.lines) else None

    def take(self) -> str:
        line = self.lines[self.position]
        self.position += 1
        return line

    def run(self) -> Imported:
        agency = self._header()
        self._title()
        self._opening()
        self._body()
        self._closing()
        self._recipients()
        self._signature()
        self._appendices()
        self._agency(agency)
        if self.notes:
            used = {key for line in self.lines for key in re.findall(r"\[\^([^\]]+)\]", line)}
            self.data["chu_thich"] = {key: text for key, text in self.notes.items() if key in used}
            for key in set(self.notes) - used:
                self.warnings.append(f"chú thích {key} không được dẫn trong văn bản: giữ ở cuối nội dung")
                self.data.setdefault("noi_dung", []).append(self.notes[key])
        while self.peek() is not None:
            line = self.take()
            self.warnings.append(f"không xếp được dòng «{line[:60]}»: giữ thành đoạn văn cuối nội dung")
            self.data.setdefault("noi_dung", []).append(line)
        return Imported(_plain(self.data), self.warnings)

    # header: agency lines, Số, place and date (in any order, before the type name)
    def _header(self) -> list[str]:
        agency: list[str] = []
        while (line := self.peek()) is not None and line not in TYPE_NAMES:
            self.take()
            if (number := NUMBER.match(line)):
                if number.group("so"):
                    self.data["so"] = int(number.group("so"))
                self.data["ky_hieu"] = re.sub(r"\s+", "", number.group("ky_hieu"))
            elif (dated := DATE.match(line)):
                self.data["dia_danh"] = dated.group("place").strip()
                self.data["ngay"] = date(int(dated.group("y")), int(dated.group("m")), int(dated.group("d")))
            elif (draft := DRAFT_DATE.match(line)):
                self.data["dia_danh"] = draft.group("place").strip()
                if draft.group("y"):
                    self.data["nam"] = int(draft.group("y"))
            elif line == line.upper():
                agency.append(line)
            else:
                self.warnings.append(f"dòng đầu văn bản không nhận ra: «{line[:60]}»")
        return agency

    def _title(self) -> None:
        line = self.peek()
        if line is None:
            raise LoiDuLieu.mot("?", "không tìm thấy tên loại văn bản (KẾ HOẠCH, QUYẾT ĐỊNH…)")
        self.take()
        loai = TYPE_NAMES[line]
        self.data["loai"] = loai.ma
        summary = [self.take()] if self.peek() is not None else []
        # the trích yếu may wrap over several lines; an upper-case line after it is the authority
        # line of a decision (some transcripts print the trích yếu itself in capitals)
        while (line := self.peek()) is not None and not _starts_body(line) and line != line.upper():
            summary.append(self.take())
        self.data["trich_yeu"] = " ".join(summary)

    def _opening(self) -> None:
        if LOAI_VAN_BAN[self.data["loai"]].dieu:
            self._decision_opening()
            return
        opening = []
        while (line := self.peek()) is not None and not (ROMAN.match(line) or ARTICLE.match(line)):
            if line.startswith("Trên đây") or NOI_NHAN_LINE.match(line):
                break
            opening.append(self.take())
        if opening:
            self.data["mo_dau"] = opening

    def _decision_opening(self) -> None:
        """Authority line, căn cứ lines, `QUYẾT ĐỊNH:` (the decree's Mẫu 1.2)."""
        line = self.peek()
        if line is not None and line == line.upper() and not line.endswith(":"):
            self.data["tham_quyen_ban_hanh"] = self.take()
        bases = []
        while (line := self.peek()) is not None and not ARTICLE.match(line) and not line.endswith(":"):
            bases.append(self.take().rstrip(";.").rstrip())
        if bases:
            self.data["can_cu"] = bases
        if self.peek() is not None and self.peek().endswith(":") and self.peek() == self.peek().upper():
            self.take()

    def _body(self) -> None:
        root = _Node(0)
        stack = [root]
        articles = LOAI_VAN_BAN[self.data["loai"]].dieu
        task: _Node | None = None  # the task whose field lines are being read
        while (line := self.peek()) is not None:
            if line.startswith("Trên đây") or NOI_NHAN_LINE.match(line):
                break
            if line.startswith("(") and line.endswith(")") and self.position + 1 < len(self.lines) \
                    and NOI_NHAN_LINE.match(self.lines[self.position + 1]):
                break  # the "(Đính kèm …)" note of a body without closing sentence
            self.take()
            depth, text = _label(line, articles)
            parent = stack[-1]
            field_match = FIELD.match(text) if depth else None
            if field_match:
                # A task's fields follow its title one level down; a stray label on one of them
                # (transcripts print "- Cơ quan phối hợp" among "+" lines) does not move it.
                owner = task or (parent if parent.depth and parent.depth < depth and not parent.children else None)
                if owner is not None:
                    owner.task[FIELD_NAMES[field_match.group("name")]] = field_match.group("value").strip()
                    task = owner
                    continue
            task = None
            if depth == 0:
                if parent.depth == 0:
                    self.warnings.append(f"đoạn không có nhãn trước mục đầu tiên: «{text[:60]}»")
                parent.paragraphs.append(text)
                continue
            while stack[-1].depth >= depth:
                stack.pop()
            node = _Node(depth, text=text)
            bold = getattr(line, "bold_prefix", None)
            if bold and not (articles and depth == 1) and bold.endswith(":"):
                # "2. Cán bộ …: Chấp hành …" — a bold heading and its text on one line
                label_end = len(line) - len(text)
                node.title, node.text = bold[label_end:].strip(), line[len(bold):].strip()
            stack[-1].children.append(node)
            stack.append(node)
        self.data["noi_dung"] = [_to_data(child) for child in root.children]
        _drop_end_mark(self.data["noi_dung"], self.lines[self.position:])
        if root.paragraphs:
            self.data.setdefault("mo_dau", []).extend(root.paragraphs)

    def _closing(self) -> None:
        line = self.peek()
        if line and line.startswith("Trên đây"):
            self.data["ket_luan"] = self.take()
        line = self.peek()
        if line and line.startswith("(") and line.endswith(")") and not line.startswith("(Kèm theo"):
            self.data["dinh_kem"] = self.take()

    def _recipients(self) -> None:
        line = self.peek()
        if not line or not NOI_NHAN_LINE.match(line):
            self.warnings.append("không thấy phần Nơi nhận")
            return
        self.take()
        items = []
        while (line := self.peek()) is not None and line.startswith("-"):
            item = self.take().lstrip("-").strip()
            archive = LUU.match(item)
            if archive:
                unit = archive.group("unit").strip().rstrip(".")
                if unit:
                    self.data["luu"] = unit
                continue
            item = item.rstrip(";.").strip()
            article = re.match(r"^Như Điều (\d+)$", item)
            if article:
                self.data["nhu_dieu"] = int(article.group(1))  # docgen writes this line itself
            elif item != "Như trên":
                items.append(item)
        self.data["noi_nhan"] = items

    def _signature(self) -> None:
        titles = []
        while (line := self.peek()) is not None and line == line.upper() and not line.startswith("PHỤ LỤC") \
                and line not in ("DANH SÁCH",):
            titles.append(self.take())
        name = self.peek()
        if not titles or name is None:
            self.warnings.append("không thấy khối chữ ký (chức vụ, họ tên người ký)")
            return
        self.take()
        authority = [t for t in titles if AUTHORITY.match(t)]
        own = [t for t in titles if not AUTHORITY.match(t)]
        self.data["nguoi_ky"] = {"ho_ten": name, "chuc_vu": own[-1] if own else titles[-1],
                                 "tham_quyen": authority}

    def _appendices(self) -> None:
        appendices = []
        while (line := self.peek()) is not None and (line.startswith("Phụ lục") or line == "DANH SÁCH"):
            self.take()
            title = self.take() if self.peek() else ""
            if self.peek() and self.peek().startswith("(Kèm theo"):
                issuer = re.search(r"\bcủa (.+)\)$", self.take())
                if issuer:
                    self.issuer_full = issuer.group(1).strip()
            paragraphs = []
            while (line := self.peek()) is not None and not line.startswith("Phụ lục"):
                paragraphs.append(self.take())
            appendices.append({"tieu_de": title, "doan": paragraphs})
        if appendices:
            self.data["phu_luc"] = appendices

    def _agency(self, agency_lines: list[str]) -> None:
        ky_hieu = self.data.get("ky_hieu", "")
        parts = ky_hieu.split("-")
        abbreviation = parts[-1] if len(parts) > 1 else "?"
        place = self.data.get("dia_danh", "?")
        loai = LOAI_VAN_BAN[self.data["loai"]]
        if loai.viet_tat and ky_hieu == f"{loai.viet_tat}-{abbreviation}":
            self.data.pop("ky_hieu")
        if not agency_lines:
            # The text usually names its issuer: "Ủy ban nhân dân thành phố …" / "… tỉnh …" / "… xã …".
            body = " ".join(self.lines)
            level = next((word for word in ("thành phố", "tỉnh", "phường", "xã", "đặc khu")
                          if f"Ủy ban nhân dân {word}" in body), "")
            agency_lines = ["ỦY BAN NHÂN DÂN" if abbreviation == "UBND" else abbreviation,
                            vi.upper_vi(f"{level} {place}".strip())]
            self.warnings.append(f"không thấy tên cơ quan ban hành; tạm ghi «{' / '.join(agency_lines)}» theo ký "
                                 "hiệu và địa danh — cần kiểm tra")
        parents, names = self.agency_hint if self.agency_hint else ([], agency_lines)
        self.data["co_quan"] = {"ten": names or agency_lines, "viet_tat": abbreviation, "dia_danh": place}
        if parents:
            self.data["co_quan"]["chu_quan"] = parents
        if self.issuer_full:
            self.data["co_quan"]["ten_day_du"] = self.issuer_full
        self.data.pop("dia_danh", None)


NOI_NHAN_LINE = re.compile(r"^Nơi nhận\s*:?$")


def _starts_body(line: str) -> bool:
    return bool(ROMAN.match(line) or ARTICLE.match(line)
                or line.startswith(("Căn cứ", "Thực hiện", "Kính gửi", "Theo đề nghị", "Xét đề nghị")))


def _plain(value):
    """Plain built-in types only (lines of a Word file are a str subclass), so YAML can write them."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _drop_end_mark(nodes: list, rest: list[str]) -> None:
    """Without a closing sentence the end mark `./.` sits on the last line of the body; it is the
    form's (docgen writes it), not the text's."""
    if not nodes or (rest and rest[0].startswith("Trên đây")):
        return
    last = nodes[-1]
    if isinstance(last, str):
        if last.endswith("./."):
            nodes[-1] = last[:-2]
    elif last.get("muc"):
        _drop_end_mark(last["muc"], rest)
    elif last.get("doan") and last["doan"][-1].endswith("./."):
        last["doan"][-1] = last["doan"][-1][:-2]
    elif isinstance(last.get("van_ban"), str) and last["van_ban"].endswith("./."):
        last["van_ban"] = last["van_ban"][:-2]


def _label(line: str, articles: bool) -> tuple[int, str]:
    for depth, pattern in ((1, ARTICLE if articles else ROMAN), (2, ARABIC), (3, LETTER), (4, DASH), (5, PLUS)):
        found = pattern.match(line)
        if found:
            return depth, found.group("text").strip()
    return 0, line


def _to_data(node: _Node):
    """A node back to the data format: a plain string when it is a leaf of text."""
    children = [_to_data(child) for child in node.children]
    if node.task:
        out = {"tieu_de": node.text.rstrip(":").rstrip(), "nhiem_vu": node.task}
        if children:
            out["muc"] = children
        return out
    if node.title:
        out = {"tieu_de": node.title, "van_ban": node.text}
        if node.paragraphs:
            out["doan"] = node.paragraphs
        if children:
            out["muc"] = children
        return out
    if not children and not node.paragraphs:
        return node.text
    out = {"tieu_de": node.text}
    if node.paragraphs:
        out["doan"] = node.paragraphs
    if children:
        out["muc"] = children
    return out


def import_document(path: Path | str) -> Imported:
    path = Path(path)
    if not path.is_file():
        raise LoiDuLieu.mot(path, "không tìm thấy tệp")
    hint = None
    if path.suffix.lower() == ".docx":
        lines, notes, hint = lines_from_docx(path)
    else:
        lines, notes = lines_from_text(path)
    parser = _Parser(lines, notes, hint)
    try:
        return parser.run()
    except LoiDuLieu as exc:
        raise LoiDuLieu.mot(path, exc.problems[0].thong_diep) from None
