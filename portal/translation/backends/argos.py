"""Argos Translate packages run directly on CTranslate2, batched.

``argostranslate.translate`` sends one sentence per ``translate_batch`` call
through its own sentence splitter.  :class:`ArgosBackend` instead takes every
pending sentence of a run (already split by :mod:`portal.translation.segment`),
tokenizes them in one SentencePiece call, sorts them by length and cuts them
into *length buckets*: batches of similar length, each with its own decoding
cap (a multiple of its longest source, so a model that starts repeating
itself cannot run on to the global limit).  Every bucket is queued at once,
longest first, on one model replica per core: on CPU, replicas with one
thread each keep both cores busy where one replica's intra-op threads wait on
each other (``bench/translate_bench.py`` measures both).
The model is loaded on the first call, never at construction.
"""

from __future__ import annotations

import functools
import math
import os
import sys
from dataclasses import dataclass

from portal.errors import PortalError
from portal.translation.packages import InstalledPackage

DEVICES = ("auto", "cpu", "cuda")


@dataclass(frozen=True, slots=True)
class ArgosConfig:
    """How to run a CTranslate2 model; passed in, never read from the environment."""

    beam_size: int = 2
    max_batch_size: int = 768
    """Per length bucket, in units of ``batch_type`` (``tokens`` counts padding)."""
    batch_type: str = "tokens"
    """``tokens`` or ``examples``."""
    inter_threads: int = 0
    """Model replicas working in parallel; 0: one per available core (one on a GPU)."""
    intra_threads: int = 1
    """Threads of each replica; 0: CTranslate2 picks."""
    compute_type: str = "default"
    """``default`` keeps the model's type; ``int8``, ``int8_float32``, ``float32``..."""
    device: str = "auto"
    """``cpu``, ``cuda``, or ``auto``: a GPU when CTranslate2 sees one."""
    max_length_ratio: float = 2.0
    """A bucket's decoding stops at ``ratio * its longest source + max_length_extra`` tokens..."""
    max_length_extra: int = 16
    max_decoding_length: int = 512
    """...or at this many tokens, whichever is smaller."""
    progress: bool = False
    """Show a tqdm bar (only when stderr is a terminal)."""
    length_penalty: float = 0.2


def available_cores() -> int:
    """Cores this process may run on (a container's or taskset's limit, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def resolve_device(device: str) -> str:
    """``cpu`` or ``cuda``: ``auto`` takes a GPU when CTranslate2 was built for one and sees one."""
    if device not in DEVICES:
        raise PortalError(f"unknown device {device!r} (choose from {', '.join(DEVICES)})")
    if device == "cpu":
        return device
    import ctranslate2

    gpus = ctranslate2.get_cuda_device_count()
    if device == "cuda" and gpus == 0:
        raise PortalError("device cuda asked, but CTranslate2 sees no GPU (no CUDA driver, or a CPU-only build); "
                          "use --device cpu or auto")
    return "cuda" if gpus > 0 else "cpu"


def length_buckets(lengths: list[int], limit: int, batch_type: str = "tokens") -> list[list[int]]:
    """Indexes grouped by length, shortest first: each bucket holds at most ``limit``
    padded tokens (``batch_type="tokens"``) or ``limit`` sentences (``examples``)."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    buckets: list[list[int]] = []
    current: list[int] = []
    for i in order:
        size = (len(current) + 1) * lengths[i] if batch_type == "tokens" else len(current) + 1
        if current and size > limit:
            buckets.append(current)
            current = []
        current.append(i)
    if current:
        buckets.append(current)
    return buckets


class ArgosBackend:
    """One installed Argos package as a :class:`~portal.translation.backends.Backend`."""

    def __init__(self, package: InstalledPackage, config: ArgosConfig = ArgosConfig()) -> None:
        self.package = package
        self.config = config
        self._translator = None
        self._sp = None
        self.calls = 0
        """Batched calls to the model (one per run and language pair)..."""
        self.buckets = 0
        """...and the CTranslate2 calls they made (one per length bucket)."""
        self.sentences = 0
        """Sentences sent to the model."""

    @property
    def model_id(self) -> str:
        return self.package.model_id

    @functools.cached_property
    def device(self) -> str:
        """``cpu`` or ``cuda``, resolved on first use: a run that finds every sentence in memory never
        imports CTranslate2."""
        return resolve_device(self.config.device)

    @property
    def replicas(self) -> int:
        if self.config.inter_threads:
            return self.config.inter_threads
        return 1 if self.device == "cuda" else available_cores()

    def _load(self):
        if self._translator is None:
            import ctranslate2
            import sentencepiece

            self._sp = sentencepiece.SentencePieceProcessor(model_file=str(self.package.sentencepiece_model))
            self._translator = ctranslate2.Translator(
                str(self.package.ct2_model_dir),
                device=self.device,
                compute_type=self.config.compute_type,
                inter_threads=self.replicas,
                intra_threads=self.config.intra_threads,
            )
        return self._translator, self._sp

    def encode(self, sentences: list[str]) -> list[list[str]]:
        _, sp = self._load()
        return sp.encode(sentences, out_type=str)

    def decode(self, pieces: list[list[str]]) -> list[str]:
        _, sp = self._load()
        return [text[1:] if text.startswith(" ") else text for text in sp.decode_pieces(pieces)]

    def decoding_cap(self, longest: int) -> int:
        config = self.config
        return min(config.max_decoding_length, math.ceil(config.max_length_ratio * longest) + config.max_length_extra)

    def translate_tokens(self, tokens: list[list[str]], on_bucket=None) -> list[list[str]]:
        """Token lists translated in length buckets, all queued at once.

        ``on_bucket(n)`` is called as each bucket of ``n`` sentences is done.
        """
        translator, _ = self._load()
        out: list[list[str]] = [[] for _ in tokens]
        buckets = length_buckets([len(t) for t in tokens], self.config.max_batch_size, self.config.batch_type)
        buckets = [[i for i in bucket if tokens[i]] for bucket in buckets]
        queued = []
        for bucket in reversed([b for b in buckets if b]):  # longest first: no long bucket left for the end
            batch = [tokens[i] for i in bucket]
            queued.append((bucket, translator.translate_batch(
                batch,
                beam_size=self.config.beam_size,
                max_batch_size=self.config.max_batch_size,
                batch_type=self.config.batch_type,
                max_decoding_length=self.decoding_cap(len(batch[-1])),
                length_penalty=self.config.length_penalty,
                replace_unknowns=True,
                asynchronous=True,
            )))
        self.buckets += len(queued)
        for bucket, results in queued:
            for i, result in zip(bucket, results):
                out[i] = result.result().hypotheses[0]
            if on_bucket is not None:
                on_bucket(len(bucket))
        if queued:
            self.calls += 1
            self.sentences += sum(len(bucket) for bucket, _ in queued)
        return out

    def translate_batch(self, sentences: list[str]) -> list[str]:
        if not sentences:
            return []
        progress = None
        if self.config.progress and len(sentences) > 256 and sys.stderr.isatty():
            from tqdm import tqdm

            progress = tqdm(total=len(sentences), unit="sent", desc=self.package.pair, leave=False)
        try:
            hypotheses = self.translate_tokens(self.encode(sentences), progress.update if progress else None)
        finally:
            if progress is not None:
                progress.close()
        return self.decode(hypotheses)
