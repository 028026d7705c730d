"""Where a command writes (`-o`): one meaning in every command.

A path that ends in `/` or names an existing folder is a folder (created when missing) and the
output takes its default name there; anything else is a file, whose extension must be one the
command writes. A file the outgoing register records as an issued document is never overwritten by
`render` or `import` — it is the agency's record.
"""

from __future__ import annotations

import os
from pathlib import Path

from docgen.errors import LoiDuLieu
from docgen.register.location import default_location


def output_path(output: Path | str | None, default: Path, suffixes: tuple[str, ...]) -> Path:
    """The file to write: `default` when no `-o`; inside the folder `-o` names; or `-o` itself."""
    if output is None:
        return default
    text = str(output)
    folder = Path(text)
    try:
        if text.endswith(("/", os.sep)) or folder.is_dir():
            folder.mkdir(parents=True, exist_ok=True)
            return folder / default.name
        if folder.suffix.lower() not in suffixes:
            raise LoiDuLieu.mot(text, f"-o phải là thư mục (kết thúc bằng /) hoặc tệp {' hoặc '.join(suffixes)}")
        folder.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:             # a file where a folder should be, no permission…
        raise LoiDuLieu.mot(text, f"không tạo được thư mục cho tệp kết quả ({exc.strerror})") from None
    return folder


def refuse_issued(target: Path, register: str | None = None) -> None:
    """Stop before overwriting a file the register records as issued (only where a register exists:
    checking never creates one)."""
    if not target.exists():
        return
    location = register or os.environ.get("DOCGEN_REGISTER") or default_location()
    if "://" not in str(location) and not Path(location).expanduser().is_file():
        return
    from docgen.register import store    # SQLAlchemy (≈ 0.13 s to import): only when there is a file to protect
    engine = store.open_engine(location)
    try:
        with engine.connect() as connection:
            owner = store.recorded_file(connection, str(target.resolve()))
    except Exception:     # a register of another schema or out of reach: it cannot speak for the file
        owner = None
    finally:
        engine.dispose()
    if owner is not None:
        raise LoiDuLieu.mot(target, f"đây là văn bản đã ban hành số {owner.ky_hieu} (năm {owner.nam}) trong sổ đăng ký "
                                    "văn bản đi: không ghi đè, hãy chọn -o khác")
