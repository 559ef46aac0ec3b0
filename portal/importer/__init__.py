"""Import government documents (plain text, Word .docx, PDF) as Vietnamese Markdown pages.

Stages, one module each, passing slotted dataclasses:

``formats`` (read_source: the only read; one module per format, each
feeding the document ``model``) → ``header`` (kind, number, date, place,
title) → ``closing`` (recipients, signature) → ``body`` (headings, lists,
paragraphs) with ``tables`` (page-break merging, cell cleaning, task
records) and ``annexes`` (appendices; internal ones marked) → ``quality``
(OCR score) → ``document`` (all of it, pure) → ``page`` (front matter,
Markdown, the import record, safe writing).  ``restore`` (diacritic
restoration, measured but not applied to pages) is experimental.

The project keeps its own copy of what it imports: a file from outside the
project's ``sources/`` is copied there (under a free name when a different
file already has its name) and the page's ``source`` names the copy.  Each
file is imported on its own: one that cannot be read is reported with its
name and the others are still imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from portal.fileio import write_bytes_atomic
from portal.importer.document import Document, parse_document
from portal.importer.errors import ImporterError
from portal.importer.formats import expand_inputs, read_source
from portal.importer.page import (
    WriteResult,
    WriteStatus,
    commit_write,
    page_path,
    plan_write,
    published_annexes,
    render_page,
    write_page,
)
from portal.importer.quality import OCR_THRESHOLD
from portal.project import Project

PLANS_SECTION = "plans"
"""The site section "Kế hoạch và văn bản" (Plans and documents)."""

__all__ = [
    "Document",
    "ImportFailure",
    "ImportResult",
    "ImporterError",
    "WriteStatus",
    "import_file",
    "import_files",
    "load_document",
    "out_dir_in",
    "parse_document",
    "plans_dir",
    "render_page",
    "write_page",
]


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What importing one file did."""

    source: Path
    document: Document
    write: WriteResult
    source_name: str
    """The file's name in ``sources/`` (what the page's ``source`` says)."""
    copied_to: Path | None = None
    """Where the original was copied, when it came from outside ``sources/``."""

    @property
    def warnings(self) -> list[str]:
        out = [f"{self.source}: {note.message}" for note in self.document.source.notes]
        quality = self.document.quality
        if quality.label == "ocr" and self.write.status is not WriteStatus.SKIPPED:
            out.append(
                f"{self.source}: the text looks OCR-damaged or lost its diacritics (quality score {quality.score} "
                f"< {OCR_THRESHOLD}); {self.write.path.name} is marked 'quality: ocr' and translation skips it "
                "unless forced"
            )
        return out

    @property
    def summary(self) -> str:
        """One line for the terminal."""
        status = self.write.status
        quality = self.document.quality
        line = f"{status.value}: {self.write.path} (from {self.source.name}; quality {quality.label}, score {quality.score})"
        if status is WriteStatus.SKIPPED:
            line += f"; left alone (--skip-edited): {self.write.reason}"
        if self.write.backup is not None:
            line += f"; the edited page was backed up to {self.write.backup}"
        if self.copied_to is not None:
            line += f"; original kept as {self.copied_to}"
        return line

    def as_dict(self) -> dict:
        document = self.document
        fields = {
            "kind": document.kind,
            "number": document.number,
            "date": document.date.isoformat() if document.date else None,
            "place": document.place,
            "issuer": document.issuer,
            "signer": document.signature.name,
            "recipients": len(document.recipients) or None,
        }
        return {
            "source": str(self.source),
            "format": document.source.format,
            "page": str(self.write.path),
            "status": self.write.status.value,
            "reason": self.write.reason,
            "backup": str(self.write.backup) if self.write.backup else None,
            "source_copy": self.source_name,
            "title": document.title,
            **fields,
            "fields_found": [name for name, value in fields.items() if value],
            "fields_missing": [name for name, value in fields.items() if not value],
            "tables": [{"rows": t.shape[0], "columns": t.shape[1], "parts": t.parts} for t in document.tables],
            "tables_merged": document.tables_merged,
            "tasks": len(document.tasks),
            "internal_annexes": list(document.internal_annexes),
            "quality": document.quality.label,
            "quality_score": document.quality.score,
            "pages": document.source.pages,
            "notes": [{"kind": note.kind, "message": note.message} for note in document.source.notes],
        }


