"""An Atom feed of the news in each language.

Material's blog plugin does not work with static-i18n, so news posts are
plain pages under ``news/`` and their feed is written here after the build.
The feed's ``updated`` is the newest post's date, not the build time, so an
unchanged site gives an unchanged feed.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from urllib.parse import urljoin

from portal.sitebuild.catalog import PageRecord, newest_first

ATOM = "http://www.w3.org/2005/Atom"
FEED_NAME = "feed.xml"


def timestamp(date: dt.date | None) -> str:
    return f"{(date or dt.date(1970, 1, 1)).isoformat()}T00:00:00Z"


def page_url(lang_root_url: str, record: PageRecord) -> str:
    return urljoin(lang_root_url, record.path.removesuffix(".md") + "/")


def atom_feed(records: list[PageRecord], *, title: str, lang: str, lang_root_url: str) -> str:
    """The Atom document for one language's news posts."""
    ET.register_namespace("", ATOM)
    posts = newest_first(records)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": lang})
    ET.SubElement(feed, f"{{{ATOM}}}id").text = urljoin(lang_root_url, FEED_NAME)
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = timestamp(posts[0].date if posts else None)
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": urljoin(lang_root_url, FEED_NAME)})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": urljoin(lang_root_url, "news/")})
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = title
    for post in posts:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        url = page_url(lang_root_url, post)
        ET.SubElement(entry, f"{{{ATOM}}}id").text = url
        ET.SubElement(entry, f"{{{ATOM}}}title").text = post.title.text
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = timestamp(post.date)
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "href": url})
        if post.description:
            ET.SubElement(entry, f"{{{ATOM}}}summary").text = post.description.text
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def feed_link(href: str, title: str) -> str:
    """The ``<link>`` that lets feed readers discover the feed from any page."""
    escaped = title.replace("&", "&amp;").replace('"', "&quot;")
    return f'<link rel="alternate" type="application/atom+xml" title="{escaped}" href="{href}">'

