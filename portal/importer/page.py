"""The Markdown page of a document, and writing it safely.

Front matter keys, in this order: ``title``, ``description``, ``kind``,
``number``, ``date`` (ISO), ``place``, ``issuer``, ``signer`` (``name``,
``title``, ``for``: the lines above the title such as ``TM. ỦY BAN NHÂN
DÂN; KT. CHỦ TỊCH``), ``recipients``, ``source``, ``quality`` (``ok``/``ocr``),
``quality_score``, ``tags`` and, when the document has a task appendix,
``tasks`` (items: ``number``, ``task``, ``timeline``, ``lead``,
``coordinating``, ``group``).

Writing is idempotent and careful: the same input gives the same bytes; an
existing page that differs from what the import would write (an editor
changed it) is refused unless ``force`` (a backup is kept) or
``skip_edited`` (left alone).  Writes go to a temporary file first and are
moved into place with ``os.replace``.
"""

from __future__ import annotations

import enum
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from portal.errors import PortalError
from portal.fileio import write_bytes_atomic
from portal.frontmatter import FrontMatterError, split_front_matter
from portal.importer.body import render_blocks
from portal.importer.document import Document
from portal.importer.errors import ImporterError
from portal.importer.vietnamese import slugify
from portal.project import Project


class WriteStatus(enum.Enum):
    CREATED = "created"
    UNCHANGED = "unchanged"
    REPLACED = "replaced"
    """The page had been edited and was overwritten (--force); see the backup."""
    SKIPPED = "skipped"
    """The page had been edited and was left alone (--skip-edited)."""


@dataclass(frozen=True, slots=True)
class WriteResult:
    path: Path
    status: WriteStatus
    backup: Path | None = None


def front_matter(document: Document) -> dict:
    """The page's front matter as an ordered mapping."""
    signature = document.signature
    matter: dict = {
        "title": document.title,
        "description": document.description,
        "kind": document.kind,
        "number": document.number,
        "date": document.date,
        "place": document.place,
        "issuer": document.issuer,
        "signer": {
            "name": signature.name,
            "title": signature.title,
            "for": "; ".join(signature.lines[:-1]) or None,
        },
        "recipients": list(document.recipients),
        "source": document.source.path.name,
        "quality": document.quality.label,
        "quality_score": document.quality.score,
        "tags": document.tags,
    }
    if document.tasks:
        matter["tasks"] = [
            {
                "number": task.number,
                "task": task.task,
                "timeline": task.timeline,
                "lead": task.lead,
                "coordinating": task.coordinating,
                "group": task.group,
            }
            for task in document.tasks
        ]
    if document.internal_annexes:
        matter["internal_annexes"] = [{"title": title, "published": False} for title in document.internal_annexes]
    return matter


def without_import_record(text: str) -> str:
    """A page's text without the import record the importer adds to the front matter."""
    return text


def render_page(document: Document) -> str:
    """The full page text: YAML front matter, then the Markdown body."""
    matter = yaml.safe_dump(front_matter(document), allow_unicode=True, sort_keys=False, width=100_000)
    return f"---\n{matter}---\n\n{render_blocks(list(document.blocks))}"


def page_path(document: Document, out_dir: Path) -> Path:
    """Where the page goes: ``out_dir/<slug>.md``, or ``<slug>-<number>.md``
    when another source already owns ``<slug>.md``."""
    path = out_dir / f"{document.slug}.md"
    owner = _page_source(path)
    if owner is not None and owner != document.source.path.name:
        suffix = (document.number or document.source.path.stem).lower()
        path = out_dir / f"{document.slug}-{slugify(suffix)}.md"
    return path


def write_page(text: str, path: Path, *, force: bool = False, skip_edited: bool = False) -> WriteResult:
    """Write ``text`` to ``path`` following the module's safety rules."""
    data = text.encode("utf-8")
    if path.exists():
        current = path.read_bytes()
        if current == data:
            return WriteResult(path, WriteStatus.UNCHANGED)
        if skip_edited:
            return WriteResult(path, WriteStatus.SKIPPED)
        if not force:
            raise ImporterError(
                "the page differs from what the import would write (edited since the last import?); "
                "rerun with --force to overwrite it (a backup is kept) or --skip-edited to leave it",
                path,
            )
        backup = _backup(path)
        write_bytes_atomic(path, data)
        return WriteResult(path, WriteStatus.REPLACED, backup)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(path, data)
    return WriteResult(path, WriteStatus.CREATED)


def _backup(path: Path) -> Path:
    """Copy ``path`` to ``.backups/`` of its project (or next to it), never over an older backup.

    Each backup is named with the time it was taken, so forcing an import
    twice keeps both editors' versions; ``.backups/`` is not a cache and
    ``make clean`` leaves it alone.
    """
    stamp = time.strftime("%Y%m%dT%H%M%S")
    try:
        project = Project.find(path.parent)
        relative = path.resolve().relative_to(project.root)
        folder, stem = project.root / ".backups" / relative.parent, relative.stem
    except (PortalError, ValueError):
        folder, stem = path.parent, path.stem
    folder.mkdir(parents=True, exist_ok=True)
    target, number = folder / f"{stem}.{stamp}.md.bak", 1
    while target.exists():
        number += 1
        target = folder / f"{stem}.{stamp}-{number}.md.bak"
    shutil.copy2(path, target)
    return target


def _page_source(path: Path) -> str | None:
    """The ``source`` recorded in an existing page's front matter."""
    if not path.is_file():
        return None
    try:
        matter, _ = split_front_matter(path.read_text(encoding="utf-8", errors="replace"), path)
    except FrontMatterError:
        return None
    return matter.get("source")
