"""Lists in the browser: an Excel/CSV list and one of the agency's bases (secondment decisions…)
become a .zip of decisions or one merged file, run in the background with its progress kept, so a
clerk can leave the page and come back; each bad row is listed with its row, column and reason.

Bases are YAML files a quản trị puts in the data folder's `mau-goc/` (like
samples/quyet-dinh-tang-cuong.yaml); a base is offered only to the agency it names (`co_quan`), and
is read with the data folder's profile whatever its `ho_so` says."""

from __future__ import annotations

import json
import secrets
import threading
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path

import yaml

from docgen.atomic import replacing, write_atomic
from docgen.batch import runner
from docgen.errors import LoiDuLieu, LoiMauVanBan
from docgen.kinds import ke_hoach_con
from docgen.readers.van_ban_nhan import import_document
from docgen.render import zipwriter
from docgen.reports import make_report
from docgen.web import quan_tri
from docgen.web.uploads import LoiTaiLen, kind_of


STATE_FILE = "viec.json"
INTERRUPTED = ("Máy chủ đã dừng khi việc này đang chạy: hãy chạy lại danh sách"
               " (số đã cấp, nếu có, xem trong sổ văn bản đi)")


@dataclass
class Job:
    id: str
    owner: int
    agency: str
    name: str = ""
    started: str = ""
    total: int = 0
    done: int = 0
    state: str = "dang-chay"          # dang-chay | xong | loi
    message: str = ""
    errors: list[str] = field(default_factory=list)
    output: Path | None = None

    def members(self) -> list[str]:
        """The documents inside a zipped result, in their order (downloaded one by one by index)."""
        if self.state != "xong" or self.output is None or self.output.suffix != ".zip" or not self.output.is_file():
            return []
        with zipfile.ZipFile(self.output) as archive:
            return archive.namelist()

    def save(self, folder: Path) -> None:
        state = {key: value for key, value in asdict(self).items() if key != "output"}
        state["output"] = self.output.name if self.output else None
        write_atomic(folder / STATE_FILE, json.dumps(state, ensure_ascii=False).encode("utf-8"), durable=False)

    @classmethod
    def load(cls, folder: Path) -> "Job | None":
        try:
            state = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
            output = state.pop("output")
            job = cls(**state, output=folder / Path(output).name if output else None)
        except (OSError, ValueError, TypeError, KeyError):
            return None
        if job.state == "dang-chay":
            job.state, job.errors = "loi", [INTERRUPTED]
        return job


