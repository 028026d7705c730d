"""Users and their drafts, in the data folder's own SQLite file (the register stays where it is).

A user belongs to one agency (a key of the data folder's profile) and has one role: chuyên viên
drafts, văn thư also issues and cancels, quản trị also manages users. Passwords are hashed with
argon2 (argon2-cffi); nothing else about them is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import (Column, DateTime, ForeignKey, Integer, MetaData, String, Table, Text, create_engine,
                        select, update)
from sqlalchemy.engine import Engine

from docgen import vietnamese as vi

ROLES = {"chuyen-vien": "chuyên viên", "van-thu": "văn thư", "quan-tri": "quản trị"}
ISSUERS = {"van-thu", "quan-tri"}

metadata = MetaData()
users = Table(
    "nguoi_dung", metadata,
    Column("id", Integer, primary_key=True),
    Column("ten", String(100), nullable=False, unique=True),
    Column("co_quan", String(100), nullable=False),        # agency key in the profile
    Column("vai_tro", String(20), nullable=False),
    Column("mat_khau", String(200), nullable=False),       # argon2 hash
    Column("phien", Integer, nullable=False, default=0),   # session version: signing out ends them all
)
drafts = Table(
    "du_thao", metadata,
    Column("id", Integer, primary_key=True),
    Column("nguoi_tao", Integer, ForeignKey("nguoi_dung.id"), nullable=False),
    Column("co_quan", String(100), nullable=False),
    Column("loai", String(40), nullable=False),
    Column("yaml", Text, nullable=False),
    Column("cap_nhat", DateTime(timezone=True), nullable=False),
    Column("ky_hieu", String(120), nullable=True),         # once issued
    Column("tep", Text, nullable=True),                    # the issued file
)

_hasher = PasswordHasher()


@dataclass(frozen=True)
class User:
    id: int
    ten: str
    co_quan: str
    vai_tro: str
    phien: int = 0

    @property
    def may_issue(self) -> bool:
        return self.vai_tro in ISSUERS


@dataclass(frozen=True)
class Draft:
    id: int
    nguoi_tao: int
    co_quan: str
    loai: str
    yaml: str
    cap_nhat: datetime
    ky_hieu: str | None
    tep: str | None


def open_store(folder: Path) -> Engine:
    folder.mkdir(parents=True, exist_ok=True)
    engine = create_engine(f"sqlite:///{folder / 'web.sqlite'}", connect_args={"timeout": 30})
    metadata.create_all(engine)
    return engine


class LoiTaiKhoan(Exception):
    """A user that cannot be added as asked."""


def add_user(engine: Engine, name: str, agency: str, role: str, password: str) -> User:
    name = vi.nfc(name).strip()
    if role not in ROLES:
        raise LoiTaiKhoan(f"vai trò '{role}' không có; chọn: {', '.join(ROLES)}")
    if len(password) < 8:
        raise LoiTaiKhoan("mật khẩu cần ít nhất 8 ký tự")
    with engine.begin() as connection:
        if connection.execute(select(users.c.id).where(users.c.ten == name)).first():
            raise LoiTaiKhoan(f"đã có người dùng '{name}'")
        new_id = connection.execute(users.insert().values(
            ten=name, co_quan=agency, vai_tro=role, mat_khau=_hasher.hash(password), phien=0)).inserted_primary_key[0]
    return User(new_id, name, agency, role)


def authenticate(engine: Engine, name: str, password: str) -> User | None:
    with engine.connect() as connection:
        row = connection.execute(select(users).where(users.c.ten == vi.nfc(name).strip())).first()
    if row is None:
        _hasher.hash(password)          # the same time whether or not the name exists
        return None
    try:
        _hasher.verify(row.mat_khau, password)
    except (VerificationError, InvalidHashError):
        return None
    return User(row.id, row.ten, row.co_quan, row.vai_tro, row.phien)


def end_sessions(engine: Engine, user_id: int) -> None:
    with engine.begin() as connection:
        connection.execute(update(users).where(users.c.id == user_id).values(phien=users.c.phien + 1))


def users_of(engine: Engine, agency: str) -> list[User]:
    with engine.connect() as connection:
        rows = connection.execute(select(users).where(users.c.co_quan == agency).order_by(users.c.ten))
        return [User(row.id, row.ten, row.co_quan, row.vai_tro, row.phien) for row in rows]


def user(engine: Engine, user_id: int) -> User | None:
    with engine.connect() as connection:
        row = connection.execute(select(users).where(users.c.id == user_id)).first()
    return User(row.id, row.ten, row.co_quan, row.vai_tro, row.phien) if row else None


def save_draft(engine: Engine, owner: User, loai: str, text: str, draft_id: int | None = None) -> int:
    now = datetime.now(timezone.utc)
    with engine.begin() as connection:
        if draft_id is None:
            return connection.execute(drafts.insert().values(
                nguoi_tao=owner.id, co_quan=owner.co_quan, loai=loai, yaml=text, cap_nhat=now)).inserted_primary_key[0]
        connection.execute(update(drafts).where(drafts.c.id == draft_id).values(yaml=text, cap_nhat=now))
        return draft_id


def mark_issued(engine: Engine, draft_id: int, ky_hieu: str, tep: str) -> None:
    with engine.begin() as connection:
        connection.execute(update(drafts).where(drafts.c.id == draft_id).values(ky_hieu=ky_hieu, tep=tep))


def reopen_issued(engine: Engine, tep: str) -> None:
    """The number of this file was cancelled: its draft is a draft again."""
    with engine.begin() as connection:
        connection.execute(update(drafts).where(drafts.c.tep == tep).values(ky_hieu=None, tep=None))


def _visible(viewer: User):
    """A chuyên viên sees their own drafts; a văn thư or quản trị those of their whole agency."""
    query = select(drafts).where(drafts.c.co_quan == viewer.co_quan)
    return query if viewer.may_issue else query.where(drafts.c.nguoi_tao == viewer.id)


def visible_drafts(engine: Engine, viewer: User) -> list[Draft]:
    with engine.connect() as connection:
        return [Draft(**row._mapping) for row in connection.execute(_visible(viewer).order_by(drafts.c.cap_nhat.desc()))]


def draft_for(engine: Engine, viewer: User, draft_id: int) -> Draft | None:
    """The draft if this user may see it (None otherwise: another agency's is simply not there)."""
    with engine.connect() as connection:
        row = connection.execute(_visible(viewer).where(drafts.c.id == draft_id)).first()
    return Draft(**row._mapping) if row else None
