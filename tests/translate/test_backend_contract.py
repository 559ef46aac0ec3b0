"""The one contract every translation backend passes."""

from __future__ import annotations

import pytest
from translate_helpers import FAST_ARGOS, lt_config

from portal.translation.backends import Backend, IdentityBackend, MarkingBackend, PivotBackend
from portal.translation.backends.argos import ArgosBackend
from portal.translation.backends.libretranslate import LibreTranslateServers
from portal.translation.memory import MemoryBackend, TranslationMemory
from portal.translation.packages import load_package

SENTENCES = [
    "Thành phố Hà Nội tăng cường thông tin đối ngoại.",
    "Kế hoạch số ⟨0⟩ ngày ⟨1⟩.",
    "Ngắn.",
    "Thành phố Hà Nội tăng cường thông tin đối ngoại.",  # a repeat
    "",
]


def _argos(package_dirs, tmp_path):
    return ArgosBackend(load_package(package_dirs["vi-en"]), FAST_ARGOS)


def _memory(package_dirs, tmp_path):
    return MemoryBackend(MarkingBackend(), TranslationMemory(tmp_path / "vi-en.jsonl"), "marking@1")


def _pivot(package_dirs, tmp_path):
    return PivotBackend(_argos(package_dirs, tmp_path), ArgosBackend(load_package(package_dirs["en-zh"]), FAST_ARGOS))


FACTORIES = {
    "identity": lambda package_dirs, tmp_path: IdentityBackend(),
    "marking": lambda package_dirs, tmp_path: MarkingBackend(),
    "argos": _argos,
    "memory": _memory,
    "pivot": _pivot,
}


@pytest.fixture(params=sorted([*FACTORIES, "libretranslate"]))
def backend(request, package_dirs, tmp_path) -> Backend:
    if request.param == "libretranslate":  # the session's two real servers
        servers = request.getfixturevalue("lt_pair")
        return LibreTranslateServers(lt_config(*(server.url for server in servers))).backend("vi", "en")
    return FACTORIES[request.param](package_dirs, tmp_path)


def test_is_a_backend(backend):
    assert isinstance(backend, Backend)


def test_one_string_out_per_sentence_in_order(backend):
    out = backend.translate_batch(SENTENCES)
    assert isinstance(out, list) and len(out) == len(SENTENCES)
    assert all(isinstance(s, str) for s in out)
    assert out[0] == out[3]  # deterministic


def test_batch_equals_one_by_one(backend):
    together = backend.translate_batch(SENTENCES[:3])
    alone = [backend.translate_batch([s])[0] for s in SENTENCES[:3]]
    assert together == alone


def test_empty_batch(backend):
    assert backend.translate_batch([]) == []


def test_argos_loads_lazily_and_batches(package_dirs):
    backend = ArgosBackend(load_package(package_dirs["vi-en"]), FAST_ARGOS)
    assert backend._translator is None
    backend.translate_batch(SENTENCES * 10)
    assert backend.calls == 1 and backend.sentences == 40  # the empty sentence is not sent


def test_the_memory_keeps_every_finished_batch_when_a_run_is_interrupted(tmp_path):
    """A run killed in the middle loses only the batch it was in: the memory file is saved per batch."""

    class DiesOnTheThirdBatch(MarkingBackend):
        def translate_batch(self, sentences):
            if self.calls == 2:
                raise KeyboardInterrupt  # what a SIGINT does in the middle of a model call
            return super().translate_batch(sentences)

    path = tmp_path / "vi-en.jsonl"
    stack = MemoryBackend(DiesOnTheThirdBatch(), TranslationMemory(path), "test:mark@1", batch_size=4)
    with pytest.raises(KeyboardInterrupt):
        stack.translate_batch([f"Câu {n}." for n in range(10)])
    kept = TranslationMemory(path)
    assert len(kept) == 8 and kept.lookup("Câu 7.", "test:mark@1") == "⟦Câu 7.⟧"
