"""Fixtures of the review tests: a copy of the real portal in tmp_path, as before any approval."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from review_helpers import REPO

from portal.frontmatter import split_front_matter
from portal.glossary import Glossary, project_glossary
from portal.pages import without_record
from portal.project import Project

FIXTURES = Path(__file__).parent / "fixtures"
UNTRANSLATED = ("promotion/ha-noi.md", "promotion/hai-phong.md", "promotion/hung-yen.md")
"""Pages the tests need without a translation, whatever the portal's translators have done since."""


@pytest.fixture
def project(tmp_path) -> Project:
    """A copy of the portal (mkdocs.yml, docs/, glossary/) as before any approval: no
    records in glossary/reviews/, and the approvals taken out of the translated pages'
    front matter (the translators' hand-written pages, never approved).  The press page
    is the frozen copy in fixtures/press/ (the tests quote its sentences), and the
    UNTRANSLATED pages have no translation."""
    root = tmp_path / "portal"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copytree(REPO / "glossary", root / "glossary", ignore=shutil.ignore_patterns("reviews"))
    for lang in ("en", "zh"):
        for page in (root / "docs" / lang).rglob("*.md"):
            text = page.read_text(encoding="utf-8")
            block = split_front_matter(text, page)[0].get("translation")
            if isinstance(block, dict) and block.get("status") == "reviewed" and "reviewed_by" in block:
                page.write_text(without_record(text), encoding="utf-8")
    for lang in ("vi", "en", "zh"):
        shutil.copy(FIXTURES / "press" / f"{lang}.md", root / "docs" / lang / "press" / "index.md")
        if lang != "vi":
            for rel in UNTRANSLATED:
                (root / "docs" / lang / rel).unlink(missing_ok=True)
    return Project(root)


@pytest.fixture(scope="session")
def glossary() -> Glossary:
    return project_glossary(Project(REPO))
