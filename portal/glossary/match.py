"""Finding glossary terms in Vietnamese text.

Matching works on tokens (see :mod:`portal.glossary.normalize`), so a term
only ever matches whole syllables: ``Hà Nội`` never matches inside
``Hà Nộii``.  Every term is stored in a trie keyed by folded tokens; an
all-caps abbreviation token (``UBND``) must also match case-sensitively, so
``ubnd`` in running text is not taken for the abbreviation; a case-sensitive
term (``Pháp`` France) matches only as written, never ``pháp`` (law).

All candidate matches are collected, then chosen longest first (ties: the
earlier one), skipping any that overlap a match already chosen; the result
is sorted by position.  An abbreviation glued to ``-`` or ``/`` belongs to a
document number (``Số 117/KH-UBND``) and is not matched there.  Offsets are character offsets into the original,
unnormalised text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Iterable, TypeVar

from portal.glossary.normalize import (
    TOKEN_RE,
    exact_token,
    fold_token,
    is_abbreviation,
    tokens,
)

T = TypeVar("T")
_END = ""  # trie key holding the terms that end at a node (no token is empty)


@dataclass(frozen=True, slots=True)
class Token:
    """One token of the searched text."""

    start: int
    """Offset of the first character in the original text."""
    end: int
    """Offset just past the last character."""
    fold: str
    """Case-insensitive key (:func:`fold_token`)."""
    exact: str
    """Case-preserving key (:func:`exact_token`), for abbreviations."""


@dataclass(frozen=True, slots=True)
class Match(Generic[T]):
    """A term found in the text."""

    start: int
    end: int
    payload: T


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text`` with their offsets."""
    return [
        Token(m.start(), m.end(), fold_token(m.group()), exact_token(m.group()))
        for m in TOKEN_RE.finditer(text)
    ]


def _glued(a: Token, b: Token) -> bool:
    """``b`` follows ``a`` directly and one of them is a ``-`` or ``/``."""
    return a.end == b.start and ("-" in (a.fold, b.fold) or "/" in (a.fold, b.fold))


def _in_document_number(toks: list[Token], i: int, j: int) -> bool:
    """A match on ``toks[i:j]`` that starts or ends with an abbreviation glued to
    ``-`` or ``/`` is part of a document number (``117/KH-UBND``), not a term."""
    if is_abbreviation(toks[i].exact) and i > 0 and _glued(toks[i - 1], toks[i]):
        return True
    last = toks[j - 1]
    return is_abbreviation(last.exact) and j < len(toks) and _glued(last, toks[j])


class TermMatcher(Generic[T]):
    """A set of terms, each with a payload, searchable in any text."""

    __slots__ = ("_trie",)

    def __init__(self, terms: Iterable[tuple[str, T, bool]]):
        """``terms``: (term, payload, case_sensitive) triples."""
        self._trie: dict = {}
        for term, payload, case_sensitive in terms:
            words = tokens(term)
            if not words:
                continue
            node = self._trie
            for word in words:
                node = node.setdefault(fold_token(word), {})
            exact = tuple(
                exact_token(w) if case_sensitive or is_abbreviation(w) else None for w in words
            )
            node.setdefault(_END, []).append((exact, payload))

    def find(self, text: str) -> list[Match[T]]:
        """Non-overlapping matches, chosen longest first, sorted by start."""
        toks = tokenize(text)
        candidates: list[tuple[int, int, T]] = []  # token index range + payload
        for i in range(len(toks)):
            node = self._trie
            j = i
            while j < len(toks):
                node = node.get(toks[j].fold)
                if node is None:
                    break
                j += 1
                for exact, payload in node.get(_END, ()):
                    if all(e is None or e == toks[i + k].exact for k, e in enumerate(exact)):
                        if not _in_document_number(toks, i, j):
                            candidates.append((i, j, payload))
        candidates.sort(key=lambda c: (toks[c[0]].start - toks[c[1] - 1].end, toks[c[0]].start))
        taken = bytearray(len(toks))
        chosen: list[Match[T]] = []
        for i, j, payload in candidates:
            if any(taken[i:j]):
                continue
            taken[i:j] = b"\x01" * (j - i)
            chosen.append(Match(toks[i].start, toks[j - 1].end, payload))
        chosen.sort(key=lambda m: m.start)
        return chosen
