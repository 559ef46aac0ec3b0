"""Vietnamese normalisation for glossary matching.

Two spellings of the same Vietnamese term must compare equal:

* **Unicode form** -- text is compared in NFC, so decomposed input (NFD, as
  produced by some PDF extractors and macOS file names) matches.
* **Tone-mark placement** -- the old ("classical") and new orthographies put
  the tone of a syllable ending in *oa*, *oe* or *uy* on different vowels:
  ``hoà``/``hòa``, ``khoẻ``/``khỏe``, ``uỷ``/``ủy``, ``thuỷ``/``thủy``.  Both
  are mapped to the form with the tone on the first vowel (``hòa``, ``ủy``),
  the form the source documents use most.  ``qu`` + ``y`` (``quý``) is left
  alone: there the ``u`` belongs to the consonant.
* **Case** -- ``str.casefold``; all-caps abbreviations (UBND, HĐND) are kept
  case-sensitive by the matcher, not here.
* **Whitespace and punctuation** -- text is split into tokens (syllables and
  single punctuation marks); runs of whitespace never matter.  Dashes
  (– — ‑) read as ``-`` and typographic quotes as ASCII quotes.

A token is a run of word characters (combining marks included, so NFD text
tokenises like NFC text) or one punctuation character.
"""

from __future__ import annotations

import re
import unicodedata

TOKEN_RE = re.compile(r"[\w\u0300-\u036f]+|[^\w\s\u0300-\u036f]")
"""A syllable (letters, digits, combining marks) or one punctuation mark."""

_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền sắc ngã hỏi nặng
_GLIDE_PAIRS = frozenset({("o", "a"), ("o", "e"), ("u", "y")})
_PUNCTUATION = str.maketrans(
    {
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2212": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
    }
)


def retone(syllable: str) -> str:
    """Move a syllable-final ``oa``/``oe``/``uy`` tone onto the first vowel.

    ``syllable`` is NFC and lower case; the result has the same length, so
    offsets computed on it still point into the original text.
    """
    if len(syllable) < 2:
        return syllable
    first, last = syllable[-2], unicodedata.normalize("NFD", syllable[-1])
    base, marks = last[0], last[1:]
    tone = "".join(mark for mark in marks if mark in _TONES)
    if not tone or (first, base) not in _GLIDE_PAIRS:
        return syllable
    if first == "u" and syllable[-3:-2] == "q":
        return syllable
    rest = "".join(mark for mark in marks if mark not in _TONES)
    return (
        syllable[:-2]
        + unicodedata.normalize("NFC", first + tone)
        + unicodedata.normalize("NFC", base + rest)
    )


def exact_token(token: str) -> str:
    """A token in NFC with the tone placed canonically, case preserved."""
    token = unicodedata.normalize("NFC", token).translate(_PUNCTUATION)
    lowered = token.casefold()
    moved = retone(lowered)
    if moved == lowered:
        return token
    # Re-apply the original capitalisation letter by letter (same length).
    return "".join(m.upper() if o.isupper() else m for o, m in zip(token, moved))


def fold_token(token: str) -> str:
    """The case-insensitive comparison key of one token."""
    return retone(unicodedata.normalize("NFC", token).translate(_PUNCTUATION).casefold())


def tokens(text: str) -> list[str]:
    """The tokens of ``text`` as written."""
    return TOKEN_RE.findall(text)


def normalize(text: str) -> str:
    """The comparison key of a whole term: folded tokens joined by spaces.

    >>> normalize("Uỷ ban  nhân dân") == normalize("ủy ban nhân dân")
    True
    """
    return " ".join(fold_token(token) for token in tokens(text))


def is_abbreviation(token: str) -> bool:
    """An all-caps token of two or more characters (UBND, HĐND, VTV4)."""
    return len(token) >= 2 and token.isupper()
