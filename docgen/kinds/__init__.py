"""Kinds of generated document (mẫu): how one row of a list, plus a base file, becomes a document.

Each kind names its row model, the spreadsheet headers it understands, and the wording of the
documents for one person (`one`) and for a whole list (`group`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from pydantic import BaseModel

from docgen.kinds import ke_hoach_con, tang_cuong
from docgen.model.ho_so import HoSo


@dataclass(frozen=True)
class Kind:
    name: str
    row_model: type[BaseModel]
    columns: dict[str, str]
    required: tuple[str, ...]
    one: Callable[[dict, BaseModel], dict]
    group: Callable[[dict, list], dict]
    error_field: Callable[[dict], str | None]
    unit_of: Callable[[BaseModel], str]
    share_warnings: Callable[[dict[str, int], dict], list[str]]
    from_parent: bool = False   # the base file is a parent plan to implement, not a shared part
    row_fields: tuple[str, ...] = ()   # document fields a row writes (the others come from the base alone)
    prepare: Callable[[dict, HoSo | None], dict] = lambda base, profile: base   # the profile's part of a base


KINDS = {
    tang_cuong.NAME: Kind(tang_cuong.NAME, tang_cuong.CanBo, tang_cuong.COLUMNS, tang_cuong.REQUIRED,
                          tang_cuong.one, tang_cuong.group, tang_cuong.error_field,
                          lambda person: person.don_vi, tang_cuong.share_warnings,
                          prepare=tang_cuong.with_profile, row_fields=tang_cuong.ROW_FIELDS),
    ke_hoach_con.NAME: Kind(ke_hoach_con.NAME, ke_hoach_con.DonViThucHien, ke_hoach_con.COLUMNS,
                            ke_hoach_con.REQUIRED, ke_hoach_con.one, ke_hoach_con.group,
                            ke_hoach_con.error_field, lambda unit: unit.ma, ke_hoach_con.no_share_warnings,
                            from_parent=True),
}


def find_kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"không có mẫu '{name}'; các mẫu: {', '.join(sorted(KINDS))}") from None
