"""Approving translated pages.

:func:`approve` writes ``status: reviewed`` with the approved source hash,
the reviewer and the time into the page's :class:`~portal.pages.TranslationRecord`
(every other key is kept, every other line stays byte for byte) and records
the approved block pairs -- fields by key, then the body -- in
``glossary/reviews/<lang>.jsonl`` (:mod:`portal.review.records`).  It
refuses, writing nothing, when a page's body blocks do not align with its
source, when a field the source has is not translated, when a page has
glossary violations (unless ``force``) or when the state forbids approval.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from portal.fileio import project_lock
from portal.glossary.check import Violation, align
from portal.pages import (
    PageFile,
    TranslationRecord,
    page_blocks,
    read_page,
    split_blocks,
    with_record,
    write_page,
)
from portal.project import Project
from portal.review.pages import page_review, review_targets
from portal.review.records import BlockPair, ReviewRecord, load_records, write_records
from portal.review.state import ReviewError, ReviewEvent, ReviewState, apply_event


def describe(violation: Violation, project: Project) -> str:
    """One line naming a violation's page (relative to the project), line and term."""
    shown = f" (found {violation.found!r})" if violation.found else ""
    page = Path(violation.page)
    if page.is_absolute() and page.resolve().is_relative_to(project.root.resolve()):
        page = page.resolve().relative_to(project.root.resolve())
    where = f" in {violation.field}" if violation.field else ""
    return (f"{page}:{violation.line}: {violation.problem} {violation.expected!r} for "
            f"{violation.term!r}{where}{shown}")


def approved_record(target: PageFile, source_rel: str, source_hash: str, by: str, at: str) -> str:
    """The page's text with its record saying it was approved (other record keys kept)."""
    record = target.record or TranslationRecord()
    record.source, record.source_hash = source_rel, source_hash
    record.status, record.reviewed_by, record.reviewed_at = ReviewState.REVIEWED, by, at
    return with_record(target.text, record, target.path)


def approve(project: Project, paths, by: str, now: datetime, force: bool = False,
            glossary=None) -> list[ReviewRecord]:
    """Approve the translated pages named by ``paths`` (a source page means every language).

    Holds the project lock, so a concurrent ``portal translate`` cannot
    overwrite a page between its check and this approval.
    """
    with project_lock(project.root):
        return approve_locked(project, paths, by, now, force, glossary)


def approve_locked(project: Project, paths, by: str, now: datetime, force: bool = False,
                   glossary=None) -> list[ReviewRecord]:
    """:func:`approve` for a caller that already holds the project lock."""
    if not by.strip():
        raise ReviewError("say who approves: --by NAME")
    at = now.isoformat(timespec="seconds")
    source_lang = project.languages.source.code
    problems: list[str] = []
    violated = False
    planned: list[tuple[PageFile, str, ReviewRecord]] = []
    records: dict[str, dict[str, ReviewRecord]] = {}
    for page in review_targets(project, list(paths)):
        records.setdefault(page.lang, load_records(project, page.lang))
        review = page_review(project, page, glossary, records=records[page.lang])
        try:
            apply_event(review.status, ReviewEvent.APPROVE, page.display())
        except ReviewError as error:
            problems.append(str(error))
            continue
        source = read_page(page.in_lang(source_lang).file(project))
        target = read_page(page.file(project))
        pairs, aligned, _ = align(source, target)
        if aligned != "segment":
            counts = [len(split_blocks(page_blocks(p))[1]) for p in (source, target)]
            problems.append(
                f"{page.display()}: blocks do not align with the source: {counts[0]} in the source "
                f"({source_lang}), {counts[1]} in the translation; make the translation's headings, "
                "paragraphs, list items and table cells match the source's, one for one")
            continue
        untranslated = [s.key for s, t in pairs if s.key and s.text.strip() and not t.text.strip()]
        if untranslated:
            problems.append(f"{page.display()}: front matter field(s) not translated: {', '.join(untranslated)}")
            continue
        if review.violations and not force:
            problems += [describe(v, project) for v in review.violations]
            violated = True
            continue
        text = approved_record(target, page.in_lang(source_lang).display(), review.source_hash, by, at)
        blocks = tuple(BlockPair(s.text, t.text, s.key) for s, t in pairs)
        planned.append((target, text, ReviewRecord(page.rel, page.lang, review.source_hash, by, at, blocks)))
    if problems:
        hint = "\nfix the translations, or pass --force to approve despite these glossary warnings" if violated else ""
        raise ReviewError("not approved (nothing written):\n  " + "\n  ".join(problems) + hint)
    for target, text, record in planned:
        write_page(target.path, text, like=target)
        records[record.lang][record.page] = record
    for lang in sorted({record.lang for _, _, record in planned}):
        write_records(project, lang, records[lang])
    return [record for _, _, record in planned]
