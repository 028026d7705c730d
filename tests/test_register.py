"""The outgoing-document register, on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import text

from docgen import atomic
from docgen.cli import main
from docgen.errors import LoiMauVanBan
from docgen.readers.docx_text import body_lines
from docgen.readers.van_ban import read_van_ban
from docgen.register import queries, store
from docgen.register.audit import audit
from docgen.register import issue as issue_module
from docgen.register.issue import LoiCapSo, issue

from conftest import ROOT, SAMPLES

POSTGRES = os.environ.get("DOCGEN_TEST_POSTGRES_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
def register(request, tmp_path) -> str:
    """A register location, empty at the start of the test."""
    if request.param == "sqlite":
        return str(tmp_path / "so-van-ban.sqlite")
    if not POSTGRES:
        pytest.skip("PostgreSQL: không có máy chủ để thử (DOCGEN_TEST_POSTGRES_URL chưa đặt; .ci/run khởi động "
                    "một máy chủ bằng .ci/postgres.sh)")
    engine = store.open_engine(POSTGRES)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM so_van_ban_di"))
    engine.dispose()
    return POSTGRES


@pytest.fixture
def folder(tmp_path) -> Path:
    shutil.copy(SAMPLES / "co-quan.yaml", tmp_path / "co-quan.yaml")
    for name in ("ke-hoach-du-thao.yaml", "quyet-dinh-tang-cuong-mot-nguoi.yaml", "quyet-dinh-tang-cuong.yaml"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    draft_decision = (tmp_path / "quyet-dinh-tang-cuong-mot-nguoi.yaml").read_text(encoding="utf-8")
    draft_decision = draft_decision.replace("so: 1520\n", "").replace("ngay: 28/7/2025\n", "")
    (tmp_path / "qd.yaml").write_text(draft_decision, encoding="utf-8")
    return tmp_path


def issued(register: str, folder: Path, source: str, name: str, when: date | None = None, **changes):
    document = read_van_ban(folder / source)
    if changes:
        co_quan = changes.pop("co_quan", None)
        if co_quan:
            changes["co_quan"] = document.co_quan.model_copy(update=co_quan)
        document = document.model_copy(update=changes)
    return issue(document, folder / name, store.open_engine(register), when)


def test_numbers_start_at_01_and_one_series_is_shared_by_all_types(register, folder):
    first = issued(register, folder, "qd.yaml", "a.docx", date(2026, 3, 2))
    second = issued(register, folder, "qd.yaml", "b.docx", date(2026, 3, 3))
    assert (first.ky_hieu, second.ky_hieu) == ("01/QĐ-UBND", "02/QĐ-UBND")
    lines = body_lines(Document(str(folder / "b.docx")))
    assert "Số: 02/QĐ-UBND" in lines and "Cần Thơ, ngày 03 tháng 3 năm 2026" in lines
    plan = read_van_ban(folder / "qd.yaml").model_copy(update={"loai": read_van_ban(folder / "ke-hoach-du-thao.yaml").loai})
    third = issue(plan, folder / "c.docx", store.open_engine(register), date(2026, 3, 4))
    assert third.ky_hieu == "03/KH-UBND"


def test_series_per_type_and_a_separate_confidential_series(register, folder):
    per_type = {"danh_so": "theo-loai"}
    assert issued(register, folder, "qd.yaml", "a.docx", date(2026, 1, 5), co_quan=per_type).ky_hieu == "01/QĐ-UBND"
    kh = read_van_ban(folder / "ke-hoach-du-thao.yaml").loai
    assert issued(register, folder, "qd.yaml", "b.docx", date(2026, 1, 5), co_quan=per_type,
                  loai=kh).ky_hieu == "01/KH-UBND"
    assert issued(register, folder, "qd.yaml", "c.docx", date(2026, 1, 6), co_quan=per_type).ky_hieu == "02/QĐ-UBND"
    secret = issued(register, folder, "qd.yaml", "d.docx", date(2026, 1, 6), mat=True)
    assert secret.ky_hieu == "01/QĐ-UBND" and secret.day_so == "mat"


def test_a_new_year_starts_again_at_01_and_closes_the_old_one(register, folder):
    issued(register, folder, "qd.yaml", "a.docx", date(2025, 12, 30))
    assert issued(register, folder, "qd.yaml", "b.docx", date(2026, 1, 1)).ky_hieu == "01/QĐ-UBND"
    with pytest.raises(LoiCapSo, match="năm 2025 đã khóa sổ"):
        issued(register, folder, "qd.yaml", "c.docx", date(2025, 12, 31))
    assert not (folder / "c.docx").exists()


def test_no_number_for_a_date_in_a_later_year_or_after_today(register, folder):
    later = date(date.today().year + 1, 1, 2)
    with pytest.raises(LoiCapSo, match="năm sau"):
        issued(register, folder, "qd.yaml", "a.docx", later)
    tomorrow = date.fromordinal(date.today().toordinal() + 1)
    if tomorrow.year == date.today().year:
        with pytest.raises(LoiCapSo, match="sau hôm nay"):
            issued(register, folder, "qd.yaml", "a.docx", tomorrow)
    assert not (folder / "a.docx").exists()


def test_a_failed_render_takes_no_number(register, folder, tmp_path):
    document = read_van_ban(folder / "qd.yaml")
    broken = tmp_path / "mau-hong"
    broken.mkdir()
    (broken / "quyet-dinh.docx").write_bytes(b"not a docx")
    engine = store.open_engine(register)
    with pytest.raises(LoiMauVanBan):
        issue(document, folder / "x.docx", engine, date(2026, 5, 5), templates_dir=broken)
    assert not (folder / "x.docx").exists()
    assert queries.entries(engine) == []
    assert issue(document, folder / "y.docx", engine, date(2026, 5, 5)).ky_hieu == "01/QĐ-UBND"


def test_a_numbered_document_is_not_issued_again(register, folder):
    document = read_van_ban(folder / "quyet-dinh-tang-cuong-mot-nguoi.yaml")
    with pytest.raises(LoiCapSo, match="đã có số 1520"):
        issue(document, folder / "x.docx", store.open_engine(register))


def test_cancel_keeps_the_number_and_never_reuses_it(register, folder):
    issued(register, folder, "qd.yaml", "a.docx", date(2026, 2, 1))
    engine = store.open_engine(register)
    entry = queries.cancel(engine, "01/QĐ-UBND", "Sai thông tin người được cử")
    assert entry.trang_thai == store.CANCELLED and entry.ly_do_huy == "Sai thông tin người được cử"
    assert issued(register, folder, "qd.yaml", "b.docx", date(2026, 2, 2)).ky_hieu == "02/QĐ-UBND"
    with pytest.raises(queries.KhongTimThay, match="đã hủy"):
        queries.cancel(engine, "01/QĐ-UBND", "lần nữa")
    assert [e.ky_hieu for e in queries.entries(engine, 2026, "QĐ")] == ["01/QĐ-UBND", "02/QĐ-UBND"]
    assert queries.entries(engine, 2026, "KH") == []


def test_verify_finds_changed_and_missing_files(register, folder):
    for name in ("a.docx", "b.docx", "c.docx"):
        issued(register, folder, "qd.yaml", name, date(2026, 4, 1))
    (folder / "b.docx").write_bytes((folder / "b.docx").read_bytes() + b"x")
    (folder / "c.docx").unlink()
    result = audit(store.open_engine(register))
    states = {s.entry.ky_hieu: s.state for s in result.files}
    assert states == {"01/QĐ-UBND": "ok", "02/QĐ-UBND": "changed", "03/QĐ-UBND": "missing"}
    assert len(result.problems) == 2 and not result.consistent


def test_export_in_the_layout_of_the_paper_register(register, folder):
    issued(register, folder, "qd.yaml", "a.docx", date(2026, 4, 1))
    issued(register, folder, "qd.yaml", "b.docx", date(2026, 4, 2))
    engine = store.open_engine(register)
    queries.cancel(engine, "02/QĐ-UBND", "Ban hành nhầm")
    target = folder / "so.xlsx"
    assert queries.export_xlsx(engine, target, 2026) == 2
    sheet = load_workbook(target).active
    assert sheet["A1"].value == "SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM 2026"
    assert [c.value for c in sheet[2]] == queries.PAPER_COLUMNS
    assert [c.value for c in sheet[3]][:4] == ["01/QĐ-UBND", "01/04/2026", "Quyết định: Về việc cử ông Nguyễn "
                                               "Văn An tăng cường đi công tác ở cơ sở", "Nguyễn Thực Hiện"]
    assert sheet["H4"].value == "Đã hủy: Ban hành nhầm"


def test_export_keeps_formulas_as_text_and_survives_odd_characters(register, folder):
    issued(register, folder, "qd.yaml", "a.docx", date(2026, 4, 1), noi_nhan=["=HYPERLINK(\"http://x\")"])
    engine = store.open_engine(register)
    queries.cancel(engine, "01/QĐ-UBND", "nhầm\x07 số\ufffe")
    target = folder / "so.xlsx"
    assert queries.export_xlsx(engine, target, 2026) == 1
    sheet = load_workbook(target).active
    assert sheet["E3"].data_type == "s" and sheet["E3"].value.startswith("=HYPERLINK")
    assert sheet["H3"].value == "Đã hủy: nhầm số"


def test_schema_is_created_once_and_versioned(register):
    for _ in range(2):
        engine = store.open_engine(register)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version FROM docgen_schema")).scalars().all() == [store.SCHEMA_VERSION]
    with engine.begin() as connection:
        connection.execute(text("UPDATE docgen_schema SET version = 99"))
    with pytest.raises(RuntimeError, match="phiên bản docgen mới hơn"):
        store.open_engine(register)
    with engine.begin() as connection:
        connection.execute(text(f"UPDATE docgen_schema SET version = {store.SCHEMA_VERSION}"))


# --- several processes, and processes that die ----------------------------------------------------

ISSUER = textwrap.dedent("""
    import sys
    from datetime import date
    from pathlib import Path
    from docgen.readers.van_ban import read_van_ban
    from docgen.register import store
    from docgen.register.issue import issue
    folder, register, worker, count = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    engine = store.open_engine(register)
    document = read_van_ban(folder / "qd.yaml")
    for index in range(count):
        issue(document, folder / f"p{worker}-{index}.docx", engine, date(2026, 6, 1))
