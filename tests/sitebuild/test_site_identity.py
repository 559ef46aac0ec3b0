"""The built portal presents itself as an official site, in every language (issue 12).

On the session's build for production at PUBLIC_URL: masthead, emblem, footer, dates from
the content's history, news dates, PDFs of the documents, 404 pages, home page, addresses.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import lxml.etree
import lxml.html
import pytest
import pdfplumber
import yaml

from portal.languages import read_mkdocs_config
from portal.project import Project
from portal.sitebuild.identity import site_identity
from portal_projects import PUBLIC_PATH, PUBLIC_URL

REPO = Path(__file__).resolve().parents[2]
LANGUAGES = Project(REPO).languages
LANGS = LANGUAGES.codes
SOURCE = LANGUAGES.source.code
IDENTITY = site_identity(read_mkdocs_config(REPO)["extra"], LANGUAGES)


def prefix(lang: str) -> str:
    return "" if lang == SOURCE else f"{lang}/"


def pages(lang: str) -> list[tuple[str, str]]:
    """(URL path under the language root, file shown) of every page of a language's site."""
    found = []
    for source in sorted((REPO / "docs" / SOURCE).rglob("*.md")):
        rel = source.relative_to(REPO / "docs" / SOURCE).as_posix()
        shown = f"{lang}/{rel}" if (REPO / "docs" / lang / rel).is_file() else f"{SOURCE}/{rel}"
        stem = rel.removesuffix(".md")
        url = "" if stem == "index" else stem.removesuffix("index") if stem.endswith("/index") else stem + "/"
        found.append((url, shown))
    return found


def parse(site: Path, lang: str, url: str):
    return lxml.html.parse(str(site / prefix(lang) / url / "index.html")).getroot()


def content_date(shown: str) -> dt.date:
    """What git says of the file, one file at a time (the build reads the whole log at once)."""
    out = subprocess.run(["git", "log", "-1", "--format=%cs", "--", f"docs/{shown}"], cwd=REPO,
                         capture_output=True, text=True).stdout.strip()
    return dt.date.fromisoformat(out) if out else dt.date.fromtimestamp((REPO / "docs" / shown).stat().st_mtime)


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_names_the_operator_and_has_the_footer_in_its_language(built_site, lang):
    identity, language = IDENTITY[lang], LANGUAGES[lang]
    for url, _ in pages(lang):
        root = parse(built_site, lang, url)
        assert root.cssselect(".portal-masthead__operator")[0].text_content().strip() == identity.operator
        footer = root.cssselect(".portal-footer")[0]
        headings = [h.text_content().strip() for h in footer.cssselect("h2")]
        assert headings == [identity.operator, language.label("accessibility"), language.label("privacy")], url
        text = " ".join(footer.text_content().split())
        for expected in (identity.address, language.label("privacy_text"), language.label("accessibility_text")):
            assert " ".join(expected.split()) in text, (url, expected)
        assert footer.cssselect(f'a[href="mailto:{identity.email}"]')
        assert footer.cssselect(f'a[rel="license"][href="{identity.licence_url}"]')[0].text == identity.licence_name
        assert re.search(rf"© 20\d\d {re.escape(identity.operator)}", text)
        assert "Material for MkDocs" not in lxml.html.tostring(root, encoding="unicode"), url


@pytest.mark.parametrize("lang", LANGS)
def test_the_emblem_is_the_operators_not_the_themes(built_site, lang):
    root = parse(built_site, lang, "")
    logo = root.cssselect(".md-header .md-logo img")[0]
    page_url = PUBLIC_URL + prefix(lang)
    emblem = urljoin(page_url, logo.get("src"))
    assert emblem == PUBLIC_URL + IDENTITY[lang].emblem and logo.get("alt") == ""
    assert urljoin(page_url, root.cssselect('link[rel="icon"]')[0].get("href")) == emblem
    svg = (built_site / IDENTITY[lang].emblem).read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "neutral default emblem" in svg


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_says_when_its_content_last_changed(built_site, lang):
    language = LANGUAGES[lang]
    for url, shown in pages(lang):
        time = parse(built_site, lang, url).cssselect(".portal-updated time")[0]
        date = content_date(shown)
        assert (time.get("datetime"), time.text) == (date.isoformat(), language.format_date(date)), (lang, url)


