"""The outgoing-document register (sổ đăng ký văn bản đi), in SQLite or PostgreSQL.

NĐ 30 Điều 15: an agency numbers its documents from 01 on 1 January to 31 December, unique in the
year; whether every type shares one series or each has its own is the agency's choice; secret
documents take a separate series. The register is the only source of numbers: a number is taken
inside the same transaction that records the issued document, under a lock held per database, so
two clerks never get the same number and a failed or killed issue takes none.
"""

from __future__ import annotations

import getpass
import os
import socket
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from sqlalchemy import (Column, Date, DateTime, Integer, MetaData, String, Table, Text, UniqueConstraint,
                        create_engine, event, func, select, text)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

SCHEMA_VERSION = 2  # 2: the archive line (luu) for the paper register
ISSUED, CANCELLED = "da-ban-hanh", "da-huy"

metadata = MetaData()

schema_version = Table("docgen_schema", metadata, Column("version", Integer, nullable=False))

so_van_ban = Table(
    "so_van_ban_di", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("co_quan", String(100), nullable=False),     # agency (profile key)
    Column("day_so", String(40), nullable=False),       # series: "chung", a type abbreviation, "mat"
    Column("nam", Integer, nullable=False),
    Column("so", Integer, nullable=False),
    Column("ky_hieu", String(120), nullable=False),     # "05/QĐ-UBND"
    Column("loai", String(40), nullable=False),         # document type slug
    Column("trich_yeu", Text, nullable=False),
    Column("ngay", Date, nullable=False),
    Column("nguoi_ky", String(200), nullable=False),
    Column("noi_nhan", Text, nullable=False, default=""),
    Column("so_ban", Integer, nullable=True),           # copies issued, for the paper register
    Column("luu", String(200), nullable=True),          # "VT, NV": who keeps the archived copies
    Column("tep", Text, nullable=False),                # output file path
    Column("sha256", String(64), nullable=False),
    Column("nguoi_tao", String(200), nullable=False),   # who issued it (user@host)
    Column("thoi_gian", DateTime(timezone=True), nullable=False),
    Column("trang_thai", String(20), nullable=False, default=ISSUED),
    Column("ly_do_huy", Text, nullable=True),
    UniqueConstraint("co_quan", "day_so", "nam", "so", name="uq_so_trong_day"),
    UniqueConstraint("co_quan", "day_so", "nam", "ky_hieu", name="uq_ky_hieu_trong_nam"),
)


def default_location() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "docgen" / "so-van-ban-di.sqlite"


def url_for(location: str | Path | None) -> str:
    """A connection URL from `--register`: a URL as is, else a SQLite file path."""
    location = location or os.environ.get("DOCGEN_REGISTER") or default_location()
    text_location = str(location)
    if "://" in text_location:
        if text_location.startswith("postgresql://"):
            return "postgresql+psycopg://" + text_location[len("postgresql://"):]
        return text_location
    path = Path(text_location).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def open_engine(location: str | Path | None = None) -> Engine:
    url = url_for(location)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 60})

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_connection, _record):
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
            dbapi_connection.execute("PRAGMA busy_timeout = 60000")
            _use_wal(dbapi_connection)
            dbapi_connection.execute("PRAGMA synchronous = FULL")

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection):
            # IMMEDIATE takes the write lock now: the number read below cannot be taken by another
            # process before this transaction commits or rolls back.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        engine = create_engine(url, pool_pre_ping=True,
                               connect_args={"application_name": f"docgen {who()}"[:63]})
    migrate(engine)
    return engine


def _use_wal(dbapi_connection) -> None:
    """Write-ahead logging lets clerks read the register while another issues. The mode is kept in
    the file, so only the first opening sets it; SQLite refuses the switch at once (no busy wait)
    while another process holds the file, hence the retries when several open a new register."""
    import sqlite3
    import time

    for _ in range(200):
        try:
            mode = dbapi_connection.execute("PRAGMA journal_mode").fetchone()[0]
            if mode.lower() != "wal":
                dbapi_connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError:
            time.sleep(0.05)
    raise RuntimeError("không chuyển được sổ đăng ký SQLite sang chế độ WAL (tệp đang bị khóa)")


def migrate(engine: Engine) -> None:
    """Create the schema, or bring an older one up to SCHEMA_VERSION."""
    with engine.begin() as connection:
        _lock(connection, "schema")
        metadata.create_all(connection)
        current = connection.execute(select(schema_version.c.version)).scalar()
        if current is None:
            connection.execute(schema_version.insert().values(version=SCHEMA_VERSION))
        elif current > SCHEMA_VERSION:
            raise RuntimeError(f"sổ đăng ký thuộc phiên bản docgen mới hơn (lược đồ {current})")
        else:
            if current < 2:
                connection.execute(text("ALTER TABLE so_van_ban_di ADD COLUMN luu VARCHAR(200)"))
            if current < SCHEMA_VERSION:
                connection.execute(schema_version.update().values(version=SCHEMA_VERSION))


LOCK_TIMEOUT_SECONDS = 15   # a clerk waits this long for another's issue, then is told who holds it


class SoBiKhoa(Exception):
    """The register is held by another issuer for longer than a clerk should wait."""


