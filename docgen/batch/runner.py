"""Run a batch: validate every row first, then render the good rows — in parallel, atomically.

Pass 1 streams the list and validates each row (nothing is rendered while a row is unread).
Pass 2 streams it again and renders the rows that passed: as separate files, into one .zip, into
one merged .docx, or as a single decision with the list attached. Bad rows are reported (row,
column, Vietnamese message) and written to `loi.csv`; they never stop the good ones.
"""

from __future__ import annotations

import csv
import gc
import io
import os
import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Iterator

from pydantic import BaseModel, ValidationError

from docgen.atomic import process_running, replacing, temporary_name, write_atomic
from docgen.batch import naming
from docgen.batch.merge import MergedDocument
from docgen.errors import LoiDuLieu, LoiMauVanBan
from docgen.kinds import Kind, find_kind
from docgen.pools import forks, process_pool, usable_cores
from docgen.readers import source
from docgen.readers.bang_tinh import Table, open_table
from docgen.readers.source import LineMap
from docgen.readers.validation import message
from docgen.model.ho_so import HoSo
from docgen.readers.van_ban import build_van_ban, resolve_profile, with_references
from docgen.render import engine, splice, zipwriter
from docgen.render.docx_renderer import render_parts, template_path

CHUNK = 64          # rows per task sent to a worker
# Rows a worker process must have before it pays for itself (its start, the base and template loaded
# again, rows and results passed between processes), measured on 2 cores, whole command: 100
# decisions are as fast with 2 processes as with 1; 300 are 13 % faster as files, 12 % merged;
# 10,000 merged 1.55×. A sub-plan is a whole plan (≈ 10 ms). A grouped decision is one document.
ROWS_PER_WORKER = {"files": 150, "zip": 150, "merge": 150}
PLANS_PER_WORKER = 20
KEEP_ROWS = 20_000  # rows rendered in this process keep their pass-1 validation up to this many (~1.4 KB each)
ERROR_FILE = "loi.csv"


@dataclass
class RowError:
    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        value = f" (giá trị '{self.value}')" if self.value else ""
        return f"dòng {self.row}, cột '{self.column}'{value}: {self.message}"


@dataclass
class Options:
    data: Path
    base: Path
    output: Path                       # a folder, a .zip, or (with merge/group) a .docx
    kind: str | None = None
    name_pattern: str | None = None
    merge: Path | None = None
    group: bool = False
    jobs: int | None = 1               # worker processes; None: chosen by the work (`jobs_for`)
    ho_so: Path | None = None
    templates: Path | None = None
    issue: bool = False                # take real numbers from the register, in row order
    lead_days: int = 10                # sub-plans: how much earlier the unit's reports are due
    register: str | None = None        # register location (file or URL)
    issue_date: date | None = None     # the date of issue (default: the base's, else today)


@dataclass
class Result:
    rows: int = 0
    written: list[Path] = field(default_factory=list)
    documents: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error_file: Path | None = None
    issued: list[str] = field(default_factory=list)   # ký hiệu given by the register, in row order

    @property
    def failed_rows(self) -> int:
        return len({e.row for e in self.errors})


# --- the base file and the rows -------------------------------------------------------------


@dataclass
class Base:
    path: Path
    data: dict
    lines: LineMap
    kind: Kind
    profile: HoSo | None

    def document(self, content: dict):
        return build_van_ban(content, self.lines, self.path, profile=self.profile)


def load_base(options: Options) -> Base:
    data, lines = source.load(options.base)
    if not isinstance(data, dict):
        raise LoiDuLieu.mot(options.base, "tệp dùng chung phải là một bảng 'khóa: giá trị'")
    name = options.kind or data.get("mau")
    if not name:
        raise LoiDuLieu.mot(options.base, "chưa chọn mẫu: dùng --template hoặc ghi 'mau:' trong tệp dùng chung")
    try:
        kind = find_kind(name)
    except ValueError as exc:
        raise LoiDuLieu.mot(options.base, str(exc), lines.line_of(("mau",)), "mau") from None
    profile = resolve_profile(options.base, data, options.ho_so, lines)
    if kind.from_parent:
        # the base file is the parent plan: validated once, handed to the kind resolved
        parent = build_van_ban(data, lines, options.base, profile=profile)
        data = {"cha": parent, "truoc": options.lead_days, "ngay": options.issue_date}
    else:
        data = with_references(kind.prepare(data, profile), profile, options.base, lines)
    return Base(options.base, data, lines, kind, profile)


