"""The document model every input format feeds (plain text, Word, PDF).

A format reader (:mod:`portal.importer.formats`) turns a file into a
:class:`Source`: numbered :class:`Line` objects in reading order, plus what
the reader could not carry over (:class:`ReaderNote`).  Everything after
that (header, closing, body, tables, quality) is written once, against this
model, and never knows which format a line came from.

Rules of the model:

* A line is a paragraph line of text (``cells`` is None), or one row of a
  table (``cells`` holds one string per column).
* A row of a *data* table (``layout`` False) keeps its cells in the small
  inline-HTML subset that exports of Word tables carry: ``<p>``, ``<li>``,
  ``<b>``/``<strong>``, ``<i>``/``<em>``; text is HTML-escaped, so a literal
  ``<script>`` typed in a document is text, never a tag.
  :func:`portal.importer.tables.clean_cell_html` turns cells into Markdown.
* A row of a *layout* table (``layout`` True: the two-column header of
  issuer | motto, the recipients | signature block) holds plain text, lines
  within a cell separated by ``\\n``; such tables are read column by column
  (:func:`read_columns`).
* Rows of one table share ``table``; the PDF reader gives a table continued
  on the next page the same number (that is how page-split tables merge).
* Emphasis inside a line (a run of bold or italic text that does not start
  the line) is marked with the private-use characters of :data:`INLINE`,
  turned into Markdown only when the page is written; emphasis of a whole
  line sets ``emphasis``.  A footnote reference is :data:`FOOTNOTE_REF`
  around its number; the notes are :attr:`Source.footnotes`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from portal.importer.vietnamese import fold

BOLD_START, BOLD_END, ITALIC_START, ITALIC_END = "\ue010", "\ue011", "\ue012", "\ue013"
INLINE = {BOLD_START: "**", BOLD_END: "**", ITALIC_START: "*", ITALIC_END: "*"}
FOOTNOTE_OPEN, FOOTNOTE_CLOSE = "\ue020", "\ue021"
FOOTNOTE_REF = re.compile(f"{FOOTNOTE_OPEN}(\\d+){FOOTNOTE_CLOSE}")
_MARKS = re.compile("[\ue010-\ue013]")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the document, in reading order."""

    number: int
    """1-based position in the input: the text line, the Word paragraph, the PDF line."""
    text: str
    """The text, stripped (for a table row: the cells joined by `` | ``)."""
    emphasis: bool = False
    """The whole line is bold or italic, or marked as a heading."""
    cells: tuple[str, ...] | None = None
    """A table row: one string per column (see the module docstring)."""
    layout: bool = False
    """A row of a layout table (header or signature columns), not of a data table."""
    table: int = 0
    """Which table the row belongs to; rows of one table share it."""
    page: int | None = None
    """The PDF page the line is on."""

    @property
    def is_blank(self) -> bool:
        return self.cells is None and not self.text.strip()

    @property
    def is_table_row(self) -> bool:
        """A row of a data table."""
        return self.cells is not None and not self.layout

    @property
    def is_layout_row(self) -> bool:
        return self.cells is not None and self.layout


@dataclass(frozen=True, slots=True)
class Footnote:
    number: int
    text: str


@dataclass(frozen=True, slots=True)
class ReaderNote:
    """Something of the input the page does not carry, said to the editor."""

    kind: str
    """``image``, ``footnote``, ``no-text-layer``, ``signature-stamp`` …"""
    message: str


@dataclass(frozen=True, slots=True)
class Source:
    """A decoded input document, whatever its format."""

    path: Path
    text: str
    """The document as plain text (what the quality score and fuzzy look-ups read)."""
    lines: tuple[Line, ...]
    format: str = "text"
    """``text``, ``docx`` or ``pdf``."""
    footnotes: tuple[Footnote, ...] = ()
    notes: tuple[ReaderNote, ...] = ()
    tables_merged: int = 0
    """Tables the reader joined across page breaks."""
    pages: int | None = None


