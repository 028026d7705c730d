"""Yearly progress reports (báo cáo kết quả thực hiện kế hoạch): a unit's, and the city-wide sum.

A plan's tasks get due dates for the year (readers.thoi_gian); the units' results (one row per unit
and task: status, completion date, classes, participants and the plan's priority groups, funds)
are matched to them; a unit's report and the coordinating department's aggregate are written from
the figures, with the narrative parts taken from the data where given and marked for the clerk to
fill in otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from docgen import vietnamese as vi
from docgen.kinds.ke_hoach_con import REPORT_TO, DonViThucHien, citation, lead_matches
from docgen.model import dia_gioi
from docgen.model.outline import label
from docgen.model.van_ban import Muc, NhiemVu, VanBan
from docgen.readers.bang_tinh import header_key, parse_date
from docgen.readers.thoi_gian import KhongHieuThoiGian, due_dates, phase_years

PLACEHOLDER = "[Cần bổ sung: {what}]"
STATUSES = {"chua_thuc_hien": "chưa thực hiện", "dang_thuc_hien": "đang thực hiện", "hoan_thanh": "hoàn thành"}

COLUMNS = {
    "don_vi": "don_vi", "ma_don_vi": "don_vi",
    "ma_nhiem_vu": "nhiem_vu", "nhiem_vu": "nhiem_vu",
    "tinh_trang": "trang_thai", "trang_thai": "trang_thai",
    "ngay_hoan_thanh": "ngay_hoan_thanh",
    "so_lop": "so_lop", "lop": "so_lop",
    "luot_nguoi": "luot_nguoi", "so_luot_nguoi": "luot_nguoi", "so_nguoi": "luot_nguoi",
    "nu": "nu", "trong_do_nu": "nu",
    "dan_toc_thieu_so": "dtts", "dtts": "dtts", "nguoi_dan_toc_thieu_so": "dtts",
    "can_bo_tre": "tre", "tre": "tre",
    "kinh_phi_dong": "kinh_phi", "kinh_phi": "kinh_phi", "kinh_phi_da_chi": "kinh_phi",
    "ghi_chu": "ghi_chu",
    "ngay_gui_bao_cao": "ngay_gui", "ngay_gui": "ngay_gui", "ngay_bao_cao": "ngay_gui",
}
REQUIRED = ("don_vi", "nhiem_vu", "trang_thai")


def _status(value: Any) -> str:
    key = header_key(value)
    if key not in STATUSES:
        raise ValueError(f"'{value}' không phải tình trạng (chưa thực hiện / đang thực hiện / hoàn thành)")
    return key


def _date(value: Any) -> Any:
    return parse_date(value) if value not in (None, "") else None


def _amount(value: Any) -> Any:
    """`96.000.000`, `96000000` or a number cell: whole đồng; a blank cell is nothing spent."""
    if value in (None, ""):
        return 0
    if isinstance(value, str):
        cleaned = value.replace(".", "").replace(" ", "").replace("đ", "").replace("đồng", "")
        if not cleaned.isdigit():
            raise ValueError(f"'{value}' không phải số tiền (viết 96.000.000)")
        return int(cleaned)
    return value


class KetQua(BaseModel):
    """One unit's result on one task of the plan (one row of the results list)."""

    model_config = ConfigDict(extra="ignore", frozen=True, str_strip_whitespace=True)

    don_vi: str
    nhiem_vu: str                                   # task code (II.3.a.1) or its title
    trang_thai: Annotated[str, BeforeValidator(_status)]
    ngay_hoan_thanh: Annotated[date | None, BeforeValidator(_date)] = None
    so_lop: int = Field(default=0, ge=0)
    luot_nguoi: int = Field(default=0, ge=0)
    nu: int = Field(default=0, ge=0)
    dtts: int = Field(default=0, ge=0)
    tre: int = Field(default=0, ge=0)
    kinh_phi: Annotated[int, BeforeValidator(_amount)] = Field(default=0, ge=0)
    ghi_chu: str | None = None
    ngay_gui: Annotated[date | None, BeforeValidator(_date)] = None

    @field_validator("so_lop", "luot_nguoi", "nu", "dtts", "tre", mode="before")
    @classmethod
    def _blank_is_zero(cls, value):
        return 0 if value in (None, "") else value

    @model_validator(mode="after")
    def _consistent(self) -> "KetQua":
        if self.trang_thai == "hoan_thanh" and self.ngay_hoan_thanh is None:
            raise ValueError("nhiệm vụ hoàn thành phải có ngày hoàn thành")
        for part, name in ((self.nu, "nữ"), (self.dtts, "người dân tộc thiểu số"), (self.tre, "cán bộ trẻ")):
            if part > self.luot_nguoi:
                raise ValueError(f"số {name} ({part}) lớn hơn số lượt người ({self.luot_nguoi})")
        return self


