"""Read a document file (YAML or JSON) into a `VanBan`, resolving profile references.

A document names its issuing body, signer and recipient groups by key (`co_quan: ubnd-can-tho`);
the keys live in a profile file (`ho_so: co-quan.yaml`, relative to the document) so that an
agency's name or a signer's title is written once for every document.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from docgen.errors import LoiDuLieu, VanDe
from docgen.model.ho_so import HoSo
from docgen.model.van_ban import NguoiKy, VanBan
from docgen.readers import source, validation
from docgen.readers.ho_so import anchored_entry, read_ho_so
from docgen.readers.source import LineMap


def read_van_ban(path: Path | str, ho_so_path: Path | str | None = None) -> VanBan:
    path = Path(path)
    data, lines = source.load(path)
    if not isinstance(data, dict):
        raise LoiDuLieu.mot(path, "văn bản phải là một bảng 'khóa: giá trị' (loai, co_quan, trich_yeu, …)")
    if _is_profile(data):
        raise LoiDuLieu.mot(path, "đây là tệp hồ sơ cơ quan (co_quan, nguoi_ky, nhom_noi_nhan), không phải một văn "
                                  "bản: văn bản trỏ tới nó bằng khóa 'ho_so:'")
    return build_van_ban(data, lines, path, ho_so_path)


def _is_profile(data: dict) -> bool:
    """A profile file given where a document is expected: many agencies by key, no type."""
    agencies = data.get("co_quan")
    return "loai" not in data and (
        "nhom_noi_nhan" in data or "don_vi" in data
        or (isinstance(agencies, dict) and bool(agencies) and all(isinstance(v, dict) for v in agencies.values())))


def build_van_ban(data: dict, lines: LineMap, path: Path, ho_so_path: Path | str | None = None,
                  profile: HoSo | None = None) -> VanBan:
    """Validate already-loaded data; batch readers (CSV rows merged into a base) come through here,
    passing the `profile` they resolved once for the whole batch."""
    data = dict(data)
    profile_ref = data.pop("ho_so", None)
    if profile is None:
        profile = _profile(path, profile_ref, ho_so_path, lines)
    if "mau" in data:
        data = _from_kind(data, lines, path, profile)
    problems: list[VanDe] = []
    resolved = _resolve(data, profile, path, lines, problems)
    try:
        document = VanBan.model_validate(resolved)
    except ValidationError as exc:
        # A reference already reported as unknown shows up again as "missing": say it once.
        reported = {problem.truong for problem in problems}
        problems += [p for p in validation.problems(exc, path, data, lines) if p.truong not in reported]
        raise LoiDuLieu(problems) from None
    if problems:
        raise LoiDuLieu(problems)
    return document


def with_references(data: dict, profile: HoSo | None, path: Path, lines: LineMap) -> dict:
    """`data` with its agency, signer and recipient groups taken from the profile — once for a batch's
    base file rather than for each row (its rows then share one agency object) — or unchanged when
    a reference is wrong: each row then says so, as a document would."""
    problems: list[VanDe] = []
    resolved = _resolve(data, profile, path, lines, problems)
    return data if problems else resolved


def resolve_profile(path: Path, data: dict, override: Path | str | None, lines: LineMap) -> HoSo | None:
    """The profile a document (or a batch's base file) uses: `--ho-so`, else its `ho_so` key."""
    return _profile(Path(path), data.get("ho_so"), override, lines)


def _profile(path: Path, reference: Any, override: Path | str | None, lines: LineMap) -> HoSo | None:
    if override is not None:
        return read_ho_so(Path(override))
    if reference is None:
        return None
    if not isinstance(reference, str):
        raise LoiDuLieu.mot(path, "phải là đường dẫn tệp hồ sơ", lines.line_of(("ho_so",)), "ho_so")
    folder = path.resolve().parent
    target = (folder / reference).resolve()
    # Documents may come from other offices: they may not make us read files elsewhere.
    if not target.is_relative_to(folder):
        raise LoiDuLieu.mot(
            path, "tệp hồ sơ phải nằm trong thư mục của văn bản (hoặc chỉ định bằng --ho-so)",
            lines.line_of(("ho_so",)), "ho_so",
        )
    return read_ho_so(target)


def _lookup(table: dict, key: Any, what: str, field: tuple, path: Path, lines: LineMap,
            problems: list[VanDe], profile: HoSo | None):
    if profile is None:
        problems.append(VanDe(str(path), lines.line_of(field), source.format_location(field),
                              f"tham chiếu {what} '{key}' nhưng văn bản không khai báo 'ho_so'"))
        return None
    if key not in table:
        known = ", ".join(sorted(table)) or "(trống)"
        problems.append(VanDe(str(path), lines.line_of(field), source.format_location(field),
                              f"không có {what} '{key}' trong hồ sơ; có: {known}"))
        return None
    return table[key]


def _resolve(data: dict, profile: HoSo | None, path: Path, lines: LineMap, problems: list[VanDe]) -> dict:
    out = dict(data)
    if isinstance(out.get("co_quan"), dict):      # written in the document: its templates are beside it
        out["co_quan"] = anchored_entry(out["co_quan"], path, lines, ("co_quan",), problems)
    for field, table_name, what in (("co_quan", "co_quan", "cơ quan"), ("nguoi_ky", "nguoi_ky", "người ký")):
        if isinstance(out.get(field), str):
            table = getattr(profile, table_name) if profile else {}
            found = _lookup(table, out[field], what, (field,), path, lines, problems, profile)
            if found is None:
                out.pop(field)
            elif field == "co_quan":
                out[field] = found.model_copy(update={"ma": out[field]})
            else:
                out[field] = found
    _signer_of_the_agency(data, out, path, lines, problems)
    if isinstance(out.get("noi_nhan"), list):
        out["noi_nhan"] = _expand_recipients(out["noi_nhan"], profile, path, lines, problems)
    return out


def _signer_of_the_agency(data: dict, out: dict, path: Path, lines: LineMap, problems: list[VanDe]) -> None:
    """A signer the profile ties to some agencies signs only their documents."""
    signer, agency = out.get("nguoi_ky"), getattr(out.get("co_quan"), "ma", None)     # both found in the profile
    if isinstance(signer, NguoiKy) and agency and signer.co_quan and agency not in signer.co_quan:
        problems.append(VanDe(str(path), lines.line_of(("nguoi_ky",)), "nguoi_ky",
                              f"người ký '{data.get('nguoi_ky')}' ký cho {', '.join(signer.co_quan)}, "
                              f"không ký văn bản của cơ quan '{agency}'"))


def _expand_recipients(items: list, profile: HoSo | None, path: Path, lines: LineMap,
                       problems: list[VanDe]) -> list:
    expanded: list = []
    for index, item in enumerate(items):
        if isinstance(item, dict) and set(item) == {"nhom"}:
            table = profile.nhom_noi_nhan if profile else {}
            group = _lookup(table, item["nhom"], "nhóm nơi nhận", ("noi_nhan", index, "nhom"),
                            path, lines, problems, profile)
            expanded += group or []
        elif isinstance(item, str) or (isinstance(item, dict) and set(item) == {"ten", "muc"}):
            expanded.append(item)       # a recipient, or a group of them (`ten:` and its `muc:`)
        else:
            problems.append(VanDe(str(path), lines.line_of(("noi_nhan", index)), f"noi_nhan[{index}]",
                                  "mỗi nơi nhận là một dòng chữ, 'nhom: <tên nhóm>' hoặc 'ten: …' với 'muc: […]'"))
    return expanded


def _from_kind(data: dict, lines: LineMap, path: Path, profile: HoSo | None) -> dict:
    """A complete file for one generated document: `mau: <kind>` and the row under `can_bo`."""
    from docgen.kinds import find_kind

    try:
        kind = find_kind(data["mau"])
    except ValueError as exc:
        raise LoiDuLieu.mot(path, str(exc), lines.line_of(("mau",)), "mau") from None
    row = data.get("can_bo")
    if not isinstance(row, dict):
        raise LoiDuLieu.mot(path, "cần phần 'can_bo' (người được cử) dạng bảng 'khóa: giá trị'",
                            lines.line_of(("can_bo",)), "can_bo")
    try:
        person = kind.row_model.model_validate(row)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            field = kind.error_field(error) or ""
            problems.append(VanDe(str(path), lines.line_of(("can_bo", field)), f"can_bo.{field}",
                                  validation.message(error)))
        raise LoiDuLieu(problems) from None
    return kind.one(kind.prepare(data, profile), person)
