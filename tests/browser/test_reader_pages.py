"""A foreign reader's paths through the portal, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_english_reader_finds_a_plan_by_year_and_reaches_the_original(page, site_url, artifacts):
    page.goto(site_url + "en/plans/")
    listing = page.locator("article table").first
    expect(listing).to_contain_text("Hanoi People's Committee")
    listing.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(re.escape(site_url + "en/plans/") + r"[a-z0-9-]+/$"))
    card = page.locator(".admonition.info")
    expect(card).to_contain_text("About this document")
    page.screenshot(path=str(artifacts / "en-plan.png"))
    card.get_by_role("link", name="Vietnamese original").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator(".admonition.info")).to_contain_text("Thông tin văn bản")


def test_chinese_reader_sees_tasks_by_agency(page, site_url):
    page.goto(site_url + "zh/plans/agencies/")
    # Each locality's department has its own heading, in Chinese.
    for heading in ("河内 · 信息传媒厅", "海防 · 信息传媒厅"):
        expect(page.locator("article h2", has_text=re.compile(f"^{heading}¶?$"))).to_have_count(1)
    rows = page.locator("article table tbody tr")
    assert rows.count() > 60
    # Each task links to its plan, which opens.
    page.locator("article table tbody tr a").first.click()
    expect(page.locator(".admonition.info")).to_contain_text("文件信息")


@pytest.mark.parametrize("lang", ["", "en/", "zh/"])
def test_feed_is_valid_atom_for_the_browser(page, site_url, lang):
    page.goto(site_url + lang + "news/")
    href = page.locator('head link[type="application/atom+xml"]').get_attribute("href")
    result = page.evaluate(
        """async href => {
            const text = await (await fetch(href)).text();
            const xml = new DOMParser().parseFromString(text, "application/xml");
            return {error: xml.getElementsByTagName("parsererror").length,
                    root: xml.documentElement.localName,
                    entries: xml.getElementsByTagName("entry").length};
        }""",
        href,
    )
    assert result == {"error": 0, "root": "feed", "entries": page.locator("article li").count()}
