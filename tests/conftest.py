"""Fixtures shared by every test folder."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
# CI clones the repository with the shared folder beside it: ../shared/seeds.
SEEDS_DIR = REPO_ROOT.parent / "shared" / "seeds"


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
    """The committed portal, built once per test session with the strict checks of `make build`."""
    from portal.project import Project
    from portal.sitebuild.build import build_site

    site_dir = tmp_path_factory.mktemp("site")
    build_site(Project(REPO_ROOT), site_dir, strict=True)
    return site_dir
