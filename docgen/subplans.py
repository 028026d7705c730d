"""`docgen subplan` for one unit, or as YAML: the parent plan and the unit list to sub-plan files."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from docgen.batch import runner
from docgen.batch.naming import safe_name
from docgen.dau_ra import output_path, refuse_issued
from docgen.errors import LoiDuLieu
from docgen.kinds import ke_hoach_con
from docgen.readers.bang_tinh import open_table
from docgen.atomic import write_atomic
from docgen.render.docx_renderer import render_to_file


def write_subplans(options, unit_key: str | None, output: Path | None, as_yaml: bool) -> tuple[list, list[str]]:
    """One unit, or YAML for editing: small jobs, so no worker processes (the list of all units as
    .docx goes through the batch runner). Returns (files written, error messages)."""
    base = runner.load_base(options)
    table = open_table(options.data, base.kind.columns)
    written, errors, found = [], [], False
    claimed: dict[Path, str] = {}          # two codes that clean to one file name must not overwrite
    for number, record in table.rows():
        if unit_key is not None and record.get("ma") != unit_key:
            continue
        found = True
        try:
            unit = base.kind.row_model.model_validate(record)
        except ValidationError as exc:
            errors += [str(e) for e in runner.row_errors(exc, table, base.kind, number, record)]
            continue
        data = base.kind.one(base.data, unit)
        # the unit's code comes from a list another office may have written: never a path
        default = Path(f"{safe_name(unit.ma)}{'.yaml' if as_yaml else '.docx'}")
        if unit_key is None:
            target = output_path(f"{str(output or '.').rstrip('/')}/", default, (default.suffix,))
        else:
            target = output_path(str(output) if output is not None else None, default, (default.suffix,))
        if target in claimed:
            errors.append(f"đơn vị '{unit.ma}' ({unit.ten}) cho cùng tên tệp {target.name} với đơn vị "
                          f"'{claimed[target]}': đổi mã một trong hai đơn vị")
            continue
        claimed[target] = unit.ma
        refuse_issued(target)
        if as_yaml:
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)
            write_atomic(target, (f"# Kế hoạch triển khai của {unit.ten}, lập bằng docgen subplan.\n" + text).encode())
        else:
            render_to_file(base.document(data), target)
        written.append(target)
    if unit_key is not None and not found:
        errors.append(f"không có đơn vị mã '{unit_key}' trong {options.data}")
    return written, errors


def map_notes(options, unit_key: str | None = None) -> list[str]:
    """What the sub-plans rewrote for the two-tier map, and what a person must still decide, per unit."""
    base = runner.load_base(options)
    table = open_table(options.data, base.kind.columns)
    notes = []
    for _, record in table.rows():
        if unit_key is not None and record.get("ma") != unit_key:
            continue
        try:
            unit = base.kind.row_model.model_validate(record)
            _, soat = ke_hoach_con.adapt(base.data, unit)
        except (ValidationError, LoiDuLieu):
            continue                      # reported where the sub-plan is written
        notes += [f"{unit.ma}: đã sửa theo địa giới hai cấp {change}" for change in dict.fromkeys(soat.changes)]
        notes += [f"{unit.ma}: bỏ nhiệm vụ đã qua hạn {task}" for task in soat.dropped]
        notes += [f"{unit.ma}: cần xem lại cấp hành chính không còn {flag}" for flag in dict.fromkeys(soat.flags)]
    return notes
