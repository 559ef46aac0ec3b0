"""Sitemaps: the whole site at the root, each language's pages in its folder.

Why the hreflang alternates are in the sitemaps and not in each page's head:
Material's JavaScript (``integrations/alternate``) fetches ``sitemap.xml``
beside the address of every ``<link rel="alternate">`` of a page, taking each
for the root of a language or version site.  static-i18n points the
alternates of every page at the page itself (``reconfigure_page_context``), so
each page asked for ``en/about/sitemap.xml`` and the like (404s), and the
absolute alternates asked the production host from any preview (refused or
blocked by the CSP).  Search engines read hreflang from a sitemap as well as
from a page's head, so the alternates live in the sitemaps, and the only
``rel="alternate"`` links left are the Atom feeds, which sit at each
language's root next to that language's sitemap.

static-i18n writes one ``sitemap.xml`` at the root with every language's
pages; after the build it is split here: ``sitemap.xml`` keeps every page,
``<lang>/sitemap.xml`` lists that language's pages (a sitemap may only list
addresses under its own folder), and every entry gets an ``x-default``
alternate: the source-language page.  Written without time stamps, so the
same site gives the same files.
"""

from __future__ import annotations

import gzip
import io
import xml.etree.ElementTree as ET

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
X_DEFAULT = "x-default"


def _gzip(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="") as out:
        out.write(data)
    return buffer.getvalue()


def _document(entries: list[ET.Element]) -> bytes:
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")
    urlset.extend(entries)
    ET.indent(urlset, space="  ")
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"


def split_sitemap(sitemap_xml: bytes, roots: dict[str, str], root_lang: str, default_lang: str) -> dict[str, bytes]:
    """The sitemaps to write, by path in the site: ``sitemap.xml``, ``en/sitemap.xml``...

    ``roots`` maps each language to the absolute URL of its site (``https://x/en/``);
    ``root_lang`` is built at the root (its pages are in the root sitemap);
    ``default_lang``'s page is each entry's ``x-default``.
    """
    ET.register_namespace("", SITEMAP)
    ET.register_namespace("xhtml", XHTML)
    tree = ET.fromstring(sitemap_xml)
    by_lang: dict[str, list[ET.Element]] = {lang: [] for lang in roots}
    everything = []
    # The language whose root is the longest prefix of an address owns it (/en/ before /).
    ordered = sorted(roots.items(), key=lambda item: len(item[1]), reverse=True)
    for url in tree.findall(f"{{{SITEMAP}}}url"):
        loc = (url.findtext(f"{{{SITEMAP}}}loc") or "").strip()
        links = url.findall(f"{{{XHTML}}}link")
        hrefs = {link.get("hreflang"): link.get("href") for link in links}
        for link in links:
            if link.get("hreflang") == X_DEFAULT:
                url.remove(link)
        if default_lang in hrefs:
            url.append(ET.Element(f"{{{XHTML}}}link", {"rel": "alternate", "hreflang": X_DEFAULT,
                                                        "href": hrefs[default_lang]}))
        everything.append(url)
        owner = next((lang for lang, root in ordered if loc.startswith(root)), None)
        if owner is not None:
            by_lang[owner].append(url)
    files = {"sitemap.xml": _document(everything)}
    for lang in roots:
        if lang != root_lang:
            files[f"{lang}/sitemap.xml"] = _document(by_lang[lang])
    for path in list(files):
        files[path + ".gz"] = _gzip(files[path])
    return files
