"""Translation backends: one language pair, one batch method.

A backend is anything with ``translate_batch(sentences) -> translations``
(same length, same order).  Memory (:class:`portal.translation.memory.MemoryBackend`)
and pivoting (:class:`PivotBackend`) wrap a backend and are backends
themselves; the Argos model backend (:mod:`portal.translation.backends.argos`) loads its
model on first use; the LibreTranslate backend
(:mod:`portal.translation.backends.libretranslate`) sends the sentences to servers.
Every backend passes ``tests/translate/test_backend_contract.py``.

An :class:`Engine` is where a run's model backends come from: it says which
language pairs it translates *directly* and makes the backend of such a pair.
The run (:class:`portal.translation.run.BackendStacks`) wraps what the engine
gives in memory and pivots through the portal's pivot language (English)
where the engine has no direct pair, the same way for every engine.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from portal.translation.packages import MissingModelError


@runtime_checkable
class Backend(Protocol):
    """Translates sentences of one language pair."""

    def translate_batch(self, sentences: list[str]) -> list[str]:
        """Translations of ``sentences``, one per input, in order."""
        ...


class Engine(Protocol):
    """Where the model backends of a run come from (installed packages, servers...)."""

    warnings: list[str]
    """What went wrong but did not stop the run (a server skipped...), for the run's messages."""

    def model_id(self, source: str, target: str) -> str | None:
        """The id of the engine's direct model for a pair (memory key, page record), or None."""
        ...

    def backend(self, source: str, target: str) -> Backend:
        """The model backend of a pair :meth:`model_id` named."""
        ...

    def missing(self, source: str, target: str, pivot: str | None) -> MissingModelError:
        """The error for a pair with no direct model (nor, when ``pivot`` is given, a route through it);
        the run skips the language, or stops with it when models are required."""
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
