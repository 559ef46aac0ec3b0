"""Absolute hreflang alternates with an x-default.

Material renders one ``<link rel="alternate" hreflang=...>`` per language from
what static-i18n puts in ``extra.alternate``, but with links relative to the
page and no ``x-default``.  Search engines want absolute URLs and an
``x-default`` for readers whose language is not offered, so the built page's
links are rewritten here; the visible language switcher keeps its relative
links so a local preview never jumps to the production host.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

# Exactly the tag Material's base.html writes for each alternate language.
ALTERNATE_LINK = re.compile(
    r'<link rel="alternate" href="(?P<href>[^"]*)" hreflang="(?P<lang>[^"]*)">'
)


def absolute_alternates(html: str, page_url: str, default_lang: str) -> str:
    """Rewrite the alternate links of one page to absolute URLs, adding x-default.

    ``page_url`` is the absolute URL of the page itself; relative hrefs are
    resolved against it.  A page without alternates is returned unchanged.
    """
    default_href = None
    last_end = None

    def absolute(match: re.Match) -> str:
        nonlocal default_href, last_end
        href = urljoin(page_url, match["href"])
        if match["lang"] == default_lang:
            default_href = href
        return f'<link rel="alternate" href="{href}" hreflang="{match["lang"]}">'

    html = ALTERNATE_LINK.sub(absolute, html)
    if default_href is None:
        return html
    for match in ALTERNATE_LINK.finditer(html):
        last_end = match.end()
    x_default = f'\n      <link rel="alternate" href="{default_href}" hreflang="x-default">'
    return html[:last_end] + x_default + html[last_end:]
