"""Helpers of the review tests (imported by conftest and tests): a machine
translation run with a fake backend (no model needed), page edits."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from portal.translation.backends import MarkingBackend
from portal.translation.memory import MemoryBackend
from portal.project import Project
from portal.translation.run import BackendStacks, TranslateConfig, translate_pages

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
FAKE_MODEL = "test:marking@1"


def fake_stacks(project: Project, backend=None, glossary_version: str = "") -> BackendStacks:
    """Backend stacks whose every pair is ``backend`` (default: MarkingBackend) behind the memory."""
    stacks = BackendStacks(project, TranslateConfig().argos, glossary_version)
    for target in ("en", "zh"):
        model = backend or MarkingBackend()
        stacks.stacks[("vi", target)] = (
            MemoryBackend(model, stacks.memory(f"vi-{target}"), FAKE_MODEL, glossary_version), FAKE_MODEL)
    return stacks


def machine_translate(project: Project, paths=(), glossary=None):
    """Run the real translation pipeline with the fake backend."""
    version = getattr(glossary, "version", "") if glossary is not None else ""
    return translate_pages(project, [Path(p) for p in paths], TranslateConfig(), glossary,
                           stacks=fake_stacks(project, glossary_version=version))


def write_page(project: Project, lang: str, rel: str, text: str) -> Path:
    path = project.lang_dir(lang) / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def break_a_term(project: Project) -> Path:
    """Make docs/en/press/index.md drop one "Ministry of Foreign Affairs" (a glossary
    violation on its line 10); returns the page."""
    path = project.lang_dir("en") / "press" / "index.md"
    text = path.read_text(encoding="utf-8")
    assert "managed by the Ministry of Foreign Affairs;" in text
    path.write_text(text.replace("managed by the Ministry of Foreign Affairs;", "managed by the foreign ministry;"),
                    encoding="utf-8")
    return path
