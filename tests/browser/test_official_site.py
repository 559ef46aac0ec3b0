"""The portal as a foreign reader meets it, in chromium (issue 12).

Every page type in every language at a phone's width (390 px) and a desktop's
(1280 px): no console error, no failed request, nothing wider than the screen,
and a screenshot kept in tests/artifacts/. Then the language chooser, the
browser-language suggestion, the home page's search, the glossary filter and
printing, used as a reader uses them.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PAGE_TYPES = {
    "home": "",
    "plans": "plans/",
    "document": "plans/ke-hoach-thong-tin-doi-ngoai-ha-noi-2023/",
    "agencies": "plans/agencies/",
    "promotion": "promotion/",
    "locality": "promotion/ha-noi/",
    "news": "news/",
    "post": "news/2023-03-23-ha-noi-ke-hoach-thong-tin-doi-ngoai-2023/",
    "glossary": "glossary/",
    "press": "press/",
    "about": "about/",
    "404": "no-such-page/",
}
WIDTHS = (390, 1280)
LOCALES = {"vi": "vi-VN", "en": "en-GB", "zh": "zh-CN"}
SCREENSHOT_HEIGHT = 8000  # the longest plans are 25,000 px tall on a phone


def root(lang: str) -> str:
    return "" if lang == "vi" else f"{lang}/"


@pytest.mark.parametrize("lang", ["vi", "en", "zh"])
def test_every_page_type_is_clean_fits_a_phone_and_is_photographed(browser, site_url, artifacts, lang):
    problems = []
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale=LOCALES[lang])
        context.set_default_timeout(15_000)
        page = context.new_page()
        seen: list[str] = []
        page.on("pageerror", lambda error: seen.append(f"script error: {error}"))
        page.on("requestfailed", lambda request: seen.append(f"failed: {request.url} {request.failure}"))
        for kind, path in PAGE_TYPES.items():
            seen.clear()
            url = site_url + root(lang) + path

            def logged(message, url=url):
                # Chromium logs the 404 page's own status as an error: that one is the page, not a fault.
                if message.type == "error" and not (kind == "404" and message.location.get("url") == url):
                    seen.append(f"console: {message.text} ({message.location.get('url')})")

            def refused(response, url=url):
                # The 404 page itself answers 404, as it must; nothing else may.
                if response.status >= 400 and not (kind == "404" and response.url == url):
                    seen.append(f"HTTP {response.status}: {response.url}")

            page.on("response", refused)
            page.on("console", logged)
            response = page.goto(url, wait_until="networkidle")
            assert response is not None and response.status == (404 if kind == "404" else 200), (lang, kind)
            expect(page.locator("html")).to_have_attribute("lang", lang)
            expect(page.locator(".portal-languages")).to_be_visible()
            wide = page.evaluate("document.documentElement.scrollWidth")
            if wide > width:
                problems.append(f"{lang} {kind} at {width} px: the page is {wide} px wide")
            height = min(page.evaluate("document.documentElement.scrollHeight"), SCREENSHOT_HEIGHT)
            page.screenshot(path=str(artifacts / f"{lang}-{kind}-{width}.png"), full_page=True,
                            clip={"x": 0, "y": 0, "width": width, "height": height})
            page.remove_listener("response", refused)
            page.remove_listener("console", logged)
            problems += [f"{lang} {kind} at {width} px: {problem}" for problem in seen]
        context.close()
    assert not problems, "\n".join(problems)


def test_the_suggestion_offers_the_browsers_language_and_remembers_its_dismissal(browser, site_url):
    context = browser.new_context(locale="en-US", viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(site_url + "about/")
    offer = page.locator("[data-portal-suggest] [data-lang='en']")
    expect(offer).to_be_visible()
    expect(offer).to_contain_text("This page is also available in English.")
    expect(page.locator("[data-portal-suggest] [data-lang='zh']")).to_be_hidden()
    expect(page).to_have_url(site_url + "about/")  # offered, never redirected
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    offer.get_by_role("button", name="No, thanks").focus()
    page.keyboard.press("Enter")
    expect(offer).to_be_hidden()
    page.reload()
    expect(page.locator("[data-portal-suggest]")).to_be_hidden()
    assert page.evaluate("localStorage.getItem('portal.suggestion')") == "dismissed"
    assert context.cookies() == [], "the portal sets no cookie"
    context.close()


def test_following_the_suggestion_opens_the_same_page_and_is_remembered(browser, site_url):
    context = browser.new_context(locale="zh-TW")
    page = context.new_page()
    page.goto(site_url + "en/press/")
    offer = page.locator("[data-portal-suggest] [data-lang='zh']")
    expect(offer).to_contain_text("本页有中文版。")
    offer.get_by_role("link", name="阅读中文版").click()
    expect(page).to_have_url(site_url + "zh/press/")
    page.goto(site_url + "press/")  # the reader chose: no more offers anywhere
    expect(page.locator("[data-portal-suggest]")).to_be_hidden()
    assert page.evaluate("localStorage.getItem('portal.language')") == "zh"
    context.close()


def test_a_reader_of_the_pages_language_gets_no_offer(browser, site_url):
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    expect(page.locator("[data-portal-suggest]")).to_be_hidden()
    context.close()


@pytest.mark.parametrize(("lang", "query"), [("en", "journalists"), ("vi", "phóng viên")])
def test_the_home_page_hands_its_query_to_the_sites_search(page, site_url, lang, query):
    page.goto(site_url + root(lang))
    box = page.get_by_role("searchbox").first
    box.fill(query)
    box.press("Enter")
    expect(page).to_have_url(site_url + root(lang))  # no reload: the theme's search opens
    expect(page.locator("#__search")).to_be_checked()
    header_box = page.locator("form[name=search] input[name=query]")
    expect(header_box).to_have_value(query)
    expect(header_box).to_be_focused()
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=20_000)


def test_the_home_page_search_works_without_script(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "en/")
    page.get_by_role("searchbox").first.fill("journalists")
    page.get_by_role("searchbox").first.press("Enter")
    expect(page).to_have_url(site_url + "en/?q=journalists")  # the theme's search reads ?q= when it runs
    context.close()


def test_the_glossary_filters_as_one_types_from_the_keyboard(page, site_url):
    page.goto(site_url + "en/glossary/")
    rows = page.locator("table[data-portal-glossary] tbody tr")
    total = rows.count()
    assert total > 300
    # Skip to the content, then the heading's anchor, then the filter.
    page.keyboard.press("Tab")
    expect(page.locator(".md-skip")).to_be_focused()
    page.keyboard.press("Enter")
    box = page.get_by_label("Find a term")
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "glossary-filter":
            break
    expect(box).to_be_focused()
    page.keyboard.type("people's committee")
    status = page.locator(".portal-filter__status")
    expect(status).to_have_text(re.compile(r"^\d+ entries shown$"))
    shown = int(status.inner_text().split()[0])
    assert 1 < shown < total
    assert page.locator("table[data-portal-glossary] tbody tr:visible").count() == shown
    for text in page.locator("table[data-portal-glossary] tbody tr:visible").all_inner_texts():
        assert "people's committee" in text.lower()
    page.keyboard.press("Control+a")
    page.keyboard.type("zzzz")
    expect(status).to_have_text("No entry matches.")
    expect(page.locator("article h2:visible")).to_have_count(0)  # a kind without a match hides, heading too
    page.keyboard.press("Control+a")
    page.keyboard.press("Backspace")
    expect(page.locator("table[data-portal-glossary] tbody tr:visible")).to_have_count(total)


def test_the_vietnamese_glossary_filter_ignores_diacritics_and_entries_are_linkable(page, site_url):
    page.goto(site_url + "glossary/")
    page.get_by_label("Tìm thuật ngữ").fill("uy ban nhan dan thanh pho ha noi")
    expect(page.locator(".portal-filter__status")).to_have_text(re.compile(r"^Hiển thị \d+ mục$"))
    visible = page.locator("table[data-portal-glossary] tbody tr:visible")
    assert 0 < visible.count() < 10
    first = visible.filter(has=page.locator("td:first-child", has_text=re.compile("^Ủy ban nhân dân thành phố Hà Nội")))
    expect(first).to_have_count(1)
    anchor = first.get_attribute("id")
    page.goto(site_url + f"zh/glossary/#{anchor}")
    target = page.locator(f"tr#{anchor}")
    expect(target).to_be_in_viewport()
    expect(target).to_contain_text("河内市人民委员会")


def test_the_language_chooser_keeps_the_glossary_entry(page, site_url):
    page.goto(site_url + "en/glossary/#term-government")
    page.locator(".portal-languages a[hreflang='zh']").click()
    expect(page).to_have_url(site_url + "zh/glossary/#term-government")
    expect(page.locator("html")).to_have_attribute("lang", "zh")
    expect(page.locator("tr#term-government")).to_be_in_viewport()


def test_a_document_prints_without_the_sites_frame_and_has_its_pdf(page, site_url):
    page.goto(site_url + "en/plans/ke-hoach-thong-tin-doi-ngoai-ha-noi-2023/")
    pdf = page.get_by_role("link", name="Download as PDF")
    response = page.request.get(page.evaluate("href => new URL(href, location.href).href", pdf.get_attribute("href")))
    assert response.status == 200 and response.body()[:5] == b"%PDF-"
    page.emulate_media(media="print")
    for frame in (".md-header", ".portal-masthead", ".md-footer", ".md-sidebar--primary", ".portal-actions"):
        expect(page.locator(frame).first).to_be_hidden()
    expect(page.locator("article h1")).to_be_visible()
    expect(page.locator("article table").first).to_be_visible()
