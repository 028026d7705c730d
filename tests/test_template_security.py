"""Templates may come from other offices: rendering is sandboxed and template errors are clean."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.errors import LoiMauVanBan
from docgen.readers.van_ban import read_van_ban
from docgen.render.docx_renderer import render_to_file
from docgen.render.template_builder import TEMPLATES_DIR

from conftest import SAMPLES


def hostile_template(folder: Path, replace: str, by: str) -> Path:
    """A copy of ke-hoach.docx with one template tag rewritten."""
    folder.mkdir(exist_ok=True)
    source = TEMPLATES_DIR / "ke-hoach.docx"
    target = folder / "ke-hoach.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode()
                assert replace in text
                data = text.replace(replace, by).encode()
            zout.writestr(item, data)
    return folder


@pytest.mark.parametrize("by", [
    "{{ van_ban.__class__.__mro__[1].__subclasses__() }}",   # escape attempt through dunders
    "{{ dong_so.__class__.__init__.__globals__ }}",
    "{{ khong_co_bien }}",                                     # unknown variable: loud, not silent
    "{{ dong_so ",                                             # syntax error
])
def test_hostile_or_broken_template_is_refused(tmp_path, by):
    templates = hostile_template(tmp_path / "mau", "{{ dong_so }}", by)
    document = read_van_ban(SAMPLES / "ke-hoach-131-2025.yaml")
    with pytest.raises(LoiMauVanBan):
        render_to_file(document, tmp_path / "out.docx", templates)
    assert not (tmp_path / "out.docx").exists()
    result = CliRunner().invoke(main, ["render", str(SAMPLES / "ke-hoach-131-2025.yaml"), "-o",
                                       str(tmp_path / "out.docx"), "--templates", str(templates)])
    assert result.exit_code == 2 and "Lỗi: mẫu ke-hoach.docx" in result.output
    assert "Traceback" not in result.output


def test_missing_template_for_a_type(tmp_path):
    empty = tmp_path / "rong"
    empty.mkdir()
    document = read_van_ban(SAMPLES / "ke-hoach-131-2025.yaml")
    with pytest.raises(LoiMauVanBan, match="chưa có mẫu"):
        render_to_file(document, tmp_path / "out.docx", empty)


def test_failed_render_keeps_the_previous_file(tmp_path):
    target = tmp_path / "out.docx"
    target.write_bytes(b"previous")
    templates = hostile_template(tmp_path / "mau", "{{ dong_so }}", "{{ khong_co }}")
    with pytest.raises(LoiMauVanBan):
        render_to_file(read_van_ban(SAMPLES / "ke-hoach-131-2025.yaml"), target, templates)
    assert target.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mau", "out.docx"]
    assert not list(tmp_path.glob(".*.tmp"))


def test_output_file_gets_ordinary_permissions(tmp_path):
    import os
    target = render_to_file(read_van_ban(SAMPLES / "ke-hoach-131-2025.yaml"), tmp_path / "out.docx")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.parametrize("by, words", [
    ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}", "giây"),
    ("{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}", "triệu ký tự"),
    # loops inside loops over the document's own lists (no range()): as a power of the data
    ("{% for a in noi_dung %}" * 6 + "x" + "{% endfor %}" * 6, "triệu ký tự"),
    ("{% for a in noi_dung %}" * 6 + "{% endfor %}" * 6, "giây"),
    ("{{ noi_nhan.append('Nơi lạ') }}", "unsafe"),
    ("{{ van_ban.noi_nhan.append('Nơi lạ') }}", "unsafe"),
])
def test_runaway_or_mutating_templates_are_stopped(tmp_path, monkeypatch, by, words):
    from docgen import gioi_han
    monkeypatch.setattr(gioi_han, "MAX_RENDER_SECONDS", 1.0)
    monkeypatch.setattr(gioi_han, "MAX_PART_CHARS", 2_000_000)
    templates = hostile_template(tmp_path / "mau", "{{ dong_so }}", by)
    document = read_van_ban(SAMPLES / "ke-hoach-131-2025.yaml")
    recipients = list(document.noi_nhan)
    with pytest.raises(LoiMauVanBan, match=words):
        render_to_file(document, tmp_path / "out.docx", templates)
    assert list(document.noi_nhan) == recipients and not (tmp_path / "out.docx").exists()


def test_a_template_that_unpacks_too_far_is_refused_before_inflating(tmp_path):
    templates = hostile_template(tmp_path / "mau", "{{ dong_so }}", "{{ dong_so }}")
    with zipfile.ZipFile(templates / "ke-hoach.docx", "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/rong.bin", b"\0" * (210 * 1024 * 1024))
    document = read_van_ban(SAMPLES / "ke-hoach-131-2025.yaml")
    with pytest.raises(LoiMauVanBan, match="giải nén quá lớn"):
        render_to_file(document, tmp_path / "out.docx", templates)
    assert not (tmp_path / "out.docx").exists()


def test_a_type_written_as_a_mapping_cannot_point_at_a_path(tmp_path):
    """`loai: {ma: /some/path, …}` would make the template and the output any file of the machine."""
    text = (SAMPLES / "cong-van-cu-can-bo.yaml").read_text(encoding="utf-8")
    (tmp_path / "co-quan.yaml").write_text((SAMPLES / "co-quan.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    lines = [f"loai: {{ma: {tmp_path}/x, ten: Công văn, viet_tat: null}}" if line.startswith("loai:") else line
             for line in text.splitlines()]
    (tmp_path / "cv.yaml").write_text("\n".join(lines), encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(tmp_path / "cv.yaml")])
    assert result.exit_code == 2 and "loai là mã loại văn bản" in result.output
    assert not list(tmp_path.glob("*.docx"))


def test_a_runaway_render_in_a_worker_thread_is_stopped(tmp_path, monkeypatch):
    """The web app renders in threads: loops inside loops that print nothing and touch nothing are
    stopped there too (by the watchdog, not by the hooks)."""
    import threading

    from docgen import gioi_han
    monkeypatch.setattr(gioi_han, "MAX_RENDER_SECONDS", 0.5)
    templates = hostile_template(tmp_path / "mau", "{{ dong_so }}",
                                 "{% for a in noi_dung %}" * 8 + "{% endfor %}" * 8)
    document = read_van_ban(SAMPLES / "ke-hoach-131-2025.yaml")
    outcome = []

    def work():
        try:
            render_to_file(document, tmp_path / "out.docx", templates)
            outcome.append("written")
        except LoiMauVanBan as exc:
            outcome.append(str(exc))

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(30)
    assert not worker.is_alive()
    assert len(outcome) == 1 and "giây" in outcome[0]
    assert not (tmp_path / "out.docx").exists()


@pytest.mark.parametrize("by, words", [
    ("{{ 9 ** 8000000 % 7 }}", "số quá lớn"),                 # was computed while compiling, unbounded
    ("{{ (noi_dung|length + 8) ** 8000000 % 7 }}", "số quá lớn"),
    ("{{ 'x' * 10 ** 9 }}", "chuỗi quá dài"),
    ("{{ dong_so|center(10 ** 9) }}", "center quá rộng"),
    ("{{ dong_so|replace('', dong_so * 1000) }}", "replace"),
    ("{{ '%0999999999d' % 5 }}", "quá rộng"),
    ("{{ 1 / (noi_dung|length - noi_dung|length) }}", "ZeroDivisionError"),   # said, not a traceback
])
def test_one_step_of_c_code_cannot_make_a_huge_value(tmp_path, by, words):
    """Steps that run in C — a power, a repetition, a padding — are where neither the hooks nor the
    watchdog can stop a template: refused before they run, in the template's name."""
    import time

    templates = hostile_template(tmp_path / "mau", "{{ dong_so }}", by)
    document = read_van_ban(SAMPLES / "ke-hoach-131-2025.yaml")
    start = time.monotonic()
    with pytest.raises(LoiMauVanBan, match=words):
        render_to_file(document, tmp_path / "out.docx", templates)
    assert time.monotonic() - start < 5 and not (tmp_path / "out.docx").exists()


def test_ordinary_arithmetic_and_filters_still_work():
    from docgen.render import sandbox

    template = sandbox.compiled("{{ 2 ** 10 }}|{{ 'ab' * 3 }}|{{ 7 % 3 }}|{{ '%05d' % 42 }}|{{ 'a b'|replace(' ', '-') }}"
                                "|{{ 'x'|center(5) }}|{{ 'hi'|indent(2, first=True) }}|{{ 'a b c'|wordwrap(3) }}", "m.docx")
    assert sandbox.rendered(template, {}, "m.docx") == "1024|ababab|1|00042|a-b|  x  |  hi|a b\nc"