@dataclass(frozen=True, slots=True)
class ImportFailure:
    """A file that could not be imported, and why."""

    source: Path
    error: ImporterError

    def as_dict(self) -> dict:
        return {"source": str(self.source), "status": "error", "error": str(self.error)}


def plans_dir(project: Project) -> Path:
    """Default output folder: ``docs/<source language>/plans``."""
    return project.source_dir / PLANS_SECTION


def out_dir_in(project: Project, out_dir: Path | None) -> Path:
    """The output folder, which must lie under the project's ``docs/vi``."""
    if out_dir is None:
        return plans_dir(project)
    pages = project.source_dir.resolve()
    resolved = out_dir.resolve()
    if resolved != pages and pages not in resolved.parents:
        raise ImporterError(f"--out must be a folder under {pages} (imported pages are Vietnamese source pages)", out_dir)
    return resolved


def load_document(path: Path) -> Document:
    """Read and parse one input file."""
    return parse_document(read_source(path))


def import_file(
    path: Path, out_dir: Path, *, force: bool = False, skip_edited: bool = False, sources_dir: Path | None = None
) -> ImportResult:
    """Import ``path`` as a page under ``out_dir``; keep a copy in ``sources_dir`` when given."""
    document = load_document(path)
    source_name, copy_to = _source_copy(path, sources_dir)
    target = page_path(document, out_dir, source_name)
    text = render_page(document, source_name, _editor_choices(target))
    planned = plan_write(text, target, force=force, skip_edited=skip_edited)
    if copy_to is not None and planned.status is not WriteStatus.SKIPPED and not copy_to.exists():
        write_bytes_atomic(copy_to, path.read_bytes())
    else:
        copy_to = None
    return ImportResult(path, document, commit_write(text, planned), source_name, copy_to)


def import_files(
    paths: list[Path],
    out_dir: Path,
    *,
    force: bool = False,
    skip_edited: bool = False,
    sources_dir: Path | None = None,
) -> list[ImportResult | ImportFailure]:
    """Import files (and the documents of folders) in order; a file that fails does not stop the others."""
    if force and skip_edited:
        raise ImporterError("--force and --skip-edited exclude each other")
    results: list[ImportResult | ImportFailure] = []
    for path in expand_inputs(paths):
        try:
            results.append(import_file(path, out_dir, force=force, skip_edited=skip_edited, sources_dir=sources_dir))
        except ImporterError as error:
            results.append(ImportFailure(path, error))
    return results


def _editor_choices(page: Path) -> frozenset[str]:
    """The internal annexes an editor published on the existing page (kept when it is re-imported)."""
    try:
        return published_annexes(page.read_text(encoding="utf-8")) if page.is_file() else frozenset()
    except (OSError, UnicodeDecodeError):
        return frozenset()


def _source_copy(path: Path, sources_dir: Path | None) -> tuple[str, Path | None]:
    """The name ``path`` has in ``sources_dir``, and where to copy it (None: already there)."""
    if sources_dir is None:
        return path.name, None
    resolved, folder = path.resolve(), sources_dir.resolve()
    if folder in resolved.parents:
        return resolved.relative_to(folder).as_posix(), None
    data = path.read_bytes()
    candidate, number = folder / path.name, 1
    while candidate.exists():
        if candidate.is_file() and candidate.read_bytes() == data:
            return candidate.name, candidate  # this very document was imported before
        number += 1
        candidate = folder / f"{path.stem}-{number}{path.suffix}"
    return candidate.name, candidate
