"""Search in the reader's language: Pagefind behind Material's search box.

Readers keep Material's search exactly as it is -- the box in the header, the
dialog, its keyboard use, its labels in the page's language, its way of
listing results -- and only what answers the box changes.  Material's page
script runs its search in a web worker whose address it reads from the
page's ``__config`` (``search``) and talks to it in four messages: *setup*
(the contents of ``search/search_index.json`` under the page's ``base``),
*ready*, *query* (the text typed) and *result* (pages, each with its
sections).  The portal puts its own worker at that address
(``theme/assets/javascripts/workers/portal-search.js``, :data:`WORKER`): it
speaks the same four messages and answers from Pagefind's JavaScript API.
This was chosen over Pagefind's own interface (a second search box, its own
labels and result list, to be restyled and translated) and over a script
patching Material's dialog (tied to Material's markup): the worker is the one
narrow, stable interface Material has for a search engine.

Rules:

- Pagefind splits its index by ``<html lang>``, loads index chunks on demand
  and fetches a page's excerpt only for a result shown; nothing is loaded
  before the reader types (the worker starts Pagefind on the first query).
- Only pages written in the language of the site they are on are indexed:
  :func:`mark_indexable` puts ``data-pagefind-body`` on their ``<article>``.
  A page not yet translated (the source text shown with a notice) carries no
  mark, so the English and Chinese indexes hold only English and Chinese.
- Each language's ``search/search_index.json`` (``en/search/...``) holds no
  documents, only the settings the worker needs for that language
  (:func:`worker_settings`); every page's ``base`` points at its language
  root (:func:`configure_search`), so the worker learns the
  reader's language from the file Material already fetches.
- A language written without spaces (``spaces_between_words: false``) is
  segmented into words by Pagefind's extended build when indexed and by the
  browser's ``Intl.Segmenter`` for that language when queried -- the same
  word-breaking Pagefind's own query code uses for Chinese and Japanese.
- ``search: {fold_diacritics: true}`` in a language's data file: readers may
  type without marks.  Pagefind (since 1.5) folds every mark Unicode
  decomposes and ranks the exact form first; letters that have no
  decomposition (:data:`UNDECOMPOSED`: Vietnamese ``đ``/``Đ``, Pagefind issue
  #1210) are written for the indexer as the base letter plus a combining
  stroke (U+0335), which Pagefind folds like any other mark.  The worker
  writes queries the same way and turns the stroke back into ``đ`` in what
  it shows, so "Dien Bien" finds "Điện Biên" and "Điện Biên" ranks it first.
- A query returns the :data:`RESULT_LIMIT` best pages, each with its
  sections, with Pagefind's excerpts escaped (only its ``<mark>`` stays
  markup: Material inserts the text as HTML); Material's count line says
  "the 10 best matches" (:func:`configure_search`), not "10 documents".
- Pagefind's WebAssembly needs ``'wasm-unsafe-eval'`` in the pages'
  Content-Security-Policy (``portal.sitebuild.csp``); every request stays
  on the site.  What a query downloads is measured in ``bench/RESULTS-search.md``.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

from portal.fileio import write_text_atomic
from portal.languages import Language, Languages

WORKER = "assets/javascripts/workers/portal-search.js"
"""The portal's search worker, relative to the site root."""
BUNDLE = "pagefind/"
"""Where the Pagefind index is written, relative to the site root."""
RESULT_LIMIT = 10
"""Pages a query returns, each with its excerpt (one request each): what Material lists at first."""

COMBINING_STROKE = "\u0335"
UNDECOMPOSED = {"đ": "d" + COMBINING_STROKE, "Đ": "D" + COMBINING_STROKE}
"""Letters with a mark Unicode does not decompose, as the indexer and the worker write them."""

CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
ARTICLE = '<article class="md-content__inner md-typeset">'
INDEX_MARK = "data-pagefind-body"
MARKED_ARTICLE = ARTICLE[:-1] + f" {INDEX_MARK}>"


def folds_letters(language: Language) -> bool:
    return bool(language.search.get("fold_diacritics"))


def fold_for_index(text: str) -> str:
    """``text`` with each :data:`UNDECOMPOSED` letter written as base letter + combining stroke."""
    for letter, written in UNDECOMPOSED.items():
        text = text.replace(letter, written)
    return text


def mark_indexable(page_html: str) -> str:
    """The page with its article marked for the search index (once, whatever the page says)."""
    return page_html.replace(ARTICLE, MARKED_ARTICLE, 1)


def worker_settings(language: Language, lang_root: str) -> dict:
    """The language's ``search_index.json``: what Material's page script hands the worker.

    Material passes ``config`` and ``docs`` on; the worker reads ``config.lang``
    and ``config.portal``.  ``lang_root`` is the language's folder from the
    site root ("" or "en/").
    """
    bundle = posixpath.relpath(BUNDLE, posixpath.dirname(WORKER)) + "/"
    return {
        "config": {
            "lang": [language.code],
            "separator": r"[\s\-]+",
            "pipeline": [],
            "fields": {},
            "portal": {
                "bundle": bundle,  # relative to the worker's own address
                "root": lang_root,
                "segment": not language.spaces_between_words,
                "fold": UNDECOMPOSED if folds_letters(language) else {},
                "results": RESULT_LIMIT,
            },
        },
        "docs": [],
    }


def write_worker_settings(site_dir: Path, lang_roots: dict[str, str], languages: Languages) -> None:
    """Each language's ``search/search_index.json`` under its root ("" or "en/")."""
    for lang, root in lang_roots.items():
        settings = worker_settings(languages[lang], root)
        write_text_atomic(Path(site_dir) / root / "search" / "search_index.json", json.dumps(settings, ensure_ascii=False))


def configure_search(page_html: str, lang_root: str, language: Language) -> str:
    """Point Material's ``base`` at the page's language root and ``search`` at the portal's worker.

    ``lang_root`` is the language root relative to the page ("../.." or ".").
    Material counts the results it is given: with the best
    :data:`RESULT_LIMIT` pages of possibly thousands, its line says so
    ("The 10 best matches") instead of "10 matching documents".
    """

    def rebase(match: re.Match) -> str:
        config = json.loads(match[2])
        config["base"] = lang_root.rstrip("/") + "/"
        if config.get("search"):
            # Material's worker sits in the same folder as the portal's.
            config["search"] = posixpath.join(posixpath.dirname(config["search"]), posixpath.basename(WORKER))
        if "translations" in config:
            config["translations"]["search.result.other"] = language.label("search_best", count="#")
        return match[1] + json.dumps(config) + match[3]

    return CONFIG_SCRIPT.sub(rebase, page_html, count=1)
