"""Import a received administrative document — a Word file or its plain text — into docgen's data.

Units receive their parent's plan as a .docx or as text, not as data. This reader walks the lines
once, as a clerk reads: the header (agency and its parent, Số, place and date — the quốc hiệu and
the rules are the form's, not the agency's), the type name and trích yếu, the opening (căn cứ,
Kính gửi, the authority line and `QUYẾT ĐỊNH:` or the enacting sentence of a normative decision),
the body whose labels become the tree again — with the label style the author used where it is
not the default (`-` straight under `1.`, `1.1.`, `a.`) —, tables as tables, tasks recognised by
their fields whatever the plan calls them, the closing, Nơi nhận (with its groups), the signature,
appendices and footnotes. Whatever it cannot place is kept as a plain paragraph and reported, never
dropped; whatever it re-interprets (a label printed differently, a level assumed) is reported too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from docgen import vietnamese as vi
from docgen.checkers.form import QUOC_HIEU, TIEU_NGU
from docgen.errors import LoiDuLieu
from docgen.model.loai import ENACTING_LINES, LOAI_VAN_BAN

from docgen.model.outline import ARTICLE_FAMILY, NEXT_STYLE, RANK, TASK_FIELD_NAMES, read_label, styled_label
from docgen.readers.dong_van_ban import Line, lines_from_docx, lines_from_text

TYPE_NAMES = {loai.ten_in_hoa: loai for loai in LOAI_VAN_BAN.values()}
NUMBER = re.compile(r"^Số\s*:\s*(?P<so>\d+)?\s*/\s*(?:(?P<nam>\d{4})\s*/\s*)?"
                    r"(?P<ky_hieu>[A-ZĐa-zđ0-9&]+(?:\s*-\s*[A-ZĐa-zđ0-9&]+)+)\s*$")
DATE = re.compile(r"^(?P<place>[^,]+),\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s*(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})\s*$")
DRAFT_DATE = re.compile(r"^(?P<place>[^,]+),\s*ngày\s*(?:…|\.+)?\s*tháng\s*(?:\d{1,2}|…|\.+)?\s*năm\s*(?P<y>\d{4})?\s*$")
GARBLED_DATE = re.compile(r"^(?P<place>[^,]{2,40}),\s*ngày\b.*?năm\s*(?P<y>\d{4})\s*$")
VE_VIEC = re.compile(r"^V/v\s*:?\s*")
RULE_LINE = re.compile(r"^[-_=*—–.]{3,}$")
# Task fields as plans name them (the first names are docgen's own).
FIELD_NAMES = (
    ("noi_dung", r"Nội dung(?: thực hiện| công việc| nhiệm vụ)?"),
    ("chu_tri", r"(?:Cơ quan|Đơn vị) chủ trì(?: tham mưu)?(?: thực hiện)?|Chủ trì thực hiện"),
    ("thuc_hien", r"(?:Cơ quan|Đơn vị|Người|Bộ phận) thực hiện"),
    ("tham_muu", r"(?:Cơ quan|Đơn vị) tham mưu(?: thực hiện)?"),
    ("phoi_hop", r"(?:Cơ quan|Đơn vị) phối hợp(?: thực hiện)?"),
    ("thoi_gian", r"Thời gian(?: thực hiện| hoàn thành)?|Thời hạn(?: thực hiện| hoàn thành)?"
                  r"|Tiến độ(?: thực hiện| hoàn thành)?"),
    ("san_pham", r"Sản phẩm(?: đầu ra)?|Kết quả đầu ra"),
)
FIELD = re.compile(r"^(?P<name>" + "|".join(f"(?:{p})" for _, p in FIELD_NAMES) + r")\s*:\s*(?P<value>.*)$")
FIELD_SPLIT = re.compile(r";\s*(?=(?:" + "|".join(p for _, p in FIELD_NAMES) + r")\s*:)")
EXECUTORS = ("chu_tri", "thuc_hien")
SIGNED_NOTE = re.compile(r"^\((Đã ký|Ký|Ký tên|Ký, đóng dấu|Đã ký và đóng dấu)[^)]*\)$", re.IGNORECASE)
AUTHORITY = re.compile(r"^(TM|KT|Q|TL|TUQ)\.\s")
LUU = re.compile(r"^Lưu\s*:?\s*VT\s*,?\s*(?P<unit>.*?)$")
NOI_NHAN_LINE = re.compile(r"^Nơi nhận\s*:?\s*(?P<first>[-–].*)?$")
DASHES = ("-", "–", "+")
OPENING_WORDS = ("Căn cứ", "Thực hiện", "Theo đề nghị", "Xét đề nghị", "Theo đề xuất", "Xét tờ trình")
APPENDIX_LABEL = re.compile(r"^(?P<label>(?:Phụ lục|PHỤ LỤC|Biểu|BIỂU|Mẫu|MẪU)(?:\s+(?:số\s+)?[\w.]+)?\s*:?)"
                            r"(?:\s+(?P<title>\S.*))?$")
KEM_THEO = re.compile(r"^\((?:Ban hành )?[Kk]èm theo\b")
HEADING_WORDS = ("ỦY BAN", "UBND", "SỞ", "BỘ", "BAN", "PHÒNG", "ĐOÀN", "CỤC", "VỤ", "VĂN PHÒNG", "THANH TRA",
                 "TRƯỜNG", "TRUNG TÂM", "CHI CỤC", "HỘI ĐỒNG", "TỔNG CỤC", "VIỆN", "ĐẢNG", "CÔNG AN", "BỘ CHỈ HUY")
PLACE_WORDS = ("TỈNH", "THÀNH PHỐ", "XÃ", "PHƯỜNG", "ĐẶC KHU", "HUYỆN", "QUẬN", "THỊ XÃ", "THỊ TRẤN")


@dataclass
class Imported:
    data: dict
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Node:
    style: str                  # label style; "" for the root and for blocks
    label: str = ""             # the label computed by docgen
    title: str | None = None
    text: str | None = None
    paragraphs: list[str] = field(default_factory=list)   # unlabelled lines before any child
    children: list["_Node"] = field(default_factory=list)
    task: dict = field(default_factory=dict)
    task_names: dict = field(default_factory=dict)
    task_form: str = "dong"
    task_style: str | None = None
    task_after: bool = False
    table: dict | None = None
    child_style: str = ""       # what its children are printed in by default

    @property
    def rank(self) -> int:
        return RANK.get(self.style, -1)

    @property
    def is_block(self) -> bool:
        return self.style == "" and self.text is None


def _is_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(not c.islower() for c in letters)


def _field_key(name: str) -> str:
    return next(key for key, pattern in FIELD_NAMES if re.fullmatch(pattern, name))


def _fields_of(text: str) -> list[tuple[str, str, str]] | None:
    """`Đơn vị chủ trì: A; Đơn vị phối hợp: B.` → [(key, printed name, value)…], or None."""
    parts = FIELD_SPLIT.split(text)
    out = []
    for part in parts:
        found = FIELD.match(part.strip())
        if not found:
            return None
        value = found.group("value").strip().rstrip(";.").strip()
        out.append((_field_key(found.group("name")), found.group("name"), value))
    return out


class _Tree:
    """Builds the body tree from labelled and unlabelled lines (and table rows)."""

    def __init__(self, warnings: list[str], articles: bool, top_style: str):
        self.root = _Node("", child_style=top_style)
        self.stack = [self.root]
        self.warnings = warnings
        self.articles = articles
        self.pending: list[tuple[Line, str | None, list]] = []   # field lines awaiting an executor
        self.through: dict[str, int] = {}
        self.task_owner: _Node | None = None

    # -- the lines ------------------------------------------------------------------------------
    def add(self, line: Line) -> None:
        if line.cells is not None:
            self._flush()
            self._table_row(line)
            return
        labelled = read_label(line, self.articles or self._in_articles())
        fields = _fields_of(labelled[2] if labelled and labelled[0] in "-+" else line) \
            if not labelled or labelled[0] in ("-", "+") else None
        if fields is not None:
            self.pending.append((line, labelled[0] if labelled else None, fields))
            return
        self._flush()
        self.task_owner = None
        if labelled is None:
            self._paragraph(line)
        else:
            self._labelled(line, *labelled)

    def finish(self) -> _Node:
        self._flush()
        return self.root

    def _in_articles(self) -> bool:
        return any(node.style in ARTICLE_FAMILY for node in self.stack)

    # -- labelled lines -------------------------------------------------------------------------
    def _labelled(self, line: Line, style: str, source_label: str, text: str) -> None:
        while len(self.stack) > 1 and self.stack[-1].rank >= RANK[style]:
            self.stack.pop()
        parent = self.stack[-1]
        if style in ARTICLE_FAMILY:      # articles and chapters are numbered through the text
            self.through[style] = self.through.get(style, 0) + 1
            count = self.through[style]
        else:
            count = 1 + sum(1 for c in parent.children if c.style == style)
        computed = styled_label(style, count, parent.label)
        if " ".join(source_label.split()) != computed:
            self.warnings.append(f"nhãn «{source_label}» được in lại thành «{computed}»: «{line[:50]}»")
        node = _Node(style, computed, text=text, child_style=NEXT_STYLE.get(style, "-"))
        bold = getattr(line, "bold_prefix", None)
        if bold and style not in ARTICLE_FAMILY and bold.endswith(":") and len(bold) > len(source_label) + 1:
            # "2. Cán bộ …: Chấp hành …" — a bold heading and its text on one line
            node.title, node.text = bold[len(source_label):].strip(), line[len(bold):].strip() or None
        parent.children.append(node)
        self.stack.append(node)

    # -- unlabelled lines -----------------------------------------------------------------------
    def _paragraph(self, line: str) -> None:
        top = self.stack[-1]
        if top is self.root and not top.children:
            top.paragraphs.append(line)       # before the first labelled line or table: the opening
            return
        if self._awaits_title(top):
            top.text = line                   # "Chương I" then its title on the next line
            return
        if top.style in ("-", "+") and not top.children and len(self.stack) > 2:
            # a running paragraph after a list of `-` items belongs to the section, not the item
            self.stack.pop()
            top = self.stack[-1]
        if top.children:
            last = top.children[-1]
            if last.is_block and last.table is None:
                last.paragraphs.append(line)
            else:
                top.children.append(_Node("", paragraphs=[line]))
        else:
            top.paragraphs.append(line)

    @staticmethod
    def _awaits_title(node: _Node) -> bool:
        return node.style in ("phan", "chuong", "muc-chuong") and not node.text and not node.children

    # -- tables ---------------------------------------------------------------------------------
    def _table_row(self, line: Line) -> None:
        top = self.stack[-1]
        holder = top.children[-1] if top.children and top.children[-1].table is not None else None
        if holder is None:
            holder = _Node("", table={"cot": list(line.cells), "dong": []})
            top.children.append(holder)
            return
        columns, cells = len(holder.table["cot"]), list(line.cells)
        if len(cells) > columns:
            self.warnings.append(f"dòng bảng có {len(cells)} ô, bảng có {columns} cột: gộp các ô thừa vào ô cuối "
                                 f"«{line[:50]}»")
            cells = cells[:columns - 1] + [" | ".join(c for c in cells[columns - 1:] if c)]
        elif 1 < len(cells) < columns:
            self.warnings.append(f"dòng bảng có {len(cells)} ô, bảng có {columns} cột: thêm ô trống «{line[:50]}»")
            cells += [""] * (columns - len(cells))
        holder.table["dong"].append(cells)

    # -- task fields ----------------------------------------------------------------------------
    def _flush(self) -> None:
        if not self.pending:
            return
        pending, self.pending = self.pending, []
        keys = {key for _, _, fields in pending for key, _, value in fields if value}
        owner = self.task_owner or self._owner(pending[0][1])
        if owner is None or not (keys & set(EXECUTORS)) or (owner.task and not self.task_owner):
            for line, style, _ in pending:            # not a task after all: ordinary lines
                labelled = read_label(line, self.articles)
                self._paragraph(line) if labelled is None else self._labelled(line, *labelled)
            return
        self.task_owner = owner
        for line, style, fields in pending:
            for key, name, value in fields:
                owner.task[key] = value
                owner.task_names[key] = name
            if len(fields) > 1:
                owner.task_form = "mot-dong"
            elif style is None and owner.task_form != "mot-dong":
                owner.task_form = "doan"
            elif style is not None:
                owner.task_style = style

    def _owner(self, style: str | None) -> _Node | None:
        top = self.stack[-1]
        if style is not None:
            while len(self.stack) > 1 and self.stack[-1].rank >= RANK[style]:
                self.stack.pop()
            top = self.stack[-1]
        elif top.style in ("-", "+") and not top.children and len(self.stack) > 2 and top.text and \
                self.stack[-2].children and self.stack[-2].children[-1] is top and len(self.stack[-2].children) > 1:
            self.stack.pop()
            top = self.stack[-1]
        if top is self.root:
            return None
        top.task_after = bool(top.children)
        return top


# --- the tree back to data ------------------------------------------------------------------------


def _title_like(text: str) -> bool:
    return bool(text) and not text.endswith((".", ";", ":", ",")) and len(text) <= 150


ORGANISATION = re.compile(r"(?i)^(tổ chức thực hiện|phân công nhiệm vụ|trách nhiệm (thực hiện|của))")
BODY_NAME = re.compile(r"^(Sở|Ban|Phòng|Văn phòng|UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Công an|Chi cục|Trung tâm|"
                       r"Thanh tra|Cục|Vụ|Bộ|Đài|Báo|Hội|Liên đoàn|Đoàn|Trường|Các (sở|cơ quan|đơn vị|phòng|chủ đầu tư)"
                       r"|Chủ đầu tư|Doanh nghiệp)\b")


def _duty_holder(node: _Node) -> str | None:
    """Under `TỔ CHỨC THỰC HIỆN`, `1. Sở Công Thương` (or `1. Sở Công Thương: Chủ trì …`) gives that
    body its duties: a task whose executor is the heading itself."""
    head = (node.title or node.text or "").split(":", 1)[0].strip()
    if node.task or not head or len(head.split()) > 14 or not BODY_NAME.match(head):
        return None
    return head


def _sentence(text: str) -> bool:
    """Running text, not a heading: a full sentence (NĐ 30 prints only headings in bold)."""
    return text.endswith(".") and len(text.split()) > 12


def _to_data(node: _Node, default_style: str, articles: bool):
    """A node back to the data format: a plain string when it is a leaf of text."""
    if node.is_block:
        return {"bang": _table_data(node.table)} if node.table is not None else {"doan": node.paragraphs}
    children = _children_data(node)
    out: dict = {}
    if node.style != default_style:
        out["kieu"] = node.style
    text = node.text or ""
    if node.title:
        out["tieu_de"], out["van_ban"] = node.title, node.text
    elif node.task:
        form_colon = node.task_form == "dong" and not node.task_after   # docgen prints that colon itself
        out["tieu_de"] = text.rstrip(":").rstrip() if form_colon else text
    elif node.style == "dieu" and text and (not _title_like(text) or not (children or node.paragraphs)):
        out["van_ban"] = text                  # a title needs something under it
    elif node.style in ("phan", "chuong", "muc-chuong"):
        out["tieu_de"] = text
    elif not children and not node.paragraphs and not out:
        return text
    elif not children and not node.paragraphs:
        out["van_ban"] = text
    elif text and _sentence(text):
        out["van_ban"] = text                  # a sentence over its items, not a bold heading
    elif text:
        out["tieu_de"] = text
    out = {k: v for k, v in out.items() if v is not None}
    if node.paragraphs:
        out["doan"] = node.paragraphs
    if node.task:
        out["nhiem_vu"] = _task_data(node)
    if children:
        out.update(children)
    return out


def _children_data(node: _Node) -> dict:
    if not node.children:
        return {}
    labelled = [c.style for c in node.children if not c.is_block]
    style = node.child_style
    out: dict = {}
    if labelled and all(s == labelled[0] for s in labelled) and labelled[0] != node.child_style:
        style = out["kieu_muc"] = labelled[0]
    out["muc"] = [_to_data(child, style, False) for child in node.children]
    if ORGANISATION.match(node.title or node.text or ""):
        for index, child in enumerate(node.children):
            holder = None if child.is_block else _duty_holder(child)
            if holder:
                data = out["muc"][index]
                data = {"van_ban": data} if isinstance(data, str) else data
                data["nhiem_vu"] = {"chu_tri": holder, "trinh_bay": "tieu-de"}
                out["muc"][index] = data
    return out


def _task_data(node: _Node) -> dict:
    task = dict(node.task)
    names = {key: name for key, name in node.task_names.items() if name != TASK_FIELD_NAMES[key]}
    order = list(node.task_names)
    if names or order != sorted(order, key=list(TASK_FIELD_NAMES).index):
        task["ten_truong"] = dict(node.task_names)
    if node.task_form != "dong":
        task["trinh_bay"] = node.task_form
    elif node.task_style and node.task_style != NEXT_STYLE.get(node.style, "-"):
        task["kieu"] = node.task_style
    if node.task_after:
        task["sau_muc"] = True
    return task


TABLE_COLUMNS = (
    ("stt", re.compile(r"^(S\.?\s?TT|TT|Số TT|Số thứ tự)$", re.I)),
    ("thuc_hien", re.compile(r"(người|đơn vị|cơ quan|bộ phận) thực hiện", re.I)),
    ("chu_tri", re.compile(r"^(?!.*vai trò).*chủ trì", re.I)),
    ("phoi_hop", re.compile(r"^(?!.*vai trò).*phối hợp", re.I)),
    ("thoi_gian", re.compile(r"thời gian|thời hạn", re.I)),
    ("san_pham", re.compile(r"sản phẩm", re.I)),
    ("ghi_chu", re.compile(r"ghi chú", re.I)),
    ("ten", re.compile(r"nhiệm vụ|nội dung|công việc", re.I)),
)


TOTALS = re.compile(r"^(Tổng cộng|Tổng số|Cộng|TỔNG CỘNG|TỔNG SỐ|CỘNG)\b")


def _table_data(table: dict) -> dict:
    out = {"cot": table["cot"], "dong": list(table["dong"])}
    last = out["dong"][-1] if out["dong"] else None
    if last and len(last) == len(out["cot"]) and any(TOTALS.match(cell) for cell in last):
        out["tong"] = out["dong"].pop()
    fields = []
    for header in table["cot"]:
        found = next((key for key, pattern in TABLE_COLUMNS if pattern.search(header)), None)
        fields.append(found if found not in fields else None)
    if "ten" in fields and any(key in fields for key in EXECUTORS):
        out["truong"] = fields
    return out


# --- the parser ---------------------------------------------------------------------------------


class _Parser:
    def __init__(self, lines: list[Line], notes: dict[str, str]):
        self.lines = lines
        self.notes = notes
        self.issuer_full: str | None = None  # the issuer's name in full, when an appendix line gives it
        self.position = 0
        self.data: dict = {}
        self.warnings: list[str] = []

    def peek(self, ahead: int = 0) -> Line | None:
        index = self.position + ahead
        return self.lines[index] if index < len(self.lines) else None

    def take(self) -> Line:
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
        self._footnotes()
        while self.peek() is not None:
            line = self.take()
            self.warnings.append(f"không xếp được dòng «{line[:60]}»: giữ thành đoạn văn cuối nội dung")
            self.data.setdefault("noi_dung", []).append({"doan": [str(line)]})
        return Imported(_plain(self.data), self.warnings)

    @property
    def loai(self):
        return LOAI_VAN_BAN[self.data["loai"]]

    # header: agency lines, quốc hiệu and tiêu ngữ (the form's), rules, Số, place and date
    def _header(self) -> list[str]:
        agency: list[str] = []
        while (line := self.peek()) is not None and line not in TYPE_NAMES and not line.startswith("Kính gửi"):
            self.take()
            if QUOC_HIEU.match(line) or TIEU_NGU.match(line) or RULE_LINE.match(line):
                continue
            if VE_VIEC.match(line):            # a công văn: its trích yếu under its number (Mẫu 1.5)
                summary = [VE_VIEC.sub("", line)]
                while (more := self.peek()) is not None and not (
                        QUOC_HIEU.match(more) or TIEU_NGU.match(more) or RULE_LINE.match(more) or NUMBER.match(more)
                        or DATE.match(more) or DRAFT_DATE.match(more) or GARBLED_DATE.match(more)
                        or more.startswith("Kính gửi") or more in TYPE_NAMES):
                    summary.append(self.take())
                text = " ".join(summary).strip()
                self.data["ve_viec"] = text[:1].upper() + text[1:]
                continue
            if (number := NUMBER.match(line)):
                if number.group("so"):
                    self.data["so"] = int(number.group("so"))
                if number.group("nam"):
                    self.data["quy_pham"] = True
                    self.data["nam"] = int(number.group("nam"))
                self.data["ky_hieu"] = re.sub(r"\s+", "", number.group("ky_hieu"))
            elif (dated := DATE.match(line)):
                self.data["dia_danh"] = dated.group("place").strip()
                self.data["ngay"] = date(int(dated.group("y")), int(dated.group("m")), int(dated.group("d")))
            elif (draft := DRAFT_DATE.match(line)):
                self.data["dia_danh"] = draft.group("place").strip()
                if draft.group("y"):
                    self.data["nam"] = int(draft.group("y"))
            elif (garbled := GARBLED_DATE.match(line)):
                self.data["dia_danh"], self.data["nam"] = garbled.group("place").strip(), int(garbled.group("y"))
                self.warnings.append(f"ngày ban hành không đọc được «{line}»: để trống ngày, tháng — cần ghi lại")
            elif _is_upper(line):
                agency.append(line)     # a Word header table may put the quốc hiệu's cell first
            else:
                self.warnings.append(f"dòng đầu văn bản không nhận ra: «{line[:60]}»")
        if "ngay" in self.data:
            self.data.pop("nam", None)
        return agency

    def _title(self) -> None:
        if "ve_viec" in self.data:             # no type name: a công văn
            self.data["loai"] = "cong-van"
            self.data["trich_yeu"] = self.data.pop("ve_viec")
            return
        line = self.peek()
        if line is None or line not in TYPE_NAMES:
            raise LoiDuLieu.mot("?", "không tìm thấy tên loại văn bản (KẾ HOẠCH, QUYẾT ĐỊNH…) hay trích yếu «V/v …» "
                                     "của công văn")
        self.take()
        self.data["loai"] = TYPE_NAMES[line].ma
        first = self.peek()
        if first is None or first.startswith(OPENING_WORDS + ("Kính gửi",)) or read_label(first, self.loai.dieu):
            self.warnings.append("văn bản không có trích yếu dưới tên loại")
            self.data["trich_yeu"] = ""
            return
        summary = [self.take()]
        # the trích yếu may wrap over several lines; an upper-case line after it is the authority
        # line of a decision (some transcripts print the trích yếu itself in capitals)
        while (line := self.peek()) is not None and not _starts_body(line, self.loai.dieu) and not _is_upper(line):
            if RULE_LINE.match(line):
                self.take()                     # the rule under the trích yếu is the form's
                break
            summary.append(self.take())
        self.data["trich_yeu"] = " ".join(summary)

    def _opening(self) -> None:
        self._addressees()
        if self.loai.dieu:
            self._decision_opening()
            return
        bases: list[str] = []
        while (line := self.peek()) is not None and line.startswith("Căn cứ"):
            bases.append(self.take())
        if bases:
            self.data["mo_dau"] = bases     # a plan's căn cứ lines are running text, as printed

    def _addressees(self) -> None:
        line = self.peek()
        if line is None or not line.startswith("Kính gửi"):
            return
        self.take()
        rest = line.split(":", 1)[1].strip() if ":" in line else ""
        if rest:
            self.data["kinh_gui"] = [rest.rstrip(".;")]
            return
        items = []
        while (line := self.peek()) is not None and line.startswith(DASHES):
            items.append(self.take().lstrip("-–+ ").rstrip(";."))
        self.data["kinh_gui"] = items

    def _decision_opening(self) -> None:
        """Authority line, căn cứ lines, `QUYẾT ĐỊNH:` (Mẫu 1.2) — or the normative form (NĐ 78):
        no authority line, the căn cứ block closed by an enacting sentence."""
        line = self.peek()
        if line is not None and _is_upper(line) and not line.rstrip(":").strip() in ENACTING_LINES:
            self.data["tham_quyen_ban_hanh"] = self.take()
        opening = []
        while (line := self.peek()) is not None and not read_label(line, True) and line.rstrip(":").strip() not in ENACTING_LINES:
            opening.append(self.take())
        if self.peek() is not None and self.peek().rstrip(":").strip() in ENACTING_LINES:
            if not self.take().endswith(":"):
                self.warnings.append("dòng «QUYẾT ĐỊNH» (QUYẾT NGHỊ) thiếu dấu hai chấm: in lại có dấu hai chấm")
        elif opening and not opening[-1].startswith(OPENING_WORDS):
            self.data["cau_ban_hanh"] = opening.pop().rstrip(".")
        if opening:
            self.data["can_cu"] = [text.rstrip(";.").rstrip() for text in opening]

    def _body(self) -> None:
        tree = _Tree(self.warnings, self.loai.dieu, "dieu" if self.loai.dieu else "I")
        while (line := self.peek()) is not None:
            if self._closing_starts() or NOI_NHAN_LINE.match(line):
                break
            if line.startswith("(") and line.endswith(")") and NOI_NHAN_LINE.match(self.peek(1) or ""):
                break  # the "(Đính kèm …)" note of a body without closing sentence
            tree.add(self.take())
        root = tree.finish()
        if not self.loai.dieu and "ket_luan" not in self.data:
            self._closing_paragraph(root)
        self.data["noi_dung"] = [_to_data(child, root.child_style, self.loai.dieu) for child in root.children]
        _drop_end_mark(self.data["noi_dung"], self.lines[self.position:])
        if root.paragraphs:
            self.data.setdefault("mo_dau", []).extend(root.paragraphs)

    def _closing_starts(self) -> bool:
        """`Trên đây là …` closes the body only where Nơi nhận (or the end) follows, perhaps after an
        attachment note; a report also says `Trên đây là một số kết quả…, cụ thể như sau:` in its middle."""
        line = self.peek()
        if not line or not line.startswith("Trên đây"):
            return False
        after = self.peek(1)
        if after is not None and after.startswith("(") and after.endswith(")"):
            after = self.peek(2)
        return line.endswith("./.") or after is None or NOI_NHAN_LINE.match(after) is not None

    def _closing_paragraph(self, root: _Node) -> None:
        """A body of items closed by a sentence of its own (`… đề nghị các đơn vị phối hợp thực hiện./.`):
        the unlabelled line after the last item is the closing, not part of that item."""
        node = root.children[-1] if root.children else None
        while node is not None and node.children and not node.is_block:
            node = node.children[-1]
        if node is None or node.is_block or len(node.paragraphs) != 1 or not node.paragraphs[0].endswith("./."):
            return
        if node.style not in ("1", "a", "-", "+", "I"):
            return
        self.data["ket_luan"] = node.paragraphs.pop()

    def _closing(self) -> None:
        line = self.peek()
        if line and self._closing_starts():
            self.data["ket_luan"] = self.take()
        line = self.peek()
        if line and line.startswith("(") and line.endswith(")") and not KEM_THEO.match(line):
            self.data["dinh_kem"] = self.take()

    def _recipients(self) -> None:
        line = self.peek()
        heading = NOI_NHAN_LINE.match(line) if line else None
        if heading is None:
            self.warnings.append("không thấy phần Nơi nhận")
            return
        self.take()
        if heading.group("first"):                      # "Nơi nhận: - Ban Giám đốc Sở;" on one line
            self.lines.insert(self.position, Line(heading.group("first")))
        items: list = []
        seen_as_above = False
        while (line := self.peek()) is not None and line.startswith(DASHES):
            text = self.take().lstrip("-–+").strip()
            if line.startswith("+") and items and isinstance(items[-1], dict):
                items[-1]["muc"].append(text.rstrip(";.").strip())
                continue
            if text.endswith(":") and (self.peek() or "").startswith("+"):
                items.append({"ten": text.rstrip(":").strip(), "muc": []})
                continue
            archive = LUU.match(text)
            if archive:
                unit = archive.group("unit").strip()
                unit = unit[:-1] if unit.endswith((".", ";")) else unit
                if unit:
                    self.data["luu"] = unit
                continue
            item = text.rstrip(";.").strip()
            article = re.match(r"^Như Điều (\d+)$", item)
            if article and not items:
                self.data["nhu_dieu"] = int(article.group(1))  # docgen writes this line itself
            elif item == "Như trên" and not items and self.data.get("kinh_gui"):
                seen_as_above = True
            else:
                items.append(item)
        self.data["noi_nhan"] = items
        if self.data.get("kinh_gui") and not seen_as_above:
            self.data["nhu_tren"] = False

    def _signature(self) -> None:
        titles = []
        while (line := self.peek()) is not None and _is_upper(line) and not self._appendix_starts():
            titles.append(self.take())
        while (line := self.peek()) is not None and SIGNED_NOTE.match(line):
            self.warnings.append(f"bỏ dòng «{line}» trong khối chữ ký (ghi chú của bản sao, không phải họ tên)")
            self.take()
        name = self.peek()
        if not titles or name is None:
            self.warnings.append("không thấy khối chữ ký (chức vụ, họ tên người ký)")
            return
        self.take()
        authority = [t for t in titles if AUTHORITY.match(t)]
        own = [t for t in titles if not AUTHORITY.match(t)]
        self.data["nguoi_ky"] = {"ho_ten": name, "chuc_vu": own[-1] if own else titles[-1],
                                 "tham_quyen": authority}

    # appendices: "Phụ lục …", "Biểu 01: …", a title over "(Kèm theo …)", or a text adopted with the
    # decision opening with its own agency and quốc hiệu lines (Quy chế, Danh sách)
    def _appendix_starts(self, ahead: int = 0) -> bool:
        line = self.peek(ahead)
        if line is None:
            return False
        if APPENDIX_LABEL.match(line) and (":" in line or _is_upper(line) or KEM_THEO.match(self.peek(ahead + 1) or "")
                                            or KEM_THEO.match(self.peek(ahead + 2) or "")):
            return True
        if _is_upper(line) and KEM_THEO.match(self.peek(ahead + 1) or ""):
            return True
        index = ahead
        while (candidate := self.peek(index)) is not None and _is_upper(candidate) and not QUOC_HIEU.match(candidate):
            index += 1
        return index > ahead and QUOC_HIEU.match(self.peek(index) or "") is not None

    def _appendices(self) -> None:
        appendices = []
        while self.peek() is not None and self._appendix_starts():
            appendix = self._appendix()
            if appendix is not None:
                appendices.append(appendix)
        if appendices:
            self.data["phu_luc"] = appendices

    def _appendix(self) -> dict | None:
        out: dict = {}
        if not APPENDIX_LABEL.match(self.peek()) and not KEM_THEO.match(self.peek(1) or ""):
            while not QUOC_HIEU.match(self.take()):
                pass                                      # the agency lines of the header copy
            while (line := self.peek()) is not None and (TIEU_NGU.match(line) or RULE_LINE.match(line)):
                self.take()
            if self.peek() is None:
                self.warnings.append("văn bản kết thúc bằng dòng tên cơ quan và quốc hiệu, không có nội dung kèm theo")
                return None
            kind = self.take()
            out["ten_loai"] = kind.capitalize() if kind in TYPE_NAMES else kind
            title = []
            while (line := self.peek()) is not None and not KEM_THEO.match(line) and not read_label(line, True):
                title.append(self.take())
            out["tieu_de"] = " ".join(title)
        else:
            label = APPENDIX_LABEL.match(self.peek())
            line = self.take()
            if label and label.group("title"):
                out.update(nhan=label.group("label"), nhan_cung_dong=True, tieu_de=label.group("title"))
            elif label:
                out["nhan"] = label.group("label")
                out["tieu_de"] = self.take() if self.peek() is not None else ""
            else:
                out.update(nhan="", tieu_de=line)
            if (line := self.peek()) is not None and line[:1].islower():
                out["phu_de"] = self.take()
        if not _is_upper(out["tieu_de"]):
            out["tieu_de_in_hoa"] = False
        attached = []
        if (line := self.peek()) is not None and KEM_THEO.match(line):
            attached.append(self.take())
            while not attached[-1].endswith(")") and self.peek() is not None and len(attached) < 4:
                attached.append(self.take())
            issuer = re.search(r"\bcủa (.+)\)$", " ".join(attached))
            if issuer:
                self.issuer_full = issuer.group(1).strip()
        out["kem_theo"] = "\n".join(attached)
        tree = _Tree(self.warnings, True, "I")
        while self.peek() is not None and not self._appendix_starts():
            tree.add(self.take())
        root = tree.finish()
        children = list(root.children)
        if root.paragraphs:
            out["doan"] = root.paragraphs
        if children and children[-1].table is not None and len(children) == 1:
            out["bang"] = _table_data(children.pop().table)
        if children:
            style = children[0].style or "I"
            if style != "I":
                out["kieu_muc"] = style
            if any(c.style == "I" and c.text and not _is_upper(c.text) for c in children):
                out["muc_in_hoa"] = False
            out["noi_dung"] = [_to_data(child, style, True) for child in children]
        return out

    def _footnotes(self) -> None:
        if not self.notes:
            return
        used = {key for line in self.lines for key in re.findall(r"\[\^([^\]]+)\]", line)}
        self.data["chu_thich"] = {key: text for key, text in self.notes.items() if key in used}
        for key in set(self.notes) - used:
            self.warnings.append(f"chú thích {key} không được dẫn trong văn bản: giữ ở cuối nội dung")
            self.data.setdefault("noi_dung", []).append({"doan": [self.notes[key]]})

    def _agency(self, agency_lines: list[str]) -> None:
        ky_hieu = self.data.get("ky_hieu", "")
        parts = ky_hieu.split("-")
        # KH-SCT: the type, then the agency; a công văn's SNV-CCVC: the agency, then its drafting unit
        abbreviation = (parts[0] if self.loai.ma == "cong-van" else parts[-1]) if len(parts) > 1 else "?"
        place = self.data.get("dia_danh", "?")
        if self.loai.viet_tat and ky_hieu == f"{self.loai.viet_tat}-{abbreviation}":
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
        parents, names = split_agency(agency_lines)
        self.data["co_quan"] = {"ten": names, "viet_tat": abbreviation, "dia_danh": place}
        if parents:
            self.data["co_quan"]["chu_quan"] = parents
        if self.issuer_full:
            self.data["co_quan"]["ten_day_du"] = self.issuer_full
        self.data.pop("dia_danh", None)


def split_agency(lines: list[str]) -> tuple[list[str], list[str]]:
    """`UBND TỈNH LÀO CAI / SỞ CÔNG THƯƠNG` → parent and agency; `ỦY BAN NHÂN DÂN / TỈNH LÀO CAI` is one
    name on two lines (a line naming a place continues the line above it)."""
    groups: list[list[str]] = []
    for line in lines:
        if groups and (line.startswith(PLACE_WORDS) or not line.startswith(HEADING_WORDS)):
            groups[-1].append(line)
        else:
            groups.append([line])
    if len(groups) < 2:
        return [], lines
    return [line for group in groups[:-1] for line in group], groups[-1]


def _starts_body(line: str, articles: bool) -> bool:
    return bool(line.startswith(OPENING_WORDS + ("Kính gửi",)) or read_label(line, articles)
                and read_label(line, articles)[0] in ("I", "dieu"))


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


def import_document(path: Path | str) -> Imported:
    path = Path(path)
    if not path.is_file():
        raise LoiDuLieu.mot(path, "không tìm thấy tệp")
    if path.suffix.lower() == ".docx":
        lines, notes = lines_from_docx(path)
    else:
        lines, notes = lines_from_text(path)
    parser = _Parser(lines, notes)
    try:
        return parser.run()
    except LoiDuLieu as exc:
        raise LoiDuLieu.mot(path, exc.problems[0].thong_diep) from None