def test_the_sitemap_lastmod_is_the_content_date(built_site):
    sitemap = lxml.etree.parse(str(built_site / "sitemap.xml"))
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    lastmod = {url.findtext("sm:loc", namespaces=ns): url.findtext("sm:lastmod", namespaces=ns)
               for url in sitemap.findall("sm:url", ns)}
    for lang in LANGS:
        for url, shown in pages(lang):
            assert lastmod[PUBLIC_URL + prefix(lang) + url] == content_date(shown).isoformat(), (lang, url)


@pytest.mark.parametrize("lang", LANGS)
def test_every_news_post_shows_its_date(built_site, lang):
    posts = [p for p in sorted((REPO / "docs" / SOURCE / "news").glob("*.md")) if p.stem != "index"]
    assert posts
    for post in posts:
        date = yaml.safe_load(post.read_text(encoding="utf-8").split("---", 2)[1])["date"]
        root = parse(built_site, lang, f"news/{post.stem}/")
        time = root.cssselect("article .portal-published time")[0]
        assert time.get("datetime") == date.isoformat() and time.text == LANGUAGES[lang].format_date(date)


def documents() -> list[str]:
    found = []
    for page in sorted((REPO / "docs" / SOURCE / "plans").glob("*.md")):
        meta = yaml.safe_load(page.read_text(encoding="utf-8").split("---", 2)[1]) or {}
        if meta.get("kind") and meta.get("issuer"):
            found.append(page.stem)
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_every_document_has_a_pdf_in_the_language_with_fonts_that_cover_it(built_site, lang):
    assert len(documents()) >= 5
    for slug in documents():
        root = parse(built_site, lang, f"plans/{slug}/")
        link = root.cssselect("a.portal-actions__pdf")[0]
        assert link.get("href") == f"{slug}-{lang}.pdf" and link.get("download") is not None
        with pdfplumber.open(built_site / prefix(lang) / "plans" / slug / link.get("href")) as pdf:
            fonts = {char["fontname"].split("+")[-1] for page in pdf.pages for char in page.chars}
            text = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)
        wanted = "Noto-Sans-CJK-SC" if lang == "zh" else "DejaVu-Sans"
        assert wanted in fonts, (slug, fonts)
        title = " ".join(root.cssselect("article h1")[0].text_content().strip("¶ ").split())
        assert title.replace(" ", "") in text.replace(" ", ""), (slug, title)
        assert f"{PUBLIC_URL}{prefix(lang)}plans/{slug}/" in text.replace(" ", "")


def test_pages_that_are_not_documents_have_no_pdf(built_site):
    for url in ("", "about/", "plans/", "plans/agencies/", "news/"):
        assert not parse(built_site, "en", url).cssselect("a.portal-actions__pdf"), url


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_its_own_404_page(built_site, lang):
    path = built_site / prefix(lang) / "404.html"
    root = lxml.html.parse(str(path)).getroot()
    language = LANGUAGES[lang]
    assert root.get("lang") == lang
    assert root.cssselect("article h1")[0].text == language.label("not_found_title")
    # Served at any depth: every link it needs is absolute.
    homes = {link.get("hreflang"): link.get("href") for link in root.cssselect(".portal-languages a[hreflang]")}
    assert homes == {code: PUBLIC_PATH + prefix(code) for code in LANGS}
    assert root.cssselect("article a.md-button")[0].get("href") == PUBLIC_PATH + prefix(lang)
    config = json.loads(root.get_element_by_id("__config").text)
    assert config["base"] == PUBLIC_PATH + prefix(lang)
    assert all(src.startswith(PUBLIC_PATH) for src in root.xpath("//script/@src | //link[@rel='stylesheet']/@href"))
    assert root.cssselect('meta[http-equiv="Content-Security-Policy"]')


