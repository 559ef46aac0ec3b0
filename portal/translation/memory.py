"""Translation memory: committed, line-oriented JSON, one file per pair.

``glossary/memory/<src>-<tgt>.jsonl`` holds one JSON object per line::

    {"glossary": "3f2a...", "model": "argos:vi_en@1.9", "source": "...", "target": "..."}

keys sorted, lines sorted (as text), UTF-8, ``\\n`` endings,
so the file diffs and merges line by line between editors' clones.  An entry
is keyed by the source sentence *as given to the model* (protected pieces
already replaced by placeholders), the language pair (the file), the model
id and version, and the glossary version: changing any of them misses the
memory and retranslates.  Old entries stay (they are cheap and let a
rollback reuse them); delete the file to prune.
"""

from __future__ import annotations

import json
from pathlib import Path

from portal.translation.backends import Backend
from portal.errors import PortalError
from portal.fileio import write_text_atomic


class TranslationMemoryError(PortalError):
    """The memory file cannot be read."""


class TranslationMemory:
    """The memory of one language pair, loaded on first use.

    A ``read_only`` memory answers from the file but never writes it (machine
    suggestions shown to a translator are not remembered).
    """

    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._entries: dict[tuple[str, str, str], str] | None = None
        self._dirty = False

    def _load(self) -> dict[tuple[str, str, str], str]:
        if self._entries is None:
            self._entries = {}
            if self.path.is_file():
                with open(self.path, encoding="utf-8") as handle:
                    for number, line in enumerate(handle, 1):
                        if not line.strip():
                            continue
                        try:
                            item = json.loads(line)
                            key = (item["source"], item["model"], item.get("glossary") or "")
                            self._entries[key] = item["target"]
                        except (ValueError, KeyError, TypeError):
                            raise TranslationMemoryError(
                                "not a translation memory line (a merge conflict?)", self.path, number
                            ) from None
        return self._entries

    def __len__(self) -> int:
        return len(self._load())

    def lookup(self, source: str, model: str, glossary: str = "") -> str | None:
        return self._load().get((source, model, glossary))

    def add(self, source: str, target: str, model: str, glossary: str = "") -> None:
        entries = self._load()
        if entries.get((source, model, glossary)) != target:
            entries[(source, model, glossary)] = target
            self._dirty = True

    def save(self) -> bool:
        """Write the file (sorted, atomically) if anything was added."""
        if not self._dirty or self.read_only:
            return False
        lines = sorted(
            json.dumps({"glossary": g, "model": m, "source": s, "target": t}, ensure_ascii=False, sort_keys=True)
            for (s, m, g), t in self._entries.items()
        )
        write_text_atomic(self.path, "".join(line + "\n" for line in lines))
        self._dirty = False
        return True


class MemoryBackend:
    """Answers from memory; sends only unseen sentences to ``inner``, once each.

    Unseen sentences go to ``inner`` in batches of ``batch_size`` and the
    memory file is saved after each batch, so a run that is killed keeps
    every translation it had finished.
    """

    def __init__(self, inner: Backend, memory: TranslationMemory, model_id: str, glossary_version: str = "",
                 batch_size: int = 1024) -> None:
        self.inner = inner
        self.memory = memory
        self.model_id = model_id
        self.glossary_version = glossary_version or ""
        self.batch_size = batch_size
        self.reused = 0
        self.translated = 0

    def translate_batch(self, sentences: list[str]) -> list[str]:
        found: dict[str, str] = {}
        missing: dict[str, None] = {}  # ordered, and a constant-time membership test
        for sentence in sentences:
            if sentence in found or sentence in missing:
                continue
            hit = self.memory.lookup(sentence, self.model_id, self.glossary_version)
            if hit is None:
                missing[sentence] = None
            else:
                found[sentence] = hit
        self.reused += sum(1 for s in sentences if s in found)
        pending = list(missing)
        for start in range(0, len(pending), self.batch_size):
            batch = pending[start:start + self.batch_size]
            translations = self.inner.translate_batch(batch)
            if len(translations) != len(batch):
                raise PortalError(f"backend returned {len(translations)} translations for {len(batch)} sentences")
            for source, target in zip(batch, translations):
                found[source] = target
                self.memory.add(source, target, self.model_id, self.glossary_version)
            self.memory.save()
            self.translated += len(batch)
        return [found[s] for s in sentences]
