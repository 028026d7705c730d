"""`docgen report`: read the plan, the unit list and the results; write a unit's or the sum report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pydantic import ValidationError

from docgen.batch.naming import safe_name
from docgen.dau_ra import output_path, refuse_issued
from docgen.errors import LoiDuLieu
from docgen.kinds import bao_cao
from docgen.kinds.ke_hoach_con import COLUMNS as UNIT_COLUMNS
from docgen.kinds.ke_hoach_con import DonViThucHien
from docgen.readers import source
from docgen.readers.bang_tinh import may_have_columns, open_table, parse_date
from docgen.readers.van_ban import build_van_ban, read_van_ban
from docgen.render.docx_renderer import render_to_file


def _result_files(paths: list[Path], warnings: list[str]) -> list[Path]:
    """Files given by name are results; in a folder, only the lists that have the results' columns
    (a folder of samples also holds unit lists and staff lists)."""
    files = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        for candidate in sorted(p for p in path.iterdir() if p.suffix.lower() in (".csv", ".xlsx") and
                                not p.name.startswith(("~$", "."))):
            try:
                table = open_table(candidate, bao_cao.COLUMNS) \
                    if may_have_columns(candidate, bao_cao.COLUMNS, bao_cao.REQUIRED) else None
            except LoiDuLieu:
                table = None
            if table is not None and all(f in table.fields for f in bao_cao.REQUIRED):
                files.append(candidate)
            else:
                warnings.append(f"bỏ qua {candidate}: không phải danh sách kết quả")
    if not files:
        raise LoiDuLieu.mot(paths[0] if paths else "?", "không có tệp kết quả nào (.csv, .xlsx)")
    return files


def _units(path: Path) -> list[DonViThucHien]:
    table = open_table(path, UNIT_COLUMNS)
    units, problems = [], []
    for number, record in table.rows():
        try:
            units.append(DonViThucHien.model_validate(record))
        except ValidationError as exc:
            problems.append(f"dòng {number}: {exc.errors(include_url=False)[0]['msg']}")
    if problems:
        raise LoiDuLieu.mot(path, "danh sách đơn vị có dòng lỗi: " + "; ".join(problems))
    return units


def _narrative(path: Path | None) -> dict:
    if path is None:
        return {}
    data, _ = source.load(path)
    if not isinstance(data, dict):
        raise LoiDuLieu.mot(path, "phải là một bảng theo mã đơn vị: ton_tai, nguyen_nhan, kien_nghi")
    return data


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]  # str.capitalize would lower-case the place name


def _chart(units: list, year: int) -> bytes | None:
    from docgen.render.chart import completion_chart

    ranked = bao_cao.ranking(units)
    if len(ranked) < 2:  # one bar says nothing a sentence does not
        return None
    labels = [_first_upper(u.unit.ten.replace("Ủy ban nhân dân ", "")) for u in ranked]
    return completion_chart(labels, [u.totals.rate for u in ranked], "")  # the caption says the year


def make_report(plan_path: Path, result_paths: list[Path], year: int, units_file: Path, unit_key: str | None,
                base_path: Path | None, narrative_file: Path | None, made_on: str | None,
                output: Path | None, ho_so_path: Path | None = None) -> tuple[Path, list, list[str]]:
    """A unit's report (`unit_key`) or the aggregate one (from `base_path`, read with `ho_so_path`
    when given instead of its own `ho_so`)."""
    plan = read_van_ban(plan_path)
    try:
        today = parse_date(made_on) if made_on else date.today()
        if not 1990 <= year <= 2200:
            raise LoiDuLieu.mot("--year", f"năm báo cáo {year} không hợp lệ")
        if today < date(year, 1, 1):
            raise LoiDuLieu.mot("--ngay-lap", f"ngày lập {today:%d/%m/%Y} trước năm báo cáo {year}: báo cáo chỉ lập "
                                              "trong hoặc sau năm đó")
    except ValueError as exc:
        raise LoiDuLieu.mot("--ngay-lap", str(exc)) from None
    warnings = bao_cao.unparsed_times(plan, year)
    units = _units(units_file)
    keys = {u.ma for u in units} | {u.ten for u in units}
    results, errors = bao_cao.read_results(_result_files(result_paths, warnings), plan, keys)
    narrative = _narrative(narrative_file)
    if unit_key is not None:
        unit = next((u for u in units if u.ma == unit_key), None)
        if unit is None:
            raise LoiDuLieu.mot(units_file, f"không có đơn vị mã '{unit_key}'")
        year_data = bao_cao.unit_year(plan, unit, results, year, today)
        data = bao_cao.unit_report(plan, year_data, year, today, narrative.get(unit.ma))
        # the unit's code is data: never a path
        target = output_path(output, Path(f"{safe_name(f'bao-cao-{unit.ma}-{year}')}.docx"), (".docx",))
        document = build_van_ban(data, source.LineMap(), plan_path)
    else:
        base, lines = source.load(base_path)
        all_years = [bao_cao.unit_year(plan, unit, results, year, today) for unit in units]
        data = bao_cao.aggregate_report(plan, base, all_years, year, today, narrative.get("tong_hop"),
                                        _chart(all_years, year))
        target = output_path(output, Path(f"bao-cao-tong-hop-{year}.docx"), (".docx",))
        document = build_van_ban(data, lines, base_path, ho_so_path)
    refuse_issued(target)
    render_to_file(document, target)
    return target, errors, warnings
