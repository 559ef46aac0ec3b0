"""The glossary's data: entries, the glossary itself and found term spans."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from portal.errors import PortalError
from portal.glossary.match import TermMatcher

if TYPE_CHECKING:
    from portal.project import Project

TARGET_LANGS = ("en", "zh")
LANGS = ("vi", *TARGET_LANGS)

KINDS = ("agency", "title", "document-type", "concept", "place", "media", "event")
"""Allowed ``kind`` values, in the order the glossary page lists them."""


class GlossaryError(PortalError):
    """A problem in a glossary file, an exchange file or a checked page."""


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """One approved term: its Vietnamese forms and its renderings."""

    id: str
    """Stable identifier (lower-case ASCII, digits and hyphens)."""
    kind: str
    """One of :data:`KINDS`."""
    vi: str
    """The Vietnamese term as it should be written."""
    en: str
    """Approved English rendering."""
    zh: str
    """Approved Chinese rendering."""
    variants: tuple[str, ...] = ()
    """Other Vietnamese forms: abbreviations, old tone placement, short forms."""
    forbidden: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Per target language, renderings that must not appear (seen in MT output)."""
    note: str = ""
    """Usage advice for translators."""
    case_sensitive: bool = False
    """Match every form with its case as written (``Pháp`` France, not ``pháp`` law)."""
    path: Path | None = field(default=None, compare=False)
    """File the entry was read from."""
    line: int = field(default=0, compare=False)
    """1-based line of the entry in :attr:`path`."""

    def target(self, lang: str) -> str:
        """The approved rendering in ``lang`` (``vi`` gives the source term)."""
        if lang not in LANGS:
            raise GlossaryError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
        return getattr(self, lang)

    @property
    def sources(self) -> tuple[str, ...]:
        """Every Vietnamese form that is matched: the term, then its variants."""
        return (self.vi, *self.variants)

    def content(self) -> dict:
        """The entry as plain data, in file order, without empty fields."""
        data: dict = {"id": self.id, "kind": self.kind, "vi": self.vi, "en": self.en, "zh": self.zh}
        if self.variants:
            data["variants"] = list(self.variants)
        forbidden = {lang: list(self.forbidden[lang]) for lang in TARGET_LANGS if self.forbidden.get(lang)}
        if forbidden:
            data["forbidden"] = forbidden
        if self.note:
            data["note"] = self.note
        if self.case_sensitive:
            data["case_sensitive"] = True
        return data


@dataclass(frozen=True, slots=True)
class TermSpan:
    """A glossary term found in a text, with its approved rendering."""

    start: int
    """Character offset of the match in the searched text."""
    end: int
    """Character offset just past the match."""
    source: str
    """The matched text as written (``text[start:end]``)."""
    target: str
    """The approved rendering in the requested language."""
    entry_id: str
    """Id of the glossary entry."""


def content_hash(entries: tuple[GlossaryEntry, ...]) -> str:
    """A version string that changes whenever any entry's content changes."""
    data = json.dumps([e.content() for e in entries], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class Glossary:
    """All entries of a glossary, searchable with :meth:`find`.

    Build one with :func:`portal.glossary.load_glossary`, :meth:`from_project`
    or directly from entries (validation happens in the loader).
    """

    entries: tuple[GlossaryEntry, ...]
    path: Path | None = None
    version: str = field(init=False)
    """Content hash of the entries: caches of translations key on it."""
    _matcher: TermMatcher[GlossaryEntry] = field(init=False, repr=False, compare=False)
    _by_id: dict[str, GlossaryEntry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.entries = tuple(self.entries)
        self.version = content_hash(self.entries)
        self._matcher = TermMatcher((form, e, e.case_sensitive) for e in self.entries for form in e.sources)
        self._by_id = {e.id: e for e in self.entries}

    @classmethod
    def from_project(cls, project: "Project") -> "Glossary":
        """The project's glossary, ``glossary/terms.yaml``."""
        from portal.glossary.load import load_glossary

        return load_glossary(project.glossary_dir / "terms.yaml")

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):
        return iter(self.entries)

    def entry(self, entry_id: str) -> GlossaryEntry:
        """The entry with this id."""
        try:
            return self._by_id[entry_id]
        except KeyError:
            raise GlossaryError(f"no glossary entry with id {entry_id!r}", self.path) from None

    def find(self, text: str, target_lang: str) -> list[TermSpan]:
        """Glossary terms in Vietnamese ``text``: non-overlapping, sorted by start.

        Longest terms win; matches are on whole syllables, case- and
        tone-placement-insensitive except for all-caps abbreviations.
        """
        if target_lang not in LANGS:
            raise GlossaryError(f"unknown language {target_lang!r}; expected one of {', '.join(LANGS)}")
        return [
            TermSpan(m.start, m.end, text[m.start : m.end], m.payload.target(target_lang), m.payload.id)
            for m in self._matcher.find(text)
        ]
