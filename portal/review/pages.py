"""The review state of translated pages, computed from the files.

:func:`page_review` reads ``docs/vi/X.md``, ``docs/<lang>/X.md``, its
``translation:`` front matter (:mod:`portal.translation.run` defines it) and the
approval record, and decides the page's :class:`ReviewState`:

- **missing**: no target page;
- **machine**: status ``machine`` and the text still equals the machine
  output (``output_hash``), with no glossary violation;
- **needs-review**: status ``needs-review``; a machine page a person edited;
  a draft with glossary violations; a hand-written page without a
  ``translation:`` block; a reviewed page whose blocks differ from the ones
  approved (edited after approval);
- **reviewed**: status ``reviewed`` and the source file's sha256 equals the
  approved ``source_hash``;
- **stale**: status ``reviewed`` (or ``stale``) but the source changed since.

Blocks are the glossary check's (:func:`portal.glossary.check.parse_page`),
so the check, approvals, diffs and the XLIFF exchange agree on block *n*.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from portal.fileio import content_hash
from portal.frontmatter import split_front_matter
from portal.glossary.check import Page, Violation, check_pair, parse_page
from portal.project import SOURCE_LANG, TARGET_LANGS, Project
from portal.review.diff import diff_blocks
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
    """``sha256:`` of the current Vietnamese source file."""
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

    def as_dict(self) -> dict:
        return {
            "page": self.page, "lang": self.lang, "status": self.status.value,
            "source_hash": self.source_hash, "approved_source_hash": self.approved_source_hash,
            "reviewed_by": self.reviewed_by, "reviewed_at": self.reviewed_at,
            "violations": len(self.violations), "changed": self.changed_blocks, "blocks": self.blocks,
            "violation_details": [v.as_dict() for v in self.violations], "notes": self.notes,
        }


def file_sha256(path: Path) -> str:
    return content_hash(path.read_bytes())


def source_path(project: Project, rel: str) -> Path:
    return project.lang_dir(SOURCE_LANG) / rel


def target_path(project: Project, rel: str, lang: str) -> Path:
    return project.lang_dir(lang) / rel


def read_text(path: Path) -> str:
    """A page's text as the glossary check reads it (UTF-8, ``\\n`` endings)."""
    try:
        return path.read_bytes().decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
    except UnicodeDecodeError:
        raise ReviewError("page is not UTF-8 text", path) from None


def load_blocks(path: Path) -> Page:
    return parse_page(read_text(path), path)


def translation_block(path: Path) -> dict | None:
    """The ``translation:`` mapping of a page's front matter, or None."""
    meta, _ = split_front_matter(read_text(path), path)
    block = meta.get("translation")
    return block if isinstance(block, dict) else None


def is_generated(path: Path) -> bool:
    block = translation_block(path) if path.is_file() else None
    return bool(block and block.get("origin") == "generated")


def machine_output_unchanged(path: Path, block: dict) -> bool:
    """Whether a machine page still equals what the machine wrote (``output_hash``)."""
    from portal.translation.run import (
        without_translation_block,  # the one definition of output_hash
    )

    return block.get("output_hash") == content_hash(without_translation_block(read_text(path)))


