"""``portal diff``: what changed in a page's source since its translation was approved.

The comparison itself is :func:`portal.review.blocks.changes_since`; here it
is run for one named page, with machine suggestions for the changed blocks
when a model for the pair is installed (not remembered: a suggestion is not
a translation).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from portal.pages import read_page
from portal.review.blocks import BlockChange, changes_since
from portal.review.pages import page_review, review_targets
from portal.review.records import load_records
from portal.review.state import ReviewError
from portal.translation.backends.argos import ArgosConfig
from portal.translation.packages import MissingModelError
from portal.translation.run import BackendStacks


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
    """What changed in the source of ``path`` since the translator approved it.

    ``path`` is a target page (its language) or a source page (give ``lang``).
    With ``suggest``, changed and added blocks get a machine suggestion when a
    translation model for the pair is installed (a note says so otherwise).
    """
    targets = review_targets(project, [Path(path)])
    if lang is not None:
        project.languages.target(lang)
        targets = [page for page in targets if page.lang == lang]
    if len(targets) != 1:
        codes = "|".join(project.languages.target_codes)
        raise ReviewError(f"name one translated page, or a source page with --lang {codes}", path)
    page = targets[0]
    record = load_records(project, page.lang).get(page.rel)
    review = page_review(project, page, glossary, record=record)
    if record is None:
        raise ReviewError(f"{page.display()} has no approval record (glossary/reviews/{page.lang}.jsonl): "
                          "approve it first; until then every block needs review", path)
    source = read_page(page.in_lang(project.languages.source.code).file(project))
    result = PageDiff(page.rel, page.lang, review.status.value, changes_since(record, source), list(review.notes))
    if suggest and result.changed:
        result.notes += add_suggestions(project, page.lang, [c for c in result.changed if c.kind != "removed"])
    return result


def add_suggestions(project, lang: str, changes: list[BlockChange]) -> list[str]:
    """Fill ``suggestion`` with a machine translation when a model is installed; notes otherwise."""
    if not changes:
        return []
    source = project.languages.source.code
    try:
        stacks = BackendStacks(project, ArgosConfig(progress=False), remember=False)
        backend, model_id = stacks.stack(source, lang)
        outputs = backend.translate_batch([c.new_source for c in changes])
    except MissingModelError:
        return [f"no {source}->{lang} translation model installed: no machine suggestions"]
    for change, output in zip(changes, outputs):
        change.suggestion = output
    return [f"suggestions by {model_id} (raw, unreviewed)"]
