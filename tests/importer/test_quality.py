"""The OCR quality score on the real seeds and the syllable grammar behind it."""

from __future__ import annotations

import pytest

from portal.importer.quality import OCR_THRESHOLD, measure_quality
from portal.importer.vietnamese import is_syllable


def test_seed_scores(seeds):
    scores = {key: document.quality.score for key, document in seeds.items()}
    assert scores == {"hanoi-2015": 0.999, "hanoi-2023": 0.996, "ocr-notice": 0.652, "haiphong": 0.999,
                      "hungyen": 0.998}
    assert [key for key, doc in seeds.items() if doc.quality.label == "ocr"] == ["ocr-notice"]
    assert seeds["ocr-notice"].quality.score < OCR_THRESHOLD - 0.15  # far from the threshold, not borderline


@pytest.mark.parametrize("word", ["quốc", "giữa", "Nguyễn", "khuyến", "nghiêng", "thuở", "ủy", "uỷ", "đối", "hươu"])
def test_valid_syllables(word):
    assert is_syllable(word)


@pytest.mark.parametrize("word", ["ludin", "ciia", "déi", "d6i", "Thudr", "tich", "ket", "quyéét", "ngoaij"])
def test_invalid_syllables(word):
    # OCR damage: impossible rhymes, digits, and stop-final syllables without sắc/nặng tone.
    assert not is_syllable(word)


def test_score_drops_when_diacritics_are_lost():
    clean = "Tăng cường hợp tác quốc tế về thông tin đối ngoại của thành phố."
    stripped = "Tang cuong hop tac quoc te ve thong tin doi ngoai cua thanh pho."
    assert measure_quality(clean).label == "ok"
    assert measure_quality(clean).score == 1.0
    assert measure_quality(stripped).score < OCR_THRESHOLD
    assert measure_quality("UBND TP HĐND").tokens == 0  # abbreviations are not counted
