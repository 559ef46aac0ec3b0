"""axe-core in chromium on representative pages of every language."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["", "about/", "plans/", "plans/agencies/", "plans/ke-hoach-thong-tin-doi-ngoai-ha-noi-2023/", "glossary/", "news/", "press/"]


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"axe-core is not installed at {AXE}: run `make test-deps`")
    return AXE.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["vi", "en", "zh"])
def test_no_serious_or_critical_accessibility_violations(page, site_url, axe_source, lang):
    found = []
    for path in PAGES:
        page.goto(site_url + ("" if lang == "vi" else f"{lang}/") + path)
        # Evaluated by the test harness, not injected as a <script>: the site's CSP rightly refuses those.
        page.evaluate(axe_source)
        violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
        for violation in violations:
            if violation["impact"] in {"serious", "critical"}:
                targets = [node["target"] for node in violation["nodes"][:3]]
                found.append(f"{lang}/{path}: {violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    assert not found, "\n".join(found)
