"""A copy (bản sao) of an issued document: what NĐ 30 Phụ lục I, Phần II.II puts under it."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from docgen.model.van_ban import CoQuan, NguoiKy

HINH_THUC = {"sao-y": ("SAO Y", "SY"), "sao-luc": ("SAO LỤC", "SL"), "trich-sao": ("TRÍCH SAO", "TrS")}


class BanSao(BaseModel):
    """Ô 1–7 of Mẫu 3.1: form of copy, copying body, copy number, place and date, signer, recipients."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    hinh_thuc: Literal["sao-y", "sao-luc", "trich-sao"]
    co_quan: CoQuan                    # the body that copies (may differ from the issuer)
    nguoi_ky: NguoiKy                  # usually TL./TUQ. the head: the chief of office signs copies
    so: int | None = None              # one series for every kind of copy, from 01 each year; None: draft
    ngay: date | None = None
    nam: int | None = None             # a draft's year, printed after the blank day and month
    noi_nhan: list[str] = []
    luu: str = "VT"

    @property
    def ten_hinh_thuc(self) -> str:
        return HINH_THUC[self.hinh_thuc][0]

    @property
    def ky_hieu(self) -> str:
        """`SY-UBND`: the copy's abbreviation, then the copying body's (PL1 Phần II.II.1.c)."""
        return f"{HINH_THUC[self.hinh_thuc][1]}-{self.co_quan.viet_tat}"
