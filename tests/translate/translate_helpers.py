"""Shared helpers of the translation tests (imported by conftest and tests)."""

from __future__ import annotations

from pathlib import Path

from portal_projects import write_project_config
from synthetic_packages import SyntheticModelConfig

from portal.project import Project
from portal.translation.backends.argos import ArgosConfig

FIXTURES = Path(__file__).parent / "fixtures"

# Tiny and fast: random weights never emit </s>, so decoding is capped.
FAST_ARGOS = ArgosConfig(beam_size=1, intra_threads=1, max_decoding_length=24)
TINY_MODEL = SyntheticModelConfig(num_layers=2, num_heads=2, d_model=64, ffn_dim=128, vocab_size=400)


def make_project(root: Path, pages: dict[str, str] | None = None) -> Project:
    """A portal project at ``root`` with ``docs/vi`` pages (relative path -> text)."""
    root.mkdir(parents=True, exist_ok=True)
    write_project_config(root)
    for lang in ("vi", "en", "zh"):
        (root / "docs" / lang).mkdir(parents=True, exist_ok=True)
    for rel, text in (pages or {}).items():
        path = root / "docs" / "vi" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return Project(root)
