"""What the portal publishes, read from the pages' front matter.

The Vietnamese page is the source of truth for a document's metadata (number,
date, issuer, tasks); a translated page contributes only its own title.  The
listings, the document cards, the agency index and the news feeds are all
rendered from these records, so they agree with each other in every language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from portal.frontmatter import split_front_matter
from portal.importer.tables import Task
from portal.project import SOURCE_LANG

PLANS = "plans"
NEWS = "news"


@dataclass(frozen=True, slots=True)
class PageRecord:
    """One published page as the listings see it, in one language."""

    path: str  # relative to the language folder, e.g. "plans/x.md"
    title: str
    description: str
    translated: bool  # False: the language shows the Vietnamese page
    date: dt.date | None = None
    kind: str = ""
    number: str = ""
    place: str = ""
    issuer: str = ""
    signer_name: str = ""
    signer_title: str = ""
    quality: str = "ok"
    tasks: tuple[Task, ...] = ()  # the plan's task appendix, as the importer wrote it

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None


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


def load_meta(path: Path) -> dict:
    """The front matter of one page (empty when it has none)."""
    meta, _ = split_front_matter(path.read_text(encoding="utf-8"), path)
    return meta


def record_from(path: str, source: dict, own: dict | None) -> PageRecord:
    """Combine the Vietnamese metadata with the target page's own title."""
    shown = own if own is not None else source
    signer = source.get("signer") or {}
    tasks = tuple(
        Task(**{key: str(task.get(key) or "") for key in Task.__dataclass_fields__})
        for task in source.get("tasks") or ()
    )
    return PageRecord(
        path=path,
        title=str(shown.get("title") or source.get("title") or path),
        description=str(shown.get("description") or ""),
        translated=own is not None,
        date=as_date(source.get("date")),
        kind=str(source.get("kind") or ""),
        number=str(source.get("number") or ""),
        place=str(source.get("place") or ""),
        issuer=str(source.get("issuer") or ""),
        signer_name=str(signer.get("name") or "") if isinstance(signer, dict) else "",
        signer_title=str(signer.get("title") or "") if isinstance(signer, dict) else "",
        quality=str(source.get("quality") or "ok"),
        tasks=tasks,
    )


def load_section(docs_dir: Path, section: str, lang: str) -> list[PageRecord]:
    """Every page of a section except its index, as shown in ``lang``.

    A page that exists only in the target language (news written directly in
    English, say) is listed too; its own front matter is its metadata.
    """
    source_dir = docs_dir / SOURCE_LANG / section
    own_dir = docs_dir / lang / section
    names = {p.name for p in source_dir.glob("*.md")} | {p.name for p in own_dir.glob("*.md")}
    records = []
    for name in sorted(names - {"index.md"}):
        source_path, own_path = source_dir / name, own_dir / name
        own = load_meta(own_path) if lang != SOURCE_LANG and own_path.is_file() else None
        source = load_meta(source_path) if source_path.is_file() else own
        records.append(record_from(f"{section}/{name}", source, own))
    return records


def newest_first(records: list[PageRecord]) -> list[PageRecord]:
    return sorted(records, key=lambda r: (r.date or dt.date.min, r.path), reverse=True)


def documents(records: list[PageRecord]) -> list[PageRecord]:
    """The records that are official documents (they carry a kind and an issuer)."""
    return [record for record in records if record.kind and record.issuer]


def tasks_by_agency(records: list[PageRecord]) -> dict[str, list[tuple[Task, PageRecord]]]:
    """Every task of every plan, with its plan, under its lead agency as written."""
    agencies: dict[str, list[tuple[Task, PageRecord]]] = {}
    for record in records:
        for task in record.tasks:
            agencies.setdefault(" ".join(task.lead.split()) or "—", []).append((task, record))
    return agencies
