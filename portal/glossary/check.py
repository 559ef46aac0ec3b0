"""Checking translated pages against the glossary.

For every translated page ``docs/<lang>/X.md`` whose source ``docs/vi/X.md``
exists, the two pages are cut into segments -- the ``inline`` content of
markdown-it-py block tokens, in document order: headings, paragraphs, list
items, table cells.  When both pages have as many segments, segment *n* of
the translation is checked against segment *n* of the source; otherwise the
whole page is checked against the whole source page (the result says
``aligned: page``).

For each glossary term found in a source segment the translation must
contain the approved rendering at least as often as the term occurs
(``missing``), and must not contain any of the entry's forbidden renderings
(``forbidden``).  English compares case-insensitively and ignores
typographic apostrophes; Chinese compares exactly.

The page's front matter may hold ``translation: {status: ...}`` with a
status from :data:`STATUSES` (none means ``machine``).  Violations on a
``reviewed`` page are errors; on drafts they are warnings.  Pages with
``translation: {origin: generated}`` (the glossary page itself) are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from portal.frontmatter import split_front_matter
from portal.glossary.model import TARGET_LANGS, Glossary, GlossaryError

STATUSES = ("machine", "needs-review", "reviewed", "stale")
"""Review states of a translated page, in workflow order."""
STRICT_STATUSES = frozenset({"reviewed"})


@dataclass(frozen=True, slots=True)
class Segment:
    """The text of one block of a page."""

    text: str
    line: int
    """1-based line where the block starts."""


@dataclass(frozen=True, slots=True)
class Page:
    """A parsed Markdown page."""

    path: Path
    segments: tuple[Segment, ...]
    status: str
    """Translation status from the front matter (``machine`` when absent)."""
    generated: bool = False
    body_line: int = 1
    """First line after the front matter."""


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
    """The Vietnamese term as written in the source."""
    expected: str
    """The approved rendering."""
    problem: str
    """``missing`` or ``forbidden``."""
    found: str = ""
    """The forbidden rendering found (for ``forbidden``)."""
    status: str = "machine"
    severity: str = "warning"
    """``error`` on reviewed pages, ``warning`` on drafts."""

    def as_dict(self) -> dict:
        return {
            "page": str(self.page), "source_page": str(self.source_page), "lang": self.lang,
            "line": self.line, "entry_id": self.entry_id, "term": self.term,
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
    """``segment`` or ``page`` (block counts differed)."""
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


_MD = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)


def parse_page(text: str, path: Path) -> Page:
    """Segments and translation status of a Markdown page."""
    meta, _ = split_front_matter(text, path)
    status, generated, body_line = "machine", False, 1
    translation = meta.get("translation")
    if translation is not None:
        if not isinstance(translation, dict):
            raise GlossaryError("front matter `translation:` must be a mapping", path, 1)
        status = translation.get("status") or "machine"
        generated = translation.get("origin") == "generated"
        if status not in STATUSES:
            raise GlossaryError(f"unknown translation status {status!r}; expected {', '.join(STATUSES)}", path, 1)
    segments = []
    for token in _MD.parse(text.removeprefix("\ufeff")):
        if token.type == "front_matter":
            body_line = (token.map[1] + 1) if token.map else 1
        elif token.type == "inline" and token.map:
            segments.append(Segment(token.content, token.map[0] + 1))
    return Page(path, tuple(segments), status, generated, body_line)


def _fold(text: str, lang: str) -> str:
    if lang == "zh":
        return text
    return text.replace("\u2019", "'").replace("\u2018", "'").casefold()


def _occurrences(haystack: str, needle: str, lang: str) -> list[tuple[int, int]]:
    """Where ``needle`` occurs in ``haystack`` (both folded); whole words
    except in Chinese, which has no spaces between words.  In English the
    last word may take a plural ending: "Plans", "People's Committees"."""
    if not needle:
        return []
    if lang == "zh":
        pattern = re.escape(needle)
    else:
        plural = "(?:e?s)?" if needle[-1].isalpha() else ""
        pattern = r"(?<!\w)" + re.escape(needle) + plural + r"(?!\w)"
    return [m.span() for m in re.finditer(pattern, haystack)]


def align(source: Page, target: Page) -> tuple[list[tuple[Segment, Segment]], str, str]:
    """Segment pairs of a page and its translation, how they were aligned, and a note.

    Block by block when both have the same number of blocks, else the whole
    page as one pair.
    """
    if len(source.segments) == len(target.segments):
        return list(zip(source.segments, target.segments)), "segment", ""
    join = "\n".join
    pairs = [
        (
            Segment(join(s.text for s in source.segments), 1),
            Segment(join(s.text for s in target.segments), target.body_line),
        )
    ]
    note = (
        f"block counts differ (source {len(source.segments)}, translation "
        f"{len(target.segments)}): checked page by page"
    )
    return pairs, "page", note


def term_coverage(source: Page, target: Page, lang: str, glossary: Glossary) -> tuple[int, int]:
    """(term occurrences whose approved rendering is in the aligned target, all term occurrences)."""
    found = total = 0
    for src, tgt in align(source, target)[0]:
        counts: dict[str, int] = {}
        for span in glossary.find(src.text, lang):
            counts[span.entry_id] = counts.get(span.entry_id, 0) + 1
        haystack = _fold(tgt.text, lang)
        for entry_id, count in counts.items():
            expected = _fold(glossary.entry(entry_id).target(lang), lang)
            found += min(count, len(_occurrences(haystack, expected, lang)))
            total += count
    return found, total


def check_pair(source: Page, target: Page, lang: str, glossary: Glossary) -> PageCheck:
    """Violations of one translated page against its source (pure)."""
    severity = "error" if target.status in STRICT_STATUSES else "warning"
    pairs, aligned, note = align(source, target)
    violations = []
    for src, tgt in pairs:
        spans = glossary.find(src.text, lang)
        counts: dict[str, list] = {}
        for span in spans:
            counts.setdefault(span.entry_id, []).append(span)
        haystack = _fold(tgt.text, lang)
        # Approved renderings present in the segment: a forbidden form inside
        # one of them ("... Communication" in "... Communications") is fine.
        approved = [
            span
            for entry_id in counts
            for span in _occurrences(haystack, _fold(glossary.entry(entry_id).target(lang), lang), lang)
        ]
        for entry_id, found_spans in counts.items():
            entry = glossary.entry(entry_id)
            expected = entry.target(lang)
            common = dict(
                page=target.path, source_page=source.path, lang=lang, entry_id=entry_id,
                term=found_spans[0].source, expected=expected, status=target.status, severity=severity,
            )
            if len(_occurrences(haystack, _fold(expected, lang), lang)) < len(found_spans):
                violations.append(Violation(line=tgt.line, problem="missing", **common))
            for bad in entry.forbidden.get(lang, ()):
                hits = [
                    (start, end)
                    for start, end in _occurrences(haystack, _fold(bad, lang), lang)
                    if not any(a <= start and end <= b for a, b in approved)
                ]
                if not hits:
                    continue
                at = hits[0][0]
                if aligned == "segment":
                    line = tgt.line + tgt.text.count("\n", 0, at)
                else:
                    block = tgt.text.count("\n", 0, at)  # segments joined by newlines
                    line = _page_line(target, block)
                violations.append(Violation(line=line, problem="forbidden", found=bad, **common))
    violations.sort(key=lambda v: (v.line, v.entry_id, v.problem))
    return PageCheck(target.path, source.path, lang, target.status, aligned, tuple(violations), note)


def _page_line(page: Page, newline_index: int) -> int:
    """Line of the ``newline_index``-th line of a page's joined segments."""
    seen = 0
    for segment in page.segments:
        lines = segment.text.count("\n") + 1
        if newline_index < seen + lines:
            return segment.line + newline_index - seen
        seen += lines
    return page.body_line