def error_field(error: dict) -> str | None:
    location = [part for part in error["loc"] if isinstance(part, str)]
    if location:
        return location[0]
    message = str((error.get("ctx") or {}).get("error", ""))
    return "ngay_hoan_thanh" if "ngày hoàn thành" in message else "luot_nguoi"


# --- the plan's tasks and their due dates ---------------------------------------------------------


@dataclass(frozen=True)
class Task:
    code: str                     # II.3.a.1: the labels down to the task
    title: str
    task: NhiemVu
    phase: tuple[int, int] | None

    def due(self, year: int) -> list[date]:
        if not self.task.thoi_gian:
            # a task the plan gives no time is a standing one: due by the end of each year of its phase
            inside = self.phase is None or self.phase[0] <= year <= self.phase[1]
            return [date(year, 12, 31)] if inside else []
        return due_dates(self.task.thoi_gian, year, self.phase)


def plan_tasks(plan: VanBan) -> list[Task]:
    out: list[Task] = []

    def walk(nodes, path, phase):
        for index, node in enumerate(nodes, start=1):
            if not isinstance(node, Muc):
                continue
            depth = len(path) + 1
            tag = label(depth, index).rstrip(".)")
            code = [*path, tag if depth <= 3 else str(index)]
            own_phase = phase_years(node.tieu_de) or phase
            if node.nhiem_vu is not None:
                out.append(Task(".".join(code), node.tieu_de.rstrip(":"), node.nhiem_vu, own_phase))
            walk(node.muc, code, own_phase)

    walk(plan.noi_dung, [], None)
    return out


def unparsed_times(plan: VanBan, year: int) -> list[str]:
    problems = []
    for task in plan_tasks(plan):
        try:
            task.due(year)
        except KhongHieuThoiGian as exc:
            problems.append(f"nhiệm vụ {task.code} «{task.title[:50]}»: {exc}")
    return problems


def find_task(tasks: list[Task], reference: str) -> Task | None:
    reference = " ".join(reference.split())
    for task in tasks:
        if task.code == reference:
            return task
    wanted = reference.casefold()
    matches = [t for t in tasks if t.title.casefold() == wanted or
               (len(wanted) >= 20 and t.title.casefold().startswith(wanted))]
    return matches[0] if len(matches) == 1 else None


def reporting_deadline(plan: VanBan, year: int) -> tuple[str | None, date | None]:
    """(department, due date) of the units' yearly report, from the plan's own wording."""
    for text in plan.cac_doan_van():
        found = REPORT_TO.search(text)
        if found:
            expression = f"trước ngày {found.group('d')} tháng {found.group('m')}{found.group('rest') or ''}"
            try:
                dates = due_dates(expression, year)
            except KhongHieuThoiGian:
                dates = []
            return found.group("dept"), dates[0] if dates else None
    return None, None


# --- figures --------------------------------------------------------------------------------------


