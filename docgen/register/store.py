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

from sqlalchemy import (Column, Date, DateTime, Index, Integer, MetaData, String, Table, Text, UniqueConstraint,
                        bindparam, create_engine, delete, event, func, select, text, update)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from docgen.register.location import default_location

SCHEMA_VERSION = 4  # 2: the archive line (luu); 3: rows being written, agency identity by name; 4: who cancelled
ISSUED, CANCELLED = "da-ban-hanh", "da-huy"
WRITING = "dang-ghi"    # number reserved and recorded, file not yet in place (see register/recovery.py)

metadata = MetaData()

schema_version = Table("docgen_schema", metadata, Column("version", Integer, nullable=False))

so_van_ban = Table(
    "so_van_ban_di", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("co_quan", String(300), nullable=False),     # agency identity: its printed name (issue.agency_of)
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
    Column("ma_co_quan", String(100), nullable=True),   # the profile key it was issued under
    Column("tien_trinh", String(300), nullable=True),   # "host/pid" of the process writing the file
    Column("nguoi_huy", String(200), nullable=True),    # who cancelled the number
    UniqueConstraint("co_quan", "day_so", "nam", "so", name="uq_so_trong_day"),
    UniqueConstraint("co_quan", "day_so", "nam", "ky_hieu", name="uq_ky_hieu_trong_nam"),
    Index("ix_so_van_ban_di_tep", "tep"),               # who owns an output path, asked at every issue
    Index("ix_so_van_ban_di_trang_thai", "trang_thai"),  # rows being written, asked at every issue
)


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
            if current < 3:
                connection.execute(text("ALTER TABLE so_van_ban_di ADD COLUMN ma_co_quan VARCHAR(100)"))
                connection.execute(text("ALTER TABLE so_van_ban_di ADD COLUMN tien_trinh VARCHAR(300)"))
                # rows of older versions name the agency by its profile key: theirs until adopted
                connection.execute(text("UPDATE so_van_ban_di SET ma_co_quan = co_quan"))
                if connection.dialect.name == "postgresql":
                    connection.execute(text("ALTER TABLE so_van_ban_di ALTER COLUMN co_quan TYPE VARCHAR(300)"))
                for index in so_van_ban.indexes:
                    index.create(connection, checkfirst=True)
            if current < 4:
                connection.execute(text("ALTER TABLE so_van_ban_di ADD COLUMN nguoi_huy VARCHAR(200)"))
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


def describe_failure(exc: BaseException) -> str | None:
    """What to tell a clerk when the register cannot be used (None: not a register failure)."""
    if isinstance(exc, SoBiKhoa):
        return str(exc)
    if isinstance(exc, SQLAlchemyError):
        cause = getattr(exc, "orig", None) or exc
        return f"sổ đăng ký không dùng được lúc này ({type(cause).__name__}: {str(cause).strip()[:200]}): thử lại sau"
    return None


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


# The statements every issue runs, built once (their parameters bound at execution): building a
# SQLAlchemy expression costs more than SQLite takes to run it.
_IN_SERIES = (so_van_ban.c.co_quan == bindparam("co_quan"), so_van_ban.c.day_so == bindparam("day_so"),
              so_van_ban.c.nam == bindparam("nam"))
_LAST = select(so_van_ban.c.so, so_van_ban.c.ky_hieu, so_van_ban.c.ngay).where(*_IN_SERIES) \
    .order_by(so_van_ban.c.so.desc()).limit(1)
_UNFINISHED_IN_SERIES = select(so_van_ban).where(so_van_ban.c.trang_thai == WRITING, *_IN_SERIES)
_OWNER = select(so_van_ban).where(so_van_ban.c.tep == bindparam("tep"),
                                  so_van_ban.c.trang_thai.in_((ISSUED, WRITING)))
_FINISH = update(so_van_ban).where(so_van_ban.c.id == bindparam("row_id"), so_van_ban.c.trang_thai == WRITING) \
    .values(trang_thai=ISSUED, tien_trinh=None)
_ADOPT = update(so_van_ban).where(so_van_ban.c.co_quan == bindparam("key"), so_van_ban.c.ma_co_quan == bindparam("key")) \
    .values(co_quan=bindparam("identity"))
_OTHER_NAMES = select(so_van_ban.c.co_quan).distinct().where(
    so_van_ban.c.ma_co_quan == bindparam("key"), so_van_ban.c.nam == bindparam("nam"),
    so_van_ban.c.co_quan != bindparam("identity"))
_YEARS = select(so_van_ban.c.day_so, so_van_ban.c.nam).distinct().where(
    so_van_ban.c.co_quan == bindparam("co_quan"), so_van_ban.c.nam >= bindparam("nam"))


