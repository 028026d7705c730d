"""The administrative document (văn bản hành chính) as typed data.

One model serves every type (Kế hoạch, Quyết định, Báo cáo, Công văn, Tờ trình…): the parts NĐ 30
names (ô 1–9 of Phụ lục I) are fields, and the body is a tree of `Muc` nodes that carry no
labels. Labels are computed (see `outline`); the *style* a level is printed in (I. / 1. / a) / - /
+, Điều / khoản / điểm, Chương, or no label) follows the level by default and is data where the
author chose otherwise (`kieu`, `kieu_muc`): real plans put `-` items straight under `1.`.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from docgen import vietnamese as vi
from docgen.model import chu_thich
from docgen.model.loai import LOAI_VAN_BAN, LoaiVanBan, tim_loai

MAX_DEPTH = 5  # I. → 1. → a) → - → + (or Điều → khoản → điểm → - → +), below Phần / Chương / Mục
CHAPTER_STYLES = ("phan", "chuong", "muc-chuong")

# Label styles. "I": I., II.; "1": 1., 2.; "1.1": 1.1., 1.2. (the parent's number first); "a": a), b);
# "a.": a., b. (a variant seen in real reports); "-", "+"; "": no label (a running paragraph);
# "phan": Phần I; "chuong": Chương I; "muc-chuong": Mục 1 (inside a chapter); "dieu": Điều 1.
KieuNhan = Literal["I", "1", "1.1", "a", "a.", "-", "+", "", "phan", "chuong", "muc-chuong", "dieu"]

THAM_QUYEN = re.compile(r"^(TM|KT|Q|TL|TUQ)\. \S")
HOC_HAM = re.compile(r"^(GS|PGS|TS|ThS|CN|KS|BS|Th\.S)\.?\s", re.IGNORECASE)
KY_HIEU = re.compile(r"^[A-ZĐa-zđ0-9&]+(-[A-ZĐa-zđ0-9&]+)+$")


def _lines(value):
    """A one-line text may be written as a string where a list of lines is expected."""
    return [value] if isinstance(value, str) else value


def _date(value):
    """Accept YAML dates, ISO strings and the clerk's `12/6/2024`."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str) and "/" in value:
        try:
            return datetime.strptime(value.strip(), "%d/%m/%Y").date()
        except ValueError:
            raise ValueError(f"ngày '{value}' không hợp lệ (viết dạng 12/6/2024 hoặc 2024-06-12)") from None
    return value


