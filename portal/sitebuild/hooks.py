"""MkDocs event handlers, re-exported by ``hooks/portal_hooks.py``."""

from __future__ import annotations

from urllib.parse import urljoin

from portal.project import SOURCE_LANG
from portal.sitebuild.hreflang import absolute_alternates


def on_post_page(output: str, page, config) -> str:
    page_url = urljoin(config.site_url or "/", page.url)
    return absolute_alternates(output, page_url, default_lang=SOURCE_LANG)
