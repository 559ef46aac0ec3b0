"""Fixtures of the hostile-input suite: a copy of the portal to attack, and a way to see what changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from portal.pages import without_record
from portal.project import Project


@pytest.fixture
def portal(tmp_path, repo_root) -> Project:
    """A copy of the committed portal, inside a folder that also holds files of the user's."""
    root = tmp_path / "portal"
    root.mkdir()
    for name in ("mkdocs.yml", "hooks", "docs", "glossary"):
        source = repo_root / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    press = root / "docs" / "en" / "press" / "index.md"  # a translation needing review, to exchange
    press.write_text(without_record(press.read_text(encoding="utf-8")), encoding="utf-8")
    (tmp_path / "users-files").mkdir()
    (tmp_path / "users-files" / "precious.txt").write_text("keep me\n", encoding="utf-8")
    return Project(root)
