"""Markdown for the generated parts of pages: listings, cards, indexes, notices.

Everything here is a pure function from records to markdown, so MkDocs
renders it with the same extensions, anchors and link checks as the text
editors write.  Every value comes as a :class:`~portal.sitebuild.catalog.Shown`
(text and language): a value still in the source language is wrapped in
``<span lang="vi">`` so browsers, screen readers and search engines know.
Official names go through the glossary when no translator has rendered them:
a whole name that is an entry is shown in its approved rendering.
"""

from __future__ import annotations

import html
import posixpath

from portal.languages import Language
from portal.sitebuild.catalog import PageRecord, Shown, TaskRecord, newest_first, tasks_by_agency


class NameTranslator:
    """Official names in one language: a translator's rendering, else an exact glossary match."""

    def __init__(self, glossary, language: Language, source_lang: str):
        self.glossary = glossary
        self.language = language
        self.source_lang = source_lang

    def entry_id(self, text: str) -> str | None:
        """The glossary entry a whole name is, if it is one."""
        text = " ".join(text.split())
        if self.glossary is None or not text:
            return None
        spans = self.glossary.find(text, self.language.code)
        if len(spans) == 1 and spans[0].start == 0 and spans[0].end == len(text):
            return spans[0].entry_id
        return None

    def __call__(self, shown: Shown) -> Shown:
        text = " ".join(shown.text.split())
        entry_id = self.entry_id(text) if shown.lang == self.source_lang else None
        if entry_id is None:
            return Shown(text, shown.lang)
        return Shown(self.glossary.entry(entry_id).target(self.language.code), self.language.code)


def inline(text: str) -> str:
    """Front matter text made safe to put into generated markdown.

    Metadata comes from imported documents and translators: ``<``, ``>``
    and ``&`` are escaped (Python-Markdown passes raw HTML through) and
    brackets cannot close a link early.
    """
    text = html.escape(" ".join(str(text).split()), quote=False)
    return text.replace("[", "\\[").replace("]", "\\]")


def shown_md(shown: Shown, lang: str) -> str:
    """A value as inline markdown, marked with its language when it is not the page's."""
    text = inline(shown.text)
    if not text or shown.lang == lang:
        return text
    return f'<span lang="{html.escape(shown.lang)}">{text}</span>'


def cell(shown: Shown | str, lang: str) -> str:
    """A value safe inside a markdown table cell."""
    value = shown if isinstance(shown, Shown) else Shown(str(shown), lang)
    return shown_md(value, lang).replace("|", "\\|") or "—"


def url_path(path: str) -> str:
    """The directory URL of a page: 'plans/x.md' -> 'plans/x/', 'plans/index.md' -> 'plans/'."""
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def link_from(record_path: str, page_path: str) -> str:
    """A relative URL from one page to another in the same language.

    A URL, not a link to the ``.md`` file: on the English and Chinese sites
    the target may be a source page shown as a fallback, which MkDocs'
    link check does not find under the language's folder.
    """
    return posixpath.relpath(url_path(record_path) or ".", url_path(page_path) or ".") + "/"


def shown_title(record: PageRecord, language: Language) -> str:
    suffix = "" if record.translated else language.label("in_source_language")
    return shown_md(record.title, language.code) + (" " if suffix.startswith(" ") else "") + inline(suffix)


def documents_table(records, language: Language, page_path: str, names: NameTranslator) -> str:
    label = language.label
    rows = [f"| {label('document')} | {label('number')} | {label('date')} | {label('issuer')} |",
            "| --- | --- | --- | --- |"]
    for record in records:
        title = f"[{shown_title(record, language).replace('|', chr(92) + '|')}]({link_from(record.path, page_path)})"
        rows.append(f"| {title} | {cell(record.number, language.code)} | {language.format_date(record.date)} "
                    f"| {cell(names(record.shown('issuer')), language.code)} |")
    return "\n".join(rows)


def plans_listing(records: list[PageRecord], language: Language, page_path: str, names: NameTranslator) -> str:
    """Documents by year (newest first), then by place."""
    records = newest_first(records)
    parts = [f"## {language.label('by_year')}"]
    years: dict[int | None, list[PageRecord]] = {}
    for record in records:
        years.setdefault(record.year, []).append(record)
    for year, group in years.items():
        parts += [f"### {year or language.label('undated')}", documents_table(group, language, page_path, names)]
    parts.append(f"## {language.label('by_place')}")
    places: dict[str, tuple[Shown, list[PageRecord]]] = {}
    for record in records:
        place = names(record.shown("place"))
        places.setdefault(place.text or "—", (place, []))[1].append(record)
    for key in sorted(places, key=str.casefold):
        place, group = places[key]
        items = [
            f"- [{shown_title(record, language)}]({link_from(record.path, page_path)})"
            f" — {inline(', '.join(filter(None, [record.number, language.format_date(record.date)])))}"
            for record in group
        ]
        parts += [f"### {shown_md(place, language.code) or '—'}", "\n".join(items)]
    return "\n\n".join(parts) + "\n"