def check_pages(pairs: Iterable[tuple[Page, Page, str]], glossary: Glossary) -> CheckReport:
    """Check (source, translation, lang) page pairs; generated pages are skipped."""
    results = tuple(
        check_pair(source, target, lang, glossary) for source, target, lang in pairs if not target.generated
    )
    return CheckReport(results, glossary.version)


def load_page(path: Path) -> Page:
    try:
        return parse_page(path.read_text(encoding="utf-8"), path)
    except OSError as error:
        raise GlossaryError(f"cannot read page: {error.strerror}", path) from None
    except UnicodeDecodeError:
        raise GlossaryError("page is not UTF-8 text", path) from None


def translated_pages(docs_dir: Path, paths: Iterable[Path] = ()) -> list[tuple[Path, Path, str]]:
    """(source, translation, lang) for the requested paths or the whole docs tree.

    A path may be a translated page, a source page (both translations), or a
    folder under any language (every page below it).  Translations without a
    source page are skipped.
    """
    docs_dir = docs_dir.resolve()
    wanted: list[Path] = []
    for raw in paths or [docs_dir / lang for lang in TARGET_LANGS]:
        path = Path(raw).resolve()
        try:
            rel = path.relative_to(docs_dir)
        except ValueError:
            raise GlossaryError(f"not under {docs_dir}", path) from None
        if not rel.parts or rel.parts[0] not in ("vi", *TARGET_LANGS):
            raise GlossaryError("expected a page or folder under docs/vi, docs/en or docs/zh", path)
        if not path.exists():
            raise GlossaryError("no such page or folder", path)
        files = sorted(path.rglob("*.md")) if path.is_dir() else [path]
        for file in files:
            frel = file.relative_to(docs_dir)
            lang, rest = frel.parts[0], Path(*frel.parts[1:])
            langs = TARGET_LANGS if lang == "vi" else (lang,)
            wanted += [docs_dir / target / rest for target in langs]
    result = []
    seen = set()
    for target in wanted:
        rel = target.relative_to(docs_dir)
        lang, rest = rel.parts[0], Path(*rel.parts[1:])
        source = docs_dir / "vi" / rest
        if target in seen or not target.is_file() or not source.is_file():
            continue
        seen.add(target)
        result.append((source, target, lang))
    return result


def load_page_pairs(docs_dir: Path, paths: Iterable[Path] = ()) -> list[tuple[Page, Page, str]]:
    """(source page, translated page, lang) for :func:`translated_pages`, parsed."""
    return [(load_page(s), load_page(t), lang) for s, t, lang in translated_pages(docs_dir, paths)]


def check_tree(docs_dir: Path, glossary: Glossary, paths: Iterable[Path] = ()) -> CheckReport:
    """Load the translated pages under ``docs_dir`` (or ``paths``) and check them."""
    return check_pages(load_page_pairs(docs_dir, paths), glossary)


def _shown(path: Path) -> str:
    """A path relative to the working directory when it is below it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def format_report(report: CheckReport) -> str:
    """A plain-text table of the violations, then one summary line."""
    lines = []
    rows = [
        (
            v.severity, f"{_shown(v.page)}:{v.line}", v.lang, v.status, v.problem, " ".join(v.term.split()),
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
