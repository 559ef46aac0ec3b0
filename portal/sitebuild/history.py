"""When each page's content last changed: the "last updated" date readers see.

Rules:

- The date of a page is the committer date of the newest commit that changed
  its file (``git log``), so it is the same in every build of the same
  history and does not move when the site is merely rebuilt.
- A file git does not know (no repository, git not installed, a page not yet
  committed) falls back to the file's own modification date.
- The whole history of ``docs/`` is read with one ``git log`` per build, not
  one per page, so the cost grows with the history, not with pages x history.
- A page shown in another language's site (not yet translated) carries the
  date of the file it shows.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

DATE_MARK = "\x00"


def git_dates(folder: Path) -> dict[str, dt.date]:
    """The newest commit date of every file under ``folder`` that git has history for.

    Paths are relative to ``folder`` with forward slashes; an empty mapping when
    ``folder`` is not in a git repository or git is missing.
    """
    command = ["git", "-C", str(folder), "log", "--format=%x00%cs", "--name-only",
               "--no-renames", "--relative", "--", "."]
    try:
        done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", check=False)
    except OSError:
        return {}
    if done.returncode != 0:
        return {}
    dates: dict[str, dt.date] = {}
    current = None
    for line in done.stdout.splitlines():
        if line.startswith(DATE_MARK):
            current = dt.date.fromisoformat(line[1:].strip())
        elif line and current is not None:
            # git log is newest first, but merged branches interleave: keep the newest.
            if line not in dates or current > dates[line]:
                dates[line] = current
    return dates


class ContentHistory:
    """Last-change dates of the files of one docs folder, read once."""

    def __init__(self, docs_dir: Path):
        self.docs_dir = Path(docs_dir)
        self._dates: dict[str, dt.date] | None = None

    def last_updated(self, src_path: str) -> dt.date:
        """The date the file ``docs/<src_path>`` last changed."""
        if self._dates is None:
            self._dates = git_dates(self.docs_dir)
        date = self._dates.get(src_path.replace("\\", "/"))
        if date is not None:
            return date
        return dt.date.fromtimestamp((self.docs_dir / src_path).stat().st_mtime)
