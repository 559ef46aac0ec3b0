"""Diacritic restoration (experimental), measured leave-one-out on the clean seeds."""

from __future__ import annotations

import re

import pytest

from portal.importer.restore import strip_diacritics, train_restorer, word_accuracy

CLEAN = ["hanoi-2015", "hanoi-2023", "haiphong", "hungyen"]
# Measured word accuracy after restoring the held-out seed with its accents stripped
# (baseline: the stripped text itself, 0.13-0.15).
MEASURED = {"hanoi-2015": 0.935, "hanoi-2023": 0.896, "haiphong": 0.925, "hungyen": 0.902}


def text(path) -> str:
    return re.sub(r"<[^>]*>", " ", path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("held_out", CLEAN)
def test_leave_one_out_word_accuracy(seed_paths, held_out):
    restorer = train_restorer([text(seed_paths[key]) for key in CLEAN if key != held_out])
    reference = text(seed_paths[held_out])
    stripped = strip_diacritics(reference)
    assert word_accuracy(stripped, reference) < 0.16
    assert round(word_accuracy(restorer.restore(stripped), reference), 3) == MEASURED[held_out]


def test_case_and_unknown_words_are_kept():
    restorer = train_restorer(["Thông tin đối ngoại của Thủ tướng TTg"])
    assert restorer.restore("THONG TIN doi ngoai, Thu tuong TTg Xyz") == "THÔNG TIN đối ngoại, Thủ tướng TTg Xyz"
