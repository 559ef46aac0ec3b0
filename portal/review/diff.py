"""What changed in the Vietnamese source since a page was approved.

The approved source blocks (from the approval record) are compared with the
current source blocks with :class:`difflib.SequenceMatcher` over whole block
texts.  Each block of either version becomes one :class:`BlockChange`:
``kept``, ``changed`` (replaced in place), ``added`` or ``removed``; a
change carries the old and new Vietnamese text and the translation the
translator approved for the old block.  The reviewed page itself is never
rewritten: these changes are what to re-check.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass

KINDS = ("kept", "changed", "added", "removed")


@dataclass(slots=True)
class BlockChange:
    """One block of the source, old and new, with its approved translation."""

    kind: str
    """``kept``, ``changed``, ``added`` or ``removed``."""
    old_source: str
    """The approved Vietnamese text ("" for ``added``)."""
    new_source: str
    """The current Vietnamese text ("" for ``removed``)."""
    target: str
    """The translation approved for ``old_source`` ("" for ``added``)."""
    line: int = 0
    """1-based line of the block in the current source page (0 for ``removed``)."""
    index: int = 0
    """1-based number of the block in the current source page (0 for ``removed``)."""
    suggestion: str = ""
    """A machine translation of ``new_source`` when a model is installed."""

    def as_dict(self) -> dict:
        return asdict(self)


def diff_blocks(old_sources: list[str], new_sources: list[str], targets: list[str],
                new_lines: list[int] | None = None) -> list[BlockChange]:
    """Changes from the approved ``old_sources`` (translated as ``targets``) to ``new_sources``."""
    new_lines = new_lines or [0] * len(new_sources)
    targets = list(targets) + [""] * (len(old_sources) - len(targets))
    changes: list[BlockChange] = []
    matcher = difflib.SequenceMatcher(None, old_sources, new_sources, autojunk=False)

    def new(j: int, kind: str, old: str = "", target: str = "") -> BlockChange:
        return BlockChange(kind, old, new_sources[j], target, new_lines[j], j + 1)

    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            changes += [new(j1 + k, "kept", old_sources[i1 + k], targets[i1 + k]) for k in range(i2 - i1)]
            continue
        paired = min(i2 - i1, j2 - j1) if op == "replace" else 0
        changes += [new(j1 + k, "changed", old_sources[i1 + k], targets[i1 + k]) for k in range(paired)]
        changes += [BlockChange("removed", old_sources[i], "", targets[i]) for i in range(i1 + paired, i2)]
        changes += [new(j, "added") for j in range(j1 + paired, j2)]
    return changes


@dataclass(slots=True)
class PageDiff:
    """The source changes of one translated page since its approval."""

    page: str
    lang: str
    status: str
    changes: list[BlockChange]
    notes: list[str]

    @property
    def changed(self) -> list[BlockChange]:
        return [c for c in self.changes if c.kind != "kept"]

    def as_dict(self) -> dict:
        return {"page": self.page, "lang": self.lang, "status": self.status,
                "changes": [c.as_dict() for c in self.changes], "notes": self.notes}


def diff(project, path, lang: str | None = None, suggest: bool = False, glossary=None) -> PageDiff:
    """What changed in the Vietnamese source of ``path`` since the translator approved it.

    ``path`` is a target page (its language) or a source page (give ``lang``).
    With ``suggest``, changed and added blocks get a machine suggestion when a
    translation model for the pair is installed (a note says so otherwise).
    """
    from pathlib import Path

    from portal.project import TARGET_LANGS
    from portal.review.pages import (
        load_blocks,
        page_review,
        review_targets,
        source_path,
    )
    from portal.review.records import load_records
    from portal.review.state import ReviewError

    targets = review_targets(project, [Path(path)])
    if lang is not None:
        if lang not in TARGET_LANGS:
            raise ReviewError(f"unknown language {lang!r}; translations are {', '.join(TARGET_LANGS)}")
        targets = [(rel, l) for rel, l in targets if l == lang]
    if len(targets) != 1:
        raise ReviewError("name one translated page, or a source page with --lang en|zh", path)
    rel, lang = targets[0]
    record = load_records(project, lang).get(rel)
    review = page_review(project, rel, lang, glossary, record=record)
    if record is None:
        raise ReviewError(f"docs/{lang}/{rel} has no approval record (glossary/reviews/{lang}.jsonl): "
                          "approve it first; until then every block needs review", path)
    current = load_blocks(source_path(project, rel)).segments
    changes = diff_blocks([b.source for b in record.blocks], [s.text for s in current],
                          [b.target for b in record.blocks], [s.line for s in current])
    result = PageDiff(rel, lang, review.status.value, changes, list(review.notes))
    if suggest and result.changed:
        result.notes += add_suggestions(project, lang, [c for c in result.changed if c.kind != "removed"])
    return result


def add_suggestions(project, lang: str, changes: list[BlockChange]) -> list[str]:
    """Fill ``suggestion`` with a machine translation when a model is installed; notes otherwise."""
    from portal.translation.backends.argos import ArgosConfig
    from portal.translation.packages import MissingModelError
    from portal.project import SOURCE_LANG
    from portal.translation.run import BackendStacks

    if not changes:
        return []
    try:
        backend, model_id = BackendStacks(project, ArgosConfig(progress=False), remember=False).stack(SOURCE_LANG, lang)
        outputs = backend.translate_batch([c.new_source for c in changes])
    except MissingModelError:
        return [f"no {SOURCE_LANG}->{lang} translation model installed: no machine suggestions"]
    for change, output in zip(changes, outputs):
        change.suggestion = output
    return [f"suggestions by {model_id} (raw, unreviewed)"]