""")


def test_parallel_processes_get_exactly_01_to_n(register, folder):
    workers, each = 4, 5
    processes = [subprocess.Popen([sys.executable, "-c", ISSUER, str(folder), register, str(w), str(each)], cwd=ROOT)
                 for w in range(workers)]
    assert [p.wait(timeout=120) for p in processes] == [0] * workers
    engine = store.open_engine(register)
    numbers = sorted(e.so for e in queries.entries(engine, 2026))
    assert numbers == list(range(1, workers * each + 1))
    assert audit(engine, 2026).consistent, audit(engine, 2026).problems
    files = {Path(e.tep).name for e in queries.entries(engine, 2026)}
    assert len(files) == workers * each


KILLED = textwrap.dedent("""
    import sys, time
    from datetime import date
    from pathlib import Path
    import docgen.register.issue as issuing
    from docgen.readers.van_ban import read_van_ban
    from docgen.register import store
    folder, register, where = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    real_render, real_write, real_replace = issuing.render_bytes, issuing.write_temporary, issuing.os.replace
    def pause(step):
        if where == step:
            print(step, flush=True); time.sleep(60)
    def slow_render(*args, **kwargs):
        pause("render")                    # number read under the lock, nothing recorded
        return real_render(*args, **kwargs)
    def slow_write(*args, **kwargs):
        pause("reserved")                  # row recorded as dang-ghi, no file yet
        temp = real_write(*args, **kwargs)
        pause("write")                     # temporary flushed, not renamed
        return temp
    def slow_replace(*args, **kwargs):
        real_replace(*args, **kwargs)
        pause("placed")                    # file in place, row not yet marked issued
    issuing.render_bytes, issuing.write_temporary, issuing.os.replace = slow_render, slow_write, slow_replace
    issuing.issue(read_van_ban(folder / "qd.yaml"), folder / "killed.docx", store.open_engine(register),
                  date(2026, 7, 1))
