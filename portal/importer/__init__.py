"""Import government documents (plain-text exports) as Vietnamese Markdown pages.

Stages, one module each, passing slotted dataclasses:

``source``  (load_source: the only read) → ``header`` (kind, number, date,
place, title) → ``closing`` (recipients, signature) → ``body`` (headings,
lists, paragraphs) with ``tables`` (page-break merging, cell HTML cleaning,
task records) → ``quality`` (OCR score) → ``document`` (all of it, pure) →
``page`` (front matter, Markdown, safe atomic write_page).  ``restore``
(diacritic restoration, measured but not applied to pages) is experimental.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from portal.importer.document import Document, parse_document
from portal.importer.errors import ImporterError
from portal.importer.page import (
    WriteResult,
    WriteStatus,
    page_path,
    render_page,
    write_page,
)
from portal.importer.quality import OCR_THRESHOLD
from portal.importer.source import load_source
from portal.project import Project

PLANS_SECTION = "plans"
"""The site section "Kế hoạch và văn bản" (Plans and documents)."""

__all__ = [
    "Document",
    "ImportResult",
    "ImporterError",
    "WriteStatus",
    "import_file",
    "import_files",
    "plans_dir",
    "load_document",
    "parse_document",
    "render_page",
]


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What importing one file did."""

    source: Path
    document: Document
    write: WriteResult

    @property
    def warnings(self) -> list[str]:
        quality = self.document.quality
        if quality.label == "ocr":
            return [
                f"{self.source}: the text looks OCR-damaged (quality score {quality.score} < {OCR_THRESHOLD}); "
                f"{self.write.path.name} is marked 'quality: ocr' and translation skips it unless forced"
            ]
        return []

    @property
    def summary(self) -> str:
        """One line for the terminal."""
        status = self.write.status
        quality = self.document.quality
        line = f"{status.value}: {self.write.path} (from {self.source.name}; quality {quality.label}, score {quality.score})"
        if status is WriteStatus.SKIPPED:
            line += "; the page was edited since the last import and is left alone (--skip-edited)"
        if self.write.backup is not None:
            line += f"; the edited page was backed up to {self.write.backup}"
        return line

    def as_dict(self) -> dict:
        return {
            "source": str(self.source),
            "page": str(self.write.path),
            "status": self.write.status.value,
            "backup": str(self.write.backup) if self.write.backup else None,
            "quality": self.document.quality.label,
            "quality_score": self.document.quality.score,
            "kind": self.document.kind,
            "number": self.document.number,
            "date": self.document.date.isoformat() if self.document.date else None,
            "tasks": len(self.document.tasks),
        }


def plans_dir(project: Project) -> Path:
    """Default output folder: ``docs/<source language>/plans``."""
    return project.source_dir / PLANS_SECTION


def load_document(path: Path) -> Document:
    """Read and parse one input file."""
    return parse_document(load_source(path))


def import_file(path: Path, out_dir: Path, *, force: bool = False, skip_edited: bool = False) -> ImportResult:
    """Import ``path`` as a page under ``out_dir``."""
    document = load_document(path)
    target = page_path(document, out_dir)
    result = write_page(render_page(document), target, force=force, skip_edited=skip_edited)
    return ImportResult(source=path, document=document, write=result)


def import_files(
    paths: list[Path], out_dir: Path, *, force: bool = False, skip_edited: bool = False
) -> list[ImportResult]:
    """Import several files in order; the first error stops the run."""
    if force and skip_edited:
        raise ImporterError("--force and --skip-edited exclude each other")
    return [import_file(path, out_dir, force=force, skip_edited=skip_edited) for path in paths]
