"""Errors raised by the pipeline.

Every stage raises a subclass of :class:`PortalError`; its message reads
``path:line: problem`` so editors can jump straight to the offending line.
"""

from __future__ import annotations

from pathlib import Path


class PortalError(Exception):
    """A problem with the user's input or project, reported without a traceback."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = str(self.path) if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"
