"""Markdown for the generated parts of pages: listings, cards, indexes, notices.

Everything here is a pure function from records to markdown, so MkDocs
renders it with the same extensions, anchors and link checks as the text
editors write.  Official names go through the glossary: a whole name that is
an entry is shown in its approved rendering, anything else as written.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Iterable

from portal.importer.tables import Task
from portal.project import SOURCE_LANG
from portal.sitebuild.catalog import PageRecord, newest_first, tasks_by_agency
from portal.sitebuild.labels import format_date, label


class NameTranslator:
    """Official names in one language, by exact glossary match of the whole name."""

    def __init__(self, glossary, lang: str):
        self.glossary = glossary
        self.lang = lang

    def __call__(self, text: str) -> str:
        text = " ".join(text.split())
        if not text or self.glossary is None:
            return text
        spans = self.glossary.find(text, self.lang)
        if len(spans) == 1 and spans[0].start == 0 and spans[0].end == len(text):
            entry = self.glossary.entry(spans[0].entry_id)
            return entry.target(self.lang) if self.lang != SOURCE_LANG else entry.vi
        return text


def inline(text: str) -> str:
    """Front matter text made safe to put into generated markdown.

    Metadata comes from imported documents and translators: ``<``, ``>``
    and ``&`` are escaped (Python-Markdown passes raw HTML through) and
    brackets cannot close a link early.
    """
    text = html.escape(" ".join(str(text).split()), quote=False)
    return text.replace("[", "\\[").replace("]", "\\]")


def cell(text: str) -> str:
    """Text safe inside a markdown table cell."""
    return inline(text).replace("|", "\\|") or "—"


def url_path(path: str) -> str:
    """The directory URL of a page: 'plans/x.md' -> 'plans/x/', 'plans/index.md' -> 'plans/'."""
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def link_from(record_path: str, page_path: str) -> str:
    """A relative URL from one page to another in the same language.

    A URL, not a link to the ``.md`` file: on the English and Chinese sites
    the target may be a Vietnamese page shown as a fallback, which MkDocs'
    link check does not find under the language's folder.
    """
    return posixpath.relpath(url_path(record_path) or ".", url_path(page_path) or ".") + "/"


def shown_title(record: PageRecord, lang: str) -> str:
    suffix = "" if record.translated or lang == SOURCE_LANG else label(lang, "in_vietnamese")
    return inline(record.title) + suffix


def documents_table(records: Iterable[PageRecord], lang: str, page_path: str, names: NameTranslator) -> str:
    rows = [
        f"| {label(lang, 'document')} | {label(lang, 'number')} | {label(lang, 'date')} | {label(lang, 'issuer')} |",
        "| --- | --- | --- | --- |",
    ]
    for record in records:
        title = f"[{shown_title(record, lang).replace('|', chr(92) + '|')}]({link_from(record.path, page_path)})"
        rows.append(f"| {title} | {cell(record.number)} | {format_date(record.date, lang)} | {cell(names(record.issuer))} |")
    return "\n".join(rows)


def plans_listing(records: list[PageRecord], lang: str, page_path: str, names: NameTranslator) -> str:
    """Documents by year (newest first), then by place."""
    records = newest_first(records)
    parts = [f"## {label(lang, 'by_year')}"]
    years: dict[int | None, list[PageRecord]] = {}
    for record in records:
        years.setdefault(record.year, []).append(record)
    for year, group in years.items():
        parts += [f"### {year or label(lang, 'undated')}", documents_table(group, lang, page_path, names)]
    parts.append(f"## {label(lang, 'by_place')}")
    places: dict[str, list[PageRecord]] = {}
    for record in records:
        places.setdefault(names(record.place) or "—", []).append(record)
    for place in sorted(places, key=str.casefold):
        items = [
            f"- [{shown_title(record, lang)}]({link_from(record.path, page_path)})"
            f" — {inline(', '.join(filter(None, [record.number, format_date(record.date, lang)])))}"
            for record in places[place]
        ]
        parts += [f"### {inline(place)}", "\n".join(items)]
    return "\n\n".join(parts) + "\n"


def agency_index(records: list[PageRecord], lang: str, page_path: str, names: NameTranslator) -> str:
    """Every plan task under its lead agency, with timeline, partners and source plan."""
    # Group by the name shown: two spellings of one agency are one glossary entry.
    agencies: dict[str, list[tuple[Task, PageRecord]]] = {}
    for agency, tasks in tasks_by_agency(records).items():
        agencies.setdefault(names(agency), []).extend(tasks)
    parts = []
    for agency in sorted(agencies, key=str.casefold):
        tasks = agencies[agency]
        parts.append(f"## {inline(agency)}")
        parts.append(f"{label(lang, 'tasks_count', count=len(tasks))}")
        rows = [
            f"| {label(lang, 'task')} | {label(lang, 'timeline')} | {label(lang, 'coordinating')} | {label(lang, 'document')} |",
            "| --- | --- | --- | --- |",
        ]
        for task, record in tasks:
            rows.append(task_row(task, record, lang, page_path, names))
        parts.append("\n".join(rows))
    return "\n\n".join(parts) + "\n"


def task_row(task: Task, record: PageRecord, lang: str, page_path: str, names: NameTranslator) -> str:
    document = f"[{cell(record.number or record.title)}]({link_from(record.path, page_path)})"
    text = f"{task.number}. {task.task}" if task.number else task.task
    return f"| {cell(text)} | {cell(task.timeline)} | {cell(names(task.coordinating))} | {document} |"


def task_table(tasks: Iterable[Task], lang: str, names: NameTranslator) -> str:
    """A plan's task appendix in the reader's language: one row per task, a bold row per group."""
    rows = [
        f"| {label(lang, 'number_short')} | {label(lang, 'task')} | {label(lang, 'timeline')} "
        f"| {label(lang, 'lead')} | {label(lang, 'coordinating')} |",
        "| --- | --- | --- | --- | --- |",
    ]
    group = None
    for task in tasks:
        if task.group and task.group != group:
            group = task.group
            numeral = task.number.split(".")[0] if "." in task.number else ""
            rows.append(f"| **{cell(numeral)}** | **{cell(names(group))}** | | | |")
        number = task.number.rsplit(".", 1)[-1]
        rows.append(
            f"| {cell(number)} | {cell(task.task)} | {cell(task.timeline)} | {cell(names(task.lead))} "
            f"| {cell(names(task.coordinating))} |"
        )
    return "\n".join(rows) + "\n"


def document_card(record: PageRecord, lang: str, names: NameTranslator, original_url: str | None) -> str:
    """A metadata card for an official document, as an admonition with a definition list."""
    signer = ", ".join(filter(None, [record.signer_name, names(record.signer_title)]))
    fields = [
        ("kind", names(record.kind)),
        ("number", record.number),
        ("date", format_date(record.date, lang) if record.date else ""),
        ("issuer", names(record.issuer)),
        ("signer", signer),
        ("place", names(record.place)),
    ]
    lines = [f'!!! info "{label(lang, "card")}"', ""]
    for key, value in fields:
        if value:
            lines += [f"    {label(lang, key)}", f"    :   {inline(value)}", ""]
    if original_url:
        lines += [f"    [{label(lang, 'original')}]({original_url})", ""]
    return "\n".join(lines) + "\n"


def notice(lang: str, key: str, original_url: str = "") -> str:
    """An admonition telling the reader what kind of text this is."""
    text = label(lang, key, original=original_url) if "{original}" in label(lang, key) else label(lang, key)
    return f'!!! warning "{label(lang, "notice_title")}"\n\n    {text}\n\n'


def news_listing(records: list[PageRecord], lang: str, page_path: str) -> str:
    items = []
    for record in newest_first(records):
        items.append(
            f"- **{format_date(record.date, lang)}** · "
            f"[{shown_title(record, lang)}]({link_from(record.path, page_path)})"
            + (f"  \n  {inline(record.description)}" if record.description else "")
        )
    return "\n".join(items) + "\n" if items else label(lang, "no_news") + "\n"
