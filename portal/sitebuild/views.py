"""What the portal's templates show besides the page's text, computed once per page.

The theme layer's templates (``theme/``) print these values and nothing they
compute themselves, so the rules are here and tested without a build:

- The language chooser lists every language by its own name, each link
  opening the same page in that language, relative to the page so a site
  hosted under a sub-path works; the 404 pages, served at any depth, link to
  each language's home with absolute paths instead.
- The browser-language suggestion offers each other language in that
  language's own words (a reader whose browser prefers Chinese may not read
  the page's language); ``portal.js`` shows at most one of them.
- The "last updated" date is the content's (:mod:`history`), written as the
  reader's language writes dates, with an ISO ``datetime`` for machines.
- The home page lists the newest news and documents, newest first, and the
  localities (the promotion pages), each title in the reader's language or
  marked with the language it is in.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass

from portal.languages import Language, Languages
from portal.sitebuild.catalog import PageRecord, Shown, documents, newest_first
from portal.sitebuild.identity import Identity
from portal.sitebuild.render import NameTranslator, url_path

HOME_NEWS = 4
HOME_DOCUMENTS = 5
LOCALITIES = "promotion"


def lang_root(lang: str, root: str) -> str:
    """The folder of a language's site: "" for the language built at the root, "en/" otherwise."""
    return "" if lang == root else f"{lang}/"


def relative_url(target: str, page_url: str) -> str:
    """A link from the page at ``page_url`` to the directory URL ``target`` (both site-relative)."""
    page_dir = page_url.rstrip("/") if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    link = posixpath.relpath(target.rstrip("/") or ".", page_dir or ".")
    return "./" if link == "." else link + "/"


@dataclass(frozen=True, slots=True)
class LanguageLink:
    """One language in the chooser."""

    code: str
    name: str
    """The language's name in itself (Tiếng Việt, English, 中文)."""
    href: str
    current: bool


@dataclass(frozen=True, slots=True)
class Suggestion:
    """An offer to read the page in another language, written in that language."""

    code: str
    href: str
    text: str
    action: str
    dismiss: str


@dataclass(frozen=True, slots=True)
class PageChrome:
    """Everything around a page's text: chooser, suggestion, dates, identity, PDF."""

    language: Language
    identity: Identity
    languages: tuple[LanguageLink, ...]
    suggestions: tuple[Suggestion, ...]
    home_href: str
    feed_href: str
    year: int
    updated: dt.date | None = None
    pdf_href: str = ""

    @property
    def lang(self) -> str:
        return self.language.code

    def label(self, key: str, **values) -> str:
        return self.language.label(key, **values)

    def label_around(self, key: str, name: str) -> tuple[str, str]:
        """The label's text before and after the ``{name}`` field, for a link in between."""
        marker = "\x00"
        before, _, after = self.language.label(key, **{name: marker}).partition(marker)
        return before, after

    @property
    def updated_text(self) -> str:
        return self.language.format_date(self.updated) if self.updated else ""


def language_links(languages: Languages, current: str, root: str, page_path: str, page_url: str,
                   base_path: str | None = None) -> tuple[LanguageLink, ...]:
    """The chooser's links: the same page in every language.

    ``page_path`` is the page's file relative to its language folder
    (``plans/x.md``); ``base_path`` (the site's URL path) makes the links
    absolute, for pages served at any address such as the 404 page.
    """
    links = []
    for language in languages:
        target = lang_root(language.code, root) + url_path(page_path)
        href = base_path + target if base_path is not None else relative_url(target, page_url)
        links.append(LanguageLink(language.code, language.name, href, language.code == current))
    return tuple(links)


def suggestions(languages: Languages, links: tuple[LanguageLink, ...]) -> tuple[Suggestion, ...]:
    """An offer for every language but the page's, in that language's words."""
    offers = []
    for link in links:
        if link.current:
            continue
        language = languages[link.code]
        offers.append(Suggestion(link.code, link.href, language.label("suggest_text"),
                                 language.label("suggest_action"), language.label("suggest_dismiss")))
    return tuple(offers)


@dataclass(frozen=True, slots=True)
class HomeItem:
    """A page listed on the home page."""

    title: Shown
    href: str
    description: Shown
    date: dt.date | None = None
    date_text: str = ""
    details: tuple[Shown, ...] = ()
    """Number and issuer of a document."""


@dataclass(frozen=True, slots=True)
class HomeView:
    """The home page's lists, in the reader's language."""

    news: tuple[HomeItem, ...]
    documents: tuple[HomeItem, ...]
    localities: tuple[HomeItem, ...]
    news_href: str
    documents_href: str


def home_item(record: PageRecord, language: Language, names: NameTranslator | None = None,
              with_details: bool = False) -> HomeItem:
    details: tuple[Shown, ...] = ()
    if with_details:
        issuer = names(record.shown("issuer")) if names else record.shown("issuer")
        details = tuple(value for value in (Shown(record.number, language.code), issuer) if value)
    return HomeItem(record.title, url_path(record.path), record.description, record.date,
                    language.format_date(record.date) if record.date else "", details)


def home_view(news: list[PageRecord], plans: list[PageRecord], localities: list[PageRecord],
              language: Language, names: NameTranslator) -> HomeView:
    """The newest news and documents and the localities, as the home page shows them.

    Hrefs are relative to the language's home page, which is where they are shown.
    """
    return HomeView(
        news=tuple(home_item(r, language) for r in newest_first(news)[:HOME_NEWS]),
        documents=tuple(home_item(r, language, names, True) for r in newest_first(documents(plans))[:HOME_DOCUMENTS]),
        localities=tuple(home_item(r, language) for r in localities),
        news_href="news/",
        documents_href="plans/",
    )