def refuse_base_mistakes(base: Base, person) -> None:
    """A mistake of the base file — a signer of another agency, an unknown recipient group — would fail
    every row alike: said once, at the base file's line, before anything is written."""
    if not base.kind.row_fields:
        return
    try:
        base.document(base.kind.one(base.data, person))
    except LoiDuLieu as exc:
        if all(p.truong and re.split(r"[.\[]", p.truong)[0] not in base.kind.row_fields for p in exc.problems):
            raise


def row_errors(exc: ValidationError, table: Table, kind: Kind, number: int, record: dict) -> list[RowError]:
    out = []
    for error in exc.errors(include_url=False):
        column = kind.error_field(error) or "?"
        value = record.get(column)
        out.append(RowError(number, table.column_of(column), "" if value is None else str(value), message(error)))
    return out


def validate(table: Table, kind: Kind) -> Iterator[tuple[int, dict, object | None, list[RowError]]]:
    for number, record in table.rows():
        try:
            yield number, record, kind.row_model.model_validate(record), []
        except ValidationError as exc:
            yield number, record, None, row_errors(exc, table, kind, number, record)


# --- rendering, in this process or in workers --------------------------------------------------

_worker: dict = {}


def _init_worker(options: Options) -> None:
    if _worker.get("options") is options:     # this run's, prepared before the fork (`_prepare`)
        return
    _adopt(load_base(options), options)


def _adopt(base: Base, options: Options) -> None:
    _worker.clear()
    _worker.update(base=base, options=options)


def _prepare(base: Base, options: Options, person, kept: dict | None = None) -> None:
    """The worker state made here, before any worker starts, and warmed on the first good row: its
    template compiled, the texts every row shares built and measured; `kept`: the rows validated in
    pass 1, by row number. Workers forked from this process start with all of it instead of each
    doing it again, cold."""
    _adopt(base, options)
    _worker["kept"] = kept
    try:
        document = base.document(base.kind.one(base.data, person))
        rendered, replace, package = _parts(document, _template(document))
        package(rendered, replace)
    except (LoiDuLieu, LoiMauVanBan, ValueError, OSError):
        pass                                   # said for the row when it is rendered


def _template(document) -> engine.CompiledTemplate:
    """Compiled once per worker, document type and agency (an agency may have its own template)."""
    cache = _worker.setdefault("templates", {})
    key = (document.loai.ma, document.co_quan.mau_word.get(document.loai.ma))
    if key not in cache:
        cache[key] = engine.compiled(template_path(document, _worker["options"].templates))
    return cache[key]


def _parts(document, template: engine.CompiledTemplate) -> tuple[dict, dict, Callable[[dict, dict], bytes]]:
    """The rendered parts and what packages them: around what the rows share, printed once per
    worker and template (`splice`), or — a row the splice was not made for, a kind without row
    fields — in full."""
    splices = _worker.setdefault("splices", {})
    if template not in splices:
        splices[template] = splice.prepared(template, document, _worker["base"].kind.row_fields)
    made = splices[template]
    parts = made.parts_of(document) if made else None
    if parts is not None:
        return *parts, made.package
    return *render_parts(document, template), template.package


def _render_row(number: int, record: dict, target: str | None, want_parts: bool):
    """Render one row: write it to `target`, or return its bytes, or (with `want_parts`) its parts
    for a merge. Returns (number, payload, error message)."""
    base: Base = _worker["base"]
    try:
        if record is None:                         # validated in pass 1, before this worker was forked
            person = _worker["kept"][number]
        else:
            person = record if isinstance(record, BaseModel) else base.kind.row_model.model_validate(record)
        document = base.document(base.kind.one(base.data, person))
        template = _template(document)
        rendered, replace, package = _parts(document, template)
        if want_parts:
            return number, (str(template.path), rendered, replace), None
        data = package(rendered, replace)
        if target is None:
            return number, data, None
        write_atomic(target, data, durable=False)
        return number, None, None
    except LoiDuLieu as exc:
        return number, None, "; ".join(p.thong_diep if p.tep == str(base.path) else str(p) for p in exc.problems)
    except (LoiMauVanBan, ValueError, OSError) as exc:
        return number, None, str(exc)


