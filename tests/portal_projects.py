"""Small portal projects for the tests: an mkdocs.yml that lists the languages, as a real one does."""

from __future__ import annotations

from pathlib import Path

PUBLIC_URL = "https://portal.example.gov.vn/thong-tin-doi-ngoai/"
"""The public address the test session builds the portal for: a host that is
never contacted, and a sub-path, so links that only work at a site's root fail."""
PUBLIC_PATH = "/thong-tin-doi-ngoai/"

NAMES = {"vi": "Tiếng Việt", "en": "English", "zh": "中文", "ja": "日本語", "fr": "Français"}


def mkdocs_yml(langs: tuple[str, ...] = ("vi", "en", "zh"), extra: str = "") -> str:
    """An mkdocs.yml for a portal in ``langs`` (the first is the source)."""
    entries = "".join(
        f"        - locale: {lang}\n          name: {NAMES.get(lang, lang)}\n          build: true\n"
        + ("          default: true\n" if index == 0 else "")
        for index, lang in enumerate(langs)
    )
    return ("site_name: test\ndocs_dir: docs\nplugins:\n  - i18n:\n      docs_structure: folder\n"
            f"      languages:\n{entries}{extra}")


def write_project_config(root: Path, langs: tuple[str, ...] = ("vi", "en", "zh")) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    path = root / "mkdocs.yml"
    path.write_text(mkdocs_yml(langs), encoding="utf-8")
    return path
