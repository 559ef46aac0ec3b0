"""Where things live in a portal project.

A project is the folder holding ``mkdocs.yml``; every path the pipeline reads
or writes is derived from it here, so no stage hard-codes a layout.  Its
languages are read from ``mkdocs.yml`` (:mod:`portal.languages`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from portal.errors import PortalError
from portal.languages import Languages, load_languages


@dataclass(frozen=True, slots=True)
class Project:
    """The folders of one portal project."""

    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> "Project":
        """The project containing ``start`` (default: the working directory)."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / "mkdocs.yml").is_file():
                return cls(folder)
        raise PortalError("no mkdocs.yml here or in any parent folder: not a portal project", here)

    @property
    def languages(self) -> Languages:
        """The portal's languages, as mkdocs.yml lists them (re-read when it changes)."""
        return load_languages(self.root)

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    def lang_dir(self, lang: str) -> Path:
        """The folder of one language's pages, e.g. ``docs/en``."""
        self.languages[lang]  # an unknown language is an error naming the ones there are
        return self.docs_dir / lang

    @property
    def source_dir(self) -> Path:
        """The folder of the source language's pages, ``docs/vi``."""
        return self.docs_dir / self.languages.source.code

    @property
    def glossary_dir(self) -> Path:
        return self.root / "glossary"

    @property
    def sources_dir(self) -> Path:
        """The documents the portal imported, kept as received."""
        return self.root / "sources"

    @property
    def models_dir(self) -> Path:
        """Installed translation packages: project-local, never the user's home."""
        return self.root / ".models"

    @property
    def cache_dir(self) -> Path:
        """Local caches that can always be rebuilt (never committed)."""
        return self.root / ".cache" / "portal"
