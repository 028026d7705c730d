"""Sub-plans (kế hoạch triển khai): a subordinate unit's plan implementing its parent's plan.

From the parent plan (data) and one unit's profile (one row of `don-vi.csv`): the parent's
objectives carried over; every parent task whose cơ quan chủ trì is this unit's level becomes the
unit's task — its own staff office as tham mưu, its subordinates as phối hợp, the deadline no later
than the parent's (reporting deadlines moved earlier by a lead time); the parent's reporting duty
turned into the unit's; Nơi nhận: the parent body and its coordinating department, the unit's
leaders and subordinates.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from docgen import vietnamese as vi
from docgen.errors import LoiDuLieu
from docgen.model import chu_thich, dia_gioi
from docgen.readers.bang_tinh import parse_date
from docgen.readers.thoi_gian import KhongHieuThoiGian, due_dates, phase_years
from docgen.model.van_ban import Muc, Node, VanBan

NAME = "ke-hoach-con"
DEFAULT_LEAD_DAYS = 10
DEADLINE = re.compile(r"trước ngày (?P<d>\d{1,2}) tháng (?P<m>\d{1,2})(?P<rest> hàng năm| năm \d{4})?")
REPORT_TO = re.compile(r"báo cáo[^.;]*?về (?P<dept>(Sở|Ban|Văn phòng|Phòng)\s[^,;.]+?) trước ngày "
                       r"(?P<d>\d{1,2}) tháng (?P<m>\d{1,2})(?P<rest> hàng năm| năm \d{4})?")


def _parts(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return value
    return [part.strip() for part in str(value).split("|") if part.strip()]


Parts = Annotated[list[str], BeforeValidator(_parts)]


def _optional_date(value: Any):
    return None if value in (None, "") else parse_date(value)

COLUMNS = {
    "ma": "ma", "ma_don_vi": "ma",
    "ten": "ten", "ten_don_vi": "ten", "co_quan": "ten",
    "cap": "cap", "cap_hanh_chinh": "cap",
    "viet_tat": "viet_tat", "dia_danh": "dia_danh",
    "chu_quan": "chu_quan", "co_quan_chu_quan": "chu_quan",
    "nguoi_ky": "nguoi_ky", "ho_ten_nguoi_ky": "nguoi_ky",
    "chuc_vu_ky": "chuc_vu_ky", "chuc_vu_nguoi_ky": "chuc_vu_ky",
    "tham_quyen": "tham_quyen", "tham_quyen_ky": "tham_quyen",
    "co_quan_tham_muu": "tham_muu", "tham_muu": "tham_muu",
    "don_vi_truc_thuoc": "truc_thuoc", "truc_thuoc": "truc_thuoc",
    "nhan_nhiem_vu_cua": "nhan_nhiem_vu", "nhan_nhiem_vu": "nhan_nhiem_vu",
    "lanh_dao": "lanh_dao", "luu": "luu", "noi_nhan_them": "noi_nhan_them",
    "ngay_thanh_lap": "ngay_thanh_lap",
}
REQUIRED = ("ma", "ten", "dia_danh", "nguoi_ky", "chuc_vu_ky", "tham_muu", "nhan_nhiem_vu")


class DonViThucHien(BaseModel):
    """A unit that implements its parent's plan (one row of the unit list)."""

    model_config = ConfigDict(extra="ignore", frozen=True, str_strip_whitespace=True)

    ma: str = Field(min_length=1)                 # key, also the output file name
    ten: str                                      # Ủy ban nhân dân phường Ninh Kiều
    cap: str = "phường"                           # what "trên địa bàn …" calls its area
    viet_tat: str = "UBND"
    dia_danh: str                                 # Ninh Kiều
    chu_quan: str | None = None
    nguoi_ky: str
    chuc_vu_ky: str                               # CHỦ TỊCH
    tham_quyen: Parts = ["TM. ỦY BAN NHÂN DÂN"]
    tham_muu: str                                 # its staff office: Phòng Văn hóa - Xã hội
    truc_thuoc: str | None = None                 # its subordinates: các khu phố
    nhan_nhiem_vu: Parts                          # the parent's chủ trì it takes over: UBND cấp huyện
    lanh_dao: str | None = None                   # its leaders, for Nơi nhận
    luu: str | None = None
    noi_nhan_them: Parts = []
    ngay_thanh_lap: Annotated[date | None, BeforeValidator(_optional_date)] = None   # default: 1/7/2025 for a
                                                  # commune or ward (the two-tier map)

    @property
    def ten_in_hoa(self) -> list[str]:
        """ỦY BAN NHÂN DÂN / PHƯỜNG NINH KIỀU — the header lines of the unit."""
        prefix = "Ủy ban nhân dân "
        if self.ten.startswith(prefix):
            return ["ỦY BAN NHÂN DÂN", vi.upper_vi(self.ten[len(prefix):])]
        return [vi.upper_vi(self.ten)]

    @property
    def ten_ngan(self) -> str:
        """UBND phường Ninh Kiều — how task lines name the unit."""
        return self.ten.replace("Ủy ban nhân dân", "UBND", 1)


