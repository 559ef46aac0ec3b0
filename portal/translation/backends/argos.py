"""Argos Translate packages run directly on CTranslate2, batched.

``argostranslate.translate`` sends one sentence per ``translate_batch`` call
through its own sentence splitter.  :class:`ArgosBackend` instead takes every
pending sentence of a run (already split by :mod:`portal.translation.segment`), tokenizes
them with the package's SentencePiece model, sorts them by length and feeds
them to the package's CTranslate2 ``Translator`` in large batches.
The model is loaded on the first call, never at construction.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from portal.translation.packages import InstalledPackage


@dataclass(frozen=True, slots=True)
class ArgosConfig:
    """How to run a CTranslate2 model; passed in, never read from the environment."""

    beam_size: int = 2
    max_batch_size: int = 1024
    """Per CTranslate2 batch, in units of ``batch_type``."""
    batch_type: str = "tokens"
    """``tokens`` or ``examples``."""
    inter_threads: int = 1
    intra_threads: int = 0
    """0: CTranslate2 picks (all cores)."""
    compute_type: str = "default"
    """``default`` keeps the model's type; ``int8``, ``int8_float32``, ``float32``..."""
    device: str = "cpu"
    chunk_size: int = 1024
    """Sentences per ``translate_batch`` call (one progress-bar step)."""
    max_length_ratio: float = 2.0
    """Decoding stops at ``ratio * longest source + 16`` tokens..."""
    max_decoding_length: int = 512
    """...or at this many tokens, whichever is smaller."""
    progress: bool = False
    """Show a tqdm bar (only when stderr is a terminal)."""
    length_penalty: float = 0.2


class ArgosBackend:
    """One installed Argos package as a :class:`~portal.translation.backends.Backend`."""

    def __init__(self, package: InstalledPackage, config: ArgosConfig = ArgosConfig()) -> None:
        self.package = package
        self.config = config
        self._translator = None
        self._sp = None
        self.calls = 0
        """CTranslate2 ``translate_batch`` calls made."""
        self.sentences = 0
        """Sentences sent to the model."""

    @property
    def model_id(self) -> str:
        return self.package.model_id

    def _load(self):
        if self._translator is None:
            import ctranslate2
            import sentencepiece

            self._sp = sentencepiece.SentencePieceProcessor(model_file=str(self.package.sentencepiece_model))
            self._translator = ctranslate2.Translator(
                str(self.package.ct2_model_dir),
                device=self.config.device,
                compute_type=self.config.compute_type,
                inter_threads=self.config.inter_threads,
                intra_threads=self.config.intra_threads,
            )
        return self._translator, self._sp

    def encode(self, sentences: list[str]) -> list[list[str]]:
        _, sp = self._load()
        return sp.encode(sentences, out_type=str)

    def decode(self, pieces: list[str]) -> str:
        _, sp = self._load()
        text = sp.decode_pieces(pieces)
        return text[1:] if text.startswith(" ") else text

    def translate_tokens(self, batch: list[list[str]]) -> list[list[str]]:
        """One CTranslate2 call over token lists (used by the benchmark too)."""
        translator, _ = self._load()
        longest = max((len(t) for t in batch), default=0)
        results = translator.translate_batch(
            batch,
            beam_size=self.config.beam_size,
            max_batch_size=self.config.max_batch_size,
            batch_type=self.config.batch_type,
            max_decoding_length=min(self.config.max_decoding_length, int(self.config.max_length_ratio * longest) + 16),
            length_penalty=self.config.length_penalty,
            replace_unknowns=True,
        )
        self.calls += 1
        self.sentences += len(batch)
        return [r.hypotheses[0] for r in results]

    def translate_batch(self, sentences: list[str]) -> list[str]:
        if not sentences:
            return []
        tokens = self.encode(sentences)
        order = sorted(range(len(sentences)), key=lambda i: len(tokens[i]))
        out: list[str] = [""] * len(sentences)
        progress = None
        if self.config.progress and len(sentences) > self.config.chunk_size // 4 and sys.stderr.isatty():
            from tqdm import tqdm

            progress = tqdm(total=len(sentences), unit="sent", desc=self.package.pair, leave=False)
        try:
            for offset in range(0, len(order), self.config.chunk_size):
                chunk = [i for i in order[offset:offset + self.config.chunk_size] if tokens[i]]
                if chunk:
                    for i, hypothesis in zip(chunk, self.translate_tokens([tokens[i] for i in chunk])):
                        out[i] = self.decode(hypothesis)
                if progress is not None:
                    progress.update(len(order[offset:offset + self.config.chunk_size]))
        finally:
            if progress is not None:
                progress.close()
        return out
