"""What translators read: the status table, the diff, and the HTML review report.

The report (``portal review report``, ``make review``) is one static page,
rendered with Jinja2 (autoescaped) from ``templates/report.html.j2``:

1. an overview, pages x languages, with a state badge and the counts of
   glossary violations and changed blocks;
2. per page, a side-by-side table source | each target language, block by
   block (front matter fields first, by key), with glossary terms marked (``<mark class="term">``: the source
   term, and its approved rendering in each translation), blocks with
   violations flagged (``violation``) and, on stale pages, the blocks whose
   source changed since approval flagged (``changed``) with the old source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from portal.fileio import write_text_atomic
from portal.languages import Language
from portal.pages import PagePath, page_blocks, read_page, split_blocks
from portal.project import Project
from portal.review.blocks import BlockChange, changes_since
from portal.review.diff import PageDiff
from portal.review.pages import PageReview, page_reviews
from portal.review.records import load_records
from portal.review.state import ReviewState


def format_status(reviews: list[PageReview], targets: tuple[str, ...]) -> str:
    """Pages x languages (``targets``, in order) as a plain-text table, then the count per state."""
    by_page: dict[str, dict[str, PageReview]] = {}
    for review in reviews:
        by_page.setdefault(review.page, {})[review.lang] = review
    langs = [lang for lang in targets if any(lang in row for row in by_page.values())]

    def cell(review: PageReview | None) -> str:
        if review is None:
            return ""
        extra = []
        if review.violations:
            extra.append(f"{len(review.violations)} violation(s)")
        if review.changed_blocks:
            extra.append(f"{review.changed_blocks} changed")
        return review.status.value + (f" ({', '.join(extra)})" if extra else "")

    rows = [("page", *langs)] + [(page, *(cell(row.get(lang)) for lang in langs)) for page, row in by_page.items()]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    counts: dict[str, int] = {}
    for review in reviews:
        counts[review.status.value] = counts.get(review.status.value, 0) + 1
    lines.append(", ".join(f"{n} {state}" for state, n in sorted(counts.items())) or "no pages")
    return "\n".join(lines)


def format_diff(result: PageDiff) -> str:
    """A page's changes since approval, for the terminal."""
    head = f"docs/{result.lang}/{result.page} [{result.status}]: "
    lines = [head + f"{len(result.changed)} of {len(result.changes)} block(s) to re-check"]
    for change in result.changes:
        if change.kind == "kept":
            continue
        if change.key:
            where = f"field {change.key}"
        else:
            where = f"block {change.index}, line {change.line}" if change.index else "removed block"
        lines.append(f"\n{change.kind.upper()} ({where})")
        if change.old_source:
            lines.append(f"  - source (approved): {change.old_source}")
        if change.new_source:
            lines.append(f"  + source (now):      {change.new_source}")
        if change.target:
            lines.append(f"    {result.lang} (approved):   {change.target}")
        if change.suggestion:
            lines.append(f"    {result.lang} (machine):    {change.suggestion}")
    lines += [f"note: {note}" for note in result.notes]
    return "\n".join(lines)


# ------------------------------------------------------------------ html


def _mark(text: str, spans: list[tuple[int, int, str]]) -> Markup:
    """``text`` escaped, with each (start, end, title) span in ``<mark class="term">``."""
    out, at = [], 0
    for start, end, title in sorted(spans):
        if start < at:
            continue
        out.append(escape(text[at:start]))
        out.append(Markup('<mark class="term" title="{}">{}</mark>').format(title, text[start:end]))
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)


def _target_spans(text: str, renderings: list[tuple[str, str]], language: Language) -> list[tuple[int, int, str]]:
    spans = []
    for rendering, entry_id in renderings:
        if not rendering:
            continue
        if language.spaces_between_words:
            pattern, flags = r"(?<!\w)" + re.escape(rendering) + r"(?!\w)", re.IGNORECASE
        else:
            pattern, flags = re.escape(rendering), 0
        spans += [(m.start(), m.end(), entry_id) for m in re.finditer(pattern, text, flags)]
    return spans


@dataclass(slots=True)
class Cell:
    html: Markup
    flags: list[str] = field(default_factory=list)
    """CSS classes: ``changed``, ``violation``, ``missing``."""
    notes: list[tuple[str, str]] = field(default_factory=list)
    """(kind, text): ``changed`` or ``violation`` explanations."""


@dataclass(slots=True)
class Row:
    index: int
    line: int
    source: Cell
    targets: dict[str, Cell]
    key: str = ""
    """A front matter field's key; ``""`` for body blocks."""
    number: int = 0
    """A body block's number, from 1 (0 for a field)."""


@dataclass(slots=True)
class PageSection:
    page: str
    anchor: str
    reviews: dict[str, PageReview]
    rows: list[Row]
    notes: list[str]


