"""Errors for end users: each names the file, the line and the field, in Vietnamese."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class VanDe:
    """One problem found in an input file."""

    tep: str
    dong: int | None
    truong: str | None
    thong_diep: str

    def __str__(self) -> str:
        where = [self.tep]
        if self.dong:
            where.append(f"dòng {self.dong}")
        if self.truong:
            where.append(f"trường '{self.truong}'")
        return ", ".join(where) + f": {self.thong_diep}"


class LoiDuLieu(Exception):
    """Input that cannot become a document. Carries every problem found, not just the first."""

    def __init__(self, problems: list[VanDe]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @classmethod
    def mot(cls, tep: str | Path, thong_diep: str, dong: int | None = None, truong: str | None = None):
        return cls([VanDe(str(tep), dong, truong, thong_diep)])


class LoiMauVanBan(Exception):
    """A template that cannot be rendered (bad tag, missing file, unsafe expression)."""


class LoiPdf(Exception):
    """A PDF that cannot be made here (no LibreOffice, no font with every Vietnamese letter)."""
