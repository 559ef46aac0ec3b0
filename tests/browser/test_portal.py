"""What a foreign reader does in a real browser: switch language, search."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def switch_language(page, lang: str) -> None:
    """Pick a language by its name at the top of the page, as a reader does."""
    link = page.locator(f".portal-languages a[hreflang='{lang}']")
    expect(link).to_be_visible()
    link.click()


def heading(repo_root, lang: str, rel: str) -> str:
    """A page's H1 as its translators wrote it."""
    text = (repo_root / "docs" / lang / rel).read_text(encoding="utf-8")
    return next(line[2:].strip() for line in text.splitlines() if line.startswith("# "))


def test_language_switch_keeps_the_page(page, site_url, artifacts, repo_root):
    page.goto(site_url + "about/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("h1")).to_contain_text(heading(repo_root, "vi", "about.md"))

    switch_language(page, "en")
    expect(page).to_have_url(site_url + "en/about/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text(heading(repo_root, "en", "about.md"))

    switch_language(page, "zh")
    expect(page).to_have_url(site_url + "zh/about/")
    expect(page.locator("html")).to_have_attribute("lang", "zh")
    expect(page.locator("h1")).to_contain_text(heading(repo_root, "zh", "about.md"))
    page.screenshot(path=str(artifacts / "zh-about.png"), full_page=True)

    switch_language(page, "vi")
    expect(page).to_have_url(site_url + "about/")


@pytest.mark.parametrize(("start", "target"), [("", "en/"), ("press/", "zh/press/"), ("zh/glossary/", "glossary/")])
def test_language_chooser_works_from_the_keyboard(page, site_url, start, target):
    """From the top of the page, a few Tabs reach the languages; Enter opens the same page."""
    page.goto(site_url + start)
    lang = target.split("/")[0] if target.startswith(("en/", "zh/")) else "vi"
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('hreflang')") == lang:
            break
    else:
        pytest.fail(f"the {lang} link is not among the first six stops of the Tab key")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none", "focus is visible"
    page.keyboard.press("Enter")
    expect(page).to_have_url(site_url + target)
    expect(page.locator("html")).to_have_attribute("lang", lang)


def search(page, query: str):
    """Type a query once the search worker has indexed the site."""
    config = json.loads(page.locator("#__config").text_content())
    ready = config["translations"]["search.result.placeholder"]  # in the page's language
    box = page.locator("input.md-search__input")
    box.click()
    expect(page.locator(".md-search-result__meta")).to_have_text(ready, timeout=20_000)
    box.fill(query)
    # Material searches on key events; an IME commits Chinese text the same way.
    box.press("End")
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=15_000)
    return results


def result_links(results) -> list[str]:
    return [results.nth(i).locator("a").first.get_attribute("href") for i in range(results.count())]


def absolute(page, href: str) -> str:
    """The result's page URL, without the ?h= highlight query and the #anchor."""
    return page.evaluate("href => { const u = new URL(href, location.href); return u.origin + u.pathname }", href)


def test_chinese_search_finds_a_word_inside_a_sentence(page, site_url, artifacts):
    page.goto(site_url + "zh/about/")
    # 译员 ("translator") stands mid-sentence in 尚未经译员审校的页面; only
    # jieba's segmentation at build time makes it a searchable word.
    results = search(page, "译员")
    expect(results.first).to_contain_text("译员")
    links = [absolute(page, href) for href in result_links(results)]
    assert site_url + "zh/" in links, links
    page.screenshot(path=str(artifacts / "zh-search.png"))


@pytest.mark.parametrize(
    ("start", "query"), [("en/press/", "information"), ("zh/press/", "信息"), ("press/", "thông tin")]
)
def test_search_answers_in_the_readers_language_only(page, site_url, start, query):
    # "information", 信息 and "thông tin" stand on pages of all three sites (the
    # English and Chinese sites show Vietnamese pages not yet translated); the
    # shared index would return all of them on every site.
    page.goto(site_url + start)
    links = [absolute(page, href) for href in result_links(search(page, query))]
    assert links
    prefix = start.split("/")[0] + "/" if start.startswith(("en/", "zh/")) else ""
    for link in links:
        rest = link[len(site_url) :]
        assert link.startswith(site_url + prefix), link
        if not prefix:
            assert not rest.startswith(("en/", "zh/")), link


@pytest.mark.parametrize(
    ("query", "expected"),
    [("van mieu", "Văn Miếu"), ("bien dich vien", "biên dịch viên"), ("le hoi", "lễ hội")],
)
def test_vietnamese_search_ignores_diacritics(page, site_url, query, expected):
    page.goto(site_url)
    results = search(page, query)
    # Some result shows the accented words the query was typed without.
    expect(results.filter(has_text=re.compile(expected, re.IGNORECASE)).first).to_be_visible()


def test_english_search_finds_an_english_page(page, site_url):
    page.goto(site_url + "en/")
    results = search(page, "journalists")
    expect(results.first).to_contain_text("journalists")
    assert all(absolute(page, href).startswith(site_url + "en/") for href in result_links(results))
