"""Quyết định cử cán bộ tăng cường đi công tác ở cơ sở (Kế hoạch 131/KH-UBND of Cần Thơ, 2025).

A row of the clerk's list is one person sent (cán bộ tăng cường); the base file holds what every
decision shares (issuer, signer, căn cứ, date, recipients). This module knows the secondment rules
of the plan — at least 36 months unless a special case with its reason, nobody under disciplinary
action, about 5% of a unit's staff — and the wording of the articles.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from docgen import vietnamese as vi
from docgen.readers.bang_tinh import header_key, parse_bool, parse_date
from docgen.model.ho_so import HoSo
from docgen.model.thu_truong import each_once, head_title, heads_of_many

NAME = "quyet-dinh-tang-cuong"
MIN_MONTHS = 36
SHARE_LIMIT = 0.05  # "khoảng 5% cán bộ trong biên chế được cấp thẩm quyền giao"

ENTITLEMENTS = (
    "các chế độ, chính sách theo quy định tại Nghị định số 178/2024/NĐ-CP ngày 31 tháng 12 năm 2024 của "
    "Chính phủ về chính sách, chế độ đối với cán bộ, công chức, viên chức, người lao động và lực lượng vũ "
    "trang trong thực hiện sắp xếp tổ chức bộ máy của hệ thống chính trị (được sửa đổi, bổ sung tại Nghị "
    "định số 67/2025/NĐ-CP ngày 15 tháng 3 năm 2025 của Chính phủ) và các chính sách khác theo quy định "
    "(nếu có)"
)

# Header keys (readers.bang_tinh.header_key) → fields; a base file may add its own (`cot:`).
COLUMNS = {
    "stt": "stt", "so_thu_tu": "stt",
    "ho_va_ten": "ho_ten", "ho_ten": "ho_ten", "ho_ten_can_bo": "ho_ten",
    "gioi_tinh": "gioi_tinh", "ong_ba": "gioi_tinh",
    "chuc_vu": "chuc_vu", "chuc_vu_hien_nay": "chuc_vu",
    "don_vi_cong_tac": "don_vi", "don_vi": "don_vi", "noi_di": "don_vi", "co_quan_noi_di": "don_vi",
    "noi_den": "noi_den", "don_vi_noi_den": "noi_den", "co_quan_noi_den": "noi_den",
    "chuc_danh_bo_tri": "chuc_danh_bo_tri", "chuc_danh": "chuc_danh_bo_tri", "vi_tri_bo_tri": "chuc_danh_bo_tri",
    "thoi_gian_thang": "thoi_gian_thang", "thoi_gian": "thoi_gian_thang", "so_thang": "thoi_gian_thang",
    "ngay_bat_dau": "ngay_bat_dau", "tu_ngay": "ngay_bat_dau",
    "truong_hop_dac_biet": "dac_biet", "dac_biet": "dac_biet",
    "ly_do_dac_biet": "ly_do_dac_biet", "ly_do": "ly_do_dac_biet",
    "dang_bi_ky_luat": "ky_luat", "ky_luat": "ky_luat", "dang_thi_hanh_ky_luat": "ky_luat",
}
REQUIRED = ("ho_ten", "chuc_vu", "don_vi", "noi_den", "thoi_gian_thang", "ngay_bat_dau")


def _ong_ba(value: Any) -> str | None:
    if value is None:
        return None
    key = header_key(value)
    if key in ("nam", "ong", "m", "male"):
        return "ông"
    if key in ("nu", "ba", "f", "female"):
        return "bà"
    raise ValueError(f"'{value}' không phải giới tính (ghi Nam/Nữ hoặc ông/bà)")


def _bool(value: Any) -> bool:
    return parse_bool(value)


def _date(value: Any) -> Any:
    return parse_date(value) if value is not None else value


class CanBo(BaseModel):
    """One person sent to the grassroots level (one row of the list)."""

    model_config = ConfigDict(extra="ignore", frozen=True, str_strip_whitespace=True)

    stt: int | None = None
    ho_ten: str = Field(min_length=2)
    gioi_tinh: Annotated[str | None, BeforeValidator(_ong_ba)] = None
    chuc_vu: str
    don_vi: str                                   # nơi đi: current unit
    noi_den: str                                  # receiving unit
    chuc_danh_bo_tri: str | None = None           # position assigned there
    thoi_gian_thang: int = Field(ge=1, le=120)
    ngay_bat_dau: Annotated[date, BeforeValidator(_date)]
    dac_biet: Annotated[bool, BeforeValidator(_bool)] = False
    ly_do_dac_biet: str | None = None
    ky_luat: Annotated[bool, BeforeValidator(_bool)] = False

    @field_validator("ky_luat")
    @classmethod
    def _not_disciplined(cls, value: bool) -> bool:
        if value:
            raise ValueError("không cử cán bộ đang trong thời gian thi hành kỷ luật (Kế hoạch 131/KH-UBND, mục I.4)")
        return value

    @model_validator(mode="after")
    def _duration(self) -> "CanBo":
        if self.thoi_gian_thang < MIN_MONTHS and not self.dac_biet:
            raise ValueError(f"thời gian tăng cường ít nhất {MIN_MONTHS} tháng; dưới mức này phải đánh dấu "
                             "'Trường hợp đặc biệt' và ghi lý do")
        if self.dac_biet and not self.ly_do_dac_biet:
            raise ValueError("trường hợp đặc biệt phải ghi lý do")
        return self

    @property
    def xung_ho(self) -> str:
        return self.gioi_tinh or "ông (bà)"


def error_field(error: dict) -> str | None:
    """Which column a validation error belongs to (model-level rules belong to the duration)."""
    location = [part for part in error["loc"] if isinstance(part, str)]
    if location:
        return location[0]
    message = str(error.get("ctx", {}).get("error", ""))
    return "ly_do_dac_biet" if "lý do" in message and "ít nhất" not in message else "thoi_gian_thang"


# --- wording ------------------------------------------------------------------------------------


def _period(person: CanBo) -> str:
    text = f"trong thời gian {person.thoi_gian_thang} tháng, kể từ {vi.date_words(person.ngay_bat_dau)}"
    if person.dac_biet:
        text += f" (trường hợp đặc biệt: {person.ly_do_dac_biet})"
    return text


def _shared(base: dict) -> dict:
    """The base file's own fields, without the kind's settings."""
    return {k: v for k, v in base.items() if k not in ("mau", "tang_cuong", "cot", "can_bo")}


def _implementers(base: dict) -> list[str]:
    settings = base.get("tang_cuong") or {}
    return list(settings.get("thi_hanh") or ["Chánh Văn phòng Ủy ban nhân dân thành phố", "Giám đốc Sở Nội vụ"])


def with_profile(base: dict, profile: HoSo | None) -> dict:
    """The heads' titles the profile knows (`don_vi: {Thanh tra thành phố: {thu_truong: Chánh Thanh
    tra}}`), under those the base file names itself (`tang_cuong: thu_truong:`)."""
    titles = profile.thu_truong() if profile else {}
    if not titles:
        return base
    settings = dict(base.get("tang_cuong") or {})
    settings["thu_truong"] = {**titles, **(settings.get("thu_truong") or {})}
    return {**base, "tang_cuong": settings}


def _responsible_for_all(base: dict, people: list[CanBo]) -> list[str]:
    """Điều 3 of a group decision: the standing implementers, then the heads of the units that send
    and receive, each named once with the right title, in the order of the list."""
    titles = (base.get("tang_cuong") or {}).get("thu_truong") or {}
    units = [unit for person in people for unit in (person.don_vi, person.noi_den)]
    implementers = each_once(_implementers(base))
    return implementers + heads_of_many(units, implementers, titles)


def _responsible(base: dict, person: CanBo) -> list[str]:
    """Điều 3: the standing implementers, the head of the person's unit and of the receiving unit,
    each named once with the right title."""
    titles = (base.get("tang_cuong") or {}).get("thu_truong") or {}
    return each_once(_implementers(base) + [head_title(person.don_vi, titles), head_title(person.noi_den, titles)])


# The fields of a decision the row's person writes; a problem in any other is the base file's.
ROW_FIELDS = ("trich_yeu", "noi_dung", "nhu_dieu")


def one(base: dict, person: CanBo) -> dict:
    """The data of one decision for one person."""
    assignment = f", bố trí giữ chức danh {person.chuc_danh_bo_tri}" if person.chuc_danh_bo_tri else ""
    data = _shared(base)
    data.setdefault("trich_yeu", f"Về việc cử {person.xung_ho} {person.ho_ten} tăng cường đi công tác ở cơ sở")
    data["noi_dung"] = [
        f"Cử {person.xung_ho} {person.ho_ten}, {person.chuc_vu}, {person.don_vi} tăng cường đi công tác tại "
        f"{person.noi_den}{assignment}, {_period(person)}.",
        f"{person.xung_ho.capitalize()} {person.ho_ten} được hưởng {ENTITLEMENTS}; chịu sự quản lý, phân công "
        f"công tác của {person.noi_den} trong thời gian tăng cường.",
        "Quyết định này có hiệu lực kể từ ngày ký. " + ", ".join(_responsible(base, person))
        + f" và {person.xung_ho} {person.ho_ten} chịu trách nhiệm thi hành Quyết định này.",
    ]
    data.setdefault("nhu_dieu", 3)
    return data


LIST_COLUMNS = ["STT", "Họ và tên", "Chức vụ", "Đơn vị công tác", "Nơi đến", "Thời gian"]
LIST_WIDTHS_MM = [13, 36, 28, 27, 36, 25]   # a name on one line, Nơi đến the widest text
LIST_ALIGN = ["giua", "trai", "trai", "trai", "trai", "trai"]


def group(base: dict, people: list[CanBo]) -> dict:
    """One decision for several people, the list attached as `Danh sách`."""
    data = _shared(base)
    data.setdefault("trich_yeu", "Về việc cử cán bộ, công chức, viên chức tăng cường đi công tác ở cơ sở")
    data["noi_dung"] = [
        f"Cử {len(people)} cán bộ, công chức, viên chức có tên tại Danh sách kèm theo Quyết định này tăng "
        "cường đi công tác ở cơ sở, theo thời gian và nơi đến ghi trong Danh sách.",
        f"Cán bộ, công chức, viên chức được cử tăng cường được hưởng {ENTITLEMENTS}; chịu sự quản lý, phân "
        "công công tác của cơ quan, đơn vị nơi đến trong thời gian tăng cường.",
        "Quyết định này có hiệu lực kể từ ngày ký. " + ", ".join(_responsible_for_all(base, people))
        + " và các ông (bà) có tên tại Danh sách kèm theo chịu trách nhiệm thi hành Quyết định này.",
    ]
    data.setdefault("nhu_dieu", 3)
    rows = [[str(index), p.ho_ten, p.chuc_vu, p.don_vi,
             p.noi_den + (f" ({p.chuc_danh_bo_tri})" if p.chuc_danh_bo_tri else ""),
             f"{p.thoi_gian_thang} tháng\ntừ {p.ngay_bat_dau:%d/%m/%Y}"]
            for index, p in enumerate(people, start=1)]
    data["phu_luc"] = [{
        "ten_loai": "Danh sách",
        "tieu_de": "Cán bộ, công chức, viên chức tăng cường đi công tác ở cơ sở",
        "bang": {"cot": LIST_COLUMNS, "dong": rows, "do_rong_mm": LIST_WIDTHS_MM, "can_le": LIST_ALIGN},
    }]
    return data


def share_warnings(counts: dict[str, int], units: dict) -> list[str]:
    """Units sending more than about 5% of their assigned staff (biên chế in the profile)."""
    by_key = {_unit_key(name): unit for name, unit in units.items()}
    warnings = []
    for name, count in sorted(counts.items()):
        unit = by_key.get(_unit_key(name))
        if unit is None or not unit.bien_che:
            continue
        if count > unit.bien_che * SHARE_LIMIT:
            warnings.append(f"{name} cử {count} người, vượt 5% biên chế được giao ({unit.bien_che} người: "
                            f"tối đa khoảng {vi.number(unit.bien_che * SHARE_LIMIT)})")
    return warnings


def _unit_key(name: str) -> str:
    return " ".join(vi.nfc(name).casefold().split())
