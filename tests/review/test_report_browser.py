"""The review report in a real browser: Debian's chromium driven by Playwright."""

from __future__ import annotations

import pytest
from review_helpers import NOW

from portal.review.approve import approve
from portal.review.report import write_report

PRESS = "press/index.md"


@pytest.mark.browser
def test_stale_block_is_flagged_and_terms_are_marked(project, glossary, tmp_path, browser, artifacts):
    approve(project, [project.lang_dir("en") / PRESS], "Lan", NOW, glossary=glossary)
    source = project.lang_dir("vi") / PRESS
    source.write_text(source.read_text("utf-8").replace("Trang dành", "Trang này dành"), encoding="utf-8")
    report = write_report(project, tmp_path / "site-review", glossary)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(report.as_uri())
        assert page.title() == "Translation review report"
        overview = page.locator('tr[data-page="press/index.md"] td[data-lang="en"]')
        assert overview.get_attribute("data-state") == "stale"
        assert "1 changed" in overview.inner_text()

        page.locator('tr[data-page="press/index.md"] a').click()
        section = page.locator('section[data-page="press/index.md"]')
        changed = section.locator('td.changed[data-lang="en"]')
        assert changed.count() == 1
        row = changed.locator("xpath=..")
        assert row.get_attribute("data-block") == "2"
        assert "approved source: Trang dành cho phóng viên" in changed.inner_text()
        assert "Trang này dành" in row.locator('td[lang="vi"]').inner_text()
        # the changed block stands out: its outline is drawn
        assert changed.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"

        term = section.locator('td[lang="vi"] mark.term', has_text="Bộ Ngoại giao").first
        assert term.is_visible()
        target_term = section.locator('td[data-lang="en"] mark.term', has_text="Ministry of Foreign Affairs").first
        assert target_term.is_visible()
        background = term.evaluate("e => getComputedStyle(e).backgroundColor")
        assert background not in ("rgba(0, 0, 0, 0)", "transparent")

        changed.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / "review.png"))
    finally:
        context.close()
