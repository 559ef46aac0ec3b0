"""Writing files so that nothing is lost, and one writer at a time.

Every file the pipeline writes (pages, the glossary, the translation memory,
review records, search indexes) goes through :func:`write_text_atomic`: the
text goes to a temporary file in the same folder, is flushed to disk, and
replaces the target in one ``os.replace``.  A run killed at any moment leaves
either the old file or the new one, never half of one, and no stray
temporary file.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from portal.errors import PortalError


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file private (0600); give it the mode the file
        # had, or a new file's usual mode, so a web server can still read it.
        os.fchmod(handle, stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o666 & ~current_umask())
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8, line endings exactly as given) in one step."""
    write_bytes_atomic(path, text.encode("utf-8"))


def content_hash(data: str | bytes) -> str:
    """``sha256:<hex>`` of text (as UTF-8) or bytes: how pages record what they were made from."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return "sha256:" + hashlib.sha256(data).hexdigest()


# At the project's root, not in a cache folder `make clean` may delete while
# a command holds the lock (a new file would give a second command a lock too).
LOCK_NAME = ".portal.lock"

log = logging.getLogger("portal")


class ProjectLockedError(PortalError):
    """Another portal command is changing the project's pages."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


@contextlib.contextmanager
def project_lock(root: Path) -> Iterator[None]:
    """Hold the project's write lock, or refuse at once if another command holds it.

    Every command that writes pages (translate, import, approve, review
    import, glossary import and page) takes it, so two of them never
    interleave their writes.  The lock is an ``flock`` on a file: the kernel
    releases it when its holder exits, even after ``kill -9``, so a crashed
    run never blocks the next one.  The file names its holder (pid, command,
    start time): a refusal says who holds the lock, and a lock file left by
    a process that died is reported as stale when the next command takes it.
    """
    root.mkdir(parents=True, exist_ok=True)
    lock_path = root / LOCK_NAME
    with open(lock_path, "a+") as handle:
        handle.seek(0)
        previous = handle.read().strip()
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = f" (held by {previous})" if previous else ""
            raise ProjectLockedError(
                "another portal command (translate, import, approve or review import) is changing "
                f"this project{holder}; try again when it has finished",
                lock_path,
            ) from None
        pid = previous.split(maxsplit=1)[0] if previous else ""
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            log.warning(f"{lock_path}: stale lock of {previous}, which ended without releasing it "
                        "(killed or crashed?); its pages are whole, check `portal status`")
        handle.seek(0)
        handle.truncate()
        command = " ".join(Path(sys.argv[0]).name.split() + sys.argv[1:3])
        handle.write(f"{os.getpid()} {command} since {time.strftime('%Y-%m-%dT%H:%M:%S%z')}\n")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()  # released cleanly: nothing stale to report next time
            handle.flush()
