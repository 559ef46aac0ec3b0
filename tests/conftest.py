"""Fixtures shared by every test folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Chromium's background services try to reach Google and are refused here.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The government documents the portal imports, committed with it.
SEEDS_DIR = REPO_ROOT / "sources"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS_DIR.is_dir():
        pytest.fail(f"the seed documents are missing: expected {SEEDS_DIR}")
    return SEEDS_DIR


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The committed portal, built once per test session with the strict checks of `make build`,
    for production at PUBLIC_URL (a sub-path of a host never contacted)."""
    from portal.project import Project
    from portal.sitebuild.build import build_site
    from portal_projects import PUBLIC_URL

    site_dir = tmp_path_factory.mktemp("site")
    build_site(Project(REPO_ROOT), site_dir, strict=True, site_url=PUBLIC_URL, production=True)
    return site_dir


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, headless, driven by Playwright (its own browser download fails offline)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"chromium is not installed at {CHROMIUM}: run `make test-deps`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where browser tests keep their screenshots."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
