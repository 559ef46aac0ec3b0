"""Fixtures of the translation tests: real Argos-format packages (tiny, random
weights, built once per session) and throw-away portal projects."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from translate_helpers import FIXTURES, TINY_MODEL, make_project

from synthetic_packages import build_argos_package
from portal.project import Project


@pytest.fixture(scope="session")
def corpus(seeds_dir) -> list[str]:
    lines = []
    for path in sorted(seeds_dir.glob("*.txt")):
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines + ["The city plan for foreign information.", "Thành phố Hà Nội ⟨0⟩ ⟨1⟩ ⟨2⟩."]


@pytest.fixture(scope="session")
def package_dirs(tmp_path_factory, corpus) -> dict[str, Path]:
    """Unpacked generated packages: vi-en and en-zh (no direct vi-zh)."""
    root = tmp_path_factory.mktemp("packages")
    return {
        "vi-en": build_argos_package(root / "vi_en", "vi", "en", corpus, TINY_MODEL),
        "en-zh": build_argos_package(root / "en_zh", "en", "zh", corpus, TINY_MODEL),
    }


@pytest.fixture
def project(tmp_path) -> Project:
    pages = {
        "index.md": (FIXTURES / "rich.md").read_text(encoding="utf-8"),
        "plans/plain.md": (FIXTURES / "plain.md").read_text(encoding="utf-8"),
    }
    return make_project(tmp_path / "site", pages)


@pytest.fixture
def installed_project(project, package_dirs) -> Project:
    from portal.translation.packages import install_from_path

    for folder in package_dirs.values():
        install_from_path(folder, project.models_dir)
    return project


def copy_package(folder: Path, into: Path) -> Path:
    shutil.copytree(folder, into)
    return into


@pytest.fixture
def argos_home(tmp_path, monkeypatch) -> Path:
    """argostranslate creates its folders when first imported: keep them out of $HOME."""
    home = tmp_path / "argos-home"
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(home / "packages"))
    return home