@pytest.mark.parametrize("lang", LANGS)
def test_the_home_page_is_a_portal(built_site, lang):
    root = parse(built_site, lang, "")
    source = (REPO / "docs" / lang / "index.md").read_text(encoding="utf-8")
    heading = next(line[2:].strip() for line in source.splitlines() if line.startswith("# "))
    assert [h.text_content().strip() for h in root.cssselect("article h1")] == [heading]
    form = root.cssselect('form[role="search"]')[0]
    assert form.cssselect('input[name="q"]') and form.get("method") == "get"
    sections = root.cssselect(".portal-home__column")
    assert len(sections) == 3
    news_dates = [t.get("datetime") for t in sections[0].cssselect("time")]
    assert news_dates and news_dates == sorted(news_dates, reverse=True)
    assert len(sections[1].cssselect("li")) == min(5, len(documents()))
    localities = [a.text_content().strip() for a in sections[2].cssselect("a")]
    assert len(localities) == 3
    for link in root.cssselect(".portal-home a[href]"):
        href = link.get("href")
        if href.startswith(("mailto:", "http", "#")):
            continue
        target = urljoin(PUBLIC_URL + prefix(lang), href).removeprefix(PUBLIC_URL).split("#")[0]
        assert (built_site / target / "index.html").is_file(), href


@pytest.mark.parametrize("lang", LANGS)
def test_feeds_sitemaps_and_canonical_links_carry_the_public_address(built_site, lang):
    feed = lxml.etree.parse(str(built_site / prefix(lang) / "feed.xml")).getroot()
    atom = {"a": "http://www.w3.org/2005/Atom"}
    addresses = [feed.findtext("a:id", namespaces=atom)] + [link.get("href") for link in feed.iter(f"{{{atom['a']}}}link")]
    assert addresses and all(address.startswith(PUBLIC_URL + prefix(lang)) for address in addresses)
    sitemap = lxml.etree.parse(str(built_site / (prefix(lang) + "sitemap.xml")))
    locs = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs and all(loc.startswith(PUBLIC_URL + prefix(lang)) for loc in locs)
    for url, _ in pages(lang):
        assert parse(built_site, lang, url).cssselect('link[rel="canonical"]')[0].get("href") == \
            PUBLIC_URL + prefix(lang) + url


def test_the_frame_has_no_inline_script_or_style(built_site):
    for lang in LANGS:
        for url in ("", "glossary/", "plans/ke-hoach-thong-tin-doi-ngoai-ha-noi-2023/"):
            html = (built_site / prefix(lang) / url / "index.html").read_text(encoding="utf-8")
            assert not re.search(r"<[a-z][^>]*\s(style|on[a-z]+)\s*=", html), (lang, url)


def test_glossary_entries_keep_their_anchor_across_languages(built_site):
    anchors = {lang: sorted(row.get("id") for row in parse(built_site, lang, "glossary/")
                            .cssselect("table[data-portal-glossary] tbody tr")) for lang in LANGS}
    assert anchors["vi"] == anchors["en"] == anchors["zh"] and len(anchors["en"]) > 300


@pytest.mark.parametrize("url", ["plans/ke-hoach-thong-tin-doi-ngoai-ha-noi-2023/", "plans/agencies/", "plans/"])
def test_table_cells_carry_their_column_for_the_phone_layout(built_site, url):
    root = parse(built_site, "zh", url)
    tables = root.cssselect("article table")
    assert tables and all(table.get("data-portal-cards") is not None for table in tables)
    for table in tables:
        labels = [th.text_content().strip() for th in table.cssselect("thead th")]
        for row in table.cssselect("tbody tr"):
            assert [td.get("data-label") for td in row.cssselect("td")] == labels[: len(row.cssselect("td"))]