@dataclass
class Line:
    """One task of one unit in the report year."""

    task: Task
    due: date
    result: KetQua | None

    @property
    def done(self) -> bool:
        return self.result is not None and self.result.trang_thai == "hoan_thanh"

    @property
    def on_time(self) -> bool:
        return self.done and self.result.ngay_hoan_thanh <= self.due

    def timing(self, today: date) -> str:
        """The one judgement every sentence, table and chart uses, on the report's date."""
        if self.done:
            return "đúng hạn" if self.on_time else "trễ hạn"
        if today <= self.due:
            return "chưa đến hạn"
        return "chưa báo cáo" if self.result is None else "quá hạn"

    @property
    def status(self) -> str:
        """What the results say of the task; a task the unit gave no result for has none yet."""
        return STATUSES[self.result.trang_thai] if self.result else "chưa có kết quả"


@dataclass
class Totals:
    tasks: int = 0                # due on the report's date (or done before it)
    not_due: int = 0              # due later in the year, not done yet
    done: int = 0
    on_time: int = 0
    in_progress: int = 0          # due, past due and still in progress
    not_due_in_progress: int = 0
    classes: int = 0
    people: int = 0
    women: int = 0
    minorities: int = 0
    young: int = 0
    funds: int = 0

    def add(self, line: Line, today: date) -> None:
        working = line.result is not None and line.result.trang_thai == "dang_thuc_hien"
        if line.timing(today) == "chưa đến hạn":
            self.not_due += 1
            self.not_due_in_progress += working
        else:
            self.tasks += 1
            self.done += line.done
            self.on_time += line.on_time
            self.in_progress += working
        if line.result is not None:
            result = line.result
            self.classes += result.so_lop
            self.people += result.luot_nguoi
            self.women += result.nu
            self.minorities += result.dtts
            self.young += result.tre
            self.funds += result.kinh_phi

    def merge(self, other: "Totals") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def rate(self) -> float:
        return self.done / self.tasks if self.tasks else 0.0


@dataclass
class UnitYear:
    unit: DonViThucHien
    today: date                                  # the report's date: what is due is judged on it
    lines: list[Line] = field(default_factory=list)
    sent: date | None = None
    reported: bool = False

    @property
    def totals(self) -> Totals:
        totals = Totals()
        for line in self.lines:
            totals.add(line, self.today)
        return totals


def unit_year(plan: VanBan, unit: DonViThucHien, results: list[KetQua], year: int,
              today: date | None = None) -> UnitYear:
    tasks = [t for t in plan_tasks(plan) if lead_matches(t.task.don_vi, unit.nhan_nhiem_vu)]
    mine = [r for r in results if r.don_vi in (unit.ma, unit.ten)]
    by_task = {}
    for result in mine:
        task = find_task(tasks, result.nhiem_vu)
        if task is not None:
            by_task[task.code] = result
    out = UnitYear(unit, today or date(year, 12, 31), reported=bool(mine))
    out.sent = max((r.ngay_gui for r in mine if r.ngay_gui), default=None)
    for task in tasks:
        dates = task.due(year)
        if dates:
            out.lines.append(Line(task, max(dates), by_task.get(task.code)))
    return out


def _money_millions(amount: int) -> str:
    return vi.number(amount / 1_000_000, 1)


def _summary(totals: Totals, year: int, who: str) -> str:
    text = (f"Năm {year}, {who} có {totals.tasks} nhiệm vụ đến hạn; đã hoàn thành {totals.done} nhiệm vụ "
            f"({vi.percent(totals.done, totals.tasks) if totals.tasks else '0%'}), trong đó {totals.on_time} nhiệm vụ "
            f"đúng hạn; {totals.in_progress} nhiệm vụ đến hạn còn đang thực hiện"
            + (f"; {totals.not_due} nhiệm vụ chưa đến hạn (trong đó {totals.not_due_in_progress} nhiệm vụ đang thực "
               "hiện)." if totals.not_due else "."))
    if totals.people:
        text += (f" Đã tổ chức {vi.number(totals.classes)} lớp với {vi.number(totals.people)} lượt người tham gia, "
                 f"trong đó nữ {vi.number(totals.women)} lượt ({vi.percent(totals.women, totals.people)}), "
                 f"người dân tộc thiểu số {vi.number(totals.minorities)} lượt "
                 f"({vi.percent(totals.minorities, totals.people)}), cán bộ trẻ {vi.number(totals.young)} lượt "
                 f"({vi.percent(totals.young, totals.people)}).")
    if totals.funds:
        text += f" Kinh phí đã chi {vi.number(totals.funds)} đồng (bằng chữ: {vi.money_words(totals.funds)})."
    return text


