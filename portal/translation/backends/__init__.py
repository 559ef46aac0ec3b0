"""Translation backends: one language pair, one batch method.

A backend is anything with ``translate_batch(sentences) -> translations``
(same length, same order).  Memory (:class:`portal.translation.memory.MemoryBackend`)
and pivoting (:class:`PivotBackend`) wrap a backend and are backends
themselves; the Argos model backend (:mod:`portal.translation.backends.argos`) loads its
model on first use.  Every backend passes ``tests/translate/test_backend_contract.py``.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class Backend(Protocol):
    """Translates sentences of one language pair."""

    def translate_batch(self, sentences: list[str]) -> list[str]:
        """Translations of ``sentences``, one per input, in order."""
        ...


class IdentityBackend:
    """Returns every sentence unchanged (structure checks, dry runs)."""

    def __init__(self) -> None:
        self.calls = 0
        self.sentences = 0

    def translate_batch(self, sentences: list[str]) -> list[str]:
        self.calls += 1
        self.sentences += len(sentences)
        return list(sentences)


class MarkingBackend(IdentityBackend):
    """Wraps every sentence in ``⟦ ⟧``: shows exactly what was translated."""

    def translate_batch(self, sentences: list[str]) -> list[str]:
        super().translate_batch(sentences)
        return [f"⟦{s}⟧" for s in sentences]


class PivotBackend:
    """Translates through an intermediate language: ``second(first(x))``.

    Give it memory-wrapped backends so the intermediate translations made for
    the pivot language in the same run are reused, not redone.
    """

    def __init__(self, first: Backend, second: Backend) -> None:
        self.first = first
        self.second = second

    def translate_batch(self, sentences: list[str]) -> list[str]:
        if not sentences:
            return []
        return self.second.translate_batch(self.first.translate_batch(sentences))