""")

# where the kill falls -> what the killed issue leaves: (its number kept?, its file kept?)
KILL_POINTS = {"render": False, "reserved": False, "write": False, "placed": True}


def _kill_mid_issue(register: str, folder: Path, where: str) -> None:
    process = subprocess.Popen([sys.executable, "-c", KILLED, str(folder), register, where], cwd=ROOT,
                               stdout=subprocess.PIPE, text=True, start_new_session=True)
    assert process.stdout.readline().strip() == where
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@pytest.mark.parametrize("where", KILL_POINTS)
def test_a_process_killed_mid_issue_is_finished_or_withdrawn_by_the_next(register, folder, where):
    issued(register, folder, "qd.yaml", "first.docx", date(2026, 7, 1))
    _kill_mid_issue(register, folder, where)
    engine = store.open_engine(register)
    following = issue(read_van_ban(folder / "qd.yaml"), folder / "next.docx", engine, date(2026, 7, 1))
    kept = KILL_POINTS[where]
    assert following.ky_hieu == ("03/QĐ-UBND" if kept else "02/QĐ-UBND")     # no gap, no number twice
    files = ["first.docx", "killed.docx", "next.docx"] if kept else ["first.docx", "next.docx"]
    rows = [(e.so, Path(e.tep).name, e.trang_thai) for e in queries.entries(engine, 2026)]
    assert rows == [(number, name, store.ISSUED) for number, name in enumerate(files, start=1)]
    assert (folder / "killed.docx").exists() == kept
    assert not list(folder.glob(".*.tmp"))                # the dead writer's temporary is swept
    result = audit(engine, 2026)
    assert result.consistent, result.problems


@pytest.mark.parametrize("where", ["reserved", "placed"])
def test_verify_reports_an_interrupted_issue_and_repairs_it(register, folder, where):
    issued(register, folder, "qd.yaml", "first.docx", date(2026, 7, 1))
    _kill_mid_issue(register, folder, where)
    found = cli("register", "verify", "--register", register)
    assert found.exit_code == 1 and "02/QĐ-UBND (2026): đang ghi dở" in found.output
    assert "[ĐANG GHI]" in cli("register", "list", "--register", register).output
    repaired = cli("register", "verify", "--sua", "--register", register)
    assert repaired.exit_code == 0, repaired.output
    said = "đã hoàn tất (tệp có đủ)" if where == "placed" else "đã rút lại, số được cấp lại"
    assert f"02/QĐ-UBND (2026): lần cấp số bị gián đoạn {said}" in repaired.output
    assert [e.so for e in queries.entries(store.open_engine(register))] == ([1, 2] if where == "placed" else [1])


def test_a_row_being_written_by_a_live_process_is_left_alone(register, folder):
    """Recovery must never take the number of an issue still at work (here: paused, not killed)."""
    issued(register, folder, "qd.yaml", "first.docx", date(2026, 7, 1))
    process = subprocess.Popen([sys.executable, "-c", KILLED, str(folder), register, "reserved"], cwd=ROOT,
                               stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert process.stdout.readline().strip() == "reserved"
        following = issued(register, folder, "qd.yaml", "next.docx", date(2026, 7, 1))
        assert following.ky_hieu == "03/QĐ-UBND"
        assert cli("register", "verify", "--sua", "--register", register).exit_code == 1   # still being written
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    repaired = cli("register", "verify", "--sua", "--register", register)
    assert repaired.exit_code == 0, repaired.output      # 02 withdrawn as cancelled: 03 came after it
    states = {e.so: e.trang_thai for e in queries.entries(store.open_engine(register))}
    assert states == {1: store.ISSUED, 2: store.CANCELLED, 3: store.ISSUED}


def test_two_series_cannot_write_one_file(register, folder):
    """An ordinary and a confidential issue to the same path: the second waits for nothing and is
    refused while the first is still writing; one row, one file."""
    process = subprocess.Popen([sys.executable, "-c", KILLED, str(folder), register, "reserved"], cwd=ROOT,
                               stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert process.stdout.readline().strip() == "reserved"
        with pytest.raises(LoiCapSo, match="killed.docx là văn bản 01/QĐ-UBND năm 2026 đang được ghi"):
            issued(register, folder, "qd.yaml", "killed.docx", date(2026, 7, 1), mat=True)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    engine = store.open_engine(register)
    assert [(e.day_so, e.so) for e in queries.entries(engine)] == [("chung", 1)]
    secret = issued(register, folder, "qd.yaml", "killed.docx", date(2026, 7, 1), mat=True)
    assert (secret.day_so, secret.so) == ("mat", 1)     # the dead writer's row withdrawn when the file is taken
    assert [(e.day_so, e.so) for e in queries.entries(engine)] == [("mat", 1)]
    assert audit(engine).consistent


class _DiskFull:
    """A stream that takes `room` bytes and then fails as a full disk does."""

    def __init__(self, stream, room: int):
        self.stream, self.room = stream, room

    def write(self, data: bytes) -> int:
        if len(data) > self.room:
            self.stream.write(data[:self.room])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return self.stream.write(data)

    def __getattr__(self, name):
        return getattr(self.stream, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stream.close()


def test_a_full_disk_takes_no_number(register, folder, monkeypatch):
    real_fdopen = os.fdopen
    monkeypatch.setattr(atomic.os, "fdopen", lambda *a, **k: _DiskFull(real_fdopen(*a, **k), 4096))
    result = cli("issue", folder / "qd.yaml", "-o", folder / "day.docx", "--register", register, "--ngay", "01/7/2026")
    assert result.exit_code == 3 and "No space left on device" in result.output and "số chưa được cấp" in result.output
    assert not (folder / "day.docx").exists() and not list(folder.glob(".*.tmp"))
    monkeypatch.undo()
    engine = store.open_engine(register)
    assert queries.entries(engine) == []
    assert issued(register, folder, "qd.yaml", "day.docx", date(2026, 7, 1)).ky_hieu == "01/QĐ-UBND"
    assert audit(engine).consistent


def test_a_really_full_file_system(register, folder):
    """The same on a tiny tmpfs (where this machine lets the test mount one)."""
    disk = folder / "tmpfs"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48k", "tmpfs", str(disk)], capture_output=True).returncode:
        pytest.skip("không gắn được tmpfs (cần quyền root)")
    try:
        (disk / "da-day").write_bytes(b"x" * 36 * 1024)
        result = cli("issue", folder / "qd.yaml", "-o", disk / "qd.docx", "--register", register, "--ngay", "01/7/2026")
        assert result.exit_code == 3 and "số chưa được cấp" in result.output, result.output
        assert sorted(p.name for p in disk.iterdir()) == ["da-day"]
        (disk / "da-day").unlink()
        assert issued(register, folder, "qd.yaml", disk / "qd.docx", date(2026, 7, 1)).ky_hieu == "01/QĐ-UBND"
        assert audit(store.open_engine(register)).consistent
    finally:
        subprocess.run(["umount", str(disk)])


def test_a_held_register_times_out_naming_its_holder(register, folder, monkeypatch):
    if not register.startswith("postgresql"):
        pytest.skip("SQLite: writers queue on the file lock (busy_timeout), there is no holder to name")
    monkeypatch.setattr(store, "LOCK_TIMEOUT_SECONDS", 1)
    holder = store.open_engine(register)
    document = read_van_ban(folder / "qd.yaml")
    with holder.begin() as held:
        store.lock_series(held, issue_module.agency_of(document), issue_module.series_of(document), 2026)
        started = time.monotonic()
        result = cli("issue", folder / "qd.yaml", "-o", folder / "cho.docx", "--register", register,
                     "--ngay", "01/7/2026")
        assert time.monotonic() - started < 10
    assert result.exit_code == 3 and "giữ để cấp số" in result.output and "@" in result.output
    assert not (folder / "cho.docx").exists()
    assert queries.entries(store.open_engine(register)) == []


def test_a_change_of_numbering_mode_mid_year_is_refused(register, folder):
    issued(register, folder, "qd.yaml", "a.docx", date(2026, 7, 1))
    with pytest.raises(LoiCapSo, match="không đổi cách đánh số"):
        issued(register, folder, "qd.yaml", "b.docx", date(2026, 7, 2), co_quan={"danh_so": "theo-loai"})
    assert not (folder / "b.docx").exists()
    assert [e.so for e in queries.entries(store.open_engine(register))] == [1]


def test_an_output_that_is_a_link_is_refused(register, folder):
    elsewhere = folder / "that.docx"
    elsewhere.write_bytes(b"")
    (folder / "link.docx").symlink_to(elsewhere)
    with pytest.raises(LoiCapSo, match="liên kết"):
        issued(register, folder, "qd.yaml", "link.docx", date(2026, 7, 1))
    assert (folder / "link.docx").is_symlink() and elsewhere.read_bytes() == b""
    assert queries.entries(store.open_engine(register)) == []


def test_a_failing_insert_leaves_neither_file_nor_row(register, folder):
    with pytest.raises(LoiCapSo, match="dòng Lưu dài"):
        issued(register, folder, "qd.yaml", "dai.docx", date(2026, 7, 1), luu="NV" + ", NV" * 100)
    assert not (folder / "dai.docx").exists() and not list(folder.glob(".*.tmp"))
    engine = store.open_engine(register)
    assert queries.entries(engine) == []
    assert issued(register, folder, "qd.yaml", "ok.docx", date(2026, 7, 1)).ky_hieu == "01/QĐ-UBND"


# --- command line ---------------------------------------------------------------------------------


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_issue_and_register_commands(register, folder):
    result = cli("issue", folder / "qd.yaml", "-o", folder / "qd-01.docx", "--register", register, "--ngay", "05/01/2026")
    assert result.exit_code == 0, result.output
    assert "Đã ban hành 01/QĐ-UBND ngày 05/01/2026" in result.output
    assert "Số: 01/QĐ-UBND" in body_lines(Document(str(folder / "qd-01.docx")))
    assert cli("issue", folder / "quyet-dinh-tang-cuong-mot-nguoi.yaml", "--register", register).exit_code == 2
    listing = cli("register", "list", "--register", register, "--year", "2026")
    assert "01/QĐ-UBND" in listing.output and "1 văn bản." in listing.output
    shown = cli("register", "show", "01/QĐ-UBND", "--register", register)
    assert "Nguyễn Thực Hiện" in shown.output and "đã ban hành" in shown.output
    assert cli("register", "show", "09/QĐ-UBND", "--register", register).exit_code == 2
    assert cli("register", "verify", "--register", register).exit_code == 0
    (folder / "qd-01.docx").unlink()
    verified = cli("register", "verify", "--register", register)
    assert verified.exit_code == 1 and "không còn" in verified.output
    cancelled = cli("register", "cancel", "01/QĐ-UBND", "--reason", "Hủy để ban hành lại", "--register", register)
    assert cancelled.exit_code == 0 and "Đã hủy 01/QĐ-UBND" in cancelled.output
    exported = cli("register", "export", "--xlsx", folder / "so.xlsx", "--register", register)
    assert exported.exit_code == 0 and (folder / "so.xlsx").is_file()


def test_batch_issue_numbers_rows_in_order_and_bad_rows_take_none(register, folder):
    rows = (SAMPLES / "tang-cuong.csv").read_text(encoding="utf-8").splitlines()[:6]
    rows[3] = rows[3].replace(";48;", ";12;")  # row 4 of the sheet: too short, not a special case
    (folder / "ds.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = cli("batch", folder / "ds.csv", "--base", folder / "quyet-dinh-tang-cuong.yaml", "-o", folder / "out",
                 "--issue", "--register", register, "--ngay", "15/7/2025")
    assert result.exit_code == 1, result.output
    assert "số 01/QĐ-UBND đến 04/QĐ-UBND" in result.output
    entries = queries.entries(store.open_engine(register))
    assert [(e.so, Path(e.tep).name) for e in entries] == [
        (1, "001-Nguyễn Văn An.docx"), (2, "002-Trần Thị Bích Ngọc.docx"),
        (3, "004-Phạm Thị Thu Hà.docx"), (4, "005-Võ Minh Tuấn.docx")]
    assert "Số: 03/QĐ-UBND" in body_lines(Document(str(folder / "out" / "004-Phạm Thị Thu Hà.docx")))
    assert cli("batch", folder / "ds.csv", "--base", folder / "quyet-dinh-tang-cuong.yaml", "-o",
               folder / "x.zip", "--issue", "--register", register).exit_code == 2
    # issuing the same batch again must not overwrite the documents already issued
    again = cli("batch", folder / "ds.csv", "--base", folder / "quyet-dinh-tang-cuong.yaml", "-o", folder / "out",
                "--issue", "--register", register, "--ngay", "16/7/2025")
    assert again.exit_code == 1 and "đã ban hành: chọn tên tệp khác" in again.output
    assert audit(store.open_engine(register)).consistent
    assert [e.so for e in queries.entries(store.open_engine(register))] == [1, 2, 3, 4]


def test_guards_against_overwriting_back_dating_and_a_wrong_year(register, folder):
    issued(register, folder, "qd.yaml", "a.docx", date(2026, 5, 10))
    with pytest.raises(LoiCapSo, match="đã ban hành: chọn tên tệp khác"):
        issued(register, folder, "qd.yaml", "a.docx", date(2026, 5, 11))
    with pytest.raises(LoiCapSo, match="sớm hơn văn bản 01/QĐ-UBND"):
        issued(register, folder, "qd.yaml", "b.docx", date(2026, 5, 9))
    with pytest.raises(LoiCapSo, match="dự thảo ghi năm 2031"):
        issue(read_van_ban(folder / "qd.yaml").model_copy(update={"nam": 2031}), folder / "c.docx",
              store.open_engine(register))
    assert [e.so for e in queries.entries(store.open_engine(register))] == [1]


NINH_KIEU = {"ma": "ubnd-ninh-kieu", "ten": ["ỦY BAN NHÂN DÂN", "PHƯỜNG NINH KIỀU"], "chu_quan": []}


def test_two_agencies_in_one_register_are_told_apart(register, folder):
    issued(register, folder, "qd.yaml", "a.docx", date(2026, 5, 10))
    issued(register, folder, "qd.yaml", "b.docx", date(2026, 5, 10), co_quan=NINH_KIEU)
    engine = store.open_engine(register)
    with pytest.raises(queries.KhongTimThay, match="--co-quan"):
        queries.find(engine, "01/QĐ-UBND")
    assert queries.find(engine, "01/QĐ-UBND", agency="ubnd-ninh-kieu").tep.endswith("b.docx")
    assert queries.cancel(engine, "01/QĐ-UBND", "thử", agency="ubnd-can-tho").trang_thai == store.CANCELLED


def test_one_agency_under_two_profile_keys_keeps_one_series(register, folder):
    """Two clerks' profiles (or a key renamed) name the same agency: its numbers go on, never a second 01."""
    first = issued(register, folder, "qd.yaml", "a.docx", date(2026, 5, 10))
    second = issued(register, folder, "qd.yaml", "b.docx", date(2026, 5, 11), co_quan={"ma": "van-phong-ubnd"})
    assert (first.ky_hieu, second.ky_hieu) == ("01/QĐ-UBND", "02/QĐ-UBND")
    assert queries.find(store.open_engine(register), "02/QĐ-UBND", agency="van-phong-ubnd").tep.endswith("b.docx")


