"""Writing files so that nothing is lost.

Every file the pipeline writes (pages, the glossary, the translation memory,
review records, search indexes) goes through :func:`write_text_atomic`: the
text goes to a temporary file in the same folder, is flushed to disk, and
replaces the target in one ``os.replace``.  A run killed at any moment leaves
either the old file or the new one, never half of one, and no stray
temporary file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8, line endings exactly as given) in one step."""
    write_bytes_atomic(path, text.encode("utf-8"))
