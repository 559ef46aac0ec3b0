"""The glossary's data: entries, the glossary itself and found term spans.

An entry has its term in the source language and a rendering per target
language; the languages are whatever the portal has (``vi``, ``en``, ``zh``
today, ``ja`` tomorrow), so an entry stores them in mappings keyed by
language code, never in one attribute per language.  An entry without a
rendering for a language is neither enforced nor checked in it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from portal.errors import PortalError
from portal.glossary.match import TermMatcher

SOURCE_LANG = "vi"
"""The glossary's source language when no project says otherwise."""

KINDS = ("agency", "title", "document-type", "concept", "place", "media", "event")
"""Allowed ``kind`` values, in the order the glossary page lists them."""


class GlossaryError(PortalError):
    """A problem in a glossary file, an exchange file or a checked page."""


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """One approved term: its source-language forms and its renderings."""

    id: str
    """Stable identifier (lower-case ASCII, digits and hyphens)."""
    kind: str
    """One of :data:`KINDS`."""
    term: str
    """The term in the source language, as it should be written."""
    renderings: Mapping[str, str]
    """The approved rendering per target language."""
    variants: tuple[str, ...] = ()
    """Other source-language forms: abbreviations, old tone placement, short forms."""
    forbidden: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Per target language, renderings that must not appear (seen in MT output, calques)."""
    also: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Per target language, other renderings a translator may use in running text
    (``promote the image of`` for ``image promotion``); the check accepts them,
    machine translation always writes the approved one."""
    note: str = ""
    """Usage advice for translators."""
    case_sensitive: bool = False
    """Match every form with its case as written (``Pháp`` France, not ``pháp`` law)."""
    source_lang: str = SOURCE_LANG
    path: Path | None = field(default=None, compare=False)
    """File the entry was read from."""
    line: int = field(default=0, compare=False)
    """1-based line of the entry in :attr:`path`."""

    def target(self, lang: str) -> str:
        """The approved rendering in ``lang`` (the source language gives the term); "" if none."""
        return self.term if lang == self.source_lang else self.renderings.get(lang, "")

    def accepted(self, lang: str) -> tuple[str, ...]:
        """Every rendering the check accepts in ``lang``: the approved one first."""
        approved = self.target(lang)
        return ((approved,) if approved else ()) + tuple(self.also.get(lang, ()))

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source-language form that is matched: the term, then its variants."""
        return (self.term, *self.variants)

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages the entry names: the source, then its renderings'."""
        return (self.source_lang, *self.renderings)

    def content(self, order: tuple[str, ...] = ()) -> dict:
        """The entry as plain data, in file order, without empty fields.

        Renderings come in ``order`` (the portal's languages), then any others.
        """
        langs = [lang for lang in order if lang in self.renderings]
        langs += [lang for lang in self.renderings if lang not in langs]
        data: dict = {"id": self.id, "kind": self.kind, self.source_lang: self.term}
        data.update({lang: self.renderings[lang] for lang in langs})
        if self.variants:
            data["variants"] = list(self.variants)
        for name in ("forbidden", "also"):
            per_lang = getattr(self, name)
            listed = {lang: list(per_lang[lang]) for lang in [*langs, *per_lang] if per_lang.get(lang)}
            if listed:
                data[name] = listed
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
    source_lang: str = SOURCE_LANG
    version: str = field(init=False)
    """Content hash of the entries: caches of translations key on it."""
    _matchers: dict[str, TermMatcher[GlossaryEntry]] = field(init=False, repr=False, compare=False)
    _by_id: dict[str, GlossaryEntry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.entries = tuple(self.entries)
        self.version = content_hash(self.entries)
        self._matchers = {}
        self._by_id = {e.id: e for e in self.entries}

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):
        return iter(self.entries)

    @property
    def languages(self) -> tuple[str, ...]:
        """The source language, then every language some entry renders."""
        found = [self.source_lang]
        for entry in self.entries:
            found += [lang for lang in entry.renderings if lang not in found]
        return tuple(found)

    def entry(self, entry_id: str) -> GlossaryEntry:
        """The entry with this id."""
        try:
            return self._by_id[entry_id]
        except KeyError:
            raise GlossaryError(f"no glossary entry with id {entry_id!r}", self.path) from None

    def _matcher(self, lang: str) -> TermMatcher[GlossaryEntry]:
        if lang not in self._matchers:
            self._matchers[lang] = TermMatcher(
                (form, e, e.case_sensitive) for e in self.entries if e.target(lang) for form in e.sources
            )
        return self._matchers[lang]

    def find(self, text: str, target_lang: str) -> list[TermSpan]:
        """Glossary terms in source-language ``text`` that have a rendering in ``target_lang``.

        Non-overlapping, sorted by start; longest terms win; matches are on
        whole syllables, case- and tone-placement-insensitive except for
        all-caps abbreviations.
        """
        return [
            TermSpan(m.start, m.end, text[m.start : m.end], m.payload.target(target_lang), m.payload.id)
            for m in self._matcher(target_lang).find(text)
        ]
