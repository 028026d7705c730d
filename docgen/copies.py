"""`docgen copy`: a paper copy (bản sao y, sao lục, trích sao) of an issued .docx, Mẫu 3.1."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from docgen import vietnamese as vi
from docgen.atomic import write_atomic
from docgen.dau_ra import output_path, refuse_issued
from docgen.errors import LoiDuLieu
from docgen.model.ban_sao import BanSao
from docgen.model.ho_so import HoSo
from docgen.readers.docx_text import open_docx
from docgen.readers.ho_so import read_ho_so
from docgen.register import store
from docgen.register.issue import LoiCapSo, issue_copy
from docgen.render.ban_sao import add_copy_block, package

MAX_ORIGINAL_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class CopyRequest:
    original: Path
    ho_so: Path
    hinh_thuc: str = "sao-y"
    co_quan: str | None = None          # profile keys; the profile's first when not given
    nguoi_ky: str | None = None
    so: int | None = None
    ngay: date | None = None
    noi_nhan: list[str] = field(default_factory=list)
    luu: str = "VT"
    output: str | None = None
    issue: bool = False                 # take the number from the register's series of copies
    register: str | None = None


def make_copy(request: CopyRequest) -> Path:
    """Write the original with the copy block under its last line; the original is not touched."""
    profile = read_ho_so(request.ho_so)
    ban_sao = _ban_sao(request, profile)
    document = _open_original(request.original)
    default = request.original.with_name(f"{request.original.stem}-{request.hinh_thuc}.docx")
    target = output_path(request.output, default, (".docx",))
    if target.resolve() == request.original.resolve():
        raise LoiDuLieu.mot(target, "bản sao không được ghi đè bản gốc: hãy chọn -o khác")
    refuse_issued(target, request.register)
    if request.issue:
        _issue(request, ban_sao, document, target)
    else:
        add_copy_block(document, ban_sao)
        write_atomic(target, package(document))
    return target


def _issue(request: CopyRequest, ban_sao: BanSao, document, target: Path) -> None:
    if request.so is not None:
        raise LoiDuLieu.mot("--so", "--issue lấy số từ sổ đăng ký: bỏ --so")

    def write(numbered: BanSao) -> bytes:
        add_copy_block(document, numbered)
        return package(document)

    engine = store.open_engine(request.register)
    try:
        issue_copy(ban_sao, write, target, engine, request.original.name)
    except LoiCapSo as exc:
        raise LoiDuLieu.mot(target, str(exc)) from None
    finally:
        engine.dispose()


def _ban_sao(request: CopyRequest, profile: HoSo) -> BanSao:
    agency = _pick(profile.co_quan, request.co_quan, "--co-quan", request.ho_so)
    key = request.co_quan or next(iter(profile.co_quan))
    agency = agency if agency.ma else agency.model_copy(update={"ma": key})   # the register's agency key
    signer = _pick(profile.nguoi_ky, request.nguoi_ky, "--nguoi-ky", request.ho_so)
    try:
        return BanSao(hinh_thuc=request.hinh_thuc, co_quan=agency, nguoi_ky=signer, so=request.so,
                      ngay=request.ngay, nam=None if request.ngay else date.today().year, noi_nhan=[vi.nfc(n) for n in request.noi_nhan if n.strip()],
                      luu=vi.nfc(request.luu))
    except ValidationError as exc:
        raise LoiDuLieu.mot(request.ho_so, "; ".join(e["msg"] for e in exc.errors())) from None


def _pick(table: dict, key: str | None, option: str, path: Path):
    if not table:
        raise LoiDuLieu.mot(path, f"hồ sơ không có mục nào cho {option}")
    if key is None:
        return next(iter(table.values()))
    if key not in table:
        raise LoiDuLieu.mot(path, f"{option} '{key}' không có trong hồ sơ (có: {', '.join(table)})")
    return table[key]


def _open_original(path: Path):
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    if size > MAX_ORIGINAL_BYTES:
        raise LoiDuLieu.mot(path, f"bản gốc quá lớn ({size // 1024 // 1024} MB, tối đa 50 MB)")
    document, reason = open_docx(path)
    if document is None:
        raise LoiDuLieu.mot(path, reason)
    return document
