"""Vietnamese normalisation: Unicode form, tone placement, case, spacing."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.glossary.normalize import exact_token, normalize, retone


@pytest.mark.parametrize(
    "old, new",
    [
        ("Uỷ ban", "Ủy ban"),
        ("hoà bình", "hòa bình"),
        ("thuỷ", "thủy"),
        ("khoẻ", "khỏe"),
        ("Thành uỷ", "Thành ủy"),
        ("HOÀ", "hòa"),
        ("Ứng Hoà", "ứng hòa"),
    ],
)
def test_old_and_new_tone_placement_compare_equal(old, new):
    assert normalize(old) == normalize(new)


def test_nfd_input_matches_nfc():
    text = "Ủy ban nhân dân thành phố Hà Nội"
    assert normalize(unicodedata.normalize("NFD", text)) == normalize(text)


def test_case_whitespace_and_dashes():
    assert normalize("SỞ  Văn hóa – Thể thao\nvà Du lịch") == normalize("sở văn hóa - thể thao và du lịch")


@pytest.mark.parametrize("word", ["quý", "hoàng", "khuyến", "thuận", "hoặc", "của"])
def test_words_with_fixed_tone_position_are_unchanged(word):
    assert retone(word) == word


def test_exact_token_keeps_case_and_moves_tone():
    assert exact_token("Uỷ") == "Ủy"
    assert exact_token("UBND") == "UBND"


@given(st.text(alphabet="aăâeêioôơuưyhoàáảãạèéẻẽẹỳýỷỹỵ", max_size=8))
def test_retone_keeps_length(word):
    word = unicodedata.normalize("NFC", word)
    assert len(retone(word)) == len(word)
