"""Approving translated pages.

:func:`approve` writes ``status: reviewed`` with the approved source hash,
the reviewer and the time into the page's ``translation:`` front matter
(every other key is kept, the body stays byte for byte) and records the
approved block pairs in ``glossary/reviews/<lang>.jsonl``
(:mod:`portal.review.records`).  It refuses, writing nothing, when a page's
blocks do not align with its source, when a page has glossary violations
(unless ``force``) or when the state forbids approval.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from portal.fileio import write_text_atomic
from portal.frontmatter import split_front_matter
from portal.glossary.check import align
from portal.project import SOURCE_LANG, Project
from portal.review.pages import (
    load_blocks,
    page_review,
    read_text,
    review_targets,
    source_path,
    target_path,
)
from portal.review.records import BlockPair, ReviewRecord, load_records, write_records
from portal.review.state import ReviewError, ReviewEvent, apply_event


def with_translation_block(raw: str, block: dict, path: Path) -> str:
    """``raw`` (a page's text, any line endings) with ``block`` as its ``translation:``
    mapping; everything after the front matter is unchanged."""
    from portal.translation.run import with_translation_block  # the layout translate writes

    bom = "\ufeff" if raw.startswith("\ufeff") else ""
    text = raw.removeprefix("\ufeff")
    crlf = "\r\n" in text
    text = text.replace("\r\n", "\n") if crlf else text
    _, body_start = split_front_matter(text, path)
    new = with_translation_block(text, block)
    meta, new_start = split_front_matter(new, path)
    if new[new_start:] != text[body_start:] or meta.get("translation") != block:
        raise ReviewError("cannot rewrite this page's front matter safely (is `translation:` in flow style?)", path, 1)
    if crlf:
        new = new.replace("\n", "\r\n")
    return bom + new


def _describe(violation, project: Project) -> str:
    shown = f" (found {violation.found!r})" if violation.found else ""
    page = Path(violation.page)
    if page.is_absolute() and page.resolve().is_relative_to(project.root.resolve()):
        page = page.resolve().relative_to(project.root.resolve())
    return f"{page}:{violation.line}: {violation.problem} {violation.expected!r} for {violation.term!r}{shown}"


def approve(project: Project, paths, by: str, now: datetime, force: bool = False,
            glossary=None) -> list[ReviewRecord]:
    """Approve the translated pages named by ``paths`` (a source page means every language).

    Holds the translation run's lock, so a concurrent ``portal translate``
    cannot overwrite a page between its check and this approval.
    """
    from portal.fileio import project_lock

    with project_lock(project.root):
        return approve_locked(project, paths, by, now, force, glossary)


def approve_locked(project: Project, paths, by: str, now: datetime, force: bool = False,
                   glossary=None) -> list[ReviewRecord]:
    """:func:`approve` for a caller that already holds the run lock."""
    if not by.strip():
        raise ReviewError("say who approves: --by NAME")
    at = now.isoformat(timespec="seconds")
    problems: list[str] = []
    violated = False
    planned: list[tuple[Path, str, ReviewRecord]] = []
    records = {}
    for rel, lang in review_targets(project, list(paths)):
        source, target = source_path(project, rel), target_path(project, rel, lang)
        if lang not in records:
            records[lang] = load_records(project, lang)
        review = page_review(project, rel, lang, glossary, records=records[lang])
        try:
            apply_event(review.status, ReviewEvent.APPROVE, f"docs/{lang}/{rel}")
        except ReviewError as error:
            problems.append(str(error))
            continue
        source_page, target_page = load_blocks(source), load_blocks(target)
        source_blocks, target_blocks = source_page.segments, target_page.segments
        pairs, aligned, _ = align(source_page, target_page)
        if aligned != "segment":
            problems.append(
                f"docs/{lang}/{rel}: blocks do not align with the source: {len(source_blocks)} in "
                f"{source.name} (vi), {len(target_blocks)} in the translation; make the translation's "
                "headings, paragraphs, list items and table cells match the source"
            )
            continue
        if review.violations and not force:
            problems += [_describe(v, project) for v in review.violations]
            violated = True
            continue
        raw = target.read_bytes().decode("utf-8")
        meta, _ = split_front_matter(read_text(target), target)
        block = dict(meta.get("translation") or {}) if isinstance(meta.get("translation"), dict) else {}
        block.update({
            "source": f"docs/{SOURCE_LANG}/{rel}", "source_hash": review.source_hash, "status": "reviewed",
            "reviewed_by": by, "reviewed_at": at,
        })
        text = with_translation_block(raw, block, target)
        blocks = tuple(BlockPair(s.text, t.text) for s, t in pairs)
        planned.append((target, text, ReviewRecord(rel, lang, review.source_hash, by, at, blocks)))
    if problems:
        hint = "\nfix the translations, or pass --force to approve despite these glossary warnings" if violated else ""
        raise ReviewError("not approved (nothing written):\n  " + "\n  ".join(problems) + hint)
    for target, text, record in planned:
        if target.read_bytes() != text.encode("utf-8"):
            write_text_atomic(target, text)
        records[record.lang][record.page] = record
    for lang in sorted({record.lang for _, _, record in planned}):
        write_records(project, lang, records[lang])
    return [record for _, _, record in planned]
