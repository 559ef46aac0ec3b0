"""A Content-Security-Policy for every built page.

The portal's pages need no script but the theme's: its bundle and search
worker (files of the site) and two short inline scripts Material writes into
every page (their text differs with the page's depth).  The search worker
runs Pagefind's WebAssembly, which a policy allows only with
``'wasm-unsafe-eval'`` (compiling WebAssembly; JavaScript ``eval`` stays
forbidden).  A dedicated worker obeys the policy its own file is served
with, so the keyword matters where the server sends this policy as a header.  After a page is
rendered, the inline scripts that the theme wrote -- those outside the page's
own content -- are hashed, and a ``<meta http-equiv="Content-Security-Policy">``
allowing exactly those hashes and the site's own files is put first in
``<head>``.  A ``<script>`` an editor pasted into a page, an ``onerror=``
attribute or a ``javascript:`` link therefore never runs, whatever got past
the sanitising of untrusted text.

A ``<meta>`` policy cannot say ``frame-ancestors``: the web server should
send the same policy as a header, with ``frame-ancestors 'none'`` added
(see the README's security notes).
"""

from __future__ import annotations

import base64
import hashlib
import re

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<code>.*?)</script>", re.S | re.I)
NOT_JAVASCRIPT = re.compile(r"\btype\s*=\s*[\"']?(?!(?:text|application)/(?:java|ecma)script|module)[\w/+-]", re.I)
HEAD = re.compile(r"<head\b[^>]*>\s*(?:<meta charset=\"[^\"]*\">)?", re.I)

POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {hashes}; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'"
)


def script_hashes(html: str) -> list[str]:
    """CSP hash sources of the executable inline scripts in ``html``, in order, each once."""
    found = []
    for match in INLINE_SCRIPT.finditer(html):
        attrs = match["attrs"]
        if re.search(r"\bsrc\s*=", attrs, re.I) or NOT_JAVASCRIPT.search(attrs):
            continue  # a file of the site, or data such as Material's __config
        digest = hashlib.sha256(match["code"].encode("utf-8")).digest()
        source = f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
        if source not in found:
            found.append(source)
    return found


def with_policy(page_html: str, content_html: str) -> str:
    """The page with a CSP that allows the theme's inline scripts and nothing else inline."""
    theme_only = page_html.replace(content_html, "", 1) if content_html else page_html
    policy = POLICY.format(hashes=" ".join(script_hashes(theme_only))).replace("  ", " ")
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    match = HEAD.search(page_html)
    if match is None:
        return page_html
    return page_html[: match.end()] + "\n    " + tag + page_html[match.end():]
