"""Load test of `docgen serve` on loopback: simulated clerks drafting and previewing, văn thư issuing.

    python bench/web_load.py [--clerks 20] [--seconds 60] [--registrars 2] [--think 1.5]

A real server (`python -m docgen serve`, its warm LibreOffice previews) in a throw-away data folder.
Each chuyên viên signs in, starts a công văn or a decision and, until the time is up, types (a form
save, as htmx sends it after a pause), asks for the preview, and pauses `--think` seconds on average;
each văn thư drafts, previews and issues one document after another. Afterwards the register is
audited (`register verify`: no gap, no half-written row, every file present and unchanged) and the
issued numbers compared with the issues answered. Prints p50/p95/max per request kind; exit 1 on any
error or any inconsistency.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docgen.register import audit, queries, store  # noqa: E402
from docgen.web import accounts  # noqa: E402

AGENCY = "ubnd-can-tho"
PASSWORD = "mat-khau-tai-thu"
TOPICS = ["tập huấn nghiệp vụ văn thư", "kiểm tra công tác cải cách hành chính", "tăng cường cán bộ",
          "triển khai chuyển đổi số", "phòng, chống thiên tai", "tổng kết công tác năm"]


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.issued: list[str] = []

    def timed(self, kind: str, call, expect=(200,)):
        start = time.perf_counter()
        try:
            answer = call()
        except httpx.HTTPError as exc:
            with self.lock:
                self.errors.append(f"{kind}: {type(exc).__name__} {exc}")
            return None
        elapsed = time.perf_counter() - start
        with self.lock:
            self.times[kind].append(elapsed)
            if answer.status_code not in expect:
                self.errors.append(f"{kind}: HTTP {answer.status_code} {answer.text[:200]}")
                return None
        return answer


def token(client: httpx.Client, path: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).text).group(1)


def signed_in(base: str, name: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=120, follow_redirects=False)
    client.post("/dang-nhap", data={"csrf": token(client, "/dang-nhap"), "ten": name, "mat_khau": PASSWORD})
    return client


def new_draft(client: httpx.Client, kind: str, rec: Recorder) -> str | None:
    made = rec.timed("tạo dự thảo", lambda: client.post("/du-thao", data={"csrf": token(client, "/du-thao"),
                                                                          "loai": kind}), (303,))
    return made.headers["location"] if made is not None else None


def type_and_preview(client: httpx.Client, where: str, csrf: str, words: str, rec: Recorder) -> None:
    form = {"csrf": csrf, "che_do": "bieu-mau", "trich_yeu": f"Về việc {words}"}
    rec.timed("lưu (gõ)", lambda: client.post(where, data=form, headers={"HX-Request": "true"}))
    shown = rec.timed("xem trước", lambda: client.get(where + "/xem-truoc"))
    if shown is not None and '<img class="trang"' not in shown.text:
        with rec.lock:
            rec.errors.append(f"xem trước không có trang: {shown.text[:300]}")


def clerk(base: str, name: str, until: float, think: float, rec: Recorder) -> None:
    client = signed_in(base, name)
    where = new_draft(client, random.choice(["cong-van", "quyet-dinh"]), rec)
    if where is None:
        return
    csrf = token(client, where)
    n = 0
    while time.monotonic() < until:
        n += 1
        type_and_preview(client, where, csrf, f"{random.choice(TOPICS)} (lần {n})", rec)
        time.sleep(random.expovariate(1 / think))


def registrar(base: str, name: str, until: float, think: float, rec: Recorder) -> None:
    client = signed_in(base, name)
    while time.monotonic() < until:
        where = new_draft(client, random.choice(["cong-van", "quyet-dinh"]), rec)
        if where is None:
            return
        csrf = token(client, where)
        type_and_preview(client, where, csrf, random.choice(TOPICS), rec)
        issued = rec.timed("ban hành", lambda: client.post(where + "/ban-hanh", data={"csrf": csrf}), (303,))
        if issued is not None:
            with rec.lock:
                rec.issued.append(where)
        time.sleep(random.expovariate(1 / think))


def start_server(folder: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "docgen", "serve", "--port", str(port), "--data-dir", str(folder)],
                              stdout=subprocess.DEVNULL, stderr=open(folder / "server.log", "w"))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("máy chủ không khởi động được trong 30 giây")


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def report(rec: Recorder, seconds: float) -> None:
    print(f"{'yêu cầu':<14}{'số lần':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'/s':>7}")
    for kind, values in rec.times.items():
        print(f"{kind:<14}{len(values):>8}{percentile(values, 50) * 1000:>9.0f}{percentile(values, 95) * 1000:>9.0f}"
              f"{max(values) * 1000:>9.0f}{len(values) / seconds:>7.1f}")


def consistent(folder: Path, rec: Recorder) -> bool:
    engine = store.open_engine(str(folder / "so-van-ban-di.sqlite"))
    found = audit.audit(engine)
    issued = [e for e in queries.entries(engine) if e.trang_thai == store.ISSUED]
    print(f"sổ: {len(issued)} số đã cấp, {len(rec.issued)} lần ban hành được trả lời; "
          f"kiểm tra sổ: {'nhất quán' if found.consistent else 'KHÔNG nhất quán'}")
    for problem in found.problems:
        print("  ", problem)
    return found.consistent and len(issued) == len(rec.issued)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clerks", type=int, default=20, help="người dùng đồng thời (cả văn thư)")
    parser.add_argument("--registrars", type=int, default=2, help="trong đó bao nhiêu văn thư ban hành")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=1.5, help="thời gian nghỉ trung bình giữa hai lần gõ (giây)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="docgen-load-"))
    try:
        shutil.copy(ROOT / "samples" / "co-quan.yaml", folder / "ho-so.yaml")
        engine = accounts.open_store(folder)
        names = [(f"nguoi-{i:02d}", "van-thu" if i < args.registrars else "chuyen-vien") for i in range(args.clerks)]
        for name, role in names:
            accounts.add_user(engine, name, AGENCY, role, PASSWORD)
        engine.dispose()
        server, base = start_server(folder)
        rec = Recorder()
        try:
            warm = signed_in(base, names[0][0])            # the first LibreOffice start is not a clerk's wait
            warm_draft = new_draft(warm, "cong-van", rec)
            warm.get(warm_draft + "/xem-truoc")
            rec.times.clear()
            until = time.monotonic() + args.seconds
            started = time.monotonic()
            threads = [threading.Thread(target=registrar if role == "van-thu" else clerk,
                                        args=(base, name, until, args.think, rec)) for name, role in names]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
        print(f"{args.clerks} người dùng ({args.registrars} văn thư), {elapsed:.0f} s, nghỉ trung bình {args.think} s")
        report(rec, elapsed)
        ok = consistent(folder, rec)
        for error in rec.errors[:20]:
            print("LỖI", error)
        print(f"lỗi: {len(rec.errors)}")
        return 0 if ok and not rec.errors else 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
