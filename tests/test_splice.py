"""A batch renders around what its rows share (`docgen.render.splice`): the same bytes as the general
path, row after row — and the general path wherever a row is not what the splice was made for."""

from __future__ import annotations

import csv
import gc
import random
import subprocess
import sys
from pathlib import Path

import pytest

from docgen import gioi_han
from docgen.batch import runner
from docgen.model import outline
from docgen.render import context as ctx
from docgen.render import engine, flat, sandbox, splice, zipwriter
from docgen.render.docx_renderer import render_parts, template_path

from conftest import SAMPLES

BASE = SAMPLES / "quyet-dinh-tang-cuong.yaml"
NAMES = ["Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê Hoàng Phúc Nguyên Khang Thịnh Vượng Trường Sơn",
         "Hồ Thị Út", "Đặng Văn Bé", "Tôn Nữ Thị Hoàng Oanh"]
POSITIONS = ["Chuyên viên", "Phó Trưởng phòng Quản lý ngân sách và tài chính doanh nghiệp & hợp tác xã <cấp 2>",
             "Chuyên viên chính Phòng Tổ chức, biên chế và tổ chức phi chính phủ; văn thư 03/QĐ-UBND"]
PLACES = ["Ủy ban nhân dân phường Ninh Kiều", "Ủy ban nhân dân xã Thới Lai", "Trung tâm Phục vụ hành chính công"]


def _base(tmp_path: Path, **options) -> runner.Base:
    base = runner.load_base(runner.Options(data=tmp_path / "x.csv", base=BASE, output=tmp_path, **options))
    runner._adopt(base, runner.Options(data=tmp_path / "x.csv", base=BASE, output=tmp_path))
    return base


def _documents(base: runner.Base, count: int, seed: int = 7):
    pick = random.Random(seed)
    for index in range(count):
        record = {"stt": str(index + 1), "ho_ten": pick.choice(NAMES) + f" {index}",
                  "gioi_tinh": pick.choice(["Nam", "Nữ"]), "chuc_vu": pick.choice(POSITIONS),
                  "don_vi": pick.choice(["Sở Nội vụ", "Sở Tài chính", "Văn phòng Ủy ban nhân dân thành phố"]),
                  "noi_den": pick.choice(PLACES), "chuc_danh_bo_tri": pick.choice(["", "Phó Chủ tịch"]),
                  "thoi_gian_thang": str(pick.choice([36, 48, 12])), "ngay_bat_dau": "01/8/2025"}
        if record["thoi_gian_thang"] == "12":
            record.update(dac_biet="x", ly_do_dac_biet="Theo đề nghị của Ủy ban nhân dân phường")
        person = base.kind.row_model.model_validate(record)
        yield base.document(base.kind.one(base.data, person))


def test_spliced_documents_are_the_general_paths_bytes(tmp_path):
    base = _base(tmp_path)
    documents = list(_documents(base, 60))
    template = engine.compiled(template_path(documents[0]))
    made = splice.prepared(template, documents[0], base.kind.row_fields)
    assert made is not None
    assert {piece.__name__ for piece in made.row_pieces} == {"_title", "_body", "_recipients"}
    compacted = 0
    for document in documents:
        spliced = made.parts_of(document)
        assert spliced is not None
        general = render_parts(document, template)
        assert template.package(*spliced) == template.package(*general)
        compacted += engine.STYLES in spliced[1]
    assert 0 < compacted < len(documents)        # both sides of the one-page estimate were met


def test_the_shared_steps_are_printed_once_and_the_holes_stay(tmp_path):
    base = _base(tmp_path)
    document = next(_documents(base, 1))
    template = engine.compiled(template_path(document))
    made = splice.prepared(template, document, base.kind.row_fields)
    body = next(part for part in made.parts if part.name == engine.DOCUMENT)
    general = next(part for part in template.templated() if part.name == engine.DOCUMENT)
    holes = [op for op in body.program if op[0] != flat.TEXT]
    assert len(holes) < len([op for op in general.program if op[0] != flat.TEXT])
    assert {op[1] for op in holes} <= {("trich_yeu",), ("gach", "trich_yeu"), ("noi_dung",), ("noi_nhan",)}
    assert "Căn cứ Luật Tổ chức chính quyền địa phương" in "".join(op[1] for op in body.program if op[0] == flat.TEXT)
    assert body.chars < gioi_han.MAX_PART_CHARS   # the căn cứ loop's output counts against each render's limit
    assert body.seconds <= gioi_han.MAX_RENDER_SECONDS


def test_a_row_that_changes_a_shared_field_takes_the_general_path(tmp_path):
    base = _base(tmp_path)
    first, second = _documents(base, 2)
    template = engine.compiled(template_path(first))
    made = splice.prepared(template, first, base.kind.row_fields)
    other = second.model_copy(update={"can_cu": second.can_cu[:-1] + ["Theo đề nghị của Giám đốc Sở Tài chính"]})
    assert made.parts_of(other) is None
    signer = second.model_copy(update={"tham_quyen": ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]})
    assert made.parts_of(signer) is None
    assert made.parts_of(second) is not None


