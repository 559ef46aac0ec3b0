"""What a foreign reader does in a real browser: switch language, search."""

from __future__ import annotations

import functools
import json
import re
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from portal.project import Project
from portal.sitebuild.build import build_site
from portal.sitebuild.csp import POLICY

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


@pytest.mark.parametrize(("lang", "query"), [("en", "Hanoi"), ("zh", "河内")])
def test_search_finds_the_hanoi_page_in_the_readers_language(page, site_url, lang, query):
    # The Hanoi promotion page is indexed as it is translated ("Hanoi", "河内"), not as "Hà Nội".
    page.goto(site_url + f"{lang}/")
    links = [absolute(page, href) for href in result_links(search(page, query))]
    assert site_url + f"{lang}/promotion/ha-noi/" in links, links


# A copy of the portal for what the committed pages cannot show: Vietnamese
# pages written with and without đ, and a page not yet translated.
ACCENTED = """---
title: Điện Biên và Đà Nẵng
---

# Điện Biên và Đà Nẵng

Thu hút đầu tư vào tỉnh Điện Biên và thành phố Đà Nẵng.
"""
UNACCENTED = """---
title: Trang viet khong dau
---

# Trang viet khong dau

Dien Bien va Da Nang, dau tu: mot trang go khong dau.
"""


MARKUP_TITLE = """---
title: Thẻ <b>đậm</b> ở Cần Giờ
---

# Thẻ &lt;b&gt;đậm&lt;/b&gt; ở Cần Giờ

Một tiêu đề có chữ giống thẻ HTML: &lt;b&gt; là chữ, không phải thẻ.
"""


class CspHeaderHandler(SimpleHTTPRequestHandler):
    """Serves scripts with the portal's policy as a header, as a production server does: a
    dedicated worker obeys the policy of its own file, not the page's <meta>."""

    def end_headers(self):
        if self.path.split("?")[0].endswith(".js"):
            self.send_header("Content-Security-Policy", POLICY.format(hashes="").replace("  ", " "))
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


@pytest.fixture(scope="module")
def search_site_url(tmp_path_factory, repo_root):
    root = tmp_path_factory.mktemp("search-portal")
    for name in ("mkdocs.yml", "hooks", "docs", "glossary"):
        source = repo_root / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    (root / "docs" / "vi" / "press" / "dien-bien.md").write_text(ACCENTED, encoding="utf-8")
    (root / "docs" / "vi" / "press" / "khong-dau.md").write_text(UNACCENTED, encoding="utf-8")
    (root / "docs" / "vi" / "press" / "the-html.md").write_text(MARKUP_TITLE, encoding="utf-8")
    for lang in ("en", "zh"):
        (root / "docs" / lang / "about.md").unlink()  # shown in Vietnamese on those sites
    build_site(Project(root), root / "site")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(CspHeaderHandler, directory=str(root / "site")))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(("query", "expected"), [("Dien Bien", "Điện Biên"), ("dau tu", "đầu tư"), ("Da Nang", "Đà Nẵng")])
def test_vietnamese_search_without_diacritics_finds_d_with_stroke(page, search_site_url, query, expected):
    # "đầu tư" (investment) is on many pages; Điện Biên and Đà Nẵng only on the added one.
    page.goto(search_site_url)
    requests = []  # from the first keystroke on: what searching costs
    page.on("request", lambda request: requests.append(request.url))
    results = search(page, query)
    links = [absolute(page, href) for href in result_links(results)]
    assert query == "dau tu" or search_site_url + "press/dien-bien/" in links, links
    # What the reader sees is the page's own text: đ, not the indexer's spelling of it.
    expect(results.filter(has_text=expected).first).to_be_visible()
    assert "\u0335" not in page.locator(".md-search-result").inner_text()
    assert any("/pagefind/" in url for url in requests), "the worker's requests are seen"
    assert all(url.startswith(search_site_url) for url in requests), "no request leaves the site"


def test_the_exact_spelling_ranks_first(page, search_site_url):
    page.goto(search_site_url)
    accented, unaccented = search_site_url + "press/dien-bien/", search_site_url + "press/khong-dau/"
    # Typed without marks: both spellings are found.
    assert {accented, unaccented} <= set(absolute(page, href) for href in result_links(search(page, "Dien Bien")))
    # Typed with them: the page written so comes first.
    page.goto(search_site_url)
    assert absolute(page, result_links(search(page, "Điện Biên"))[0]) == accented


def test_result_text_that_looks_like_markup_stays_text(page, search_site_url):
    page.goto(search_site_url)
    results = search(page, "Cần Giờ")
    result = results.filter(has_text="Cần Giờ").first
    expect(result.locator("h1")).to_contain_text("Thẻ <b>đậm</b> ở Cần Giờ")
    assert result.locator("b").count() == 0, "a title is shown as text, never as HTML"


def answer(page, query: str) -> list[str]:
    """The pages a query finds, possibly none (Pagefind also matches parts of words, so few
    queries find nothing at all)."""
    config = json.loads(page.locator("#__config").text_content())
    placeholder = config["translations"]["search.result.placeholder"]
    box = page.locator("input.md-search__input")
    box.click()
    meta = page.locator(".md-search-result__meta")
    expect(meta).to_have_text(placeholder, timeout=20_000)
    box.fill(query)
    box.press("End")
    expect(meta).not_to_have_text(placeholder, timeout=15_000)
    return [absolute(page, href) for href in result_links(page.locator(".md-search-result__item"))]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pages_not_yet_translated_are_not_in_the_other_indexes(page, search_site_url, lang):
    # The about page shows its Vietnamese text on these sites; only the Vietnamese site finds it.
    page.goto(search_site_url)
    assert search_site_url + "about/" in answer(page, "tham chiếu")
    page.goto(search_site_url + f"{lang}/")
    found = answer(page, "tham chiếu")
    assert search_site_url + f"{lang}/about/" not in found, found
    assert all(link.startswith(search_site_url + f"{lang}/") for link in found), found
