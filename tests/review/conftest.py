"""Fixtures of the review tests: a copy of the real portal in tmp_path, as before any approval."""

from __future__ import annotations

import shutil

import pytest
from review_helpers import REPO

from portal.frontmatter import split_front_matter
from portal.glossary import Glossary
from portal.project import Project
from portal.translation.run import without_translation_block


@pytest.fixture
def project(tmp_path) -> Project:
    """A copy of the portal (mkdocs.yml, docs/, glossary/) as before any approval: no
    records in glossary/reviews/, and the approvals taken out of the translated pages'
    front matter (the translators' hand-written pages, never approved)."""
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
                page.write_text(without_translation_block(text), encoding="utf-8")
    return Project(root)


@pytest.fixture(scope="session")
def glossary() -> Glossary:
    return Glossary.from_project(Project(REPO))
