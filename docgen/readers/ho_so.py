"""Read an agency profile file (hồ sơ cơ quan): bodies, signers, recipient groups."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from docgen.errors import LoiDuLieu, VanDe
from docgen.model.ho_so import HoSo
from docgen.readers import source, validation
from docgen.readers.source import LineMap


@lru_cache(maxsize=32)
def _read_cached(path: Path, mtime_ns: int) -> HoSo:
    data, lines = source.load(path)
    if not isinstance(data, dict):
        raise LoiDuLieu.mot(path, "hồ sơ phải là một bảng có co_quan, nguoi_ky, nhom_noi_nhan")
    problems: list[VanDe] = []
    agencies = data.get("co_quan")
    if isinstance(agencies, dict):
        data = {**data, "co_quan": {key: anchored_entry(entry, path, lines, ("co_quan", key), problems)
                                    for key, entry in agencies.items()}}
    try:
        profile = HoSo.model_validate(data)
    except ValidationError as exc:
        raise LoiDuLieu(problems + validation.problems(exc, path, data, lines)) from None
    if problems:
        raise LoiDuLieu(problems)
    return profile


def template_problems(entry: Any, folder: Path) -> list[tuple[str, str]]:
    """What is wrong with an agency entry's Word templates (`mau_word: {loai: tệp.docx}`): [(type, message)].
    A file is named relative to `folder` and must stay inside it (profiles may come from elsewhere)."""
    templates = entry.get("mau_word") if isinstance(entry, dict) else None
    if templates is None:
        return []
    if not isinstance(templates, dict):
        return [("", "phải là các cặp «loại văn bản: tệp mẫu .docx», vd. quyet-dinh: mau/quyet-dinh.docx")]
    problems = []
    for loai, name in templates.items():
        message = _template_problem(name, folder)
        if message:
            problems.append((str(loai), message))
    return problems


def _template_problem(name: Any, folder: Path) -> str | None:
    if not isinstance(name, str) or not name.lower().endswith(".docx") or "\0" in name:
        return "phải là đường dẫn tệp mẫu .docx"
    target = folder / name
    try:
        if not target.resolve().is_relative_to(folder.resolve()):
            return f"tệp mẫu '{name}' phải nằm trong thư mục của hồ sơ ({folder})"
        if target.is_dir():
            return f"'{name}' là một thư mục, không phải tệp mẫu .docx"
        if not target.is_file():
            return f"không tìm thấy tệp mẫu '{name}' (tính từ thư mục của hồ sơ)"
        if not os.access(target, os.R_OK):
            return f"không có quyền đọc tệp mẫu '{name}'"
    except (OSError, ValueError) as exc:        # a name too long, a folder that cannot be entered
        return f"không đọc được tệp mẫu '{name[:80]}' ({type(exc).__name__})"
    return None


def anchored_entry(entry: Any, path: Path, lines: LineMap, field: tuple, problems: list[VanDe]) -> Any:
    """The agency entry with its templates as absolute paths, so that the document keeps pointing at
    them wherever it is rendered; what cannot be used is added to `problems`."""
    folder = Path(path).resolve().parent
    found = template_problems(entry, folder)
    for loai, message in found:
        where = field + ("mau_word",) + ((loai,) if loai else ())
        problems.append(VanDe(str(path), lines.line_of(where), source.format_location(where), message))
    if found or not isinstance(entry, dict) or "mau_word" not in entry:
        return entry
    return {**entry, "mau_word": {loai: str((folder / name).resolve()) for loai, name in entry["mau_word"].items()}}


def read_ho_so(path: Path) -> HoSo:
    """Profiles are shared by every document of a batch: read each file once per change."""
    path = Path(path).resolve()
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise LoiDuLieu.mot(path, "không tìm thấy tệp hồ sơ cơ quan") from None
    return _read_cached(path, mtime)