TASK_COLUMNS = ["STT", "Nhiệm vụ", "Thời hạn", "Tình trạng", "Tiến độ", "Số lớp", "Lượt người",
                "Kinh phí (triệu đồng)"]
TASK_WIDTHS = [13, 48, 23, 20, 17, 11, 15, 18]
TASK_ALIGN = ["giua", "trai", "giua", "trai", "trai", "phai", "phai", "phai"]


def _task_table(lines: list[Line], today: date) -> dict:
    rows = []
    totals = Totals()
    for index, line in enumerate(lines, start=1):
        totals.add(line, today)
        result = line.result
        rows.append([str(index), f"{line.task.code}. {line.task.title}", f"{line.due:%d/%m/%Y}", line.status,
                     line.timing(today), vi.number(result.so_lop) if result else "",
                     vi.number(result.luot_nguoi) if result else "",
                     _money_millions(result.kinh_phi) if result else ""])
    rows.append(["", "Tổng cộng", "", f"{totals.done}/{totals.tasks} hoàn thành", f"{totals.on_time} đúng hạn",
                 vi.number(totals.classes), vi.number(totals.people), _money_millions(totals.funds)])
    return {"cot": TASK_COLUMNS, "dong": rows, "do_rong_mm": TASK_WIDTHS, "can_le": TASK_ALIGN}


def _shortcomings(lines: list[Line], today: date) -> list[str]:
    out = []
    for line in lines:
        timing = line.timing(today)
        if timing in ("trễ hạn", "quá hạn", "chưa báo cáo"):
            remark = line.result.ghi_chu if line.result and line.result.ghi_chu else ""
            note = f": {remark[:1].lower()}{remark[1:].rstrip('.')}" if remark else ""
            out.append(f"Nhiệm vụ {line.task.code} “{line.task.title}” {timing} (hạn {line.due:%d/%m/%Y}){note};")
    return out


def _next_year(plan: VanBan, year: int, keep, show_lead: bool = True, leads_now: dict | None = None) -> list[str]:
    """The plan's tasks due next year; a unit's own report does not repeat who leads them.
    `leads_now` renames leads that no longer exist (UBND cấp huyện → the units that took its tasks)."""
    out = []
    for task in plan_tasks(plan):
        if not keep(task):
            continue
        try:
            dates = task.due(year + 1)
        except KhongHieuThoiGian:
            continue
        if dates:
            name = (leads_now or {}).get(task.task.don_vi, task.task.don_vi)
            lead = f"chủ trì: {name}; " if show_lead else ""
            title = dia_gioi.rewrite(task.title, dia_gioi.Soat())
            out.append(f"{title} ({lead}thời hạn: {task.task.thoi_gian or 'thường xuyên, hằng năm'});")
    return _end(out)


def _end(items: list[str]) -> list[str]:
    """List items end with `;`, the last with `.`."""
    if items:
        items[-1] = items[-1].rstrip(";.") + "."
    return items


def _narrative(narrative: dict, key: str, what: str) -> list[str]:
    given = narrative.get(key)
    if given:
        return _end([str(item).rstrip(";.") + ";" for item in (given if isinstance(given, list) else [given])])
    return [PLACEHOLDER.format(what=what)]


