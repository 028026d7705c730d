"""Agency profiles (hồ sơ): bodies, signers and recipient groups defined once, used by key."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from docgen.model.van_ban import CoQuan, NguoiKy


class DonVi(BaseModel):
    """A unit that sends or receives staff, as far as batches need it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    bien_che: int | None = Field(default=None, ge=0)   # staff positions assigned (biên chế được giao)
    viet_tat: str | None = None
    thu_truong: str | None = None                      # its head's title: Giám đốc, Chánh Thanh tra…


class HoSo(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    co_quan: dict[str, CoQuan] = {}
    nguoi_ky: dict[str, NguoiKy] = {}
    nhom_noi_nhan: dict[str, list[str]] = {}   # named recipient groups, e.g. so-ban-nganh
    don_vi: dict[str, DonVi] = {}              # units by the name used in lists: "Sở Tài chính"

    def thu_truong(self) -> dict[str, str]:
        """The heads' titles the profile names itself, by unit."""
        return {name: unit.thu_truong for name, unit in self.don_vi.items() if unit.thu_truong}