class Lists:
    """The jobs of this server (kept in memory: a restart forgets running work, not its files)."""

    def __init__(self, data_dir: Path, profile_path: Path, register: str):
        self.register = register             # where `issue` takes its numbers
        self.bases_dir = data_dir / "mau-goc"
        self.work_dir = data_dir / "danh-sach"
        self.profile_path = profile_path
        self.jobs: dict[str, Job] = {job.id: job for job in self._kept_jobs()}
        self.lock = threading.Lock()
        self.one_at_a_time = threading.Lock()   # the batch runner keeps its worker state per process

    def _kept_jobs(self) -> list[Job]:
        folders = sorted(self.work_dir.iterdir()) if self.work_dir.is_dir() else []
        return [job for job in map(Job.load, folders) if job is not None]

    def _new_job(self, owner: int, agency: str, name: str) -> tuple[Job, Path]:
        job = Job(secrets.token_urlsafe(12), owner, agency, name, datetime.now().isoformat(timespec="seconds"))
        folder = self.work_dir / job.id
        folder.mkdir(parents=True)
        return job, folder

    def _launch(self, job: Job, options: runner.Options) -> None:
        job.save(self.work_dir / job.id)
        with self.lock:
            self.jobs[job.id] = job
        threading.Thread(target=self._run, args=(job, options), daemon=True).start()

    def bases(self, agency: str) -> list[str]:
        return quan_tri.bases_of(self.bases_dir, agency)

    def start(self, owner: int, agency: str, base: str, data: bytes, name: str, shape: str = "zip",
              issue: bool = False) -> Job:
        """`shape`: "zip" (a file per row, zipped), "gop" (merged), "nhom" (one decision with the list
        attached); `issue`: every good row takes the register's next number, in row order."""
        if base not in self.bases(agency):
            raise LoiTaiLen("không có mẫu gốc này cho cơ quan", 404)
        if shape not in ("zip", "gop", "nhom"):
            raise LoiTaiLen("kiểu kết quả không có", 400)
        if issue and shape != "zip":
            raise LoiTaiLen("cấp số cho từng văn bản: chọn «mỗi dòng một tệp»", 400)
        merged = shape == "gop"
        suffix = kind_of(data, ("xl/workbook.xml", ".xlsx", "bảng tính Excel (.xlsx)"), ".csv", "danh sách .xlsx hoặc .csv")
        job, folder = self._new_job(owner, agency, name)
        source = folder / f"danh-sach{suffix}"
        source.write_bytes(data)
        output = {"gop": "van-ban", "nhom": "quyet-dinh-danh-sach.docx"}.get(shape, "van-ban" if issue else "van-ban.zip")
        options = runner.Options(data=source, base=self.bases_dir / f"{base}.yaml", ho_so=self.profile_path,
                                 output=folder / output, jobs=1, group=shape == "nhom",
                                 merge=folder / "van-ban-gop.docx" if merged else None, issue=issue,
                                 register=self.register if issue else None,
                                 issue_date=date.today() if issue else None)
        self._launch(job, options)
        return job

    def start_subplans(self, owner: int, agency: str, plan: bytes, plan_name: str, units: bytes) -> Job:
        """A received parent plan (Word file or text, read by `docgen import`) and the list of units:
        one sub-plan per unit, in a .zip."""
        job, folder = self._new_job(owner, agency, plan_name)
        source = folder / f"don-vi{kind_of(units, ('xl/workbook.xml', '.xlsx', 'bảng tính Excel (.xlsx)'), '.csv', 'danh sách .xlsx hoặc .csv')}"
        source.write_bytes(units)
        parent = folder / "ke-hoach-cap-tren.yaml"
        parent.write_text(_imported_yaml(plan, plan_name, folder), encoding="utf-8")
        options = runner.Options(data=source, base=parent, output=folder / "ke-hoach-con.zip",
                                 kind=ke_hoach_con.NAME, name_pattern="{ma}", jobs=1)
        self._launch(job, options)
        return job

    def report(self, agency: str, plan: bytes, plan_name: str, results: bytes, units: bytes, unit: str,
               year: int, base: str = "") -> Path:
        """A unit's yearly report on a plan (`unit`), or the aggregate of every unit from one of the
        agency's bases, from the plan (Word or text), the results and the units' lists: quick enough
        to make while the clerk waits."""
        if not unit and base not in self.bases(agency):
            raise LoiTaiLen("chọn mã đơn vị, hoặc mẫu gốc của báo cáo tổng hợp", 400)
        folder = self.work_dir / secrets.token_urlsafe(12)
        folder.mkdir(parents=True)
        table = ("xl/workbook.xml", ".xlsx", "bảng tính Excel (.xlsx)")
        sheet = "danh sách .xlsx hoặc .csv"
        results_path = folder / f"ket-qua{kind_of(results, table, '.csv', sheet)}"
        results_path.write_bytes(results)
        units_path = folder / f"don-vi{kind_of(units, table, '.csv', sheet)}"
        units_path.write_bytes(units)
        plan_path = folder / "ke-hoach.yaml"
        plan_path.write_text(_imported_yaml(plan, plan_name, folder), encoding="utf-8")
        try:
            target, _errors, _warnings = make_report(
                plan_path, [results_path], year, units_path, unit or None,
                None if unit else self.bases_dir / f"{base}.yaml", None, None, folder / "bao-cao.docx",
                self.profile_path)
        except LoiDuLieu as exc:
            raise LoiTaiLen("; ".join(p.thong_diep for p in exc.problems), 422) from None
        return target

    def _run(self, job: Job, options: runner.Options) -> None:
        try:
            self._work(job, options)
        except Exception as exc:          # a thread's failure would otherwise be lost with the thread
            job.state, job.errors = "loi", [f"lỗi của docgen, xin báo người quản trị: {type(exc).__name__}: {exc}"]
        finally:
            job.save(self.work_dir / job.id)

    def _work(self, job: Job, options: runner.Options) -> None:
        def progress(count: int) -> None:
            job.done += count

        def total(count: int) -> None:
            job.total = count

        try:
            with self.one_at_a_time:
                result = runner.run(options, progress=progress, on_total=total)
        except LoiDuLieu as exc:
            job.state, job.errors = "loi", [f"{job.name}: {p.thong_diep}" + (f" (dòng {p.dong})" if p.dong else "")
                                            for p in exc.problems]
            return
        except (LoiMauVanBan, OSError) as exc:
            job.state, job.errors = "loi", [str(exc)]
            return
        job.errors = [str(error) for error in result.errors]
        job.output = _packed(result.written, options.output) if options.issue else options.merge or options.output
        what, source = ("kế hoạch", "đơn vị") if options.kind == ke_hoach_con.NAME else ("văn bản", "dòng")
        job.message = f"Đã tạo {result.documents} {what} từ {result.rows} {source}" + (
            f", số {result.issued[0]} đến {result.issued[-1]}" if result.issued else "")
        job.state = "xong"

    def jobs_of(self, owner: int, agency: str) -> list[Job]:
        mine = [job for job in self.jobs.values() if job.owner == owner and job.agency == agency]
        return sorted(mine, key=lambda job: job.started, reverse=True)

    def job_for(self, owner: int, agency: str, job_id: str) -> Job | None:
        job = self.jobs.get(job_id)
        return job if job is not None and job.owner == owner and job.agency == agency else None


def _packed(files: list[Path], folder: Path) -> Path:
    """The issued files, which stay where the register records them, also packed for download."""
    target = folder.with_suffix(".zip")
    with replacing(target) as stream:
        archive = zipwriter.StreamingZip(stream)
        for path in files:
            archive.add(path.name, path.read_bytes())
        archive.close()
    return target


def _imported_yaml(data: bytes, name: str, folder: Path) -> str:
    kind = kind_of(data, ("word/document.xml", ".docx", "văn bản Word (.docx)"), ".txt",
                   "kế hoạch cấp trên dạng .docx hoặc .txt")
    stored = folder / f"ke-hoach-cap-tren{kind}"
    stored.write_bytes(data)
    try:
        imported = import_document(stored)
    except LoiDuLieu as exc:
        raise LoiTaiLen(f"{name}: " + "; ".join(p.thong_diep for p in exc.problems), 422) from None
    return yaml.safe_dump(imported.data, allow_unicode=True, sort_keys=False)
