"""`write_atomic`: the file whole or not at all, never through a planted link, no temporary left."""

from __future__ import annotations

import errno
import os

import pytest

from docgen import atomic


def test_written_whole_in_a_new_folder(tmp_path):
    target = tmp_path / "moi" / "qd.docx"
    atomic.write_atomic(target, b"x" * 100_000, durable=False)
    assert target.read_bytes() == b"x" * 100_000
    atomic.write_atomic(str(target), b"y", durable=True)
    assert target.read_bytes() == b"y" and os.listdir(target.parent) == ["qd.docx"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "qd.docx"
    target.write_bytes(b"old")
    written = []

    def short_then_full(handle, data):
        if written:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written.append(len(data))
        return 10                                  # a short write: the rest must be written again

    monkeypatch.setattr(atomic.os, "write", short_then_full)
    with pytest.raises(OSError):
        atomic.write_atomic(target, b"z" * 50, durable=False)
    assert target.read_bytes() == b"old" and os.listdir(tmp_path) == ["qd.docx"]


def test_a_link_planted_at_the_temporary_name_is_not_followed(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    target = tmp_path / "qd.docx"
    os.symlink(victim, atomic.temporary_name(target))
    with pytest.raises(OSError):
        atomic.write_atomic(target, b"data", durable=False)
    assert victim.read_text() == "keep" and not target.exists()
