"""Helpers of the hostile-input suite: what changed on disk."""

from __future__ import annotations

from pathlib import Path


def snapshot(folder: Path) -> dict[Path, bytes]:
    """Every file under ``folder`` (links not followed), with its bytes."""
    return {path: path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file() and not path.is_symlink() and path.name != ".portal.lock"}


def changed(before: dict[Path, bytes], after: dict[Path, bytes]) -> list[Path]:
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))
