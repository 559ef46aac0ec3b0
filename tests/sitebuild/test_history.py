"""The "last updated" date: the content's git history, the file's own date without one."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess

import pytest

from portal.sitebuild.history import ContentHistory, git_dates


def git(repo, *args, date="2024-05-06T10:00:00+07:00"):
    env = dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date, GIT_AUTHOR_NAME="t",
               GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


@pytest.fixture
def repo(tmp_path):
    if shutil.which("git") is None:
        pytest.fail("git is not installed: apt-get install git")
    git(tmp_path, "init", "-q", "-b", "main")
    docs = tmp_path / "docs"
    (docs / "vi").mkdir(parents=True)
    (docs / "vi" / "about.md").write_text("# A\n", encoding="utf-8")
    (docs / "vi" / "press.md").write_text("# P\n", encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first", date="2023-01-02T09:00:00+07:00")
    (docs / "vi" / "about.md").write_text("# A, edited\n", encoding="utf-8")
    git(tmp_path, "commit", "-q", "-am", "edit", date="2024-05-06T10:00:00+07:00")
    return tmp_path


def test_the_date_is_the_last_commit_that_changed_the_file(repo):
    history = ContentHistory(repo / "docs")
    assert history.last_updated("vi/about.md") == dt.date(2024, 5, 6)
    assert history.last_updated("vi/press.md") == dt.date(2023, 1, 2)
    assert git_dates(repo / "docs") == {"vi/about.md": dt.date(2024, 5, 6), "vi/press.md": dt.date(2023, 1, 2)}


def test_rebuilding_or_touching_a_file_does_not_move_its_date(repo):
    page = repo / "docs" / "vi" / "press.md"
    os.utime(page, (1_900_000_000, 1_900_000_000))  # a checkout or a copy gives files new times
    assert ContentHistory(repo / "docs").last_updated("vi/press.md") == dt.date(2023, 1, 2)


def test_a_file_without_history_has_its_own_date(repo, tmp_path_factory):
    new = repo / "docs" / "vi" / "new.md"
    new.write_text("# N\n", encoding="utf-8")
    os.utime(new, (1_700_000_000, 1_700_000_000))
    assert ContentHistory(repo / "docs").last_updated("vi/new.md") == dt.date.fromtimestamp(1_700_000_000)
    outside = tmp_path_factory.mktemp("no-git")
    (outside / "a.md").write_text("x", encoding="utf-8")
    os.utime(outside / "a.md", (1_600_000_000, 1_600_000_000))
    assert git_dates(outside) == {}
    assert ContentHistory(outside).last_updated("a.md") == dt.date.fromtimestamp(1_600_000_000)


def test_the_newest_commit_wins_when_branches_interleave(repo):
    git(repo, "checkout", "-q", "-b", "side", "HEAD~1")
    (repo / "docs" / "vi" / "press.md").write_text("# P, on a branch\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "side edit", date="2025-03-04T08:00:00+07:00")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-edit", "side", date="2025-03-05T08:00:00+07:00")
    assert ContentHistory(repo / "docs").last_updated("vi/press.md") == dt.date(2025, 3, 4)
