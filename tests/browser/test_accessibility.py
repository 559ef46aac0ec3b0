"""axe-core in chromium on representative pages of every language."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
# Every page type (the same as the screenshots'), the 404 page included.
PAGES = ["", "about/", "plans/", "plans/agencies/", "plans/ke-hoach-thong-tin-doi-ngoai-ha-noi-2023/", "glossary/",
         "news/", "news/2023-03-23-ha-noi-ke-hoach-thong-tin-doi-ngoai-2023/", "press/", "promotion/",
         "promotion/ha-noi/", "no-such-page/"]
# On a phone the tables are cards and the masthead wraps: checked again at 390 px.
PHONE_PAGES = ["", "plans/ke-hoach-thong-tin-doi-ngoai-ha-noi-2023/", "glossary/"]


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"axe-core is not installed at {AXE}: run `make test-deps`")
    return AXE.read_text(encoding="utf-8")


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["vi", "en", "zh"])
def test_no_serious_or_critical_accessibility_violations(page, site_url, axe_source, lang, width):
    found = []
    page.set_viewport_size({"width": width, "height": 900})
    for path in PAGES if width > 400 else PHONE_PAGES:
        page.goto(site_url + ("" if lang == "vi" else f"{lang}/") + path)
        # Evaluated by the test harness, not injected as a <script>: the site's CSP rightly refuses those.
        page.evaluate(axe_source)
        violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
        for violation in violations:
            if violation["impact"] in {"serious", "critical"}:
                targets = [node["target"] for node in violation["nodes"][:3]]
                found.append(f"{lang}/{path} at {width} px: {violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    assert not found, "\n".join(found)
