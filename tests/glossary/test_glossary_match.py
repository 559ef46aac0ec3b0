"""Finding terms: longest first, whole syllables, abbreviations, offsets."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from portal.glossary import TermSpan, load_glossary


def ids(spans):
    return [s.entry_id for s in spans]


def test_longest_match_wins(small_glossary):
    text = "Ủy ban nhân dân thành phố Hà Nội họp với Ủy ban nhân dân."
    spans = small_glossary.find(text, "en")
    assert ids(spans) == ["hanoi-peoples-committee", "peoples-committee"]
    assert spans[0] == TermSpan(0, 32, "Ủy ban nhân dân thành phố Hà Nội", "Hanoi People's Committee",
                                "hanoi-peoples-committee")


def test_spans_point_into_the_original_text(small_glossary):
    text = "Ngày 5, UBND thành phố Hà Nội và Sở Thông tin và Truyền thông"
    for span in small_glossary.find(text, "zh"):
        assert text[span.start : span.end] == span.source
    assert [s.target for s in small_glossary.find(text, "zh")] == ["河内市人民委员会", "信息传媒厅"]


def test_only_whole_syllables(small_glossary):
    assert small_glossary.find("Hà Nộii và Hàa Nội", "en") == []
    assert ids(small_glossary.find("(Hà Nội)", "en")) == ["hanoi"]


def test_old_tone_placement_and_nfd(small_glossary):
    text = unicodedata.normalize("NFD", "Uỷ ban nhân dân thành phố Hà Nội vì hoà bình")
    spans = small_glossary.find(text, "en")
    assert ids(spans) == ["hanoi-peoples-committee", "peace"]
    assert spans[1].source == text[spans[1].start : spans[1].end]
    assert unicodedata.normalize("NFC", spans[1].source) == "hoà bình"


def test_abbreviations_are_case_sensitive(small_glossary):
    assert ids(small_glossary.find("UBND họp", "en")) == ["peoples-committee"]
    assert small_glossary.find("ubnd họp", "en") == []


def test_all_caps_text_matches_ordinary_terms(small_glossary):
    assert ids(small_glossary.find("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "en")) == ["hanoi-peoples-committee"]


def test_case_sensitive_entries(small_glossary):
    assert ids(small_glossary.find("Hợp tác với Pháp theo pháp luật", "en")) == ["france"]
    assert ids(small_glossary.find("QUYẾT ĐỊNH: ... Quyết định này; UBND quyết định", "en")) == [
        "decision", "decision", "peoples-committee",
    ]


def test_abbreviations_inside_document_numbers_are_not_terms(small_glossary):
    text = "Kế hoạch số 117/KH-UBND của UBND Thành phố; Quyết định 04/2013/QĐ-UBND"
    assert ids(small_glossary.find(text, "en")) == ["peoples-committee", "decision"]


def test_results_are_sorted_and_disjoint(real_glossary, seeds_dir):
    text = (seeds_dir / "001_68e207a12679e544.txt").read_text(encoding="utf-8")
    spans = real_glossary.find(text, "en")
    assert spans
    for a, b in zip(spans, spans[1:]):
        assert a.end <= b.start
    assert all(text[s.start : s.end] == s.source for s in spans)


def test_nfd_seed_gives_same_entries(real_glossary, seeds_dir):
    text = (seeds_dir / "000_ba5b83f29ac21be2.txt").read_text(encoding="utf-8")
    nfd = unicodedata.normalize("NFD", text)
    assert ids(real_glossary.find(nfd, "en")) == ids(real_glossary.find(text, "en"))


SMALL = load_glossary(Path(__file__).parent / "fixtures" / "terms.yaml")
PIECES = ["Ủy ban nhân dân", " thành phố ", "Hà Nội", "UBND", "ubnd", "hoà bình", "-", "/", " ", "Pháp",
          "pháp", "QĐ", "\n", "ộ", "\u0300", "x"]


@given(st.lists(st.sampled_from(PIECES), max_size=12))
def test_spans_are_sorted_disjoint_and_exact(pieces):
    glossary = SMALL
    text = "".join(pieces)
    spans = glossary.find(text, "zh")
    for a, b in zip(spans, spans[1:]):
        assert a.end <= b.start
    for span in spans:
        assert text[span.start : span.end] == span.source and span.source.strip() == span.source

