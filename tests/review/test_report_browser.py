"""The review report in a real browser: Debian's chromium driven by Playwright."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from review_helpers import NOW

from portal.review import approve
from portal.review.report import write_report

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
# The launch settings of tests/browser/conftest.py: chromium's background services are refused here.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PRESS = "press/index.md"


@pytest.mark.browser
def test_stale_block_is_flagged_and_terms_are_marked(project, glossary, tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"chromium is not installed at {CHROMIUM}: run `make test-deps`")

    approve(project, [project.lang_dir("en") / PRESS], "Lan", NOW, glossary=glossary)
    source = project.lang_dir("vi") / PRESS
    source.write_text(source.read_text("utf-8").replace("Trang dành", "Trang này dành"), encoding="utf-8")
    report = write_report(project, tmp_path / "site-review", glossary)
    # Its own thread: the sync API refuses to start inside the event loop that
    # tests/browser's session-wide Playwright keeps running in the main thread.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(look_at_report, report).result()


def look_at_report(report: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
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

            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            changed.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "review.png"))
        finally:
            browser.close()