def page_review(project: Project, rel_path: str, lang: str, glossary, record: ReviewRecord | None = None,
                records: dict[str, ReviewRecord] | None = None) -> PageReview:
    """The review state of ``docs/<lang>/<rel_path>`` (see the module docstring)."""
    rel = Path(rel_path).as_posix()
    source = source_path(project, rel)
    target = target_path(project, rel, lang)
    if not source.is_file():
        raise ReviewError("no Vietnamese source page", source)
    if record is None:
        record = (records if records is not None else load_records(project, lang)).get(rel)
    review = PageReview(rel, lang, ReviewState.MISSING, source_hash=file_sha256(source))
    source_page = load_blocks(source)
    review.blocks = len(source_page.segments)
    if not target.is_file():
        return review
    block = translation_block(target)
    target_page = load_blocks(target)
    if glossary is not None:
        review.violations = check_pair(source_page, target_page, lang, glossary).violations
    if block is None:
        review.status = ReviewState.NEEDS_REVIEW
        review.notes.append("written by hand, never approved")
        return review
    review.approved_source_hash = str(block.get("source_hash") or "") if block.get("status") in (
        "reviewed", "stale") else ""
    review.reviewed_by = str(block.get("reviewed_by") or "")
    review.reviewed_at = str(block.get("reviewed_at") or "")
    status = block.get("status") or "machine"
    if status in ("reviewed", "stale"):
        if review.approved_source_hash == review.source_hash and status == "reviewed":
            review.status = ReviewState.REVIEWED
            if record is not None and record.source_hash == review.source_hash:
                approved = [b.target for b in record.blocks]
                current = [s.text for s in target_page.segments]
                edited = sum(a != b for a, b in zip(approved, current)) + abs(len(approved) - len(current))
                if edited:
                    review.status = ReviewState.NEEDS_REVIEW
                    review.changed_blocks = edited
                    review.notes.append(f"{edited} block(s) edited since approval")
            return review
        review.status = ReviewState.STALE
        if record is not None:
            changes = diff_blocks([b.source for b in record.blocks], [s.text for s in source_page.segments],
                                  [b.target for b in record.blocks])
            review.changed_blocks = sum(c.kind != "kept" for c in changes)
        else:
            review.changed_blocks = review.blocks
            review.notes.append("no approval record: re-check every block")
        return review
    if status == "needs-review":
        review.status = ReviewState.NEEDS_REVIEW
    elif not machine_output_unchanged(target, block):
        review.status = ReviewState.NEEDS_REVIEW
        review.notes.append("machine draft edited by a person")
    elif review.violations:
        review.status = ReviewState.NEEDS_REVIEW
        review.notes.append("machine draft with glossary violations")
    else:
        review.status = ReviewState.MACHINE
    return review


def review_targets(project: Project, paths: list[Path] | tuple[Path, ...] = ()) -> list[tuple[str, str]]:
    """(page, lang) for ``paths`` -- source pages (every language), target pages or
    folders under ``docs/<lang>`` -- or every source page in every language.
    Generated pages (the glossary page) are left out."""
    docs = project.docs_dir.resolve()
    wanted: list[tuple[str, str]] = []
    for raw in paths or [docs / SOURCE_LANG]:
        path = Path(raw).resolve()
        try:
            parts = path.relative_to(docs).parts
        except ValueError:
            raise ReviewError(f"not under {docs}", raw) from None
        if not parts or parts[0] not in (SOURCE_LANG, *TARGET_LANGS):
            raise ReviewError("expected a page or folder under docs/vi, docs/en or docs/zh", raw)
        if not path.exists():
            raise ReviewError("no such page or folder", raw)
        lang_dir = docs / parts[0]
        files = sorted(path.rglob("*.md")) if path.is_dir() else [path]
        langs = TARGET_LANGS if parts[0] == SOURCE_LANG else (parts[0],)
        for file in files:
            rel = file.relative_to(lang_dir).as_posix()
            if not (docs / SOURCE_LANG / rel).is_file():
                if path.is_dir():
                    continue
                raise ReviewError("no Vietnamese source page for this translation", raw)
            wanted += [(rel, lang) for lang in langs]
    result = []
    for rel, lang in dict.fromkeys(wanted):
        if not is_generated(project.lang_dir(lang) / rel) and not is_generated(project.lang_dir(SOURCE_LANG) / rel):
            result.append((rel, lang))
    return result


def page_reviews(project: Project, paths=(), glossary=None) -> list[PageReview]:
    """The review state of every (page, lang) named by ``paths`` (all by default)."""
    records = {}
    reviews = []
    for rel, lang in review_targets(project, paths):
        if lang not in records:
            records[lang] = load_records(project, lang)
        reviews.append(page_review(project, rel, lang, glossary, records=records[lang]))
    return reviews