def _short_citation(plan: VanBan) -> str:
    issuer = plan.co_quan.ten_thuong
    return (f"{plan.loai.ten} số {vi.document_number(plan.so)}/{plan.ky_hieu_day_du} "
            f"{vi.date_words(plan.ngay, plan.nam)} của {issuer}")


def unit_report(plan: VanBan, year_data: UnitYear, year: int, today: date, narrative: dict | None = None) -> dict:
    narrative = narrative or {}
    unit = year_data.unit
    dept, _ = reporting_deadline(plan, year)
    totals = year_data.totals
    shortcomings = _shortcomings(year_data.lines, today)
    problems = _end(shortcomings + [str(x) for x in narrative.get("ton_tai", [])]) if (
        shortcomings or narrative.get("ton_tai")) else [PLACEHOLDER.format(what="tồn tại, hạn chế")]
    results_section = {"tieu_de": "Kết quả thực hiện", "muc": [
        {"tieu_de": "Tình hình chung", "doan": [_summary(totals, year, unit.ten)]},
        {"tieu_de": "Kết quả thực hiện từng nhiệm vụ", "doan": ["Chi tiết như bảng sau:"],
         "bang": _task_table(year_data.lines, today)} if year_data.lines else
        {"tieu_de": "Kết quả thực hiện từng nhiệm vụ", "doan": [f"Không có nhiệm vụ đến hạn trong năm {year}."]},
    ]}
    own = lambda task: lead_matches(task.task.don_vi, unit.nhan_nhiem_vu)  # noqa: E731
    return {
        "loai": "bao-cao",
        "co_quan": {"ten": unit.ten_in_hoa, "viet_tat": unit.viet_tat, "dia_danh": unit.dia_danh,
                    "ten_day_du": unit.ten, "ma": unit.ma, **({"chu_quan": [unit.chu_quan]} if unit.chu_quan else {})},
        "nam": today.year,
        "trich_yeu": f"Kết quả thực hiện {_short_citation(plan)} năm {year}",
        "kinh_gui": [dept] if dept else [plan.co_quan.ten_thuong],
        "mo_dau": [f"Thực hiện {citation(plan)}, {unit.ten} báo cáo kết quả thực hiện năm {year} như sau:"],
        "noi_dung": [
            results_section,
            {"tieu_de": "Tồn tại, hạn chế và nguyên nhân", "muc": [
                {"tieu_de": "Tồn tại, hạn chế", "muc": problems},
                {"tieu_de": "Nguyên nhân", "muc": _narrative(narrative, "nguyen_nhan", "nguyên nhân khách quan, chủ quan")},
            ]},
            {"tieu_de": f"Phương hướng, nhiệm vụ năm {year + 1}",
             "muc": _next_year(plan, year, own, show_lead=False) or ["Tiếp tục thực hiện các nhiệm vụ thường xuyên theo Kế hoạch."]},
            {"tieu_de": "Kiến nghị, đề xuất", "muc": _narrative(narrative, "kien_nghi", "kiến nghị, đề xuất")},
        ],
        "ket_luan": f"Trên đây là báo cáo kết quả thực hiện {_short_citation(plan)} năm {year} của {unit.ten}",
        "noi_nhan": [unit.lanh_dao or f"Chủ tịch, các Phó Chủ tịch UBND {unit.cap} {unit.dia_danh}"],
        "luu": unit.luu,
        "nguoi_ky": {"ho_ten": unit.nguoi_ky, "chuc_vu": unit.chuc_vu_ky, "tham_quyen": unit.tham_quyen},
    }


def _leads_now(plan: VanBan, units: list[UnitYear], today: date) -> dict[str, str]:
    """On the two-tier map, a task once led by `UBND cấp huyện` is led by the units that took it over:
    `UBND các phường, xã` (their levels, from the unit list)."""
    if not dia_gioi.two_tier(today):
        return {}
    out = {}
    for task in plan_tasks(plan):
        takers = [u.unit for u in units if lead_matches(task.task.don_vi, u.unit.nhan_nhiem_vu)]
        if takers and dia_gioi.GONE.search(task.task.don_vi):
            out[task.task.don_vi] = "UBND các " + ", ".join(dict.fromkeys(unit.cap for unit in takers))
    return out