def test_shared_footnotes_or_no_row_fields_make_no_splice(tmp_path):
    base = _base(tmp_path)
    document = next(_documents(base, 1))
    template = engine.compiled(template_path(document))
    assert splice.prepared(template, document, ()) is None
    noted = document.model_copy(update={"can_cu": ["Căn cứ Luật Tổ chức chính quyền địa phương[^1]"],
                                        "chu_thich": {"1": "Luật số 72/2025/QH15."}})
    assert splice.prepared(template, noted, base.kind.row_fields) is None


def test_a_rows_own_footnote_is_numbered_as_in_the_general_path(tmp_path):
    base = _base(tmp_path)
    first, second = _documents(base, 2)
    template = engine.compiled(template_path(first))
    noted = second.model_copy(update={"noi_dung": [second.noi_dung[0] + "[^a]", *second.noi_dung[1:]],
                                      "chu_thich": {"a": "Theo Kết luận số 12-KL/TU."}})
    for made_from in (first, noted):
        spliced = splice.prepared(template, made_from, base.kind.row_fields).parts_of(noted)
        assert spliced is not None and engine.FOOTNOTES in spliced[1]
        assert template.package(*spliced) == template.package(*render_parts(noted, template))


def test_reads_are_observed_through_properties(tmp_path):
    base = _base(tmp_path)
    document = next(_documents(base, 1))
    _, fields = splice._observed(lambda d: d.dong_so, document)
    assert {"so", "loai"} <= fields and "trich_yeu" not in fields
    with pytest.raises(splice._Unobserved):
        splice._observed(lambda d: d.model_dump(), document)


def test_a_batch_writes_what_render_writes(tmp_path, monkeypatch):
    rows = tmp_path / "rows.csv"
    with rows.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(["STT", "Họ và tên", "Giới tính", "Chức vụ", "Đơn vị công tác", "Nơi đến", "Thời gian (tháng)",
                         "Ngày bắt đầu"])
        writer.writerows([i, f"{NAMES[i % len(NAMES)]} {i}", "Nam" if i % 2 else "Nữ", POSITIONS[i % 3], "Sở Nội vụ",
                          PLACES[i % 3], 36, "01/8/2025"] for i in range(1, 13))
    options = runner.Options(data=rows, base=BASE, output=tmp_path / "out", jobs=1)
    spliced = []
    real = splice.Splice.parts_of

    def counted(self, document):
        made = real(self, document)
        spliced.append(made is not None)
        return made

    monkeypatch.setattr(splice.Splice, "parts_of", counted)
    result = runner.run(options)
    assert result.documents == 12 and not result.errors, result.errors
    assert spliced.count(True) >= 12                  # every row (and the warm-up) went through the splice
    assert "splices" not in runner._worker             # nor kept after the run
    base = runner._worker["base"]
    for number, (_, record) in enumerate(runner.open_table(rows, base.kind.columns).rows()):
        document = base.document(base.kind.one(base.data, base.kind.row_model.model_validate(record)))
        template = engine.compiled(template_path(document))
        written = result.written[number].read_bytes()
        assert written == template.package(*render_parts(document, template))


def test_specialized_program_prints_what_the_whole_program_prints():
    source = ("<a>{{ so }}</a>{% for p in doan %}<p>{{ p }}|{{ so }}|{{ ten }}</p>{% endfor %}"
              "{% for p in doan %}{{ p }}{% endfor %}<b>{{ gach.co_quan }}{{ gach.trich_yeu }}{{ ten }}</b>")
    ops = sandbox.flat_program(source)
    shared = {"so": "12 & 13", "doan": ["x", "<y>"], "gach": {"co_quan": "<c>"}}
    row = {**shared, "ten": "Bà <An>", "gach": {**shared["gach"], "trich_yeu": "t"}}
    program, spent, _ = flat.specialized(ops, shared, frozenset({("ten",), ("gach", "trich_yeu")}), 10_000, 3)
    assert flat.render(program, row, 10_000 - spent, 3) == flat.render(ops, row, 10_000, 3)
    assert [op[1] for op in program if op[0] == flat.VALUE] == [("gach", "trich_yeu"), ("ten",)]
    assert sum(op[0] == flat.LOOP for op in program) == 1          # the loop printing `ten` stays
    # a loop whose name shadows a hole reads its item, not the hole: it is printed once
    program, _, _ = flat.specialized(sandbox.flat_program("{% for ten in doan %}{{ ten }}{% endfor %}"), shared,
                                  frozenset({("ten",)}), 10_000, 3)
    assert program == ((flat.TEXT, "x&lt;y&gt;"),)
    # what the shared steps printed counts against the part's limit
    _, spent, _ = flat.specialized(sandbox.flat_program("{% for p in doan %}{{ p }}{% endfor %}"), shared,
                                frozenset(), 3, 3)
    assert spent == 0                     # past the budget: not folded, left to each render


