"""Text from outside the editors' hands, made inert before it enters a page.

The portal's trust model (README, "Security"): the Markdown editors write
in ``docs/`` is trusted like any MkDocs site's; everything else is not --
imported documents, translations coming back from CAT tools (XLIFF),
exchanged glossaries (TBX, CSV), machine output.  Such text is made inert
where it enters:

- raw HTML is escaped (``<`` becomes ``&lt;``), except tags the trusted
  source of the same block already holds, which a translation must keep;
- a link or image destination with a scheme that runs or embeds content
  (``javascript:``, ``vbscript:``, ``data:``, ``file:``), however it is
  spelled (case, entities, percent-escapes, control characters), is
  replaced by ``#``.

Whatever still got through meets the site's Content-Security-Policy
(:mod:`portal.sitebuild.csp`) and the build's own check of every rendered
link (:func:`dangerous_url`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from urllib.parse import unquote

DANGEROUS_SCHEMES = ("javascript", "vbscript", "data", "file")
_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]+")
_TAG = re.compile(r"<(?=[A-Za-z/!?])[^<>]*>?")
_INLINE_DESTINATION = re.compile(r"(\]\(\s*)(<[^<>\n]*>|[^\s()<>]+(?:\([^\s()<>]*\)[^\s()<>]*)*)")
_REFERENCE_DEFINITION = re.compile(r"^( {0,3}\[[^\]\n]+\]:\s*)(<[^<>\n]*>|\S+)", re.M)


def dangerous_url(url: str) -> bool:
    """Whether following or loading ``url`` would run or embed content."""
    text = _CONTROL.sub("", html.unescape(unquote(html.unescape(url.strip("<> ")))))
    scheme, colon, _ = text.partition(":")
    return bool(colon) and scheme.lower() in DANGEROUS_SCHEMES


def inert_markdown(text: str, trusted: Iterable[str] = ()) -> tuple[str, list[str]]:
    """``text`` with raw HTML escaped and dangerous destinations neutralised.

    ``trusted`` is Markdown from a trusted source (the source block a
    translation renders): an HTML tag appearing in it verbatim is kept.
    Returns the inert text and what was changed, for the report.
    """
    allowed = {m.group() for piece in trusted for m in _TAG.finditer(piece)}
    changed: list[str] = []

    def tag(match: re.Match) -> str:
        if match.group() in allowed:
            return match.group()
        changed.append(f"raw HTML {match.group()[:40]!r} escaped")
        return "&lt;" + match.group()[1:]

    def destination(match: re.Match) -> str:
        if dangerous_url(match.group(2)):
            changed.append(f"link to {match.group(2)[:40]!r} removed")
            return match.group(1) + "#"
        return match.group()

    text = _INLINE_DESTINATION.sub(destination, text)
    text = _REFERENCE_DEFINITION.sub(destination, text)
    text = _TAG.sub(tag, text)
    return text, changed


_ATTRIBUTE_URL = re.compile(r"""(\s(?:href|src|action|formaction|xlink:href|poster|data)\s*=\s*)("[^"]*"|'[^']*')""", re.I)


def inert_html(page_html: str) -> tuple[str, int]:
    """Rendered HTML with every dangerous URL attribute replaced by ``#``; returns the count."""
    count = 0

    def replace(match: re.Match) -> str:
        nonlocal count
        if dangerous_url(match.group(2)[1:-1]):
            count += 1
            return match.group(1) + '"#"'
        return match.group()

    return _ATTRIBUTE_URL.sub(replace, page_html), count