def _render_chunk(chunk: list[tuple[int, dict, str]], want_parts: bool, want_bytes: bool):
    writes = not (want_parts or want_bytes)
    out = []
    for number, record, target in chunk:
        number, payload, error = _render_row(number, record, target if writes else None, want_parts)
        out.append((number, target, payload, error))
    return out


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _in_order(chunks: Iterator[list], jobs: int, options: Options, want_parts: bool, want_bytes: bool):
    """Results chunk by chunk, in row order, with a bounded number of chunks in flight."""
    pool = process_pool(jobs, initializer=_init_worker, initargs=(options,))
    if pool is None:
        _init_worker(options)
        for chunk in chunks:
            yield _render_chunk(chunk, want_parts, want_bytes)
        return
    window = jobs * 3
    # The objects the workers inherit are left out of their garbage collector, which would write to
    # each of them and so copy every page of this process's memory into each worker (the gc module's
    # own advice before a fork): the render of 1,000 decisions on two workers, 8 % faster.
    gc.freeze()
    try:
        with pool:
            pending = []
            for chunk in chunks:
                pending.append(pool.submit(_render_chunk, chunk, want_parts, want_bytes))
                if len(pending) >= window:
                    yield pending.pop(0).result()
            for future in pending:
                yield future.result()
    finally:
        gc.unfreeze()


# --- the batch -------------------------------------------------------------------------------


OUR_TEMPORARY = re.compile(r"^\..+\.(docx|zip|csv)\.(\d+)\.tmp$")


def remove_stale_temporaries(folder: Path) -> None:
    """A batch killed mid-write leaves `.name.docx.<pid>.tmp` files, never a partial .docx; sweep
    those of processes that are gone — not another running batch's, not files of other programs."""
    if not folder.is_dir():
        return
    for leftover in folder.glob(".*.tmp"):
        found = OUR_TEMPORARY.match(leftover.name)
        if found and leftover.is_file() and not leftover.is_symlink() and not _running_elsewhere(int(found.group(2))):
            leftover.unlink(missing_ok=True)


def _running_elsewhere(pid: int) -> bool:
    """Another live process: this batch has no temporaries yet, so its own pid's are stale."""
    return pid != os.getpid() and process_running(pid)


def refuse_output_kind(options: Options, mode: str) -> None:
    """`-o` as everywhere (docgen/dau_ra.py), read for many documents: a folder (a name without an
    extension, a trailing `/`, or an existing folder), a `.zip`, or — for --group — a `.docx`."""
    output = options.output
    if mode == "merge" and options.merge.suffix.lower() != ".docx":
        raise LoiDuLieu.mot(options.merge, "--merge phải là tệp .docx")
    if str(output).endswith(("/", os.sep)) or output.is_dir() or not output.suffix[1:].isalpha():
        return
    allowed = {"files": (".zip",), "zip": (".zip",), "merge": (), "group": (".docx",)}[mode]
    if output.suffix.lower() not in allowed:
        kinds = " hoặc ".join(("thư mục (kết thúc bằng /)",) + tuple(f"tệp {s}" for s in allowed))
        raise LoiDuLieu.mot(output, f"-o phải là {kinds}")