_MOTTO = ("cong hoa xa hoi chu nghia viet nam", "doc lap - tu do - hanh phuc", "doc lap – tu do – hanh phuc")
_CLOSING_LINE = re.compile(r"^(noi nhan|n[o0]i nh\w{1,2}n|(tm|kt|tl|q|t/m)\s*[.,]\s)")  # recipients, signature
_HEADER_LINE = re.compile(r"^(so\s*:?\s*\d*\s*/\s*[a-z]|.{2,40},\s*ngay\s+(\d|\.|…|_|$))")  # number; place, date


def is_layout_table(cells: list[str], *, first: bool = False) -> bool:
    """Whether a table with these (plain) cells lays out a header or a signature block.

    The national motto, the recipients label or a signature line (``TM.``,
    ``KT.`` …) belong to the page's frame, not to a data table; so do the
    document's number (``Số: 12/QĐ-UBND``) and its place and date in a table
    that comes ``first`` (a data table may list numbers and dates).
    """
    for cell in cells:
        for line in cell.split("\n"):
            folded = fold(line.strip())
            if any(motto in folded for motto in _MOTTO) or _CLOSING_LINE.match(folded):
                return True
            if first and _HEADER_LINE.match(folded):
                return True
    return False


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text in one formatting, as Word and PDF readers see it."""

    text: str
    bold: bool
    italic: bool


def inline_text(runs: list[Run]) -> tuple[str, bool]:
    """A line's text with inline emphasis marks, and whether all of it is emphasised."""
    words = [run for run in runs if run.text.strip() and not run.text.startswith(FOOTNOTE_OPEN)]
    whole = bool(words) and (all(run.bold for run in words) or all(run.italic for run in words))
    out: list[str] = []
    started = False
    for run in runs:
        text = unicodedata.normalize("NFC", run.text.replace("\u00a0", " "))
        if whole or not started or not text.strip() or text.startswith(FOOTNOTE_OPEN):
            out.append(text)  # a leading bold run is a label ("Điều 1."), not emphasis
        else:
            lead, core, trail = re.match(r"(\s*)(.*?)(\s*)$", text, re.S).groups()
            if run.bold:
                core = f"{BOLD_START}{core}{BOLD_END}"
            if run.italic:
                core = f"{ITALIC_START}{core}{ITALIC_END}"
            out.append(f"{lead}{core}{trail}")
        started = started or bool(text.strip())
    text = re.sub(r"[ \t]+", " ", "".join(out)).strip()
    # Adjacent runs of one emphasis are one span.
    text = text.replace(f"{BOLD_END}{BOLD_START}", "").replace(f"{ITALIC_END}{ITALIC_START}", "")
    text = text.replace(f"{BOLD_END} {BOLD_START}", " ").replace(f"{ITALIC_END} {ITALIC_START}", " ")
    return text, whole


def plain(text: str) -> str:
    """``text`` without inline emphasis marks and footnote references."""
    return FOOTNOTE_REF.sub("", _MARKS.sub("", text))


def read_columns(rows: list[Line]) -> list[Line]:
    """The lines of layout-table ``rows`` read column by column, top to bottom.

    A header table is issuer and number on the left, motto, place and date
    on the right; reading down each column keeps each side's lines together,
    also when a cell wraps over several rows (``ngày 29`` | ``tháng 01 năm
    2021``).
    """
    width = max((len(row.cells or ()) for row in rows), default=0)
    out: list[Line] = []
    for column in range(width):
        for row in rows:
            cells = row.cells or ()
            if column < len(cells):
                for part in cells[column].split("\n"):
                    if part.strip():
                        out.append(Line(row.number, part.strip(), row.emphasis, page=row.page))
    return out


@dataclass(slots=True)
class LineBuilder:
    """Numbers lines as a reader emits them."""

    lines: list[Line] = field(default_factory=list)

    def add(self, text: str, **kwargs) -> None:
        self.lines.append(Line(len(self.lines) + 1, text, **kwargs))

    def blank(self) -> None:
        if self.lines and not self.lines[-1].is_blank:
            self.add("")

    def row(self, cells: list[str], **kwargs) -> None:
        self.add(" | ".join(cells), cells=tuple(cells), **kwargs)
