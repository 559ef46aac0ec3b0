"""Diacritic restoration for text that lost its accents (experimental).

A word-level model: every word of clean Vietnamese text is indexed by its
folded form (``fold``: no diacritics, đ → d); the bigram of folded forms
picks between candidates (``thong tin`` → ``thông tin``, ``tin doi`` →
``tin đối``), the most frequent single word decides otherwise, and unknown
words are left as they are.  Capitalisation of the input is kept.

It is trained on the clean seeds only and measured on a held-out seed with
its diacritics stripped (tests/importer/test_restore.py).  Words garbled by
OCR beyond lost accents ("ludin", "d6i") are not repaired, so the importer
does not apply it to pages; ``quality: ocr`` pages still need a human.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from portal.importer.vietnamese import fold

_WORD = re.compile(r"[^\W\d_]+")


@dataclass(slots=True)
class Restorer:
    """Folded word (and folded bigram) → the spellings seen in clean text."""

    unigrams: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    bigrams: dict[tuple[str, str], Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def learn(self, text: str) -> None:
        words = [w.lower() for w in _WORD.findall(text)]
        for index, word in enumerate(words):
            self.unigrams[fold(word)][word] += 1
            if index:
                self.bigrams[(fold(words[index - 1]), fold(word))][word] += 1

    def restore(self, text: str) -> str:
        """``text`` with each known word given its likeliest diacritics."""
        out: list[str] = []
        previous = ""
        position = 0
        for match in _WORD.finditer(text):
            out.append(text[position : match.start()])
            word = match.group()
            key = fold(word)
            candidates = self.bigrams.get((previous, key)) or self.unigrams.get(key)
            restored = candidates.most_common(1)[0][0] if candidates else word.lower()
            out.append(word if not candidates or restored == word.lower() else _same_case(word, restored))
            previous = key
            position = match.end()
        out.append(text[position:])
        return "".join(out)


def train_restorer(texts: list[str]) -> Restorer:
    restorer = Restorer()
    for text in texts:
        restorer.learn(text)
    return restorer


def word_accuracy(restored: str, reference: str) -> float:
    """Share of words of ``reference`` spelled exactly (ignoring case) in ``restored``."""
    got = [w.lower() for w in _WORD.findall(restored)]
    want = [w.lower() for w in _WORD.findall(reference)]
    if len(got) != len(want) or not want:
        raise ValueError("texts do not align word for word")
    return sum(a == b for a, b in zip(got, want)) / len(want)


def strip_diacritics(text: str) -> str:
    """``text`` as a keyboard without Vietnamese input would type it (case kept)."""
    return "".join(_same_case(ch, fold(ch)) if ch.isalpha() else ch for ch in text)


def _same_case(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
