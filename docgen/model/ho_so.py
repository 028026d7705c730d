"""Agency profiles (hồ sơ): bodies, signers and recipient groups defined once, used by key."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

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

    @model_validator(mode="after")
    def _signers_of_known_agencies(self) -> "HoSo":
        for key, signer in self.nguoi_ky.items():
            unknown = [agency for agency in signer.co_quan if agency not in self.co_quan]
            if unknown:
                raise ValueError(f"người ký '{key}' ký cho cơ quan '{unknown[0]}' nhưng hồ sơ không có cơ quan này")
        return self

    def signers_of(self, agency: str) -> dict:
        """The signers an agency's documents may name: its own, and those tied to no agency."""
        return {key: s for key, s in self.nguoi_ky.items() if not s.co_quan or agency in s.co_quan}

    def thu_truong(self) -> dict[str, str]:
        """The heads' titles the profile names itself, by unit."""
        return {name: unit.thu_truong for name, unit in self.don_vi.items() if unit.thu_truong}
