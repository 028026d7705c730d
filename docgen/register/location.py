"""Where the outgoing register lives when no `--register` is given: a SQLite file in the user's data
folder. Apart from `store` so that commands that only need to know whether a register exists do
not import SQLAlchemy."""

from __future__ import annotations

import os
from pathlib import Path


def default_location() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "docgen" / "so-van-ban-di.sqlite"