def test_a_name_changed_mid_year_under_the_same_key_is_refused(register, folder):
    issued(register, folder, "qd.yaml", "a.docx", date(2026, 5, 10))
    renamed = {"ten": ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ CẦN THƠ MỚI"]}
    with pytest.raises(LoiCapSo, match="đổi tên giữa năm"):
        issued(register, folder, "qd.yaml", "b.docx", date(2026, 5, 11), co_quan=renamed)
    assert not (folder / "b.docx").exists() and len(queries.entries(store.open_engine(register))) == 1


def test_rows_recorded_under_a_profile_key_are_continued(register, folder):
    """A register of schema 2 named the agency by its profile key: the next issue goes on from there."""
    first = issued(register, folder, "qd.yaml", "a.docx", date(2026, 5, 10))
    engine = store.open_engine(register)
    with engine.begin() as connection:
        connection.execute(text("UPDATE so_van_ban_di SET co_quan = ma_co_quan"))
    assert first.ma_co_quan and queries.entries(engine)[0].co_quan == first.ma_co_quan
    assert issued(register, folder, "qd.yaml", "b.docx", date(2026, 5, 11)).ky_hieu == "02/QĐ-UBND"
    assert {e.co_quan for e in queries.entries(engine)} == {first.co_quan}
    assert audit(engine).consistent


def test_a_version_1_register_is_migrated(register, folder):
    engine = store.open_engine(register)
    with engine.begin() as connection:
        for column in ("luu", "ma_co_quan", "tien_trinh", "nguoi_huy"):
            connection.execute(text(f"ALTER TABLE so_van_ban_di DROP COLUMN {column}"))
        connection.execute(text("UPDATE docgen_schema SET version = 1"))
    engine.dispose()
    entry = issued(register, folder, "qd.yaml", "a.docx", date(2026, 5, 10))
    assert entry.luu == "VT, SNV"
    with store.open_engine(register).connect() as connection:
        assert connection.execute(text("SELECT version FROM docgen_schema")).scalar() == store.SCHEMA_VERSION
