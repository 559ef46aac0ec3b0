"""Checking translated pages against the glossary.

For every translated page ``docs/<lang>/X.md`` whose source ``docs/vi/X.md``
exists, the two pages are cut into blocks (:func:`portal.pages.page_blocks`):
the front matter fields readers see, aligned by key (``title``,
``tasks.3.task``), then the body's headings, paragraphs, list items and
table cells, aligned by position when both pages have as many, otherwise the
whole body is checked against the whole source body (the result says
``aligned: page``).

For each glossary term found in a source block the translation must contain
an accepted rendering (the approved one, or one of the entry's ``also``) at
least as often as the term occurs (``missing``), and must not contain any of
the entry's forbidden renderings (``forbidden``).  How text is compared is a
property of the language (:class:`portal.languages.Language`): spaced
scripts ignore case and apostrophe style, match whole words and accept the
language's ``term_endings`` (English plurals); scripts without spaces
compare exactly, anywhere.

The page's ``translation:`` record gives its status (none: a hand-written
page, ``needs-review``).  Violations on a ``reviewed`` page are errors; on
drafts they are warnings.  Generated pages (the glossary page) are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from portal.glossary.model import Glossary
from portal.languages import Language
from portal.pages import (
    Block,
    PageFile,
    PagePath,
    body_start_line,
    page_blocks,
    read_page,
    split_blocks,
    translations_named,
)
from portal.project import Project
from portal.review.state import ReviewState


@dataclass(frozen=True, slots=True)
class Violation:
    """A glossary term not rendered as approved in a translated page."""

    page: Path
    """The translated page."""
    source_page: Path
    lang: str
    line: int
    """1-based line in the translated page."""
    entry_id: str
    term: str
    """The source term as written in the source."""
    expected: str
    """The approved rendering."""
    problem: str
    """``missing`` or ``forbidden``."""
    found: str = ""
    """The forbidden rendering found (for ``forbidden``)."""
    status: str = ReviewState.MACHINE.value
    severity: str = "warning"
    """``error`` on reviewed pages, ``warning`` on drafts."""
    field: str = ""
    """The front matter field (``title``, ``tasks.3.lead``), ``""`` in the body."""

    def as_dict(self) -> dict:
        return {
            "page": str(self.page), "source_page": str(self.source_page), "lang": self.lang,
            "line": self.line, "field": self.field, "entry_id": self.entry_id, "term": self.term,
            "expected": self.expected, "problem": self.problem, "found": self.found,
            "status": self.status, "severity": self.severity,
        }


@dataclass(frozen=True, slots=True)
class PageCheck:
    """The result of checking one translated page."""

    page: Path
    source_page: Path
    lang: str
    status: str
    aligned: str
    """``segment`` or ``page`` (body block counts differed)."""
    violations: tuple[Violation, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class CheckReport:
    """The result of a check run."""

    pages: tuple[PageCheck, ...] = ()
    glossary_version: str = ""

    @property
    def violations(self) -> list[Violation]:
        return [v for p in self.pages for v in p.violations]

    @property
    def failed(self) -> bool:
        """True when a reviewed page has a violation."""
        return any(v.severity == "error" for v in self.violations)


def page_status(page: PageFile) -> ReviewState:
    """What a page says of itself: its record's status, or needs-review for a hand-written page."""
    record = page.record
    if record is None or record.status is None:
        return ReviewState.NEEDS_REVIEW if record is None else ReviewState.MACHINE
    return record.status


def _occurrences(haystack: str, needle: str, language: Language) -> list[tuple[int, int]]:
    """Where ``needle`` or one of its forms occurs in ``haystack`` (both folded)."""
    if not needle:
        return []
    if not language.spaces_between_words:
        return [m.span() for m in re.finditer(re.escape(needle), haystack)]
    forms = sorted({language.fold(form) for form in language.term_forms(needle)}, key=len, reverse=True)
    pattern = r"(?<!\w)(?:" + "|".join(re.escape(form) for form in forms) + r")(?!\w)"
    return [m.span() for m in re.finditer(pattern, haystack)]


def align(source: PageFile, target: PageFile) -> tuple[list[tuple[Block, Block]], str, str]:
    """Block pairs of a page and its translation, how the body was aligned, and a note.

    Fields pair by key (a field the translation lacks is paired with an
    empty block at line 1); the body block by block when both have as many
    blocks, else the whole body as one pair.
    """
    source_fields, source_body = split_blocks(page_blocks(source))
    target_fields, target_body = split_blocks(page_blocks(target))
    pairs = [(block, target_fields.get(key, Block("", 1, key))) for key, block in source_fields.items()]
    if len(source_body) == len(target_body):
        return pairs + list(zip(source_body, target_body)), "segment", ""
    join = "\n".join
    pairs.append((Block(join(b.text for b in source_body), 1),
                  Block(join(b.text for b in target_body), body_start_line(target))))
    note = (f"block counts differ (source {len(source_body)}, translation {len(target_body)}): "
            "checked page by page")
    return pairs, "page", note


def term_coverage(source: PageFile, target: PageFile, language: Language, glossary: Glossary) -> tuple[int, int]:
    """(term occurrences whose approved rendering is in the aligned target, all term occurrences)."""
    found = total = 0
    for src, tgt in align(source, target)[0]:
        counts: dict[str, int] = {}
        for span in glossary.find(src.text, language.code):
            counts[span.entry_id] = counts.get(span.entry_id, 0) + 1
        haystack = language.fold(tgt.text)
        for entry_id, count in counts.items():
            expected = glossary.entry(entry_id).target(language.code)
            found += min(count, len(_occurrences(haystack, language.fold(expected), language)))
            total += count
    return found, total