def run(options: Options, progress: Callable[[int], None] | None = None,
        on_total: Callable[[int], None] | None = None) -> Result:
    base = load_base(options)
    kind = base.kind
    table = open_table(options.data, kind.columns, (base.data.get("cot") or {}))
    missing = [f for f in kind.required if f not in table.fields]
    if missing:
        raise LoiDuLieu.mot(options.data, "thiếu cột: " + ", ".join(missing) + f" (có: {', '.join(table.headers)})",
                            table.header_row)
    result = Result()
    mode = "group" if options.group else "merge" if options.merge else \
        "zip" if options.output.suffix.lower() == ".zip" else "files"
    refuse_output_kind(options, mode)
    if options.issue and mode != "files":
        raise LoiDuLieu.mot(options.data, "--issue cấp số cho từng văn bản: chỉ dùng khi xuất mỗi dòng một tệp")
    folder = options.output if mode == "files" else options.output.parent
    report_folder = {"merge": options.merge.parent if options.merge else folder,
                     "group": options.output if options.output.suffix.lower() != ".docx" else folder}.get(mode, folder)
    names = naming.UniqueNames(folder)
    pattern = options.name_pattern or "{stt:03d}-{ho_ten}"
    try:  # a typo in the pattern is one mistake, not one per row
        naming.check_pattern(pattern, set(kind.row_model.model_fields) | {"dong"})
    except ValueError as exc:
        raise LoiDuLieu.mot("--name", str(exc)) from None

    # Pass 1: every row validated before anything is written.
    counts: Counter = Counter()
    good: dict[int, str] = {}
    people = []
    # Rows are not read and validated again in pass 2: rendered in this process, or by workers forked
    # from it, which find them in their copy of its memory (workers started afresh — where processes
    # are not forked — get the raw rows read again: sending validated models costs more than
    # validating them there).
    kept: dict[int, object] | None = {} if mode in ("files", "zip", "merge") else None
    first = None
    for ordinal, (number, _record, person, errors) in enumerate(validate(table, kind), start=1):
        result.rows += 1
        if errors:
            result.errors += errors
            continue
        counts[kind.unit_of(person)] += 1
        values = {k: v for k, v in vars(person).items() if v is not None}     # a row's fields are plain values
        values["dong"] = number
        values.setdefault("stt", ordinal)
        try:
            good[number] = names.name_for(naming.format_name(pattern, values))
        except ValueError as exc:
            result.errors.append(RowError(number, "--name", pattern, str(exc)))
            continue
        if mode == "group":
            people.append(person)
        first = first or person
        if kept is not None:
            kept[number] = person
            if len(kept) > KEEP_ROWS:
                kept = None
    if result.rows == 0:
        raise LoiDuLieu.mot(options.data, "tệp không có dòng dữ liệu nào")
    if first is not None and mode != "group":
        refuse_base_mistakes(base, first)
    result.warnings = kind.share_warnings(dict(counts), base.profile.don_vi if base.profile else {})
    if on_total:
        on_total(1 if mode == "group" else len(good))

    # Pass 2: render what passed.
    jobs = options.jobs or jobs_for(len(good), mode, kind)
    if jobs > 1 and not forks():
        kept = None
    options = replace(options, jobs=jobs)
    if mode == "files":
        remove_stale_temporaries(folder)
    if good and first is not None and mode != "group" and not options.issue:
        _prepare(base, options, first, kept if jobs > 1 else None)
    try:
        _render_good(options, mode, base, table, folder, good, kept, people, result, progress)
    finally:
        _worker.pop("kept", None)       # the web app's process lives on: not this batch's rows,
        _worker.pop("splices", None)    # nor what its documents share
    result.error_file = _write_errors(report_folder, result.errors)
    return result


def _render_good(options: Options, mode: str, base: Base, table: Table, folder: Path, good: dict[int, str],
                 kept: dict | None, people: list, result: Result, progress) -> None:
    """Pass 2: the rows that passed, as `mode` wants them; rows validated in pass 1 are taken from
    `kept` (by forked workers, from their copy of it) rather than read again."""
    if mode == "group":
        _group(options, base, people, result, progress)
    elif good and options.issue:
        rows = ((number, record, folder / good[number]) for number, record in table.rows() if number in good)
        _issue_all(options, base, rows, result, progress)
    elif good and kept is not None:
        shared = options.jobs > 1
        _render_all(options, mode, ((number, None if shared else kept[number], str(folder / good[number]))
                                    for number in good), result, progress)
    elif good:
        rows = ((number, record, str(folder / good[number])) for number, record in table.rows() if number in good)
        _render_all(options, mode, rows, result, progress)


