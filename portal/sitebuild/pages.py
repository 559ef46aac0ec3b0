"""What the build adds to a page's markdown before MkDocs renders it.

- Notices: a page shown in the source language on a translated site, a
  machine translation not yet reviewed (or reviewed before the source
  changed), a document recognised from a bad scan.
- A metadata card on every official document, linking translations to the
  source original.
- A plan's task appendix where the page has ``<!-- portal:tasks -->``,
  rendered from its ``tasks`` in the reader's language; an unpublished
  internal annex taken out.
- Generated listings: documents by year and place on ``plans/index.md``,
  tasks by locality and lead agency on ``plans/agencies.md``, news on
  ``news/index.md``.
- The date of every news post, under its title.
- Links to the source original are relative to the page, so they work
  wherever the site is hosted (a sub-path included), whatever ``site_url`` says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from portal.languages import Language, Languages
from portal.pages import INTERNAL_REGION, TASKS_MARKER, annexes_published, recorded_state
from portal.pages import read_page as read_page_file
from portal.review.state import ReviewState
from portal.sitebuild.catalog import NEWS, PLANS, PageRecord, documents, load_section
from portal.sitebuild.history import ContentHistory
from portal.sitebuild.identity import Identity
from portal.sitebuild.render import (
    NameTranslator,
    agency_index,
    document_card,
    news_listing,
    notice,
    plans_listing,
    published_line,
    task_table,
    url_path,
)
from portal.sitebuild.views import lang_root, relative_url

HOME_PAGE = "index.md"
PLANS_INDEX = "plans/index.md"
AGENCIES_INDEX = "plans/agencies.md"
NEWS_INDEX = "news/index.md"
LISTING_PAGES = {PLANS_INDEX, AGENCIES_INDEX, NEWS_INDEX}
UNREVIEWED = {ReviewState.MACHINE: "machine", ReviewState.NEEDS_REVIEW: "machine", ReviewState.STALE: "stale"}
TITLE_LINE = re.compile(r"\A(\s*# [^\n]*\n)")


@dataclass(slots=True)
class SiteContext:
    """What every page of one build may look up; sections are read once."""

    docs_dir: Path
    base_path: str  # URL path of the site root, e.g. "/" or "/portal/"
    languages: Languages
    glossary: object | None = None
    identity: dict[str, Identity] = field(default_factory=dict)
    """The publisher as each language's readers see it (:mod:`identity`)."""
    pdfs: bool = True
    """Make a PDF of every official document (:mod:`pdf`)."""
    sections: dict[tuple[str, str], list[PageRecord]] = field(default_factory=dict)
    history: ContentHistory = field(init=False)
    _newest_year: int = field(default=0, init=False, repr=False)

    def __post_init__(self):
        self.history = ContentHistory(self.docs_dir)

    def newest_content_year(self) -> int:
        """The year of the newest change to any page (the footer's copyright year)."""
        if not self._newest_year:
            pages = [p.relative_to(self.docs_dir).as_posix() for p in self.docs_dir.rglob("*.md")]
            self._newest_year = max((self.history.last_updated(p).year for p in pages), default=0)
        return self._newest_year

    def section(self, name: str, lang: str) -> list[PageRecord]:
        if (name, lang) not in self.sections:
            self.sections[name, lang] = load_section(self.docs_dir, name, lang, self.languages.source.code)
        return self.sections[name, lang]

    def record(self, path: str, lang: str) -> PageRecord | None:
        section = path.split("/", 1)[0]
        return next((r for r in self.section(section, lang) if r.path == path), None)

    def names(self, language: Language) -> NameTranslator:
        return NameTranslator(self.glossary, language, self.languages.source.code)


def insert_after_title(markdown: str, block: str) -> str:
    """Put ``block`` under the page's H1 if it starts with one, else on top."""
    if not block:
        return markdown
    match = TITLE_LINE.match(markdown)
    if match:
        return markdown[: match.end()] + "\n" + block + markdown[match.end() :]
    return block + "\n" + markdown


def split_title(markdown: str) -> tuple[str, str]:
    """The text of the page's leading ``# heading`` and the markdown without it."""
    match = TITLE_LINE.match(markdown)
    if match is None:
        return "", markdown
    return match[1].strip().removeprefix("# ").strip(), markdown[match.end():]


def machine_notice(docs_dir: Path, source_lang: str, path: str, lang: str) -> str | None:
    """Which notice a translated page needs: ``machine`` (a draft the machine wrote, edited
    or not), ``stale`` (approved before the source changed), or None (approved, or written
    by a translator and carrying no machine record)."""
    source = docs_dir / source_lang / path
    target = read_page_file(docs_dir / lang / path)
    if target.record is None:
        return None
    return UNREVIEWED.get(recorded_state(target, read_page_file(source).sha256 if source.is_file() else ""))


def decorate(markdown: str, meta: dict, path: str, lang: str, content_lang: str, site: SiteContext) -> str:
    """The page's markdown with notices, card, task table and generated listing added."""
    source_lang = site.languages.source.code
    language = site.languages[lang]
    # From this page (in the language's folder) to the source page at the site's root.
    original = relative_url(url_path(path), lang_root(lang, source_lang) + url_path(path))
    head = []
    if lang != source_lang:
        if content_lang == source_lang:
            head.append(notice(language, "untranslated"))
        elif (site.docs_dir / source_lang / path).is_file():
            kind = machine_notice(site.docs_dir, source_lang, path, lang)
            if kind is not None:
                head.append(notice(language, kind, original))
    names = site.names(language)
    record = site.record(path, lang) if path.startswith(f"{PLANS}/") and path not in LISTING_PAGES else None
    if path.startswith(f"{NEWS}/") and path != NEWS_INDEX:
        news = site.record(path, lang)
        if news is not None and news.date is not None:
            head.append(published_line(news.date, language))
    if record is not None:
        if record.quality == "ocr":
            head.append(notice(language, "ocr"))
        if record.is_document:
            head.append(document_card(record, language, names, original if lang != source_lang else None))
    if lang != source_lang and content_lang == source_lang:
        # Screen readers and browsers must know the body is in the source language.
        markdown = insert_after_title(markdown, f'<div lang="{source_lang}" markdown>\n')
        markdown = markdown.rstrip("\n") + "\n\n</div>\n"
    markdown = insert_after_title(markdown, "".join(head))
    source_meta = record.meta if record is not None else meta
    if not annexes_published(source_meta):
        markdown = INTERNAL_REGION.sub("", markdown)
    if TASKS_MARKER in markdown:
        markdown = markdown.replace(TASKS_MARKER, task_table(record.tasks if record else [], language, names), 1)
    if path == PLANS_INDEX:
        markdown += "\n\n" + plans_listing(documents(site.section(PLANS, lang)), language, path, names)
    elif path == AGENCIES_INDEX:
        markdown += "\n\n" + agency_index(documents(site.section(PLANS, lang)), language, path, names)
    elif path == NEWS_INDEX:
        markdown += "\n\n" + news_listing(site.section(NEWS, lang), language, path)
    return markdown


SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def name_search_dialog(page_html: str, name: str) -> str:
    """Give Material's search dialog an accessible name (axe: aria-dialog-name)."""
    named = SEARCH_DIALOG[:-1] + f' aria-label="{name}">'
    return page_html.replace(SEARCH_DIALOG, named, 1)