def error_field(error: dict) -> str | None:
    location = [part for part in error["loc"] if isinstance(part, str)]
    return location[0] if location else None


# --- what is taken from the parent ---------------------------------------------------------------


def lead_matches(task_lead: str, patterns: list[str]) -> bool:
    lead = " ".join(task_lead.casefold().split())
    return any(" ".join(p.casefold().split()) in lead for p in patterns)


def earlier(expression: str, days: int) -> str:
    """`trước ngày 15 tháng 11 hàng năm` → `trước ngày 05 tháng 11 hàng năm` (10 days); periods
    (`quý III năm 2024`, `hàng năm`) stay as they are: the unit works within the parent's period."""
    def shift(match: re.Match) -> str:
        year = 2001  # any year without 29 February: the wording carries no year
        rest = match.group("rest") or ""
        if rest.startswith(" năm"):
            year = int(rest.split()[-1])
        try:
            moved = date(year, int(match.group("m")), int(match.group("d"))) - timedelta(days=days)
        except ValueError:
            return match.group(0)        # an impossible date (31 tháng 4): left as the parent wrote it
        if rest.startswith(" năm"):
            rest = f" năm {moved.year}"
        return f"trước ngày {vi.day_text(moved.day)} tháng {vi.month_text(moved.month)}{rest}"
    return DEADLINE.sub(shift, expression)


def _unit_task(node: Muc, unit: DonViThucHien, days: int) -> Muc:
    task = node.nhiem_vu
    helpers = "; ".join(part for part in (unit.truc_thuoc, "cơ quan, tổ chức có liên quan") if part)
    return node.model_copy(update={"nhiem_vu": task.model_copy(update={
        "chu_tri": unit.ten_ngan, "thuc_hien": None, "tham_muu": unit.tham_muu, "phoi_hop": helpers,
        "thoi_gian": earlier(task.thoi_gian, days) if task.thoi_gian else None})})


def still_due(task_time: str | None, on: date, phase: tuple[int, int] | None) -> bool | None:
    """Has the task a deadline on or after `on` (within the next ten years)? None: no deadline to
    judge by (a standing task, or a time the reader does not understand)."""
    if not task_time:
        return None
    try:
        dates = [d for year in range(on.year, on.year + 11) for d in due_dates(task_time, year, phase)]
    except KhongHieuThoiGian:
        return None
    return any(d >= on for d in dates)


