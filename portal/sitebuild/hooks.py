"""MkDocs event handlers, re-exported by ``hooks/portal_hooks.py``.

static-i18n runs every handler once per language build; each one here is a
pure function of what MkDocs passes in, so running it again changes nothing.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.plugins import event_priority

from portal.project import SOURCE_LANG
from portal.sitebuild.hreflang import absolute_alternates
from portal.sitebuild.search import scope_search_to_language, write_language_indexes


def i18n_languages(config) -> tuple[str, list[str]]:
    """The language built at the root and those built in their own folder."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return SOURCE_LANG, []
    root = i18n.default_language
    return root, [lang for lang in i18n.build_languages if lang != root]


def on_post_page(output: str, page, config) -> str:
    page_url = urljoin(config.site_url or "/", page.url)
    output = absolute_alternates(output, page_url, default_lang=SOURCE_LANG)
    _, prefixed = i18n_languages(config)
    lang = page.url.split("/", 1)[0]
    if lang in prefixed:
        # "zh/about/" is served from zh/about/index.html; "zh/x.html" from zh/.
        page_dir = page.url.rstrip("/") if page.url.endswith("/") else posixpath.dirname(page.url)
        output = scope_search_to_language(output, posixpath.relpath(lang, page_dir))
    return output


# After static-i18n (-100), which merges the index of every language last.
@event_priority(-200)
def on_post_build(config) -> None:
    root, prefixed = i18n_languages(config)
    write_language_indexes(Path(config.site_dir), root, prefixed)
