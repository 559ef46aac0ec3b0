"""What the build adds to a page's markdown before MkDocs renders it.

- Notices: a page shown in Vietnamese on the English or Chinese site, a
  machine translation not yet reviewed (or reviewed before the source
  changed), a document recognised from a bad scan.
- A metadata card on every official document, linking translations to the
  Vietnamese original.
- Generated listings: documents by year and place on ``plans/index.md``,
  tasks by lead agency on ``plans/agencies.md``, news on ``news/index.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from portal.project import SOURCE_LANG
from portal.sitebuild.catalog import NEWS, PLANS, PageRecord, documents, load_section
from portal.sitebuild.publish import translation_status
from portal.sitebuild.render import (
    NameTranslator,
    agency_index,
    document_card,
    news_listing,
    notice,
    plans_listing,
    task_table,
    url_path,
)

PLANS_INDEX = "plans/index.md"
AGENCIES_INDEX = "plans/agencies.md"
NEWS_INDEX = "news/index.md"
LISTING_PAGES = {PLANS_INDEX, AGENCIES_INDEX, NEWS_INDEX}
UNREVIEWED = {"machine": "machine", "needs-review": "machine", "stale": "stale"}
TITLE_LINE = re.compile(r"\A(\s*# [^\n]*\n)")
TASKS_MARKER = "<!-- portal:tasks -->"
"""Where a plan's task appendix goes: rendered from its ``tasks`` data in the reader's language."""
INTERNAL_REGION = re.compile(r"^<!-- portal:internal -->\n.*?^<!-- /portal:internal -->\n?", re.S | re.M)
"""An annex for the administration only (``internal_annexes`` in the front matter)."""


def published_annexes(meta: dict) -> bool:
    """Whether an editor opted the page's internal annexes into the site."""
    annexes = meta.get("internal_annexes") or []
    return bool(annexes) and all(isinstance(a, dict) and a.get("published") is True for a in annexes)


@dataclass(slots=True)
class SiteContext:
    """What every page of one build may look up; sections are read once."""

    docs_dir: Path
    base_path: str  # URL path of the site root, e.g. "/" or "/portal/"
    glossary: object | None = None
    sections: dict[tuple[str, str], list[PageRecord]] = field(default_factory=dict)

    def section(self, name: str, lang: str) -> list[PageRecord]:
        if (name, lang) not in self.sections:
            self.sections[name, lang] = load_section(self.docs_dir, name, lang)
        return self.sections[name, lang]

    def names(self, lang: str) -> NameTranslator:
        return NameTranslator(self.glossary, lang)


def insert_after_title(markdown: str, block: str) -> str:
    """Put ``block`` under the page's H1 if it starts with one, else on top."""
    if not block:
        return markdown
    match = TITLE_LINE.match(markdown)
    if match:
        return markdown[: match.end()] + "\n" + block + markdown[match.end() :]
    return block + "\n" + markdown


def decorate(markdown: str, meta: dict, path: str, lang: str, content_lang: str, site: SiteContext) -> str:
    """The page's markdown with notices, card and generated listing added."""
    original = site.base_path + url_path(path)
    head = []
    if lang != SOURCE_LANG:
        if content_lang == SOURCE_LANG:
            head.append(notice(lang, "untranslated"))
        else:
            status = translation_status(meta, site.docs_dir / SOURCE_LANG / path)
            if status in UNREVIEWED:
                head.append(notice(lang, UNREVIEWED[status], original))
    if path.startswith(f"{PLANS}/") and path not in LISTING_PAGES:
        record = next((r for r in site.section(PLANS, lang) if r.path == path), None)
        if record is not None:
            if record.quality == "ocr":
                head.append(notice(lang, "ocr"))
            if record.kind:
                head.append(document_card(record, lang, site.names(lang), original if lang != SOURCE_LANG else None))
    if lang != SOURCE_LANG and content_lang == SOURCE_LANG:
        # Screen readers and browsers must know the body is Vietnamese.
        markdown = insert_after_title(markdown, '<div lang="vi" markdown>\n')
        markdown = markdown.rstrip("\n") + "\n\n</div>\n"
    markdown = insert_after_title(markdown, "".join(head))
    names = site.names(lang)
    if not published_annexes(meta):
        markdown = INTERNAL_REGION.sub("", markdown)
    if TASKS_MARKER in markdown:
        record = next((r for r in site.section(PLANS, lang) if r.path == path), None)
        markdown = markdown.replace(TASKS_MARKER, task_table(record.tasks if record else (), lang, names), 1)
    if path == PLANS_INDEX:
        markdown += "\n\n" + plans_listing(documents(site.section(PLANS, lang)), lang, path, names)
    elif path == AGENCIES_INDEX:
        markdown += "\n\n" + agency_index(documents(site.section(PLANS, lang)), lang, path, names)
    elif path == NEWS_INDEX:
        markdown += "\n\n" + news_listing(site.section(NEWS, lang), lang, path)
    return markdown


SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def name_search_dialog(page_html: str, name: str) -> str:
    """Give Material's search dialog an accessible name (axe: aria-dialog-name)."""
    named = SEARCH_DIALOG[:-1] + f' aria-label="{name}">'
    return page_html.replace(SEARCH_DIALOG, named, 1)
