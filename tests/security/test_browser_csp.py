"""Script that reaches a page never runs: escaping where untrusted text enters, and the CSP behind it.

A copy of the portal gets a page an editor pasted script into (trusted text,
so it is kept as written) and metadata that tries to break out of the
theme's attributes; chromium loads it and nothing runs, while the theme's
own scripts (search, language menu) keep working.
"""

from __future__ import annotations

import functools
import json
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import lxml.html
import pytest

from portal.sitebuild.build import build_site

pytestmark = pytest.mark.browser

TITLE = 'Trang "><script>window.__pwned = "title"</script>'
DESCRIPTION = 'Mô tả" onmouseover="window.__pwned = \'description\''
PAGE = f"""---
title: {json.dumps(TITLE)}
description: {json.dumps(DESCRIPTION, ensure_ascii=False)}
---

# Trang thử

<script>window.__pwned = "inline script";</script>

<img src="missing.png" alt="ảnh" onerror="window.__pwned = 'event attribute'">

[Một liên kết](javascript:window.__pwned='javascript link')

<a id="raw" href="  JaVa&#x53;cript:window.__pwned='raw link'">Liên kết thô</a>
"""


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def hostile_site(portal):
    (portal.lang_dir("vi") / "thu.md").write_text(PAGE, encoding="utf-8")
    site = portal.root / "site"
    build_site(portal, site, strict=False)  # the build warns about the links it neutralised
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield site, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_metadata_cannot_break_out_of_the_theme(hostile_site):
    site, _ = hostile_site
    root = lxml.html.parse(str(site / "thu" / "index.html")).getroot()
    assert root.findtext(".//title").startswith(TITLE)  # text, not markup
    assert root.cssselect('meta[name="description"]')[0].get("content") == DESCRIPTION
    head_scripts = root.cssselect("head script")
    assert all("__pwned" not in (script.text or "") for script in head_scripts)
    assert not root.cssselect("[onmouseover]")
    hrefs = [a.get("href") for a in root.cssselect("article a")]
    assert not any("script:" in (href or "").lower() for href in hrefs)


def test_nothing_pasted_or_injected_runs_and_the_theme_still_works(hostile_site, browser):
    _, url = hostile_site
    context = browser.new_context()
    page = context.new_page()
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    try:
        page.goto(url + "thu/")
        page.wait_for_timeout(500)
        page.locator("article a", has_text="Một liên kết").click()
        page.locator("#raw").click()
        page.wait_for_timeout(300)
        assert page.evaluate("window.__pwned") is None
        assert any("inline script" in text for text in refused), "the CSP, not luck, stopped the pasted script"
        # The theme's own scripts run: the search opens from the keyboard.
        page.keyboard.press("/")
        assert page.evaluate("document.activeElement && document.activeElement.getAttribute('data-md-component')") \
            == "search-query"
    finally:
        context.close()
