"""Fixtures of the glossary tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.glossary import Glossary, load_glossary

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def small_glossary() -> Glossary:
    return load_glossary(FIXTURES / "terms.yaml")


@pytest.fixture(scope="session")
def real_glossary(repo_root) -> Glossary:
    return load_glossary(repo_root / "glossary" / "terms.yaml")