def _lock(connection: Connection, key: str) -> None:
    """Serialise writers. SQLite: the BEGIN IMMEDIATE of the transaction already did.
    PostgreSQL: a transaction-scoped advisory lock per key (released at commit or rollback),
    waited for at most LOCK_TIMEOUT_SECONDS: a suspended `docgen issue` must not block every clerk."""
    if connection.dialect.name != "postgresql":
        return
    connection.execute(text(f"SET LOCAL lock_timeout = '{int(LOCK_TIMEOUT_SECONDS * 1000)}ms'"))
    try:
        connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": key})
    except OperationalError as exc:
        if getattr(exc.orig, "sqlstate", None) != "55P03":      # lock_not_available
            raise
        holder = _lock_holder(connection.engine, key)
        raise SoBiKhoa(f"sổ đăng ký đang được {holder} giữ để cấp số quá {LOCK_TIMEOUT_SECONDS:g} giây; "
                       "thử lại sau hoặc báo người đó") from None


def _lock_holder(engine: Engine, key: str) -> str:
    """Who holds an advisory lock (`application_name` is `docgen user@host`), read on a connection
    of its own: the waiting transaction is aborted by the timeout."""
    query = text("SELECT a.application_name, a.usename, a.client_addr FROM pg_locks l "
                 "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted "
                 "AND l.objsubid = 1 AND l.objid = ((hashtext(:key)::bigint) & 4294967295)::oid LIMIT 1")
    try:
        with engine.connect() as connection:
            row = connection.execute(query, {"key": key}).first()
    except Exception:     # the name is a courtesy; the timeout message stands without it
        row = None
    if row is None:
        return "một người khác"
    return (row.application_name or row.usename or "một người khác").removeprefix("docgen ")


def lock_series(connection: Connection, co_quan: str, day_so: str, nam: int) -> None:
    _lock(connection, f"{co_quan}|{day_so}|{nam}")


def lock_file(connection: Connection, path: str) -> None:
    """One output file across every series: taken after the series lock (always in that order)."""
    _lock(connection, f"tep|{path}")


def last_issued(connection: Connection, co_quan: str, day_so: str, nam: int):
    """The latest entry of a series in a year (its number and date), or None."""
    return connection.execute(
        select(so_van_ban.c.so, so_van_ban.c.ky_hieu, so_van_ban.c.ngay).where(
            so_van_ban.c.co_quan == co_quan, so_van_ban.c.day_so == day_so, so_van_ban.c.nam == nam)
        .order_by(so_van_ban.c.so.desc()).limit(1)).first()


FIELD_NAMES = {"trich_yeu": "trích yếu", "luu": "dòng Lưu", "noi_nhan": "nơi nhận", "nguoi_ky": "người ký",
               "ky_hieu": "số, ký hiệu", "co_quan": "khóa cơ quan", "tep": "đường dẫn tệp"}


def too_long(values: dict) -> list[str]:
    """Values longer than their column allows (PostgreSQL refuses them at the insert; SQLite would
    keep them): found before anything is written."""
    problems = []
    for column in so_van_ban.columns:
        limit = getattr(column.type, "length", None)
        value = values.get(column.name)
        if limit and isinstance(value, str) and len(value) > limit:
            problems.append(f"{FIELD_NAMES.get(column.name, column.name)} dài {len(value)} ký tự, tối đa {limit}")
    return problems


def series_in_year(connection: Connection, co_quan: str, nam: int) -> set[str]:
    return {row[0] for row in connection.execute(
        select(so_van_ban.c.day_so).distinct().where(so_van_ban.c.co_quan == co_quan, so_van_ban.c.nam == nam))}


def later_year(connection: Connection, co_quan: str, day_so: str, nam: int) -> int | None:
    """The first year after `nam` in which the series already has documents: `nam` is closed."""
    return connection.execute(
        select(func.min(so_van_ban.c.nam)).where(
            so_van_ban.c.co_quan == co_quan, so_van_ban.c.day_so == day_so, so_van_ban.c.nam > nam)
    ).scalar()


def recorded_file(connection: Connection, path: str):
    """The issued entry that already owns this output file, or None."""
    return connection.execute(
        select(so_van_ban.c.ky_hieu, so_van_ban.c.nam).where(
            so_van_ban.c.tep == path, so_van_ban.c.trang_thai == ISSUED)).first()


def next_number(connection: Connection, co_quan: str, day_so: str, nam: int) -> int:
    """The next number of a series: 1 on the first document of the year; cancelled numbers count
    (they are kept in the register and never given again)."""
    last = connection.execute(
        select(func.max(so_van_ban.c.so)).where(
            so_van_ban.c.co_quan == co_quan, so_van_ban.c.day_so == day_so, so_van_ban.c.nam == nam)
    ).scalar()
    return (last or 0) + 1


def who() -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no login name in some containers
        user = "?"
    return f"{user}@{socket.gethostname()}"


def now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class Entry:
    """One row of the register, as the commands show it."""

    so: int
    ky_hieu: str
    nam: int
    ngay: date
    loai: str
    trich_yeu: str
    nguoi_ky: str
    noi_nhan: str
    so_ban: int | None
    luu: str | None
    tep: str
    sha256: str
    nguoi_tao: str
    thoi_gian: datetime
    trang_thai: str
    ly_do_huy: str | None
    co_quan: str
    day_so: str

    @classmethod
    def of(cls, row) -> "Entry":
        mapping = row._mapping
        return cls(**{field: mapping[field] for field in cls.__dataclass_fields__})