RANK_COLUMNS = ["STT", "Đơn vị", "Nhiệm vụ đến hạn", "Hoàn thành", "Tỷ lệ", "Đúng hạn", "Lượt người",
                "Kinh phí (triệu đồng)"]
RANK_WIDTHS = [13, 44, 20, 20, 16, 18, 17, 17]
RANK_ALIGN = ["giua", "trai", "phai", "phai", "phai", "phai", "phai", "phai"]


def ranking(units: list[UnitYear]) -> list[UnitYear]:
    """Reporting units, best first: completion rate, then on-time tasks, then name."""
    reported = [u for u in units if u.reported]
    return sorted(reported, key=lambda u: (-u.totals.rate, -u.totals.on_time, u.unit.ten))


def aggregate_report(plan: VanBan, base: dict, units: list[UnitYear], year: int, today: date,
                     narrative: dict | None = None, chart: bytes | None = None) -> dict:
    narrative = narrative or {}
    dept, deadline = reporting_deadline(plan, year)
    ranked = ranking(units)
    missing = [u for u in units if not u.reported]
    late = [u for u in ranked if deadline and u.sent and u.sent > deadline]
    in_time = [u for u in ranked if u not in late]
    totals = Totals()
    for u in ranked:
        totals.merge(u.totals)
    rows = []
    for index, u in enumerate(ranked, start=1):
        t = u.totals
        rows.append([str(index), u.unit.ten, str(t.tasks), str(t.done), vi.percent(t.done, t.tasks) if t.tasks else "",
                     str(t.on_time), vi.number(t.people), _money_millions(t.funds)])
    rows.append(["", "Tổng cộng", str(totals.tasks), str(totals.done),
                 vi.percent(totals.done, totals.tasks) if totals.tasks else "", str(totals.on_time),
                 vi.number(totals.people), _money_millions(totals.funds)])
    status = "Đến hết hạn báo cáo" + (f" (ngày {deadline:%d/%m/%Y})" if deadline else "") + \
        f", {len(in_time)}/{len(units)} đơn vị đã gửi báo cáo"
    if late:
        status += f"; {len(late)} đơn vị gửi sau hạn"
    if missing:
        status += f"; {len(missing)} đơn vị chưa gửi"
    status += "."
    reporting_items = []
    if missing:
        reporting_items.append("Chưa gửi báo cáo: " + ", ".join(u.unit.ten for u in missing) + ";")
    if late:
        reporting_items.append("Gửi báo cáo sau hạn: " + ", ".join(f"{u.unit.ten} (ngày {u.sent:%d/%m/%Y})"
                                                                   for u in late) + ";")
    overdue = []
    for u in ranked:
        items = _shortcomings(u.lines, today)
        if items:
            overdue.append({"tieu_de": u.unit.ten, "muc": _end(items)})
    ranking_node = {"tieu_de": "Kết quả của từng đơn vị",
                    "doan": ["Xếp theo tỷ lệ nhiệm vụ hoàn thành (kinh phí tính bằng triệu đồng):"],
                    "bang": {"cot": RANK_COLUMNS, "dong": rows, "do_rong_mm": RANK_WIDTHS, "can_le": RANK_ALIGN}}
    if chart is not None:
        shares = "; ".join(f"{u.unit.ten} {vi.percent(u.totals.done, u.totals.tasks) if u.totals.tasks else '0%'}"
                           for u in ranked)
        ranking_node["hinh"] = {"du_lieu": chart, "rong_mm": 150,
                                "chu_thich": f"Tỷ lệ nhiệm vụ hoàn thành năm {year} theo đơn vị",
                                "mo_ta": f"Biểu đồ tỷ lệ nhiệm vụ hoàn thành năm {year}: {shares}."}
    data = {k: v for k, v in base.items() if k not in ("mau",)}
    if "ngay" not in data:
        data.setdefault("nam", today.year)
    data.update({
        "loai": "bao-cao",
        "trich_yeu": base.get("trich_yeu") or f"Kết quả thực hiện {_short_citation(plan)} năm {year}",
        "mo_dau": [f"Thực hiện {citation(plan)}, trên cơ sở báo cáo của các đơn vị, "
                   f"{base.get('ten_nguoi_bao_cao', dept or 'cơ quan tổng hợp')} báo cáo kết quả thực hiện năm {year} "
                   "như sau:"],
        "noi_dung": [
            {"tieu_de": "Kết quả thực hiện", "muc": [
                {"tieu_de": "Tình hình báo cáo", "doan": [status], "muc": _end(reporting_items) if reporting_items
                 else []},
                {"tieu_de": "Kết quả chung", "doan": [_summary(totals, year, "các đơn vị")]},
                ranking_node,
            ]},
            {"tieu_de": "Tồn tại, hạn chế và nguyên nhân", "muc": [
                {"tieu_de": "Nhiệm vụ chưa hoàn thành đúng hạn", "muc": overdue or [
                    "Các đơn vị đã báo cáo hoàn thành đúng hạn các nhiệm vụ đến hạn."]},
                {"tieu_de": "Nguyên nhân", "muc": _narrative(narrative, "nguyen_nhan", "nguyên nhân")},
            ]},
            {"tieu_de": f"Nhiệm vụ năm {year + 1}",
             "muc": _next_year(plan, year, lambda task: True, leads_now=_leads_now(plan, units, today))
             or ["Tiếp tục thực hiện các nhiệm vụ thường xuyên."]},
            {"tieu_de": "Kiến nghị, đề xuất", "muc": _narrative(narrative, "kien_nghi", "kiến nghị, đề xuất")},
        ],
        "ket_luan": base.get("ket_luan") or f"Trên đây là báo cáo kết quả thực hiện {_short_citation(plan)} năm {year}",
    })
    data.pop("ten_nguoi_bao_cao", None)
    return data