def agency_index(records: list[PageRecord], language: Language, page_path: str, names: NameTranslator) -> str:
    """Every plan task under its locality and lead agency, with timeline, partners and source plan."""
    lang = language.code
    groups = []
    for (place, _), tasks in tasks_by_agency(records, names.entry_id).items():
        task, record = tasks[0]
        shown_place = names(record.shown("place")) if place else Shown("", lang)
        shown_lead = names(task["lead"])
        groups.append((shown_place, shown_lead, tasks))
    groups.sort(key=lambda g: (g[0].text.casefold(), g[1].text.casefold()))
    parts = []
    for place, lead, tasks in groups:
        heading = " · ".join(filter(None, [shown_md(place, lang), shown_md(lead, lang)]))
        parts.append(f"## {heading}")
        parts.append(language.label("tasks_count", count=len(tasks)))
        label = language.label
        rows = [f"| {label('task')} | {label('timeline')} | {label('coordinating')} | {label('document')} |",
                "| --- | --- | --- | --- |"]
        rows += [task_row(task, record, language, page_path, names) for task, record in tasks]
        parts.append("\n".join(rows))
    return "\n\n".join(parts) + "\n"


def task_row(task: TaskRecord, record: PageRecord, language: Language, page_path: str, names: NameTranslator) -> str:
    lang = language.code
    document = f"[{cell(record.number or record.title.text, lang)}]({link_from(record.path, page_path)})"
    text = cell(task["task"], lang)
    if task.number:
        text = f"{inline(task.number)}. {text}"
    return f"| {text} | {cell(task['timeline'], lang)} | {cell(names(task['coordinating']), lang)} | {document} |"


def task_table(tasks: list[TaskRecord], language: Language, names: NameTranslator) -> str:
    """A plan's task appendix in the reader's language: one row per task, a bold row per group."""
    lang, label = language.code, language.label
    rows = [f"| {label('number_short')} | {label('task')} | {label('timeline')} | {label('lead')} "
            f"| {label('coordinating')} |", "| --- | --- | --- | --- | --- |"]
    group = None
    for task in tasks:
        if task.source["group"] and task.source["group"] != group:
            group = task.source["group"]
            numeral = task.number.split(".")[0] if "." in task.number else ""
            rows.append(f"| **{cell(numeral, lang)}** | **{cell(names(task['group']), lang)}** | | | |")
        number = task.number.rsplit(".", 1)[-1]
        rows.append(f"| {cell(number, lang)} | {cell(task['task'], lang)} | {cell(task['timeline'], lang)} "
                    f"| {cell(names(task['lead']), lang)} | {cell(names(task['coordinating']), lang)} |")
    return "\n".join(rows) + "\n"


def document_card(record: PageRecord, language: Language, names: NameTranslator, original_url: str | None) -> str:
    """A metadata card for an official document, as an admonition with a definition list."""
    lang = language.code
    signer_title = names(record.shown("signer.title"))
    signer = ", ".join(filter(None, [inline(record.signer_name), shown_md(signer_title, lang)]))
    fields = [
        ("kind", shown_md(names(record.shown("kind")), lang)),
        ("number", inline(record.number)),
        ("date", language.format_date(record.date) if record.date else ""),
        ("issuer", shown_md(names(record.shown("issuer")), lang)),
        ("signer", signer),
        ("place", shown_md(names(record.shown("place")), lang)),
    ]
    lines = [f'!!! info "{language.label("card")}"', ""]
    for key, value in fields:
        if value:
            lines += [f"    {language.label(key)}", f"    :   {value}", ""]
    if original_url:
        lines += [f"    [{language.label('original')}]({original_url})", ""]
    return "\n".join(lines) + "\n"


def notice(language: Language, key: str, original_url: str = "") -> str:
    """An admonition telling the reader what kind of text this is."""
    text = language.label(key, original=original_url) if "{original}" in str(language.labels.get(key)) \
        else language.label(key)
    return f'!!! warning "{language.label("notice_title")}"\n\n    {text}\n\n'


def published_line(date, language: Language) -> str:
    """A news post's date under its title, readable by people and machines."""
    return (f'<p class="portal-published">{html.escape(language.label("published") + language.label("label_separator"))}'
            f'<time datetime="{date.isoformat()}">{html.escape(language.format_date(date))}</time></p>\n\n')


def news_listing(records: list[PageRecord], language: Language, page_path: str) -> str:
    items = []
    for record in newest_first(records):
        description = shown_md(record.description, language.code)
        items.append(
            f"- **{language.format_date(record.date)}** · "
            f"[{shown_title(record, language)}]({link_from(record.path, page_path)})"
            + (f"  \n  {description}" if description else "")
        )
    return "\n".join(items) + "\n" if items else language.label("no_news") + "\n"
