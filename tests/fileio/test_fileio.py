"""Atomic writes and the project lock."""

from __future__ import annotations

import os
import stat

import pytest

from portal.fileio import ProjectLockedError, project_lock, write_text_atomic


def test_atomic_write_gives_a_readable_file_and_keeps_an_existing_mode(tmp_path):
    new = tmp_path / "new.md"
    write_text_atomic(new, "a\r\nb")
    assert new.read_bytes() == b"a\r\nb"
    old_umask = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "fresh.md", "x")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((tmp_path / "fresh.md").stat().st_mode) == 0o644
    new.chmod(0o640)
    write_text_atomic(new, "c")
    assert stat.S_IMODE(new.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [], "no temporary file left"


def test_a_second_writer_is_refused_while_the_lock_is_held(tmp_path):
    with project_lock(tmp_path):
        with pytest.raises(ProjectLockedError, match="another portal command"):
            with project_lock(tmp_path):
                pass
    with project_lock(tmp_path):  # released with its holder
        pass
