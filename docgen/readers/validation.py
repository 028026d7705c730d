"""Turn pydantic's validation errors into Vietnamese problems with file, line and field."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from docgen.errors import VanDe
from docgen.readers.source import LineMap, format_location

_MESSAGES = {
    "missing": "thiếu trường bắt buộc",
    "extra_forbidden": "trường này không có trong mẫu dữ liệu (gõ sai tên?)",
    "string_type": "phải là một đoạn chữ",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "bool_type": "phải là true hoặc false",
    "bool_parsing": "phải là true hoặc false",
    "list_type": "phải là một danh sách (mỗi mục một dòng bắt đầu bằng '- ')",
    "dict_type": "phải là một bảng 'khóa: giá trị'",
    "model_type": "phải là một bảng 'khóa: giá trị'",
    "model_attributes_type": "phải là một bảng 'khóa: giá trị'",
    "date_type": "ngày không hợp lệ (viết dạng 12/6/2024 hoặc 2024-06-12)",
    "date_parsing": "ngày không hợp lệ (viết dạng 12/6/2024 hoặc 2024-06-12)",
    "date_from_datetime_parsing": "ngày không hợp lệ (viết dạng 12/6/2024 hoặc 2024-06-12)",
    "date_from_datetime_inexact": "chỉ ghi ngày, không ghi giờ",
    "too_short": "không được để trống",
}


def message(error: dict) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if "input" in error and error["input"] is None and kind.endswith("_type"):
        return _MESSAGES["missing"] + " (ô trống)"  # an empty cell or a key without value
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "string_type" and isinstance(error.get("input"), dict):
        return ("phải là một đoạn chữ (dòng có dấu hai chấm rồi khoảng trắng, hay ở cuối dòng, YAML hiểu là "
                "khóa: hãy đặt cả dòng trong dấu nháy kép)")
    if kind == "greater_than_equal":
        return f"phải lớn hơn hoặc bằng {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"phải nhỏ hơn hoặc bằng {ctx.get('le')}"
    return _MESSAGES.get(kind, error["msg"])


def _data_location(location: tuple, data, missing: bool = False) -> tuple:
    """Keep only the parts of pydantic's location that exist in the data (drop union tags);
    a missing field keeps its own name at the end."""
    kept: list = []
    current = data
    for position, part in enumerate(location):
        if missing and position == len(location) - 1:
            kept.append(part)
            break
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and part < len(current):
            current = current[part]
        elif part in ("noi_dung", "muc") or isinstance(part, int):
            current = None  # resolved objects (profiles) no longer mirror the file
        else:
            continue
        kept.append(part)
    return tuple(kept)


UNION_FIELDS = ("noi_dung", "muc", "noi_nhan")   # a string or a mapping


def _is_other_union_branch(error: dict) -> bool:
    """A body node may be a string or a mapping; report only the branch the clerk wrote."""
    value = error.get("input")
    if not any(part in UNION_FIELDS for part in error["loc"] if isinstance(part, str)):
        return False
    if error["type"] == "string_type" and isinstance(value, dict):
        return True
    return error["type"] in ("model_type", "dict_type") and isinstance(value, str)


def problems(exc: ValidationError, file: Path | str, data, lines: LineMap) -> list[VanDe]:
    found: list[VanDe] = []
    errors = exc.errors(include_url=False)
    # a body node may be a string or a mapping: report the branch the clerk wrote — but never drop
    # every error (a list of lines given a mapping has only the "string" branch)
    chosen = [error for error in errors if not _is_other_union_branch(error)] or errors
    for error in chosen:
        location = _data_location(error["loc"], data, missing=error["type"] == "missing")
        problem = VanDe(str(file), lines.line_of(location), format_location(location) or None, message(error))
        if problem not in found:
            found.append(problem)
    return found