def check_pair(source: PageFile, target: PageFile, language: Language, glossary: Glossary) -> PageCheck:
    """Violations of one translated page against its source (pure)."""
    status = page_status(target)
    severity = "error" if status == ReviewState.REVIEWED else "warning"
    pairs, aligned, note = align(source, target)
    lang = language.code
    violations = []
    for src, tgt in pairs:
        counts: dict[str, list] = {}
        for span in glossary.find(src.text, lang):
            counts.setdefault(span.entry_id, []).append(span)
        haystack = language.fold(tgt.text)
        # Accepted renderings present in the block: a forbidden form inside
        # one of them ("... Communication" in "... Communications") is fine.
        accepted = {
            entry_id: [span for form in glossary.entry(entry_id).accepted(lang)
                       for span in _occurrences(haystack, language.fold(form), language)]
            for entry_id in counts
        }
        covered = [span for spans in accepted.values() for span in spans]
        for entry_id, found_spans in counts.items():
            entry = glossary.entry(entry_id)
            common = dict(
                page=target.path, source_page=source.path, lang=lang, entry_id=entry_id,
                term=found_spans[0].source, expected=entry.target(lang), status=status.value,
                severity=severity, field=tgt.key,
            )
            if len(accepted[entry_id]) < len(found_spans):
                violations.append(Violation(line=tgt.line, problem="missing", **common))
            for bad in entry.forbidden.get(lang, ()):
                hits = [(start, end) for start, end in _occurrences(haystack, language.fold(bad), language)
                        if not any(a <= start and end <= b for a, b in covered)]
                if hits:
                    newlines = tgt.text.count("\n", 0, hits[0][0])
                    whole_body = aligned == "page" and not tgt.key
                    line = _body_line(target, newlines) if whole_body else tgt.line + newlines
                    violations.append(Violation(line=line, problem="forbidden", found=bad, **common))
    violations.sort(key=lambda v: (v.line, v.field, v.entry_id, v.problem))
    return PageCheck(target.path, source.path, lang, status.value, aligned, tuple(violations), note)


def _body_line(page: PageFile, newline_index: int) -> int:
    """Line of the ``newline_index``-th line of a page's joined body blocks."""
    seen = 0
    for block in split_blocks(page_blocks(page))[1]:
        lines = block.text.count("\n") + 1
        if newline_index < seen + lines:
            return block.line + newline_index - seen
        seen += lines
    return body_start_line(page)


@dataclass(frozen=True, slots=True)
class PagePair:
    """A translated page and its source, read."""

    source: PageFile
    target: PageFile
    language: Language


def page_pairs(project: Project, paths: Iterable[Path] = ()) -> list[PagePair]:
    """The translated pages named by ``paths`` (all by default) that exist, with their sources."""
    languages = project.languages
    pairs = []
    for page in translations_named(project, paths):
        target = page.file(project)
        if not target.is_file():
            continue
        source = PagePath(page.rel, languages.source.code).file(project)
        pairs.append(PagePair(read_page(source), read_page(target), languages[page.lang]))
    return pairs


def check_pages(pairs: Iterable[PagePair], glossary: Glossary) -> CheckReport:
    """Check page pairs; generated pages are skipped."""
    results = tuple(
        check_pair(pair.source, pair.target, pair.language, glossary)
        for pair in pairs
        if not (pair.target.record and pair.target.record.generated)
    )
    return CheckReport(results, glossary.version)


def check_project(project: Project, glossary: Glossary, paths: Iterable[Path] = ()) -> CheckReport:
    """Check the translated pages of a project (or those ``paths`` name)."""
    return check_pages(page_pairs(project, paths), glossary)


def _shown(path: Path) -> str:
    """A path relative to the working directory when it is below it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def format_report(report: CheckReport) -> str:
    """A plain-text table of the violations, then one summary line."""
    lines = []
    rows = [
        (
            v.severity, f"{_shown(v.page)}:{v.line}" + (f" ({v.field})" if v.field else ""), v.lang, v.status,
            v.problem, " ".join(v.term.split()),
            v.expected if v.problem == "missing" else f"{v.found} -> {v.expected}",
        )
        for v in report.violations
    ]
    if rows:
        header = ("severity", "where", "lang", "status", "problem", "term", "expected")
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header) - 1)]
        for row in [header, *rows]:
            lines.append("  ".join(str(c).ljust(w) for c, w in zip(row, widths)) + "  " + row[-1])
    for page in report.pages:
        if page.note:
            lines.append(f"note: {_shown(page.page)}: {page.note}")
    errors = sum(v.severity == "error" for v in report.violations)
    warnings = len(report.violations) - errors
    lines.append(
        f"{len(report.pages)} page(s) checked against glossary {report.glossary_version}: "
        f"{errors} error(s), {warnings} warning(s)"
    )
    return "\n".join(lines)


def report_json(report: CheckReport) -> dict:
    """The report as JSON-ready data."""
    return {
        "glossary_version": report.glossary_version,
        "failed": report.failed,
        "pages": [
            {
                "page": str(p.page), "source_page": str(p.source_page), "lang": p.lang,
                "status": p.status, "aligned": p.aligned, "note": p.note,
                "violations": [v.as_dict() for v in p.violations],
            }
            for p in report.pages
        ],
    }
