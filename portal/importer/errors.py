"""The importer's error type."""

from __future__ import annotations

from portal.errors import PortalError


class ImporterError(PortalError):
    """An input file that cannot be imported, or a page that must not be overwritten."""


def describe_error(error: Exception) -> str:
    """A third-party parser's exception in one short line (its type and first line)."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}"[:200] if text else type(error).__name__
