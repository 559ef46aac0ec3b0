"""Approval records: committed text that travels between translators' clones.

``glossary/reviews/<lang>.jsonl`` holds one JSON object per approved page::

    {"at": "2026-11-23T12:00:00+00:00", "blocks": [{"source": "...", "target": "..."}],
     "by": "Portal translation team", "lang": "en", "page": "about.md",
     "source_hash": "sha256:..."}

``page`` is the path under ``docs/<lang>/`` (the same under ``docs/vi/``);
``blocks`` are the approved block pairs, aligned as the glossary check aligns
them (:func:`portal.pages.page_blocks`): front matter fields carry their
``key`` (``{"key": "title", "source": ..., "target": ...}``), body blocks
have none and follow in order.  Keys are sorted, lines are
sorted by (page, lang), UTF-8 with ``\\n`` endings, one record per page and
language (a new approval replaces the old one), and the file is written
atomically -- so it diffs and merges line by line.

The records are also the human translation memory: :func:`write_tmx` exports
every approved block pair as TMX for CAT tools.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from portal.fileio import write_bytes_atomic, write_text_atomic
from portal.project import Project
from portal.review.state import ReviewError


@dataclass(frozen=True, slots=True)
class BlockPair:
    """One approved block: the source text and its translation."""

    source: str
    target: str
    key: str = ""
    """A front matter field's key; ``""`` for a body block."""

    def as_dict(self) -> dict:
        data = {"source": self.source, "target": self.target}
        if self.key:
            data["key"] = self.key
        return data


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """The approval of one translated page."""

    page: str
    """Path under ``docs/<lang>/``, POSIX style."""
    lang: str
    source_hash: str
    """``sha256:`` of the Vietnamese source file's bytes when approved."""
    by: str
    at: str
    """ISO 8601 time of the approval."""
    blocks: tuple[BlockPair, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict:
        return {
            "at": self.at, "blocks": [b.as_dict() for b in self.blocks],
            "by": self.by, "lang": self.lang, "page": self.page, "source_hash": self.source_hash,
        }

    def keyed_blocks(self) -> tuple[dict[str, BlockPair], list[BlockPair]]:
        """(approved fields by key, approved body blocks in order)."""
        return {b.key: b for b in self.blocks if b.key}, [b for b in self.blocks if not b.key]

    @classmethod
    def from_dict(cls, data: dict) -> ReviewRecord:
        blocks = tuple(BlockPair(str(b["source"]), str(b["target"]), str(b.get("key") or ""))
                       for b in data.get("blocks") or ())
        return cls(str(data["page"]), str(data["lang"]), str(data["source_hash"]), str(data.get("by", "")),
                   str(data.get("at", "")), blocks)


def records_path(project: Project, lang: str) -> Path:
    """``glossary/reviews/<lang>.jsonl``."""
    project.lang_dir(lang)  # validates the language
    return project.glossary_dir / "reviews" / f"{lang}.jsonl"


def load_records(project: Project, lang: str) -> dict[str, ReviewRecord]:
    """The approval records of one language, by page."""
    path = records_path(project, lang)
    records: dict[str, ReviewRecord] = {}
    if not path.is_file():
        return records
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = ReviewRecord.from_dict(json.loads(line))
            except (ValueError, KeyError, TypeError):
                raise ReviewError("not an approval record (a merge conflict?)", path, number) from None
            records[record.page] = record
    return records


def write_records(project: Project, lang: str, records: dict[str, ReviewRecord]) -> Path:
    """Write one language's records: sorted keys, sorted lines, atomically."""
    path = records_path(project, lang)
    ordered = sorted(records.values(), key=lambda r: (r.page, r.lang))
    lines = [json.dumps(r.as_dict(), ensure_ascii=False, sort_keys=True) + "\n" for r in ordered]
    write_text_atomic(path, "".join(lines))
    return path


def write_tmx(project: Project, out: Path) -> int:
    """Export every approved block pair of every target language as TMX; returns the count."""
    from translate.storage import tmx  # translate-toolkit loads slowly: only when exchanging

    source_lang = project.languages.source.code
    store = tmx.tmxfile(sourcelanguage=source_lang)
    count = 0
    seen = set()
    for lang in project.languages.target_codes:
        for record in sorted(load_records(project, lang).values(), key=lambda r: r.page):
            for block in record.blocks:
                key = (lang, block.source, block.target)
                if key in seen or not block.source.strip() or not block.target.strip():
                    continue
                seen.add(key)
                store.addtranslation(block.source, source_lang, block.target, lang,
                                     comment=f"docs/{lang}/{record.page} approved by {record.by} {record.at}")
                count += 1
    write_bytes_atomic(out, bytes(store))
    return count
