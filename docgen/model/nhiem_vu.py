"""A plan's tasks, wherever the plan holds them: nodes with task fields, and rows of task tables
(a table whose `truong` says which column is the task, its chủ trì, its deadline…)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from docgen.model.van_ban import TASK_FIELD_KEYS, Bang, Muc, NhiemVu, Node, VanBan


@dataclass(frozen=True)
class NhiemVuTimThay:
    tieu_de: str
    nhiem_vu: NhiemVu
    trong_bang: bool          # a row of a task table, not a node of the body


def table_tasks(bang: Bang) -> Iterator[NhiemVuTimThay]:
    """One task per row that names a task and who does it; group rows (one cell) are headings."""
    if not bang.truong or "ten" not in bang.truong:
        return
    for row in bang.dong:
        if len(row) != len(bang.cot):
            continue
        values = {field: cell.strip() for field, cell in zip(bang.truong, row) if field and cell.strip()}
        fields = {key: values[key] for key in TASK_FIELD_KEYS if key in values}
        if values.get("ten") and (fields.get("chu_tri") or fields.get("thuc_hien")):
            yield NhiemVuTimThay(values["ten"], NhiemVu(**fields), True)


def _nodes(nodes: list[Node]) -> Iterator[NhiemVuTimThay]:
    for node in nodes:
        if not isinstance(node, Muc):
            continue
        if node.nhiem_vu is not None:
            yield NhiemVuTimThay((node.tieu_de or node.van_ban or "").rstrip(":"), node.nhiem_vu, False)
        if node.bang is not None:
            yield from table_tasks(node.bang)
        yield from _nodes(node.muc)


def cac_nhiem_vu(document: VanBan) -> Iterator[NhiemVuTimThay]:
    """Every task of the document in reading order: body first, then its appendices."""
    yield from _nodes(document.noi_dung)
    for appendix in document.phu_luc:
        yield from _nodes(appendix.noi_dung)
        if appendix.bang is not None:
            yield from table_tasks(appendix.bang)
