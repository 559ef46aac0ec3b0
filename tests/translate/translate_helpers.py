"""Shared helpers of the translation tests (imported by conftest and tests)."""

from __future__ import annotations

from pathlib import Path

from portal_projects import write_project_config
from synthetic_packages import SyntheticModelConfig

from portal.glossary import TermSpan
from portal.project import Project
from portal.translation.backends.argos import ArgosConfig
from portal.translation.backends.libretranslate import LibreTranslateConfig

FIXTURES = Path(__file__).parent / "fixtures"

# Tiny and fast: random weights never emit </s>, so decoding is capped.
FAST_ARGOS = ArgosConfig(beam_size=1, intra_threads=1, max_decoding_length=24)
TINY_MODEL = SyntheticModelConfig(num_layers=2, num_heads=2, d_model=64, ffn_dim=128, vocab_size=400)


# The LibreTranslate test servers require a key; the slow one may send 2 requests a minute.
LT_API_KEY = "portal-test-key"
LT_SLOW_KEY = "portal-slow-key"


def lt_config(*endpoints: str, **options) -> LibreTranslateConfig:
    """Settings for the test servers: small requests (many of them), quick retries."""
    settings = {"api_key": LT_API_KEY, "batch_size": 4, "retries": 3, "backoff": 0.05, "max_backoff": 1.0,
                "timeout": 60.0}
    settings.update(options)
    return LibreTranslateConfig(endpoints=tuple(endpoints), **settings)


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


class StubGlossary:
    """Implements the Glossary.find interface of portal.glossary."""

    version = "stub-1"
    TERMS = {"Hà Nội": {"en": "Hanoi", "zh": "河内"}, "Chính phủ": {"en": "the Government", "zh": "政府"}}

    def find(self, text: str, target_lang: str) -> list[TermSpan]:
        spans = []
        for source, targets in self.TERMS.items():
            start = text.find(source)
            while start >= 0:
                spans.append(TermSpan(start, start + len(source), source, targets[target_lang], source))
                start = text.find(source, start + len(source))
        return sorted(spans, key=lambda s: s.start)
