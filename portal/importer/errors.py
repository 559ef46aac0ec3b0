"""The importer's error type."""

from __future__ import annotations

from portal.errors import PortalError


class ImporterError(PortalError):
    """An input file that cannot be imported, or a page that must not be overwritten."""
