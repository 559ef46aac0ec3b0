"""Fixtures for the importer tests: the five real seeds, parsed once."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.importer import Document, load_document

FIXTURES = Path(__file__).parent / "fixtures"

SEEDS = {
    "hanoi-2015": "000_ba5b83f29ac21be2.txt",
    "hanoi-2023": "001_68e207a12679e544.txt",
    "ocr-notice": "002_42e533cfac325ef8.txt",
    "haiphong": "003_7a3a6cfd7afc3140.txt",
    "hungyen": "004_2c1ae3a6ebf0caec.txt",
}


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def seed_paths(seeds_dir: Path) -> dict[str, Path]:
    paths = {key: seeds_dir / name for key, name in SEEDS.items()}
    missing = [str(path) for path in paths.values() if not path.is_file()]
    if missing:
        pytest.fail(f"seed documents missing: {missing}")
    return paths


@pytest.fixture(scope="session")
def seeds(seed_paths: dict[str, Path]) -> dict[str, Document]:
    return {key: load_document(path) for key, path in seed_paths.items()}
