"""Read an agency profile file (hồ sơ cơ quan): bodies, signers, recipient groups."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from docgen.errors import LoiDuLieu
from docgen.model.ho_so import HoSo
from docgen.readers import source, validation


@lru_cache(maxsize=32)
def _read_cached(path: Path, mtime_ns: int) -> HoSo:
    data, lines = source.load(path)
    if not isinstance(data, dict):
        raise LoiDuLieu.mot(path, "hồ sơ phải là một bảng có co_quan, nguoi_ky, nhom_noi_nhan")
    try:
        return HoSo.model_validate(data)
    except ValidationError as exc:
        raise LoiDuLieu(validation.problems(exc, path, data, lines)) from None


def read_ho_so(path: Path) -> HoSo:
    """Profiles are shared by every document of a batch: read each file once per change."""
    path = Path(path).resolve()
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise LoiDuLieu.mot(path, "không tìm thấy tệp hồ sơ cơ quan") from None
    return _read_cached(path, mtime)
