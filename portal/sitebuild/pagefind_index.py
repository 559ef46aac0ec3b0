"""The site's search index: Pagefind over the pages marked for it.

:func:`build_search_index` runs once per site build, after static-i18n has
written every language.  Rules:

- Only pages whose ``<article>`` carries the index mark
  (:func:`portal.sitebuild.search.mark_indexable`) are indexed, each under
  the language of its ``<html lang>``: Pagefind writes one index per
  language into the one bundle ``pagefind/`` at the site root.
- The indexer reads a copy of each such page, never the page itself: the
  ``<html lang>``, the title and the marked article only (navigation,
  header and footer are not the page's text), in a scratch folder laid out
  like the site so that result addresses are the pages' own.  In a language
  that folds diacritics, the copy's text -- not its tags or attributes,
  which hold heading anchors -- has its undecomposable letters written
  foldably (:func:`portal.sitebuild.search.fold_for_index`).
- Heading permalinks (Material's ``¶``) are not indexed.
- The binary is Pagefind's extended build, shipped inside the
  ``pagefind-bin-extended`` wheel: it segments Chinese and Japanese into
  words.  It writes into a fresh folder that replaces ``pagefind/`` only when
  it succeeded.
- Every page is read once and copied once, and Pagefind's own work grows
  with the words indexed: the cost is linear in the number of pages
  (``bench/search_scale.py``).
- Failures raise :class:`SearchIndexError` naming what failed: no binary,
  or the binary's exit status with the last lines it printed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from portal.errors import PortalError
from portal.languages import Languages
from portal.sitebuild.search import BUNDLE, INDEX_MARK, fold_for_index, folds_letters

HTML_LANG = re.compile(r"<html\b[^>]*\blang=\"(?P<lang>[^\"]+)\"", re.I)
TITLE = re.compile(r"<title>.*?</title>", re.S | re.I)
ARTICLE_TAG = re.compile(r"<(/?)article\b", re.I)
# A tag, its quoted attribute values included, or a run of text.
TAG_OR_TEXT = re.compile(r"<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>|[^<]+")
EXCLUDED = ".headerlink"
# Pagefind's notes that a language has no stemmer: true of Vietnamese and Chinese, and no failure.
NOTE = re.compile(r"\s*(Note: Pagefind doesn't support stemming|Search will still work)")


class SearchIndexError(PortalError):
    """The search index could not be built."""


def pagefind_binary() -> Path:
    """Pagefind's extended binary from its wheel, or a clear error saying how to install it."""
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        raise SearchIndexError(
            "Pagefind's extended binary is not installed: run `make venv` "
            "(requirements.txt pins pagefind and pagefind-bin-extended)"
        ) from None
    try:
        return Path(get_executable())
    except FileNotFoundError as error:
        raise SearchIndexError(f"Pagefind's binary is missing from its wheel: {error}") from None


def marked_article(page_html: str) -> str | None:
    """The ``<article>`` that carries the index mark, with everything in it; None if none does."""
    mark = page_html.find(INDEX_MARK)
    start = page_html.rfind("<article", 0, mark) if mark != -1 else -1
    if start == -1:
        return None
    depth = 0
    for tag in ARTICLE_TAG.finditer(page_html, start):
        depth += -1 if tag[1] else 1
        if depth == 0:
            end = page_html.find(">", tag.end())
            return page_html[start : end + 1] if end != -1 else None
    return None


def fold_text(html: str) -> str:
    """``html`` with :func:`fold_for_index` applied to its text only, tags left as they are."""
    return "".join(
        part if part.startswith("<") else fold_for_index(part) for part in TAG_OR_TEXT.findall(html)
    )


def index_copy(page_html: str, languages: Languages) -> tuple[str, str] | None:
    """(language, the page as the indexer reads it), or None for a page not to index."""
    article = marked_article(page_html)
    lang = HTML_LANG.search(page_html)
    if article is None or lang is None:
        return None
    code = lang["lang"]
    if code in languages and folds_letters(languages[code]):
        article = fold_text(article)
    title = TITLE.search(page_html)
    head = f'<meta charset="utf-8">{title[0] if title else ""}'
    return code, f'<!doctype html>\n<html lang="{code}"><head>{head}</head><body>{article}</body></html>\n'


def stage_pages(site_dir: Path, stage_dir: Path, languages: Languages) -> dict[str, int]:
    """Write the indexer's copy of every marked page of ``site_dir``; pages per language."""
    counts: dict[str, int] = {}
    bundle = site_dir / BUNDLE
    for page in sorted(site_dir.rglob("*.html")):
        if bundle in page.parents:
            continue
        copy = index_copy(page.read_text(encoding="utf-8"), languages)
        if copy is None:
            continue
        lang, text = copy
        target = stage_dir / page.relative_to(site_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        counts[lang] = counts.get(lang, 0) + 1
    return counts


def run_pagefind(stage_dir: Path, output_dir: Path) -> None:
    command = [
        str(pagefind_binary()), "--site", str(stage_dir), "--output-path", str(output_dir),
        "--exclude-selectors", EXCLUDED, "--quiet",
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True)
    except OSError as error:
        raise SearchIndexError(f"cannot run Pagefind ({command[0]}): {error.strerror}") from None
    if done.returncode != 0:
        lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip() and not NOTE.match(line)]
        tail = "\n".join(f"  {line}" for line in lines[-12:])
        raise SearchIndexError(f"Pagefind failed (exit status {done.returncode}) indexing the site:\n{tail}", output_dir)


def build_search_index(site_dir: Path, languages: Languages) -> dict[str, int]:
    """Index the marked pages of the built site into ``site_dir/pagefind/``; pages per language."""
    site_dir = Path(site_dir)
    output = site_dir / BUNDLE
    fresh = site_dir / ".pagefind-new"
    shutil.rmtree(fresh, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="portal-search-") as stage:
        counts = stage_pages(site_dir, Path(stage), languages)
        if not counts:
            return counts
        run_pagefind(Path(stage), fresh)
    shutil.rmtree(output, ignore_errors=True)
    fresh.rename(output)
    return counts
