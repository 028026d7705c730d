"""Output file names from a pattern and a row: safe on every OS, inside the output folder, unique."""

from __future__ import annotations

import re
import string
from functools import lru_cache
from pathlib import Path

from docgen.vietnamese import nfc

RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
MAX_BYTES = 150  # well under every file system's 255, leaving room for "-2" and ".docx"


class _Fields(string.Formatter):
    """str.format with plain field names only: `{ho_ten}`, `{stt:03d}`; no `{x.attr}` or `{x[0]}`."""

    def get_field(self, field_name, args, kwargs):
        if not re.fullmatch(r"\w+", field_name):
            raise ValueError(f"mẫu tên tệp chỉ dùng tên cột đơn giản, không dùng '{field_name}'")
        if field_name not in kwargs:
            raise ValueError(f"mẫu tên tệp dùng cột '{field_name}' không có trong dữ liệu")
        return kwargs[field_name], field_name


def check_pattern(pattern: str, fields: set[str]) -> None:
    for _, name, spec, _ in string.Formatter().parse(pattern):
        if name is not None and (not re.fullmatch(r"\w+", name) or name not in fields):
            raise ValueError(f"mẫu tên tệp '{pattern}': không có cột '{name}' (dùng: {', '.join(sorted(fields))})")
        if spec and re.search(r"\d{4,}", spec):      # `{stt:99999999999}`: a name of gigabytes
            raise ValueError(f"mẫu tên tệp '{pattern}': độ rộng '{spec}' quá lớn")


def format_name(pattern: str, values: dict) -> str:
    try:
        if _plain(pattern):              # str.format_map: the same result, in C (a name a row)
            return pattern.format_map(values)
        return _Fields().format(pattern, **values)
    except KeyError as exc:
        problem = f"mẫu tên tệp dùng cột '{exc.args[0]}' không có trong dữ liệu"
        raise ValueError(f"không đặt được tên tệp theo mẫu '{pattern}': {problem}") from None
    except (ValueError, TypeError) as exc:
        raise ValueError(f"không đặt được tên tệp theo mẫu '{pattern}': {exc}") from None


@lru_cache(maxsize=64)
def _plain(pattern: str) -> bool:
    """Only `{name}` / `{name:spec}` fields — no attribute, index, position or field inside a spec —:
    what `_Fields` allows, so that `format_map` cannot reach further than it."""
    try:
        return all(name is None or (re.fullmatch(r"\w+", name) and not name.isdigit() and "{" not in (spec or ""))
                   for _, name, spec, _ in string.Formatter().parse(pattern))
    except ValueError:
        return False


def safe_name(text: str) -> str:
    text = FORBIDDEN.sub("-", nfc(text))
    text = " ".join(text.split()).strip(" .")
    if text.split(".")[0].upper() in RESERVED:
        text = "_" + text
    encoded = text.encode("utf-8")[:MAX_BYTES]
    text = encoded.decode("utf-8", errors="ignore").strip(" .")
    return text or "van-ban"


class UniqueNames:
    """Hands out each name once (case-insensitively, as Windows and macOS compare names)."""

    def __init__(self, folder: Path, suffix: str = ".docx"):
        self.folder = Path(folder).resolve()
        self.suffix = suffix
        self.taken: set[str] = set()

    def path_for(self, name: str) -> Path:
        return self.folder / self.name_for(name)

    def name_for(self, name: str) -> str:
        """The file name (in the folder) handed out for `name`."""
        stem = safe_name(name)
        candidate, counter = stem, 1
        while candidate.casefold() in self.taken:
            counter += 1
            candidate = f"{stem}-{counter}"
        self.taken.add(candidate.casefold())
        # safe_name leaves no separator and no leading dot, so the name cannot leave the folder
        if "/" in candidate or "\\" in candidate or candidate.startswith("."):
            raise ValueError(f"tên tệp '{name}' ra ngoài thư mục kết quả")
        return f"{candidate}{self.suffix}"
