"""Check results as text for clerks and as stable JSON for tools."""

from __future__ import annotations

from docgen.checkers.check import KetQua
from docgen.checkers.findings import SEVERITY_VI
from docgen.model.loai import LOAI_VAN_BAN

JSON_VERSION = 1


def human(result: KetQua) -> list[str]:
    if result.unreadable:
        return [f"{result.file}: KHÔNG ĐỌC ĐƯỢC — {result.unreadable}"]
    kind = LOAI_VAN_BAN[result.loai].ten if result.loai else "không rõ loại"
    if not result.findings:
        return [f"{result.file} ({kind}): đạt, không có lỗi"]
    lines = [f"{result.file} ({kind}): {result.errors} lỗi, {result.warnings} cảnh báo"]
    for item in result.findings:
        where = ""
        if item.paragraph:
            where = f"đoạn {item.paragraph}"
            if item.excerpt:
                where += f" «{item.excerpt}»"
            where += ": "
        lines.append(f"  {SEVERITY_VI[item.severity]:<8} [{item.rule}] {where}{item.message}")
    return lines


def summary(results: list[KetQua]) -> str:
    unreadable = sum(1 for r in results if r.unreadable)
    with_errors = sum(1 for r in results if not r.unreadable and r.errors)
    passed = len(results) - unreadable - with_errors
    text = f"Đã kiểm tra {len(results)} tệp: {passed} đạt, {with_errors} có lỗi"
    return text + (f", {unreadable} không đọc được." if unreadable else ".")


def as_json(results: list[KetQua]) -> dict:
    return {"version": JSON_VERSION, "files": [r.as_dict() for r in results]}


def exit_code(results: list[KetQua]) -> int:
    """0 clean, 1 errors found, 2 a file could not be read."""
    if any(r.unreadable for r in results):
        return 2
    return 1 if any(r.errors for r in results) else 0