Lines = Annotated[list[str], BeforeValidator(_lines)]
Ngay = Annotated[date, BeforeValidator(_date)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class CoQuan(_Model):
    """An issuing body (cơ quan ban hành) and, if any, its direct parent (cơ quan chủ quản)."""

    ten: Lines = Field(min_length=1)          # name lines as printed, e.g. ỦY BAN NHÂN DÂN / THÀNH PHỐ CẦN THƠ
    viet_tat: str                              # UBND, SNV — the last group of every ký hiệu
    dia_danh: str                              # Cần Thơ — the place of ô 4
    chu_quan: Lines = []                       # UBND THÀNH PHỐ CẦN THƠ above SỞ NỘI VỤ
    ten_day_du: str | None = None              # Ủy ban nhân dân thành phố Cần Thơ, for citations
    ma: str | None = None                      # the profile key; identifies the agency in the register
    danh_so: Literal["chung", "theo-loai"] = "chung"  # one number series for all types, or one per type
    mau_word: dict[str, str] = {}                   # its own Word templates by type: quyet-dinh: mau/qd.docx

    @field_validator("ten", "chu_quan")
    @classmethod
    def _upper(cls, lines: list[str]) -> list[str]:
        return [vi.upper_vi(line) for line in lines]

    @field_validator("mau_word")
    @classmethod
    def _known_types(cls, templates: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(templates) - set(LOAI_VAN_BAN))
        if unknown:
            raise ValueError(f"'{unknown[0]}' không phải loại văn bản; các loại: {', '.join(sorted(LOAI_VAN_BAN))}")
        return templates

    @property
    def ten_thuong(self) -> str:
        """The name as a sentence writes it: the full name given, else from the printed lines."""
        return self.ten_day_du or vi.agency_name(self.ten)


class NguoiKy(_Model):
    """A signer (người ký) and the authority lines (ô 7a) they usually sign under."""

    ho_ten: str
    chuc_vu: str                               # own title: CHỦ TỊCH, PHÓ CHỦ TỊCH, GIÁM ĐỐC
    tham_quyen: list[str] = []                 # TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH …
    co_quan: list[str] = []                    # profile keys of the agencies they sign for; none: any

    @field_validator("co_quan", mode="before")
    @classmethod
    def _one_or_more(cls, value):
        return [value] if isinstance(value, str) else value

    @field_validator("ho_ten")
    @classmethod
    def _no_degree(cls, name: str) -> str:
        if HOC_HAM.match(name):
            raise ValueError("không ghi học hàm, học vị trước họ tên người ký (NĐ 30, Phụ lục I)")
        return name

    @field_validator("chuc_vu")
    @classmethod
    def _title_upper(cls, title: str) -> str:
        return vi.upper_vi(title)

    @field_validator("tham_quyen")
    @classmethod
    def _authority(cls, lines: list[str]) -> list[str]:
        return [_check_authority(line) for line in lines]


def _check_authority(line: str) -> str:
    line = vi.upper_vi(line)
    if not THAM_QUYEN.match(line):
        raise ValueError(
            f"'{line}': dòng thẩm quyền ký phải bắt đầu bằng TM., KT., Q., TL. hoặc TUQ. (NĐ 30, Điều 13)"
        )
    return line


TASK_FIELD_KEYS = ("noi_dung", "chu_tri", "thuc_hien", "tham_muu", "phoi_hop", "thoi_gian", "san_pham")


class NhiemVu(_Model):
    """What makes a node a task: who leads (or the one executor), who drafts, who helps, what, when.

    Plans word the fields their own way (`Đơn vị chủ trì thực hiện`, `Thời gian hoàn thành`…):
    `ten_truong` keeps the printed name of a field where it differs from docgen's, and
    `trinh_bay` how the fields are printed — one labelled line each (`dong`, docgen's form), one
    unlabelled line each (`doan`), or all on one line joined by `; ` (`mot-dong`).
    """

    noi_dung: str | None = None                # nội dung thực hiện
    chu_tri: str | None = None                 # cơ quan chủ trì
    thuc_hien: str | None = None               # one executor, no chủ trì / phối hợp split
    tham_muu: str | None = None                # cơ quan tham mưu
    phoi_hop: str | None = None                # cơ quan phối hợp
    thoi_gian: str | None = None               # thời gian thực hiện / hoàn thành, as the plan words it
    san_pham: str | None = None                # sản phẩm
    ten_truong: dict[str, str] = {}            # field key → printed name, where not docgen's
    trinh_bay: Literal["dong", "doan", "mot-dong", "tieu-de"] = "dong"   # tieu-de: the heading names
                                               # the body (`1. Sở Công Thương`); no field lines printed
    kieu: KieuNhan | None = None               # label of the field lines (`dong`), default: the next level
    sau_muc: bool = False                      # fields printed after the node's children

    @model_validator(mode="after")
    def _has_executor(self) -> "NhiemVu":
        if not (self.chu_tri or self.thuc_hien):
            raise ValueError("nhiệm vụ cần 'chu_tri' (cơ quan chủ trì) hoặc 'thuc_hien' (đơn vị thực hiện)")
        unknown = set(self.ten_truong) - set(TASK_FIELD_KEYS)
        if unknown:
            raise ValueError(f"ten_truong: không có trường {', '.join(sorted(unknown))} "
                             f"(các trường: {', '.join(TASK_FIELD_KEYS)})")
        return self

    @property
    def don_vi(self) -> str:
        """The body that answers for the task: the chủ trì, or the one executor."""
        return self.chu_tri or self.thuc_hien or ""


TABLE_FIELDS = ("stt", "ten", *TASK_FIELD_KEYS[1:], "ghi_chu")


class Bang(_Model):
    """A table: header row (repeated on every page), rows of text, optional column widths in mm.

    A row of one cell spans the whole table (a group row, `I. …`); `tong` is a totals row.
    `truong` says what each column holds when the rows are tasks (`ten`, `chu_tri`, `thuc_hien`,
    `phoi_hop`, `thoi_gian`, `san_pham`, `stt`, `ghi_chu`, or null): the table is then read as tasks.
    """

    cot: list[str] = Field(min_length=1)
    dong: list[list[str]] = []
    tong: list[str] | None = None
    do_rong_mm: list[float] | None = None
    can_le: list[Literal["trai", "giua", "phai"]] | None = None   # per column: left, centre, right
    truong: list[str | None] | None = None

    @field_validator("dong", mode="before")
    @classmethod
    def _cells_as_text(cls, rows):
        return [[("" if cell is None else str(cell)) for cell in row] for row in rows] if isinstance(rows, list) else rows

    @model_validator(mode="after")
    def _shape(self) -> "Bang":
        for index, row in enumerate(self.dong, start=1):
            if len(row) != len(self.cot) and len(row) != 1:
                raise ValueError(f"dòng {index} của bảng có {len(row)} ô, bảng có {len(self.cot)} cột "
                                 "(một ô: dòng nhóm trải hết bảng)")
        if self.tong is not None and len(self.tong) != len(self.cot):
            raise ValueError("dòng tổng cộng (tong) phải có đúng một ô cho mỗi cột")
        if self.truong is not None:
            if len(self.truong) != len(self.cot):
                raise ValueError("truong phải nêu đúng một trường cho mỗi cột (null: cột không thuộc nhiệm vụ)")
            unknown = {t for t in self.truong if t is not None} - set(TABLE_FIELDS)
            if unknown:
                raise ValueError(f"truong: không có trường {', '.join(sorted(unknown))} "
                                 f"(các trường: {', '.join(TABLE_FIELDS)})")
        if self.do_rong_mm is not None and len(self.do_rong_mm) != len(self.cot):
            raise ValueError("do_rong_mm phải có đúng một độ rộng cho mỗi cột")
        if self.can_le is not None and len(self.can_le) != len(self.cot):
            raise ValueError("can_le phải có đúng một cách căn lề cho mỗi cột")
        return self


class Hinh(_Model):
    """A picture (a chart made by docgen, PNG bytes) under a heading, with its caption."""

    du_lieu: bytes = Field(repr=False)
    rong_mm: float = Field(default=150, gt=10, le=165)
    chu_thich: str | None = None
    mo_ta: str | None = None                   # what the picture shows, in words (its alternative text)

    @field_validator("du_lieu")
    @classmethod
    def _png(cls, data: bytes) -> bytes:
        if not data.startswith(b"\x89PNG\r\n\x1a\n"):
            raise ValueError("hình phải là ảnh PNG")
        return data


class Muc(_Model):
    """A node of the body tree. Its label is computed from its place; its label *style* from its
    level unless `kieu` (its own) or the parent's `kieu_muc` (all its children's) says otherwise.
    A node with neither heading nor text is a block: its paragraphs, table or picture stand at its
    place among the siblings, unlabelled, and take no number."""

    tieu_de: str | None = None                 # heading: "Mục tiêu", or a task's title
    van_ban: str | None = None                 # text on the same line after the heading (or alone)
    doan: list[str] = []                       # unlabelled paragraphs under the heading
    muc: list[Union["Muc", str]] = []          # labelled children; a plain string is a leaf
    nhiem_vu: NhiemVu | None = None
    bang: Bang | None = None                   # a table after the paragraphs (reports)
    hinh: Hinh | None = None                   # a picture after the table
    kieu: KieuNhan | None = None               # this node's label style
    kieu_muc: KieuNhan | None = None           # the label style of its children

    @model_validator(mode="after")
    def _has_content(self) -> "Muc":
        if not (self.tieu_de or self.van_ban or self.doan or self.bang or self.hinh):
            raise ValueError("mỗi mục cần 'tieu_de', 'van_ban', 'doan' hoặc 'bang'")
        if self.nhiem_vu and not (self.tieu_de or self.van_ban):
            raise ValueError("nhiệm vụ cần 'tieu_de' (tên nhiệm vụ)")
        if self.muc and not (self.tieu_de or self.van_ban):
            raise ValueError("mục có mục con cần 'tieu_de' hoặc 'van_ban'")
        return self

    @property
    def la_khoi(self) -> bool:
        """A block of unlabelled paragraphs/table, not a labelled item."""
        return not (self.tieu_de or self.van_ban)


Node = Union[Muc, str]


class PhuLuc(_Model):
    """An appendix (phụ lục), or a text adopted with the document (ten_loai: Danh sách, Quy chế):
    own pages, numbered from 1, with its own heading block."""

    tieu_de: str
    tieu_de_in_hoa: bool = True                # the title in capitals (a Quy chế's trích yếu is not)
    ten_loai: str | None = None                # "Danh sách": printed DANH SÁCH instead of "Phụ lục"
    nhan: str | None = None                    # the heading as the source prints it ("Phụ lục số 01:",
                                               # "Biểu 01:"); "" for none; default "Phụ lục", "Phụ lục II"
    nhan_cung_dong: bool = False               # "Phụ lục: DANH SÁCH …" on one line
    phu_de: str | None = None                  # a line under the title, in the source's case
    kem_theo: str | None = None                # "(Kèm theo …)" as printed; default: docgen's; "" for none
    noi_dung: list[Node] = []
    kieu_muc: KieuNhan | None = None
    muc_in_hoa: bool = True                    # first-level headings in capitals (I. MỤC ĐÍCH)
    doan: list[str] = []
    bang: Bang | None = None


class NhomNoiNhan(_Model):
    """A Nơi nhận item with items of its own: `- Văn phòng UBND tỉnh:` then `+ …;` lines."""

    ten: str
    muc: list[str] = Field(min_length=1)

    @field_validator("ten")
    @classmethod
    def _bare(cls, text: str) -> str:
        return _bare_recipient(text).rstrip(":").strip()

    @field_validator("muc")
    @classmethod
    def _items(cls, items: list[str]) -> list[str]:
        return [_bare_recipient(item).lstrip("+").strip() for item in items]


class VanBan(_Model):
    """One administrative document, every reference already resolved."""

    loai: LoaiVanBan
    co_quan: CoQuan
    so: int | None = Field(default=None, ge=1)  # None: a draft, the number is given when issued
    ky_hieu: str | None = None                 # override of the symbol after the number (KH-UBND)
    ngay: Ngay | None = None                   # None: a draft
    nam: int | None = Field(default=None, ge=1900, le=2200)  # year printed on a draft without date
    dia_danh: str | None = None                # override of the agency's place name
    trich_yeu: str
    tham_quyen_ban_hanh: str | None = None     # decisions: "Chủ tịch Ủy ban nhân dân thành phố Cần Thơ"
    quy_pham: bool = False                     # normative (NĐ 78/2025): the number carries the year
    cau_ban_hanh: str | None = None            # normative: the enacting sentence instead of "QUYẾT ĐỊNH:"
    kinh_gui: Lines = Field(default_factory=list)
    can_cu: list[str] = Field(default_factory=list)  # italic căn cứ lines, `;` each, the last `.`
    mo_dau: list[str] = Field(default_factory=list)  # opening paragraphs in body style
    noi_dung: list[Node] = Field(default_factory=list)
    kieu_muc: KieuNhan | None = None           # label style of the body's first level
    ket_luan: str | None = None                # closing sentence, ends `./.`
    dinh_kem: str | None = None                # "(Đính kèm …)" note after the closing
    chu_thich: dict[str, str] = Field(default_factory=dict)  # footnotes by key, referenced as [^key]
    noi_nhan: list[Union[str, NhomNoiNhan]] = Field(default_factory=list)
    nhu_dieu: int | None = Field(default=None, ge=1)  # Nơi nhận opens "Như Điều 3;"
    nhu_tren: bool = True                      # with a Kính gửi, Nơi nhận opens "Như trên;"
    luu: str | None = None                     # drafting unit for "Lưu: VT, …."
    nguoi_ky: NguoiKy
    thu_ky: NguoiKy | None = None              # a biên bản's secretary, signing on the left (Mẫu 1.9)
    tham_quyen: list[str] | None = None        # overrides the signer's usual authority lines
    phu_luc: list[PhuLuc] = Field(default_factory=list)
    mat: bool = False                          # confidential: numbered in its own series (NĐ 30 Đ.15)
    so_ban: int | None = Field(default=None, ge=1)  # copies issued, for the paper register

    @field_validator("loai", mode="before")
    @classmethod
    def _loai(cls, value):
        """A type is named by its key; written out as a mapping in a data file it could point the
        template and the output at any path of the machine."""
        if isinstance(value, str):
            return tim_loai(value)
        if isinstance(value, LoaiVanBan):
            return value
        raise ValueError("loai là mã loại văn bản (ví dụ quyet-dinh, cong-van), không phải một bảng giá trị")

    @field_validator("tham_quyen")
    @classmethod
    def _authority(cls, lines):
        return None if lines is None else [_check_authority(line) for line in lines]

    @field_validator("ky_hieu")
    @classmethod
    def _symbol(cls, value):
        if value is not None and not KY_HIEU.match(value):
            raise ValueError(f"ký hiệu '{value}' không đúng dạng (ví dụ KH-UBND: chữ viết tắt nối bằng '-', không dấu cách)")
        return value

    @field_validator("noi_nhan")
    @classmethod
    def _recipient(cls, items: list) -> list:
        return [_bare_recipient(item) if isinstance(item, str) else item for item in items]

    @model_validator(mode="after")
    def _consistent(self) -> "VanBan":
        if self.loai.viet_tat is None and self.ky_hieu is None:
            raise ValueError(f"{self.loai.ten} không có chữ viết tắt tên loại: cần ghi 'ky_hieu' (ví dụ UBND-NV)")
        if self.loai.kinh_gui and not self.kinh_gui:
            raise ValueError(f"{self.loai.ten} cần phần 'kinh_gui'")
        if self.loai.ma in ("quyet-dinh", "nghi-quyet") and not (self.tham_quyen_ban_hanh or self.cau_ban_hanh):
            raise ValueError("Quyết định cần 'tham_quyen_ban_hanh' (ví dụ: Chủ tịch Ủy ban nhân dân thành phố "
                             "Cần Thơ, hoặc Ủy ban nhân dân thành phố Cần Thơ), hoặc 'cau_ban_hanh' với văn bản quy phạm")
        if self.quy_pham and self.ngay is None and self.nam is None:
            raise ValueError("văn bản quy phạm ghi năm trong số (16/2026/QĐ-UBND): cần 'ngay' hoặc 'nam'")
        _check_footnotes(self)
        for node in self.noi_dung:
            _check_depth(node, 1, self.kieu_muc)
        for appendix in self.phu_luc:
            for node in appendix.noi_dung:
                _check_depth(node, 1, appendix.kieu_muc)
        return self

    # --- derived values the renderers share ---------------------------------------

    @property
    def ky_hieu_day_du(self) -> str:
        symbol = self.ky_hieu or f"{self.loai.viet_tat}-{self.co_quan.viet_tat}"
        if self.quy_pham:
            return f"{self.ngay.year if self.ngay else self.nam}/{symbol}"
        return symbol

    @property
    def la_du_thao(self) -> bool:
        return self.so is None or self.ngay is None

    @property
    def dong_so(self) -> str:
        return vi.number_line(self.so, self.ky_hieu_day_du)

    @property
    def dong_ngay(self) -> str:
        place = self.dia_danh or self.co_quan.dia_danh
        return vi.place_date_line(place, self.ngay, self.nam)

    @property
    def dong_tham_quyen(self) -> list[str]:
        return self.tham_quyen if self.tham_quyen is not None else self.nguoi_ky.tham_quyen

    def cac_doan_van(self):
        """Every text field that may carry footnote markers, in reading order."""
        yield from self.kinh_gui
        yield from self.can_cu
        yield from self.mo_dau
        for node in self.noi_dung:
            yield from _node_texts(node)
        if self.ket_luan:
            yield self.ket_luan
        if self.dinh_kem:
            yield self.dinh_kem
        for appendix in self.phu_luc:
            yield from appendix.doan
            for node in appendix.noi_dung:
                yield from _node_texts(node)
            if appendix.bang:
                yield from _table_texts(appendix.bang)


def _bare_recipient(item: str) -> str:
    # Punctuation is the renderer's job; strip what a clerk may have typed.
    return item.strip().lstrip("-").strip().rstrip(";.").strip()


def _node_texts(node: Node):
    if isinstance(node, str):
        yield node
        return
    for text in (node.tieu_de, node.van_ban):
        if text:
            yield text
    yield from node.doan
    if node.bang:
        yield from _table_texts(node.bang)
    if node.hinh and node.hinh.chu_thich:
        yield node.hinh.chu_thich
    for child in node.muc:
        yield from _node_texts(child)
    if node.nhiem_vu:
        yield from (getattr(node.nhiem_vu, key) for key in TASK_FIELD_KEYS if getattr(node.nhiem_vu, key))


def _table_texts(bang: Bang):
    for row in bang.dong:
        yield from row
    yield from bang.tong or []


def _check_footnotes(document: VanBan) -> None:
    seen: list[str] = []
    for text in document.cac_doan_van():
        seen += chu_thich.khoa_trong(text)
    for key in seen:
        if key not in document.chu_thich:
            raise ValueError(f"chú thích [^{key}] được dùng nhưng không có trong 'chu_thich'")
    for key in document.chu_thich:
        count = seen.count(key)
        if count != 1:
            raise ValueError(f"chú thích '{key}' phải được dẫn đúng một lần trong văn bản (đang có {count})")


def _check_depth(node: Node, depth: int, style: str | None = None) -> None:
    """Five levels of labels; the chapter levels above them (Phần, Chương, Mục) and the sub-numbers
    of a level (1.1.) do not count."""
    own = node.kieu if isinstance(node, Muc) and node.kieu is not None else style
    if own in CHAPTER_STYLES or own == "1.1":
        depth -= 1
    if depth > MAX_DEPTH:
        raise ValueError(f"nội dung lồng quá {MAX_DEPTH} cấp (I., 1., a), -, +)")
    if isinstance(node, str):
        return
    if node.nhiem_vu and node.nhiem_vu.trinh_bay == "dong" and depth + 1 > MAX_DEPTH:
        raise ValueError(f"nhiệm vụ '{node.tieu_de}' ở cấp {depth}: không còn cấp cho các dòng chủ trì, phối hợp")
    for child in node.muc:
        _check_depth(child, depth + 1, node.kieu_muc)