def test_pieces_build_the_whole_context(tmp_path):
    base = _base(tmp_path)
    document = next(_documents(base, 1))
    template = engine.compiled(template_path(document))
    context, _, _ = ctx.build(document, template.section_break)
    assert set(context["gach"]) == {"co_quan", "tieu_ngu", "trich_yeu"}
    assert context["van_ban"] is document


@pytest.mark.parametrize("size", [9_000, 24 * 1024 + 10, 70_000])
def test_a_prefixed_deflate_gives_the_whole_deflates_bytes(size):
    pick = random.Random(size)
    prefix = "".join(pick.choice("<w:p>ab cd&;") for _ in range(3000)).encode()
    deflater = zipwriter.Prefixed("word/document.xml", prefix, size)
    for length in (size, size - 50, 3500, 30_000, 200_000):
        data = prefix + "".join(pick.choice("<w:t>Ủy ban nhân dân</w:t>") for _ in range(length - 3000)).encode()
        assert deflater.deflated(data) == zipwriter.deflated("word/document.xml", data)
    other = b"x" + prefix[1:] * 3
    assert deflater.deflated(other) == zipwriter.deflated("word/document.xml", other)


def _rows(path: Path, count: int, more: list | None = None) -> Path:
    """A list of `count` people (and the `more` rows after them), as a clerk's CSV."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(["STT", "Họ và tên", "Chức vụ", "Đơn vị công tác", "Nơi đến", "Thời gian (tháng)",
                         "Ngày bắt đầu"])
        writer.writerows([i, f"{NAMES[i % len(NAMES)]} {i}", POSITIONS[i % 3], "Sở Nội vụ", PLACES[i % 3], 36,
                          "01/8/2025"] for i in range(1, count + 1))
        writer.writerows(more or [])
    return path


def test_forked_workers_take_the_rows_validated_before_the_fork(tmp_path):
    rows = _rows(tmp_path / "rows.csv", 150, [[151, "X", "Chuyên viên", "Sở Nội vụ", PLACES[0], 36,
                                               "01/8/2025"]])     # a bad row: the name too short
    outputs = {}
    for jobs in (1, 2):
        result = runner.run(runner.Options(data=rows, base=BASE, output=tmp_path / f"jobs-{jobs}", jobs=jobs))
        assert result.documents == 150 and [e.row for e in result.errors] == [152]
        assert "kept" not in runner._worker                  # the rows are not kept after the run
        assert gc.get_freeze_count() == 0                    # frozen for the fork only
        outputs[jobs] = {path.name: path.read_bytes() for path in result.written}
    assert outputs[1] == outputs[2]


def test_a_body_walked_once_gives_the_lines_of_the_list_asked():
    first, second = ["Một.", "Hai."], ["Ba."]
    assert [line.van_ban for line in outline.body_lines(first, True)] == ["Một.", "Hai."]
    assert outline.body_lines(first, True) is outline.body_lines(first, True)      # walked once
    assert [line.nhan for line in outline.body_lines(first, False)] == ["I.", "II."]   # other settings: again
    assert [line.van_ban for line in outline.body_lines(second, True)] == ["Ba."]
    assert [line.van_ban for line in outline.body_lines(list(first), True)] == ["Một.", "Hai."]


def test_a_part_passes_or_fails_its_time_limit_as_when_rendered_whole(tmp_path, monkeypatch):
    """What the shared steps took when they were printed once is taken from each row's time."""
    base = _base(tmp_path)
    document = next(_documents(base, 1))
    template = engine.compiled(template_path(document))
    monkeypatch.setattr(flat.time, "monotonic", iter(range(0, 10_000, 1)).__next__)   # each reading: 1 s later
    made = splice.prepared(template, document, base.kind.row_fields)
    body = next(part for part in made.parts if part.name == engine.DOCUMENT)
    assert body.seconds < gioi_han.MAX_RENDER_SECONDS - 1


SPAWNED_BATCH = """
import multiprocessing, sys
from pathlib import Path
from docgen.pools import forks
from docgen.batch import runner
assert forks() and multiprocessing.get_start_method(allow_none=True) is None   # asked, not settled
multiprocessing.set_start_method("spawn")
assert not forks()
result = runner.run(runner.Options(data=Path(sys.argv[1]), base=Path(sys.argv[2]), output=Path(sys.argv[3]), jobs=2))
print(result.documents, len(result.errors))
"""


def test_workers_that_are_not_forked_read_the_rows_again(tmp_path):
    rows = _rows(tmp_path / "rows.csv", 40)
    done = subprocess.run([sys.executable, "-c", SPAWNED_BATCH, str(rows), str(BASE), str(tmp_path / "spawned")],
                          capture_output=True, text=True, timeout=300)
    assert done.stdout.split() == ["40", "0"], done.stderr[-2000:]
    forked = runner.run(runner.Options(data=rows, base=BASE, output=tmp_path / "forked", jobs=1))
    assert {p.name: p.read_bytes() for p in forked.written} == \
        {p.name: p.read_bytes() for p in (tmp_path / "spawned").glob("*.docx")}
