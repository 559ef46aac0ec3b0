"""Splitting static-i18n's sitemap: one per language folder, x-default on every entry."""

from __future__ import annotations

import gzip

import lxml.etree

from portal.sitebuild.sitemaps import split_sitemap

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
HOST = "https://x.gov.vn/p/"


def entry(loc: str, path: str) -> str:
    links = "".join(f'<xhtml:link rel="alternate" hreflang="{lang}" href="{HOST}{prefix}{path}"/>'
                    for lang, prefix in (("vi", ""), ("en", "en/"), ("zh", "zh/")))
    return f"<url><loc>{loc}</loc><lastmod>2024-01-02</lastmod>{links}</url>"


SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">'
    + "".join(entry(f"{HOST}{prefix}{path}", path) for path in ("", "about/") for prefix in ("", "en/", "zh/"))
    + "</urlset>"
).encode()


def locs(data: bytes) -> list[str]:
    return [loc.text for loc in lxml.etree.fromstring(data).findall("sm:url/sm:loc", NS)]


def test_each_language_gets_its_own_pages_and_every_entry_an_x_default():
    roots = {"vi": HOST, "en": HOST + "en/", "zh": HOST + "zh/"}
    files = split_sitemap(SITEMAP, roots, "vi", "vi")
    assert sorted(files) == ["en/sitemap.xml", "en/sitemap.xml.gz", "sitemap.xml", "sitemap.xml.gz",
                             "zh/sitemap.xml", "zh/sitemap.xml.gz"]
    assert locs(files["en/sitemap.xml"]) == [HOST + "en/", HOST + "en/about/"]
    assert len(locs(files["sitemap.xml"])) == 6
    root = lxml.etree.fromstring(files["zh/sitemap.xml"])
    for url in root.findall("sm:url", NS):
        default = url.findall("xhtml:link[@hreflang='x-default']", NS)
        assert [link.get("href") for link in default] == [url.find("xhtml:link[@hreflang='vi']", NS).get("href")]
        assert url.findtext("sm:lastmod", namespaces=NS) == "2024-01-02"
    assert gzip.decompress(files["zh/sitemap.xml.gz"]) == files["zh/sitemap.xml"]


def test_splitting_twice_changes_nothing():
    roots = {"vi": HOST, "en": HOST + "en/", "zh": HOST + "zh/"}
    once = split_sitemap(SITEMAP, roots, "vi", "vi")
    assert split_sitemap(once["sitemap.xml"], roots, "vi", "vi") == once