# --- reading results -------------------------------------------------------------------------------


def read_results(paths: list, plan: VanBan, unit_keys: set[str] | None = None):
    """Every results row of every file, validated: (results, errors as (file, RowError))."""
    from pydantic import ValidationError

    from docgen.batch.runner import RowError
    from docgen.readers.bang_tinh import open_table
    from docgen.readers.validation import message

    tasks = plan_tasks(plan)
    results: list[KetQua] = []
    errors: list[tuple[str, object]] = []
    for path in paths:
        table = open_table(path, COLUMNS)
        missing = [f for f in REQUIRED if f not in table.fields]
        if missing:
            from docgen.errors import LoiDuLieu
            raise LoiDuLieu.mot(path, "thiếu cột: " + ", ".join(missing), table.header_row)
        for number, record in table.rows():
            try:
                result = KetQua.model_validate(record)
            except ValidationError as exc:
                for error in exc.errors(include_url=False):
                    column = error_field(error) or "?"
                    value = record.get(column)
                    errors.append((str(path), RowError(number, table.column_of(column),
                                                       "" if value is None else str(value), message(error))))
                continue
            if find_task(tasks, result.nhiem_vu) is None:
                errors.append((str(path), RowError(number, table.column_of("nhiem_vu"), result.nhiem_vu,
                                                   "không có nhiệm vụ này trong kế hoạch (ghi mã như II.3.a.1 "
                                                   "hoặc đúng tên nhiệm vụ)")))
                continue
            if unit_keys is not None and result.don_vi not in unit_keys:
                errors.append((str(path), RowError(number, table.column_of("don_vi"), result.don_vi,
                                                   "không có đơn vị này trong danh sách đơn vị")))
                continue
            results.append(result)
    return results, errors
