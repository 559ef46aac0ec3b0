"""Text-quality score: how much of a document reads as written Vietnamese.

The score is the share of word tokens that are well-formed Vietnamese
syllables (:func:`portal.importer.vietnamese.is_syllable`): an onset, a
rhyme from the rhyme inventory and at most one tone mark, with syllables
closed by c/ch/p/t carrying the sắc or nặng tone.  OCR that loses or
garbles diacritics produces tokens such as ``ludin``, ``d6i`` or ``tich``
that fail these rules.

Counted: every token of letters (and digits glued to letters, an OCR sign).
Not counted: pure numbers, single letters, and all-capital tokens that are
not syllables (abbreviations such as UBND, roman numerals).  Clean seeds
score above 0.9; the OCR-damaged notice scores far below :data:`OCR_THRESHOLD`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from portal.importer.vietnamese import is_syllable

OCR_THRESHOLD = 0.85
_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Quality:
    """The measured quality of one document's text."""

    score: float
    """Share of counted tokens that are valid syllables, rounded to 3 places."""
    tokens: int
    """How many tokens were counted."""

    @property
    def label(self) -> str:
        """``ok``, or ``ocr`` when the text looks OCR-damaged."""
        return "ok" if self.score >= OCR_THRESHOLD else "ocr"


def measure_quality(text: str) -> Quality:
    """Score ``text`` (see the module docstring)."""
    counted = valid = 0
    for token in _TOKEN.findall(text):
        if token.isdigit() or len(token) == 1:
            continue
        if any(ch.isdigit() for ch in token):
            counted += 1  # letters and digits glued together: OCR damage
            continue
        ok = is_syllable(token)
        if not ok and token.isupper():
            continue  # an abbreviation
        counted += 1
        valid += ok
    score = round(valid / counted, 3) if counted else 0.0
    return Quality(score=score, tokens=counted)
