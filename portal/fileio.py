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
import os
import stat
import tempfile
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


class ProjectLockedError(PortalError):
    """Another portal command is changing the project's pages."""


@contextlib.contextmanager
def project_lock(lock_dir: Path) -> Iterator[None]:
    """Hold the project's write lock, or refuse at once if another command holds it.

    Every command that writes pages (translate, import, approve, review
    import) takes it, so two of them never interleave their writes.  The lock
    is an ``flock`` on a file: the kernel releases it when its holder exits,
    even after ``kill -9``, so a crashed run never blocks the next one.
    """
    lock_dir.mkdir(parents=True, exist_ok=True)
    lock_path = lock_dir / LOCK_NAME
    with open(lock_path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ProjectLockedError(
                "another portal command (translate, import, approve or review import) is changing "
                "this project; try again when it has finished",
                lock_path,
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield
