"""The Markdown page of a document, and writing it without losing anyone's work.

Front matter keys, in this order: ``title``, ``description``, ``kind``,
``number``, ``date`` (ISO), ``place``, ``issuer``, ``signer`` (``name``,
``title``, ``for``: the lines above the title such as ``TM. ỦY BAN NHÂN
DÂN; KT. CHỦ TỊCH``), ``recipients``, ``source`` (the file's name in the
project's ``sources/``), ``quality`` (``ok``/``ocr``; an editor who restores
a page sets ``edited``), ``quality_score``, ``tags``; when the document has
them, ``tasks`` (items: ``number``, ``task``, ``timeline``, ``lead``,
``coordinating``, ``group``) and ``internal_annexes`` (items: ``title``,
``published``: false unless an editor publishes it; that choice is kept
across imports); last, ``import_hash``: the ``sha256:`` of the page as the
importer wrote it, without that line and with every annex unpublished (the
*import record*).

Writing an existing page (:func:`plan_write`):

* the same bytes: unchanged;
* the page still hashes to its import record (nobody touched it): updated;
* a page without a record (written before records existed) that equals the
  new output apart from the record: updated, and the record added;
* otherwise an editor changed it (or marked it ``quality: edited``): refused
  unless ``force`` (a dated backup is kept first) or ``skip_edited`` (left
  alone, with the reason).

The same input gives the same bytes; writes are atomic (:mod:`portal.fileio`).
"""

from __future__ import annotations

import enum
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from portal.errors import PortalError
from portal.fileio import content_hash, write_bytes_atomic
from portal.frontmatter import FRONT_MATTER, FrontMatterError, split_front_matter
from portal.importer.body import render_blocks
from portal.importer.document import Document
from portal.importer.errors import ImporterError
from portal.importer.markdown import data_text
from portal.importer.vietnamese import slugify
from portal.project import Project


class WriteStatus(enum.Enum):
    CREATED = "created"
    UNCHANGED = "unchanged"
    UPDATED = "updated"
    """The page was as the importer left it and now has the new import."""
    REPLACED = "replaced"
    """The page had been edited and was overwritten (--force); see the backup."""
    SKIPPED = "skipped"
    """The page had been edited and was left alone (--skip-edited)."""


@dataclass(frozen=True, slots=True)
class WriteResult:
    path: Path
    status: WriteStatus
    backup: Path | None = None
    reason: str | None = None
    """Why the page counts as edited (skipped or replaced pages)."""


IMPORT_RECORD_KEY = "import_hash"
_IMPORT_RECORD = re.compile(rf"^{IMPORT_RECORD_KEY}: ?(\S*)[ \t]*\n", re.M)
_PUBLISHED = re.compile(r"^(  published: )true$", re.M)


def front_matter(document: Document, source_name: str | None = None, published: frozenset[str] = frozenset()) -> dict:
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
        "source": source_name or document.source.path.name,
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
        matter["internal_annexes"] = [
            {"title": title, "published": title in published} for title in document.internal_annexes
        ]
    return _as_data(matter)


def _as_data(value):
    """Every string of the front matter as plain text (no tags, no script)."""
    if isinstance(value, str):
        return data_text(value)
    if isinstance(value, dict):
        return {key: _as_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_data(item) for item in value]
    return value


def without_import_record(text: str) -> str:
    """A page's text without the import record line of its front matter."""
    end = _front_matter_end(text)
    return _IMPORT_RECORD.sub("", text[:end], count=1) + text[end:]


def _front_matter_end(text: str) -> int:
    match = FRONT_MATTER.match(text)
    return match.end() if match else 0


def render_page(document: Document, source_name: str | None = None, published: frozenset[str] = frozenset()) -> str:
    """The full page text: YAML front matter ending with the import record, then the Markdown body.

    ``published`` names the internal annexes an editor chose to publish; the
    choice is the editor's, so the record is taken over the page without it.
    """
    def text_with(chosen: frozenset[str]) -> tuple[str, int]:
        matter = yaml.safe_dump(front_matter(document, source_name, chosen), allow_unicode=True, sort_keys=False,
                                width=100_000)
        return f"---\n{matter}---\n\n{render_blocks(list(document.blocks))}", len(f"---\n{matter}")

    record = content_hash(text_with(frozenset())[0])
    text, closing = text_with(published)
    return f"{text[:closing]}{IMPORT_RECORD_KEY}: {record}\n{text[closing:]}"


def as_imported(text: str) -> str:
    """A page as the importer wrote it, if nobody changed it: no import record, and no editor's
    choice to publish an internal annex (those choices are kept across imports)."""
    text = without_import_record(text)
    end = _front_matter_end(text)
    return _PUBLISHED.sub(r"\1false", text[:end]) + text[end:]


def published_annexes(text: str) -> frozenset[str]:
    """Titles of the internal annexes an editor set ``published: true`` in the page ``text``."""
    try:
        matter, _ = split_front_matter(text)
    except FrontMatterError:
        return frozenset()
    annexes = matter.get("internal_annexes")
    if not isinstance(annexes, list):
        return frozenset()
    return frozenset(str(a.get("title")) for a in annexes if isinstance(a, dict) and a.get("published") is True)


def page_path(document: Document, out_dir: Path, source_name: str | None = None) -> Path:
    """Where the page goes: ``out_dir/<slug>.md``, or ``<slug>-<number>.md``
    when another source already owns ``<slug>.md``."""
    path = out_dir / f"{document.slug}.md"
    owner = _page_source(path)
    if owner is not None and owner != (source_name or document.source.path.name):
        suffix = (document.number or document.source.path.stem).lower()
        path = out_dir / f"{document.slug}-{slugify(suffix)}.md"
    return path


def plan_write(text: str, path: Path, *, force: bool = False, skip_edited: bool = False) -> WriteResult:
    """What writing ``text`` to ``path`` will do (see the module docstring); nothing is written.

    Raises :class:`ImporterError` for an edited page without ``force`` or ``skip_edited``.
    """
    if not path.exists():
        return WriteResult(path, WriteStatus.CREATED)
    try:
        current = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        current, reason = None, f"it cannot be read as UTF-8 text ({error})"
    if current is not None:
        if current == text:
            return WriteResult(path, WriteStatus.UNCHANGED)
        reason = edit_reason(current, text, path)
        if reason is None:
            return WriteResult(path, WriteStatus.UPDATED)
    if skip_edited:
        return WriteResult(path, WriteStatus.SKIPPED, reason=reason)
    if not force:
        raise ImporterError(
            f"the page was edited since it was imported: {reason}; rerun with --force to replace it "
            "(a dated backup is kept) or --skip-edited to leave it",
            path,
        )
    return WriteResult(path, WriteStatus.REPLACED, reason=reason)


def edit_reason(current: str, new_text: str, path: Path | None = None) -> str | None:
    """Why the page text ``current`` counts as edited, or None when it is as the importer left it."""
    try:
        matter, _ = split_front_matter(current, path)
    except FrontMatterError as error:
        return f"its front matter is not readable ({error.message})"
    edited_mark = " and is marked 'quality: edited'" if matter.get("quality") == "edited" else ""
    recorded = matter.get(IMPORT_RECORD_KEY)
    if recorded:
        if content_hash(as_imported(current)) == recorded and not edited_mark:
            return None
        return f"it no longer matches its import record{edited_mark}"
    if as_imported(current) == as_imported(new_text) and not edited_mark:
        return None  # written before import records: identical apart from the record
    if edited_mark:
        return "an editor marked it 'quality: edited'"
    return "it differs from the import and has no import record (written by hand or by an older importer)"


def write_page(text: str, path: Path, *, force: bool = False, skip_edited: bool = False) -> WriteResult:
    """Write ``text`` to ``path`` following the module's rules."""
    result = plan_write(text, path, force=force, skip_edited=skip_edited)
    return commit_write(text, result)


def commit_write(text: str, planned: WriteResult) -> WriteResult:
    """Carry out a :func:`plan_write` decision."""
    if planned.status in (WriteStatus.UNCHANGED, WriteStatus.SKIPPED):
        return planned
    backup = _backup(planned.path) if planned.status is WriteStatus.REPLACED else None
    write_bytes_atomic(planned.path, text.encode("utf-8"))
    return WriteResult(planned.path, planned.status, backup, planned.reason)


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