def _section(project: Project, page: str, reviews: dict[str, PageReview], glossary) -> PageSection:
    """One page side by side: a row per source block (fields first), a column per language."""
    languages = project.languages
    source_page = read_page(PagePath(page, languages.source.code).file(project))
    source_fields, source_body = split_blocks(page_blocks(source_page))
    source_blocks = list(source_fields.values()) + source_body
    first_target = languages.target_codes[0] if languages.target_codes else languages.source.code
    rows = []
    for index, block in enumerate(source_blocks, 1):
        found = glossary.find(block.text, first_target) if glossary is not None else []
        spans = [(s.start, s.end, s.entry_id) for s in found]
        number = 0 if block.key else index - len(source_fields)
        rows.append(Row(index, block.line, Cell(_mark(block.text, spans)), {}, block.key, number))
    notes: list[str] = []
    for lang, review in reviews.items():
        target = PagePath(page, lang).file(project)
        if not target.is_file():
            for row in rows:
                row.targets[lang] = Cell(Markup(""), ["missing"])
            continue
        column = _TargetColumn(project, page, review, source_page, read_page(target), rows)
        notes += column.notes
        for row in rows:
            row.targets[lang] = column.cell(row, source_blocks[row.index - 1].text, languages[lang], glossary)
    return PageSection(page, "page-" + re.sub(r"[^a-z0-9]+", "-", page.lower()).strip("-"), reviews, rows, notes)


class _TargetColumn:
    """One language's column of a page section: the text shown per row, what changed, what is wrong."""

    def __init__(self, project, page: str, review: PageReview, source_page, target_page, rows: list[Row]) -> None:
        lang = review.lang
        source_fields, source_body = split_blocks(page_blocks(source_page))
        target_fields, target_body = split_blocks(page_blocks(target_page))
        first_body = len(source_fields)
        self.row_of_key = {row.key: row.index for row in rows if row.key}
        self.texts = {number: target_fields[key].text if key in target_fields else ""
                      for key, number in self.row_of_key.items()}
        self.changed: dict[int, BlockChange] = {}
        self.notes: list[str] = []
        record = load_records(project, lang).get(page)
        if review.status is ReviewState.STALE and record is not None:
            for change in changes_since(record, source_page):
                if change.kind == "removed":
                    self.notes.append(f"{lang}: a source block was removed since approval; its translation "
                                      f"still reads: {change.target}")
                    continue
                number = self.row_of_key.get(change.key) if change.key else first_body + change.index
                self.texts[number] = change.target
                if change.kind != "kept":
                    self.changed[number] = change
        else:
            if len(target_body) != len(source_body):
                self.notes.append(f"{lang}: blocks do not align (source {len(source_body)}, "
                                  f"translation {len(target_body)}): shown in order")
            self.texts.update({first_body + i: b.text for i, b in enumerate(target_body, 1)})
            extra = len(target_body) - len(source_body)
            if extra > 0:
                self.notes.append(f"{lang}: {extra} translation block(s) beyond the source's last block are not shown")
        line_to_index = {b.line: first_body + i for i, b in enumerate(target_body, 1)}
        self.problems: dict[int, list[str]] = {}
        for violation in review.violations:
            index = self.row_of_key.get(violation.field, 0) if violation.field else line_to_index.get(
                violation.line,  # a line inside a multi-line block: the block it belongs to
                max((i for line, i in line_to_index.items() if line <= violation.line), default=0))
            self.problems.setdefault(index, []).append(
                f"{violation.problem}: {violation.term} → {violation.expected}"
                + (f" (found {violation.found})" if violation.found else ""))

    def cell(self, row: Row, source_text: str, language: Language, glossary) -> Cell:
        text = self.texts.get(row.index, "")
        found = glossary.find(source_text, language.code) if glossary is not None else []
        cell = Cell(_mark(text, _target_spans(text, [(span.target, span.entry_id) for span in found], language)))
        if row.index in self.changed:
            change = self.changed[row.index]
            cell.flags.append("changed")
            cell.notes.append(("changed", f"source {change.kind} since approval; approved source: {change.old_source}"
                               if change.old_source else "source block added since approval"))
        if row.index in self.problems:
            cell.flags.append("violation")
            cell.notes += [("violation", problem) for problem in self.problems[row.index]]
        if not text:
            cell.flags.append("missing")
        return cell


def render_report(project: Project, glossary) -> str:
    """The review report as one HTML page."""
    languages = project.languages
    reviews = page_reviews(project, (), glossary)
    by_page: dict[str, dict[str, PageReview]] = {}
    for review in reviews:
        by_page.setdefault(review.page, {})[review.lang] = review
    sections = [_section(project, page, row, glossary) for page, row in by_page.items()]
    counts: dict[str, int] = {}
    for review in reviews:
        counts[review.status.value] = counts.get(review.status.value, 0) + 1
    env = Environment(loader=PackageLoader("portal.review", "templates"), autoescape=select_autoescape(default=True))
    return env.get_template("report.html.j2").render(
        sections=sections, langs=languages.target_codes, source_lang=languages.source.code,
        names={language.code: language.name for language in languages}, counts=counts,
        glossary_version=getattr(glossary, "version", ""),
        generated=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def write_report(project: Project, out_dir: Path, glossary) -> Path:
    """Write ``index.html`` of the review report into ``out_dir``; returns its path."""
    path = Path(out_dir) / "index.html"
    write_text_atomic(path, render_report(project, glossary))
    return path