def jobs_for(rows: int, mode: str, kind: Kind) -> int:
    """Worker processes for `rows` documents: one per core that has enough of them to do."""
    per_worker = PLANS_PER_WORKER if kind.from_parent else ROWS_PER_WORKER.get(mode)
    if per_worker is None:
        return 1
    return max(1, min(usable_cores(), rows // per_worker))


def _render_all(options: Options, mode: str, rows, result: Result, progress) -> None:
    """Render the good rows in order into their files, one .zip or one merged .docx; the .zip and
    the merged file are streamed to disk, so memory stays flat in the number of rows."""
    outputs = _rendered(options, mode, rows, result, progress)
    if mode == "files":
        result.written += [Path(target) for target, _ in outputs]
    elif mode == "zip":
        with _single_output(options.output) as stream:
            archive = zipwriter.StreamingZip(stream)
            for target, payload in outputs:
                archive.add(Path(target).name, payload)
            archive.close()
        result.written.append(options.output)
    else:
        _merge(options.merge, outputs, result)


def _rendered(options: Options, mode: str, rows, result: Result, progress):
    """(target, payload) of each row rendered, in row order; failed rows go to `result.errors`."""
    want_parts, want_bytes = mode == "merge", mode == "zip"
    for chunk in _in_order(_chunks(rows, CHUNK), max(1, options.jobs), options, want_parts, want_bytes):
        for number, target, payload, error in chunk:
            if error:
                result.errors.append(RowError(number, "", "", error))
            else:
                result.documents += 1
                yield target, payload
            if progress:
                progress(1)


def _merge(target: Path, outputs, result: Result) -> None:
    merged = None
    try:
        for _target, (template_file, rendered, replace) in outputs:
            merged = merged or MergedDocument(engine.compiled(Path(template_file)))
            merged.add(rendered, replace)
        if merged is not None:
            with _single_output(target) as stream:
                merged.write(stream)
            result.written.append(target)
    finally:
        if merged is not None:
            merged.close()


@contextmanager
def _single_output(path: Path):
    """The one file a batch writes (a .zip, a merged .docx): complete or absent."""
    try:
        with replacing(path) as stream:
            yield stream
    except OSError as exc:      # a link planted at the temporary name, a full disk, no permission
        raise LoiDuLieu.mot(path, f"không ghi được tệp kết quả qua tệp tạm {temporary_name(path).name} "
                                  f"({exc.strerror})") from None


def _issue_all(options: Options, base: Base, rows, result: Result, progress) -> None:
    """Numbers in row order: one transaction per row, so a bad row takes no number and a crash
    keeps the rows already issued; rows are therefore rendered one after another."""
    from docgen.register.issue import LoiCapSo, issue
    from docgen.register.store import open_engine

    engine = open_engine(options.register)
    _init_worker(options)
    for number, record, target in rows:
        try:
            person = base.kind.row_model.model_validate(record)
            document = base.document(base.kind.one(base.data, person))
            entry = issue(document, target, engine, options.issue_date, templates_dir=options.templates)
        except LoiDuLieu as exc:
            result.errors.append(RowError(number, "", "", "; ".join(p.thong_diep for p in exc.problems)))
            continue
        except (LoiCapSo, LoiMauVanBan, OSError) as exc:
            result.errors.append(RowError(number, "", "", str(exc)))
            continue
        result.written.append(target)
        result.issued.append(entry.ky_hieu)
        result.documents += 1
        if progress:
            progress(1)


def _group(options: Options, base: Base, people: list, result: Result, progress) -> None:
    if not people:
        return
    _init_worker(options)
    try:
        document = base.document(base.kind.group(base.data, people))
        template = _template(document)
        data = template.package(*render_parts(document, template))
    except LoiDuLieu as exc:
        result.errors += [RowError(0, p.truong or "", "", p.thong_diep) for p in exc.problems]
        return
    target = options.output if options.output.suffix.lower() == ".docx" else \
        options.output / "quyet-dinh-danh-sach.docx"
    write_atomic(target, data)
    result.written.append(target)
    result.documents = 1
    if progress:
        progress(1)


ERROR_HEADER = ["Dòng", "Cột", "Giá trị", "Lỗi"]


def _is_our_error_report(path: Path) -> bool:
    if not path.is_file() or path.is_symlink():
        return False
    with open(path, "rb") as stream:
        first = stream.read(200).decode("utf-8", "replace").lstrip("\ufeff").splitlines()[:1]
    return first == [",".join(ERROR_HEADER)]


def _write_errors(folder: Path, errors: list[RowError]) -> Path | None:
    target = folder / ERROR_FILE
    if not errors:
        if _is_our_error_report(target):
            target.unlink(missing_ok=True)  # a stale report from an earlier run would mislead
        return None
    if target.exists() and not _is_our_error_report(target):
        target = folder / "loi-docgen.csv"        # the clerk's own loi.csv stays as it is
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(ERROR_HEADER)
    for error in errors:
        writer.writerow([error.row, error.column, error.value, error.message])
    write_atomic(target, ("\ufeff" + buffer.getvalue()).encode("utf-8"))  # BOM: Excel reads it as UTF-8
    return target
