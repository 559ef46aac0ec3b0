"""What the portal publishes, read from the pages' front matter.

The source page is the source of truth for a document's metadata (number,
date, recipients, the list of tasks); a translated page contributes the
translations of the fields readers see (:data:`portal.pages.FIELDS`: title,
description, kind, issuer, place, signer title, every task's text, timeline
and agencies).  Each value a reader sees is a :class:`Shown`: the text and
the language it is in, so a value without a translation falls back to the
source visibly (``lang="vi"`` in the page) rather than silently.  The
listings, the document cards, the agency index and the news feeds are all
rendered from these records, so they agree with each other in every
language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from portal.pages import LIST_FIELDS, field_value, read_page

PLANS = "plans"
NEWS = "news"
TASK_KEYS = LIST_FIELDS["tasks"]


@dataclass(frozen=True, slots=True)
class Shown:
    """A value as a reader sees it, and the language it is written in."""

    text: str
    lang: str

    def __bool__(self) -> bool:
        return bool(self.text.strip())


@dataclass(frozen=True, slots=True)
class TaskRecord:
    """One task of a plan's appendix, in the reader's language where translated."""

    number: str
    """``II.3`` as the importer wrote it (a code: never translated)."""
    fields: dict[str, Shown]
    """task, timeline, lead, coordinating, group."""
    source: dict[str, str]
    """The same fields in the source language (grouping, glossary look-ups)."""

    def __getitem__(self, key: str) -> Shown:
        return self.fields[key]


@dataclass(frozen=True, slots=True)
class PageRecord:
    """One published page as the listings see it, in one language."""

    path: str
    """Relative to the language folder, e.g. ``plans/x.md``."""
    lang: str
    """The reader's language."""
    source_lang: str
    translated: bool
    """False: the language shows the source page."""
    meta: dict = field(repr=False)
    """The source page's front matter (or the page's own, for a page only in this language)."""
    own: dict = field(repr=False)
    """The translated page's front matter (empty when the page is not translated)."""
    date: dt.date | None = None

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None

    def source_value(self, key: str) -> str:
        return (field_value(self.meta, key) or "").strip()

    def shown(self, key: str) -> Shown:
        """Field ``key`` in the reader's language, or the source's value marked as such."""
        own = (field_value(self.own, key) or "").strip() if self.own else ""
        if own:
            return Shown(own, self.lang)
        value = self.source_value(key)
        return Shown(value, self.source_lang if self.meta is not self.own else self.lang)

    @property
    def title(self) -> Shown:
        return self.shown("title") or Shown(self.path, self.lang)

    @property
    def description(self) -> Shown:
        return self.shown("description")

    @property
    def number(self) -> str:
        return str(self.meta.get("number") or "")

    @property
    def quality(self) -> str:
        return str(self.meta.get("quality") or "ok")

    @property
    def signer_name(self) -> str:
        signer = self.meta.get("signer")
        return str(signer.get("name") or "") if isinstance(signer, dict) else ""

    @property
    def is_document(self) -> bool:
        """An official document: it carries a kind and an issuer."""
        return bool(self.meta.get("kind")) and bool(self.meta.get("issuer"))

    @property
    def tasks(self) -> list[TaskRecord]:
        items = self.meta.get("tasks")
        if not isinstance(items, list):
            return []
        return [
            TaskRecord(
                str((item or {}).get("number") or "") if isinstance(item, dict) else "",
                {key: self.shown(f"tasks.{n}.{key}") for key in TASK_KEYS},
                {key: self.source_value(f"tasks.{n}.{key}") for key in TASK_KEYS},
            )
            for n, item in enumerate(items, 1)
        ]


def as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def load_section(docs_dir: Path, section: str, lang: str, source_lang: str) -> list[PageRecord]:
    """Every page of a section except its index, as shown in ``lang``.

    A page that exists only in the target language (news written directly in
    English, say) is listed too; its own front matter is its metadata.
    """
    source_dir = docs_dir / source_lang / section
    own_dir = docs_dir / lang / section
    names = {p.name for p in source_dir.glob("*.md")} | {p.name for p in own_dir.glob("*.md")}
    records = []
    for name in sorted(names - {"index.md"}):
        source_path, own_path = source_dir / name, own_dir / name
        own = read_page(own_path).meta if lang != source_lang and own_path.is_file() else {}
        meta = read_page(source_path).meta if source_path.is_file() else own
        records.append(PageRecord(f"{section}/{name}", lang, source_lang, bool(own) or lang == source_lang,
                                  meta, own, as_date(meta.get("date"))))
    return records


def newest_first(records: list[PageRecord]) -> list[PageRecord]:
    return sorted(records, key=lambda r: (r.date or dt.date.min, r.path), reverse=True)


def documents(records: list[PageRecord]) -> list[PageRecord]:
    """The records that are official documents."""
    return [record for record in records if record.is_document]


def tasks_by_agency(records: list[PageRecord], identify=None) -> dict[tuple[str, str], list[tuple[TaskRecord, PageRecord]]]:
    """Every task of every plan, with its plan, under (its plan's place, its lead agency).

    Agencies belong to a locality: Hà Nội's Department of Information and
    Communications is not Hải Phòng's, and "Công an Thành phố" is a
    different police force in each city.  ``identify`` maps a lead agency as
    written to what makes it one agency (its glossary entry, so "Sở TTTT"
    and "Sở Thông tin và Truyền thông" are one); by default the name
    without case and extra spaces.
    """
    agencies: dict[tuple[str, str], list[tuple[TaskRecord, PageRecord]]] = {}
    for record in records:
        place = record.source_value("place")
        for task in record.tasks:
            lead = " ".join(task.source["lead"].split())
            key = (identify(lead) if identify else None) or lead.casefold() or "—"
            agencies.setdefault((place, key), []).append((task, record))
    return agencies