def _prune(nodes: list[Node], unit: DonViThucHien, days: int, on: date | None = None,
           soat: dia_gioi.Soat | None = None, phase: tuple[int, int] | None = None) -> list[Node]:
    """The parent's tree cut down to this unit's tasks still due on `on` and the headings above them."""
    kept: list[Node] = []
    for node in nodes:
        if isinstance(node, str):
            continue
        own_phase = phase_years(node.tieu_de) or phase
        if node.nhiem_vu is not None:
            if lead_matches(node.nhiem_vu.don_vi, unit.nhan_nhiem_vu):
                if on is not None and still_due(node.nhiem_vu.thoi_gian, on, own_phase) is False:
                    if soat is not None:
                        soat.dropped.append(f"«{(node.tieu_de or '')[:60]}» (thời gian: {node.nhiem_vu.thoi_gian})")
                    continue
                kept.append(_unit_task(node, unit, days))
            continue
        children = _prune(node.muc, unit, days, on, soat, own_phase)
        if children:
            kept.append(node.model_copy(update={"muc": children, "doan": []}))
    return kept


def _objectives(parent: VanBan) -> Muc | None:
    for node in parent.noi_dung:
        if isinstance(node, Muc) and node.tieu_de and re.match(r"(?i)^mục (tiêu|đích)", node.tieu_de):
            return node
    return None


def _reporting(parent: VanBan) -> re.Match | None:
    for text in parent.cac_doan_van():
        found = REPORT_TO.search(text)
        if found:
            return found
    return None


def citation(parent: VanBan) -> str:
    issuer = parent.co_quan.ten_thuong
    number = vi.document_number(parent.so)
    subject = parent.trich_yeu[:1].lower() + parent.trich_yeu[1:]
    if not subject.startswith(("về ", "triển khai", "cử ")):
        subject = "về " + subject
    return (f"{parent.loai.ten} số {number}/{parent.ky_hieu_day_du} {vi.date_words(parent.ngay, parent.nam)} "
            f"của {issuer} {subject}")


def one(base: dict, unit: DonViThucHien) -> dict:
    return adapt(base, unit)[0]


