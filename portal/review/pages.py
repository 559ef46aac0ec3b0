"""The review state of translated pages, computed from the files.

:func:`page_review` starts from what the translated page's own record says
(:func:`portal.pages.recorded_state`: missing, machine, needs-review,
stale, reviewed), then adds what only the approval records and the glossary
know:

- a draft with glossary violations needs review;
- a reviewed page whose blocks differ from the ones approved (edited after
  approval) needs review, with the number of edited blocks;
- a stale page counts the source blocks changed since approval.

Blocks are :func:`portal.pages.page_blocks` (fields by key, then the body),
so the check, approvals, diffs and the XLIFF exchange agree on them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from portal.glossary.check import Violation, check_pair
from portal.pages import (
    PageFile,
    PagePath,
    page_blocks,
    read_page,
    recorded_state,
    split_blocks,
    translations_named,
)
from portal.project import Project
from portal.review.blocks import changes_since
from portal.review.records import ReviewRecord, load_records
from portal.review.state import ReviewError, ReviewState


@dataclass(slots=True)
class PageReview:
    """The review state of one page in one language."""

    page: str
    """Path under ``docs/<lang>/``, POSIX style (e.g. ``plans/x.md``)."""
    lang: str
    status: ReviewState
    source_hash: str = ""
    """``sha256:`` of the current source file."""
    approved_source_hash: str = ""
    """The source hash the translator approved ("" if never approved)."""
    reviewed_by: str = ""
    reviewed_at: str = ""
    violations: tuple[Violation, ...] = ()
    changed_blocks: int = 0
    """Source blocks changed since approval (stale), or target blocks edited since approval."""
    blocks: int = 0
    """Blocks of the source page."""
    notes: list[str] = field(default_factory=list)

    @property
    def path(self) -> PagePath:
        return PagePath(self.page, self.lang)

    def as_dict(self) -> dict:
        return {
            "page": self.page, "lang": self.lang, "status": self.status.value,
            "source_hash": self.source_hash, "approved_source_hash": self.approved_source_hash,
            "reviewed_by": self.reviewed_by, "reviewed_at": self.reviewed_at,
            "violations": len(self.violations), "changed": self.changed_blocks, "blocks": self.blocks,
            "violation_details": [v.as_dict() for v in self.violations], "notes": self.notes,
        }


def edited_since_approval(record: ReviewRecord, target: PageFile) -> int:
    """How many blocks of an approved page differ from the ones approved."""
    approved_fields, approved_body = record.keyed_blocks()
    current_fields, current_body = split_blocks(page_blocks(target))
    edited = sum(current_fields.get(key) is None or current_fields[key].text != pair.target
                 for key, pair in approved_fields.items())
    edited += sum(key not in approved_fields for key in current_fields)
    edited += sum(a.target != b.text for a, b in zip(approved_body, current_body))
    return edited + abs(len(approved_body) - len(current_body))


def page_review(project: Project, page: PagePath, glossary=None, record: ReviewRecord | None = None,
                records: dict[str, ReviewRecord] | None = None) -> PageReview:
    """The review state of ``page``, a translated page (see the module docstring)."""
    languages = project.languages
    source_path = page.in_lang(languages.source.code).file(project)
    if not source_path.is_file():
        raise ReviewError("no source page", source_path)
    if record is None:
        record = (records if records is not None else load_records(project, page.lang)).get(page.rel)
    source = read_page(source_path)
    review = PageReview(page.rel, page.lang, ReviewState.MISSING, source_hash=source.sha256,
                        blocks=len(page_blocks(source)))
    target_path = page.file(project)
    if not target_path.is_file():
        return review
    target = read_page(target_path)
    if glossary is not None:
        review.violations = check_pair(source, target, languages[page.lang], glossary).violations
    review.status = recorded_state(target, source.sha256)
    own = target.record
    if own is None:
        review.notes.append("written by hand, never approved")
    elif own.status in (ReviewState.REVIEWED, ReviewState.STALE):
        review.approved_source_hash = own.source_hash
        review.reviewed_by, review.reviewed_at = own.reviewed_by, own.reviewed_at
    if review.status == ReviewState.REVIEWED and record is not None and record.source_hash == source.sha256:
        edited = edited_since_approval(record, target)
        if edited:
            review.status = ReviewState.NEEDS_REVIEW
            review.changed_blocks = edited
            review.notes.append(f"{edited} block(s) edited since approval")
    elif review.status == ReviewState.STALE:
        if record is not None:
            review.changed_blocks = sum(c.kind != "kept" for c in changes_since(record, source))
        else:
            review.changed_blocks = review.blocks
            review.notes.append("no approval record: re-check every block")
    elif review.status == ReviewState.NEEDS_REVIEW and own is not None and own.status == ReviewState.MACHINE:
        review.notes.append("machine draft edited by a person")
    elif review.status == ReviewState.MACHINE and review.violations:
        review.status = ReviewState.NEEDS_REVIEW
        review.notes.append("machine draft with glossary violations")
    return review


def is_generated(path: Path) -> bool:
    """A page the portal writes itself (its record says ``origin: generated``)."""
    if not path.is_file():
        return False
    record = read_page(path).record
    return record is not None and record.generated


def review_targets(project: Project, paths=()) -> list[PagePath]:
    """The translated pages ``paths`` name (a source page: every language), or every one.

    Generated pages (the glossary page) are left out.
    """
    source = project.languages.source.code
    return [page for page in translations_named(project, paths)
            if not is_generated(page.file(project)) and not is_generated(page.in_lang(source).file(project))]


def page_reviews(project: Project, paths=(), glossary=None) -> list[PageReview]:
    """The review state of every translated page named by ``paths`` (all by default)."""
    records: dict[str, dict[str, ReviewRecord]] = {}
    reviews = []
    for page in review_targets(project, paths):
        if page.lang not in records:
            records[page.lang] = load_records(project, page.lang)
        reviews.append(page_review(project, page, glossary, records=records[page.lang]))
    return reviews
