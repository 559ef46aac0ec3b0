"""What changed in the source page since its translation was approved.

Front matter fields are compared by key; the approved body blocks (from the
approval record) are compared with the current ones with
:class:`difflib.SequenceMatcher` over whole block texts.  Each block of
either version becomes one :class:`BlockChange`: ``kept``, ``changed``
(replaced in place), ``added`` or ``removed``; a change carries the old and
new source text and the translation the translator approved for the old
block.  The reviewed page itself is never rewritten: these changes are what
to re-check.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass

from portal.pages import PageFile, page_blocks, split_blocks
from portal.review.records import ReviewRecord

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
    key: str = ""
    """A front matter field's key; ``""`` for body blocks."""

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


def field_changes(record: ReviewRecord, source: PageFile) -> list[BlockChange]:
    """Changes of the source's fields since approval, by key."""
    approved, _ = record.keyed_blocks()
    current, _ = split_blocks(page_blocks(source))
    changes = []
    for key, block in current.items():
        pair = approved.get(key)
        if pair is None:
            changes.append(BlockChange("added", "", block.text, "", block.line, 0, key=key))
        else:
            kind = "kept" if pair.source == block.text else "changed"
            changes.append(BlockChange(kind, pair.source, block.text, pair.target, block.line, 0, key=key))
    changes += [BlockChange("removed", pair.source, "", pair.target, key=key)
                for key, pair in approved.items() if key not in current]
    return changes


def changes_since(record: ReviewRecord, source: PageFile) -> list[BlockChange]:
    """Every block of ``source`` (and every approved one gone) against its approval record."""
    _, approved_body = record.keyed_blocks()
    _, current = split_blocks(page_blocks(source))
    body = diff_blocks([b.source for b in approved_body], [b.text for b in current],
                       [b.target for b in approved_body], [b.line for b in current])
    return field_changes(record, source) + body


