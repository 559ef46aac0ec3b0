"""The generated parts of the built portal: listings, cards, notices, agency index, feeds."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import lxml.etree
import lxml.html
import pytest
import yaml

from portal.project import Project
from portal_projects import PUBLIC_URL

SITE_URL = PUBLIC_URL
ATOM = {"a": "http://www.w3.org/2005/Atom"}

# The portal's languages, as its mkdocs.yml lists them.
_LANGUAGES = Project(Path(__file__).resolve().parents[2]).languages
LANGS = _LANGUAGES.codes
SOURCE_LANG = _LANGUAGES.source.code


def prefix(lang: str) -> str:
    return "" if lang == SOURCE_LANG else f"{lang}/"


def html(site: Path, url_path: str):
    return lxml.html.parse(str(site / url_path / "index.html")).getroot()


def source_documents(repo_root: Path) -> dict[str, dict]:
    """Front matter of the Vietnamese plan pages that are official documents."""
    found = {}
    for page in sorted((repo_root / "docs" / "vi" / "plans").glob("*.md")):
        meta = yaml.safe_load(page.read_text(encoding="utf-8").split("---", 2)[1]) or {}
        if meta.get("kind") and meta.get("issuer"):
            found[page.stem] = meta
    return found


def page_paths(repo_root: Path) -> list[str]:
    """Every page of the portal as a URL path under a language root (``plans/x/``)."""
    paths = []
    for page in sorted((repo_root / "docs" / SOURCE_LANG).rglob("*.md")):
        rel = page.relative_to(repo_root / "docs" / SOURCE_LANG).as_posix().removesuffix(".md")
        paths.append("" if rel == "index" else rel.removesuffix("/index").removesuffix("index") + "/")
    return paths


def resolve(page_url: str, href: str) -> str:
    return urljoin(page_url, href).split("#")[0]


def built_url_exists(site: Path, url: str) -> bool:
    return (site / url.removeprefix(SITE_URL) / "index.html").is_file()


@pytest.mark.parametrize("lang", LANGS)
def test_plans_are_listed_by_year_newest_first_and_by_place(built_site, repo_root, lang):
    documents = source_documents(repo_root)
    page_url = SITE_URL + prefix(lang) + "plans/"
    root = html(built_site, prefix(lang) + "plans")
    headings = [h.text_content().strip("¶ ") for h in root.cssselect("article h3")]
    years = sorted({meta["date"].year for meta in documents.values() if meta.get("date")}, reverse=True)
    assert headings[: len(years)] == [str(year) for year in years]
    # Every document appears once under its year and once under its place, and every link works.
    links = [resolve(page_url, a.get("href")) for a in root.cssselect("article table a, article li a")]
    for slug in documents:
        target = SITE_URL + prefix(lang) + f"plans/{slug}/"
        assert links.count(target) == 2, (slug, links)
    assert all(built_url_exists(built_site, link) for link in links)


def test_names_in_listings_follow_the_glossary(built_site):
    en = html(built_site, "en/plans").text_content()
    zh = html(built_site, "zh/plans").text_content()
    assert "Hanoi People's Committee" in en and "Hung Yen Provincial People's Committee" in en
    assert "河内市人民委员会" in zh


def test_document_page_has_a_metadata_card_and_links_to_the_original(built_site, repo_root):
    meta = source_documents(repo_root)["ke-hoach-thong-tin-doi-ngoai-ha-noi-2023"]
    assert meta["number"] == "101/KH-UBND"
    root = html(built_site, "en/plans/ke-hoach-thong-tin-doi-ngoai-ha-noi-2023")
    card = root.cssselect(".admonition.info")[0]
    text = card.text_content()
    for expected in ("101/KH-UBND", "23 March 2023", "Hanoi People's Committee", "Hà Minh Hải, Vice Chairman"):
        assert expected in text
    # Relative: the original opens wherever the site is hosted, a sub-path included.
    original = card.cssselect("a")[0].get("href")
    assert original == "../../../plans/ke-hoach-thong-tin-doi-ngoai-ha-noi-2023/"
    page_url = SITE_URL + "en/plans/ke-hoach-thong-tin-doi-ngoai-ha-noi-2023/"
    assert urljoin(page_url, original) == SITE_URL + "plans/ke-hoach-thong-tin-doi-ngoai-ha-noi-2023/"
    vi_card = html(built_site, "plans/ke-hoach-thong-tin-doi-ngoai-ha-noi-2023").cssselect(".admonition.info")[0]
    assert "23/3/2023" in vi_card.text_content() and not vi_card.cssselect("a")


VIETNAMESE_WORD = re.compile(r"\b\w*[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĂÂĐÊÔƠƯ]\w*\b", re.I)


def vietnamese_runs(text: str, longest: int = 3) -> list[str]:
    """Runs of more than ``longest`` Vietnamese words in a row: a sentence, not a proper name."""
    runs, current, last_end = [], [], -1
    for match in VIETNAMESE_WORD.finditer(text):
        gap = text[last_end:match.start()] if last_end >= 0 else ""
        if current and (len(gap) > 3 or any(ch.isalpha() and ch.isascii() for ch in gap) and len(gap.split()) > 1):
            if len(current) > longest:
                runs.append(" ".join(current))
            current = []
        current.append(match.group())
        last_end = match.end()
    if len(current) > longest:
        runs.append(" ".join(current))
    return runs


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != SOURCE_LANG])
def test_every_page_is_in_the_readers_language(built_site, repo_root, lang):
    """Issue 11's promise, kept: every page of the portal is translated and shows no source text.

    On every page of the English and Chinese sites: no notice that the page is untranslated,
    nothing marked lang="vi", and no run of Vietnamese words longer than a proper name in the
    page's title, description, body, tables, listings and cards (the glossary page, which
    shows every language on purpose, aside).
    """
    problems = []
    for path in page_paths(repo_root):
        if path.startswith("glossary/"):
            continue
        root = html(built_site, prefix(lang) + path.removesuffix("/"))
        article = root.cssselect("article")[0]
        text = " ".join([root.findtext(".//title") or "", root.cssselect('meta[name="description"]')[0].get("content"),
                         article.text_content()])
        if root.cssselect('article [lang="vi"]'):
            problems.append(f"{lang}/{path}: text marked as Vietnamese")
        problems += [f"{lang}/{path}: {run!r}" for run in vietnamese_runs(text)]
    assert not problems, "\n".join(problems[:40])


def test_agency_index_lists_every_task_once(built_site, repo_root):
    tasks = sum(len(meta.get("tasks") or []) for meta in source_documents(repo_root).values())
    assert tasks >= 60
    for lang in LANGS:
        root = html(built_site, prefix(lang) + "plans/agencies")
        rows = root.cssselect("article table tbody tr")
        assert len(rows) == tasks, lang
        agencies = [h.text_content().strip("¶ ") for h in root.cssselect("article h2")]
        assert len(agencies) == len(set(agencies)), "one heading per agency of a locality"
    zh_agencies = [h.text_content().strip("¶ ") for h in html(built_site, "zh/plans/agencies").cssselect("article h2")]
    # Hanoi's department is not Hai Phong's: each locality has its own heading.
    assert "河内 · 信息传媒厅" in zh_agencies and "海防 · 信息传媒厅" in zh_agencies
    counts = {h.text_content().strip("¶ "): h.getnext().text_content().strip()
              for h in html(built_site, "en/plans/agencies").cssselect("article h2")}
    assert counts["Hanoi · City Police"] == "4 tasks" and "1 task" in counts.values()


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_a_valid_atom_feed_linked_from_every_page(built_site, repo_root, lang):
    feed = lxml.etree.parse(str(built_site / prefix(lang) / "feed.xml")).getroot()
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    for required in ("a:id", "a:title", "a:updated"):
        assert feed.find(required, ATOM) is not None
    posts = sorted(p.stem for p in (repo_root / "docs" / lang / "news").glob("*.md") if p.stem != "index")
    entries = feed.findall("a:entry", ATOM)
    assert sorted(e.find("a:link", ATOM).get("href") for e in entries) == sorted(
        SITE_URL + prefix(lang) + f"news/{post}/" for post in posts
    )
    updated = [e.findtext("a:updated", namespaces=ATOM) for e in entries]
    assert updated == sorted(updated, reverse=True), "newest first"
    page_url = SITE_URL + prefix(lang) + "about/"
    link = html(built_site, prefix(lang) + "about").cssselect('head link[type="application/atom+xml"]')[0]
    assert resolve(page_url, link.get("href")) == SITE_URL + prefix(lang) + "feed.xml"