def last_issued(connection: Connection, co_quan: str, day_so: str, nam: int):
    """The latest entry of a series in a year (its number and date), or None."""
    return connection.execute(_LAST, {"co_quan": co_quan, "day_so": day_so, "nam": nam}).first()


FIELD_NAMES = {"trich_yeu": "trích yếu", "luu": "dòng Lưu", "noi_nhan": "nơi nhận", "nguoi_ky": "người ký",
               "ky_hieu": "số, ký hiệu", "co_quan": "tên cơ quan", "ma_co_quan": "mã cơ quan",
               "tep": "đường dẫn tệp"}


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


def series_from_year(connection: Connection, co_quan: str, nam: int) -> set[tuple[str, int]]:
    """(series, year) pairs of the agency from `nam` on: the series used in `nam`, and whether a
    later year has already closed it."""
    return {(row.day_so, row.nam) for row in connection.execute(_YEARS, {"co_quan": co_quan, "nam": nam})}


def recorded_file(connection: Connection, path: str):
    """The entry, issued or being written, that already owns this output file, or None."""
    return connection.execute(_OWNER, {"tep": path}).first()


def adopt_profile_key(connection: Connection, identity: str, key: str | None) -> None:
    """Rows an older docgen recorded under the profile key join the agency's identity, so that its
    numbering goes on where it was (an index lookup: nothing to do once they have)."""
    if key:
        connection.execute(_ADOPT, {"identity": identity, "key": key})


def other_names(connection: Connection, identity: str, key: str | None, nam: int) -> set[str]:
    """Names under which the same profile key already numbered documents in `nam`."""
    if not key:
        return set()
    return {row[0] for row in connection.execute(_OTHER_NAMES, {"identity": identity, "key": key, "nam": nam})}


# --- rows being written (the reserve-first protocol of register/issue.py) -------------------------


def reserve(connection: Connection, values: dict) -> int:
    """Record the document as being written; its id."""
    return connection.execute(so_van_ban.insert(), {**values, "trang_thai": WRITING}).inserted_primary_key[0]


def writer_label() -> str:
    return f"{socket.gethostname()}/{os.getpid()}"


def hold_writer(connection: Connection, row_id: int) -> None:
    """PostgreSQL: a session lock that lives exactly as long as the writer's connection, so that
    another machine can tell a writer still at work from one that died."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_lock(hashtext(:key))"), {"key": f"dang-ghi|{row_id}"})


def release_writer(connection: Connection, row_id: int) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_unlock(hashtext(:key))"), {"key": f"dang-ghi|{row_id}"})


def writer_lock_free(connection: Connection, row_id: int) -> bool | None:
    """PostgreSQL: whether nobody holds the row's writer lock (None elsewhere: no such lock)."""
    if connection.dialect.name != "postgresql":
        return None
    key = {"key": f"dang-ghi|{row_id}"}
    if not connection.execute(text("SELECT pg_try_advisory_lock(hashtext(:key))"), key).scalar():
        return False
    connection.execute(text("SELECT pg_advisory_unlock(hashtext(:key))"), key)
    return True


def unfinished(connection: Connection, series: tuple[str, str, int] | None = None) -> list:
    """Rows being written: of one series (agency, series name, year), or of the whole register."""
    if series is not None:
        co_quan, day_so, nam = series
        return list(connection.execute(_UNFINISHED_IN_SERIES, {"co_quan": co_quan, "day_so": day_so, "nam": nam}))
    return list(connection.execute(select(so_van_ban).where(so_van_ban.c.trang_thai == WRITING)))


def finish(connection: Connection, row_id: int) -> bool:
    """Mark a row being written as issued; False if it is no longer being written."""
    return connection.execute(_FINISH, {"row_id": row_id}).rowcount == 1


def withdraw(connection: Connection, row, reason: str) -> str:
    """Undo a row whose file was never placed: deleted while it is the last of its series (the
    number is given again), else kept as cancelled (a later number exists: no gap)."""
    if next_number(connection, row.co_quan, row.day_so, row.nam) == row.so + 1:
        connection.execute(delete(so_van_ban).where(so_van_ban.c.id == row.id))
        return "xóa"
    connection.execute(update(so_van_ban).where(so_van_ban.c.id == row.id)
                       .values(trang_thai=CANCELLED, ly_do_huy=reason, tien_trinh=None))
    return "hủy"


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
    ma_co_quan: str | None = None
    nguoi_huy: str | None = None

    @classmethod
    def of(cls, row) -> "Entry":
        mapping = row._mapping
        return cls(**{field: mapping[field] for field in cls.__dataclass_fields__})

    @property
    def agency_label(self) -> str:
        return self.ma_co_quan or self.co_quan
