"""Agency profiles (hồ sơ): bodies, signers and recipient groups defined once, used by key."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from docgen.model.van_ban import CoQuan, NguoiKy


class HoSo(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    co_quan: dict[str, CoQuan] = {}
    nguoi_ky: dict[str, NguoiKy] = {}
    nhom_noi_nhan: dict[str, list[str]] = {}   # named recipient groups, e.g. so-ban-nganh