def adapt(base: dict, unit: DonViThucHien) -> tuple[dict, dia_gioi.Soat]:
    """The unit's sub-plan, dated `base["ngay"]` (default today, never the parent's year), with the
    parent's wording brought to the map of that date: what was rewritten and what a person must still
    decide come back in the `Soat`."""
    parent: VanBan = base["cha"]
    days = int(base.get("truoc", DEFAULT_LEAD_DAYS))
    on = base.get("ngay") or date.today()
    created = dia_gioi.created_on(unit.cap, unit.ngay_thanh_lap)
    if created is not None and on < created:
        raise LoiDuLieu.mot(f"đơn vị {unit.ma}", f"{unit.ten} có từ ngày {created:%d/%m/%Y}: không thể lập kế hoạch "
                            f"ngày {on:%d/%m/%Y} (dùng --ngay)", truong="ngay_thanh_lap")
    soat = dia_gioi.Soat()
    cited = citation(parent)
    short_citation = f"{parent.loai.ten} số {vi.document_number(parent.so)}/{parent.ky_hieu_day_du}"
    report = _reporting(parent)
    dept = report.group("dept") if report else None
    deadline = f"trước ngày {report.group('d')} tháng {report.group('m')}{report.group('rest') or ''}" if report else None

    sections: list[dict | Node] = []
    objectives = _objectives(parent)
    if objectives is not None:
        sections.append(_without_footnotes(objectives.model_dump(exclude_none=True, exclude_defaults=True)))
    tasks = []
    for node in parent.noi_dung:
        if isinstance(node, Muc) and node is not objectives:
            tasks += _prune([node], unit, days, on, soat)
    if tasks:
        flattened = [child for section in tasks for child in (section.muc if section.nhiem_vu is None else [section])]
        sections.append({"tieu_de": "Nội dung, nhiệm vụ",
                         "muc": _without_footnotes([c.model_dump(exclude_none=True, exclude_defaults=True)
                                                    if isinstance(c, Muc) else c for c in flattened])})
    if dia_gioi.two_tier(on):
        sections = dia_gioi.rewrite_all(sections, soat, below=unit.truc_thuoc)
    sections.append({"tieu_de": "Kinh phí thực hiện", "doan": [
        "Kinh phí thực hiện Kế hoạch được bảo đảm từ nguồn ngân sách nhà nước theo phân cấp hiện hành và các "
        "nguồn kinh phí hợp pháp khác."]})
    office_duty = (f"Chủ trì, tham mưu {unit.ten} triển khai thực hiện Kế hoạch này; theo dõi, đôn đốc, kiểm tra việc "
                   "thực hiện")
    if dept and deadline:
        office_duty += f"; tổng hợp, báo cáo kết quả thực hiện về {dept} {earlier(deadline, days)}"
    organisation = [{"tieu_de": unit.tham_muu, "doan": [office_duty + "."]}]
    if unit.truc_thuoc:
        helpers_duty = "Phối hợp tổ chức thực hiện các nhiệm vụ được giao tại Kế hoạch này"
        if deadline:
            helpers_duty += f"; báo cáo kết quả về {unit.tham_muu} {earlier(deadline, 2 * days)}"
        organisation.append({"tieu_de": vi.nfc(unit.truc_thuoc[:1].upper() + unit.truc_thuoc[1:]),
                             "doan": [helpers_duty + "."]})
    sections.append({"tieu_de": "Tổ chức thực hiện", "muc": organisation})

    recipients = [_short(parent)]
    if dept:
        recipients.append(dept)
    recipients.append(unit.lanh_dao or f"Chủ tịch, các Phó Chủ tịch UBND {unit.cap} {unit.dia_danh}")
    if unit.truc_thuoc:
        recipients.append(vi.nfc(unit.truc_thuoc[:1].upper() + unit.truc_thuoc[1:]))
    recipients += unit.noi_nhan_them
    return {
        "loai": "ke-hoach",
        "co_quan": {"ten": unit.ten_in_hoa, "viet_tat": unit.viet_tat, "dia_danh": unit.dia_danh,
                    "ten_day_du": unit.ten, "ma": unit.ma,
                    **({"chu_quan": [unit.chu_quan]} if unit.chu_quan else {})},
        "nam": on.year,                    # a draft of the day it is made, not of the parent's year
        "trich_yeu": f"Triển khai thực hiện {short_citation} {_short_date(parent)}của {_short(parent)}",
        "mo_dau": [f"Thực hiện {cited}, {unit.ten} ban hành Kế hoạch triển khai thực hiện trên địa bàn "
                   f"{unit.cap} như sau:"],
        "noi_dung": sections,
        "ket_luan": f"Trên đây là Kế hoạch triển khai thực hiện {short_citation} trên địa bàn {unit.cap}; đề nghị "
                    "các cơ quan, đơn vị có liên quan tổ chức thực hiện",
        "noi_nhan": recipients,
        "luu": unit.luu,
        "nguoi_ky": {"ho_ten": unit.nguoi_ky, "chuc_vu": unit.chuc_vu_ky, "tham_quyen": unit.tham_quyen},
    }, soat


def _short_date(parent: VanBan) -> str:
    """`ngày 12/6/2024 ` — the short date a trích yếu cites (the opening cites it in full)."""
    return f"ngày {parent.ngay.day}/{parent.ngay.month}/{parent.ngay.year} " if parent.ngay else ""


def _without_footnotes(value):
    """The parent's footnotes do not travel with the text taken from it."""
    if isinstance(value, str):
        return chu_thich.bo_danh_dau(value)
    if isinstance(value, list):
        return [_without_footnotes(v) for v in value]
    if isinstance(value, dict):
        return {k: _without_footnotes(v) for k, v in value.items()}
    return value


def _short(parent: VanBan) -> str:
    """UBND thành phố Cần Thơ — the parent body as a recipient line."""
    full = parent.co_quan.ten_thuong
    return full.replace("Ủy ban nhân dân", "UBND", 1)


def group(base: dict, units: list) -> dict:
    raise ValueError("kế hoạch triển khai được lập cho từng đơn vị, không gộp thành một văn bản")


def no_share_warnings(counts: dict, units: dict) -> list[str]:
    return []
