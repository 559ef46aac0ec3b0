"""Tab-separated tables: page-break merging, cell cleaning, Markdown output.

Rules, in order, for the rows of one table (one run of tab-separated lines,
blank lines between them allowed):

1. The first row is the header; later rows equal to it are page-break
   repeats and are dropped.
2. A row whose first cell is empty continues the row above: each of its
   non-empty cells is appended to the cell above with a space.  This mends
   cells that a page break split in two ("mang đậm bản" + "sắc văn hóa").
3. Cells are cleaned of HTML: ``<i>``/``<em>`` become ``*…*``, ``<b>``/
   ``<strong>`` become ``**…**``, paragraphs and list items are flattened
   into one line (list items joined with "; "), ``<script>``/``<style>``
   content is dropped, every other tag (``<a href>`` included) is dropped
   and its text kept.  Inline "- a - b" bullet runs are joined the same way.
   The text is escaped as :mod:`portal.importer.markdown` says (no links,
   no HTML, no attribute lists) and ``|`` is escaped.

A *task table* (its header names a task column and a lead-agency column)
also yields :class:`Task` records for the front matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from portal.importer.markdown import data_text, escape_specials
from portal.importer.vietnamese import fold

_ROMAN = re.compile(r"^[IVXL]{1,6}$")


@dataclass(frozen=True, slots=True)
class Table:
    """A table after merging; every row has ``len(header)`` cells."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    line: int
    """1-based input line of the header row."""
    parts: int = 1
    """Pieces the table was put together from (page breaks: repeated headers, continued tables)."""

    @property
    def shape(self) -> tuple[int, int]:
        """(body rows, columns)."""
        return len(self.rows), len(self.header)


@dataclass(frozen=True, slots=True)
class Task:
    """One row of a task appendix."""

    number: str
    """Group numeral and row number, e.g. ``II.3`` (or just ``3``)."""
    task: str
    timeline: str
    lead: str
    """The lead agency (cơ quan chủ trì / phụ trách)."""
    coordinating: str
    """The coordinating agencies (cơ quan phối hợp), as written."""
    group: str
    """The group heading the row sits under, e.g. ``SỞ NGOẠI VỤ``."""


def parse_table(rows: list[tuple[int, tuple[str, ...]]]) -> Table:
    """Build a table from (line number, cells) pairs; cells in the model's cell markup."""
    first_line, first = rows[0]
    # A header cell set in bold is a header like any other (bold is how Word shows a header row).
    header = tuple(re.sub(r"^\*\*(.*)\*\*$", r"\1", _clean_cell(cell)) for cell in first)
    width = len(header)
    merged: list[list[str]] = []
    parts = 1
    for _, row in rows[1:]:
        cells = list(row)
        if len(cells) > width:  # stray tabs: fold the excess into the last cell
            cells = [*cells[: width - 1], " ".join(cells[width - 1 :])]
        cells += [""] * (width - len(cells))
        if tuple(re.sub(r"^\*\*(.*)\*\*$", r"\1", _clean_cell(c)) for c in cells) == header:
            parts += 1  # the header repeated at the top of the next page
            continue
        if merged and not cells[0].strip():
            previous = merged[-1]
            for index, cell in enumerate(cells):
                if cell.strip():
                    previous[index] = f"{previous[index].rstrip()} {cell.strip()}".strip()
            continue
        merged.append(cells)
    body = tuple(tuple(_clean_cell(cell) for cell in row) for row in merged)
    return Table(header=header, rows=body, line=first_line, parts=parts)


def render_table(table: Table) -> str:
    """The table as a Markdown (Python-Markdown ``tables``) block."""
    def row(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(cell or " " for cell in cells) + " |"

    lines = [row(table.header), "| " + " | ".join("---" for _ in table.header) + " |"]
    for cells in table.rows:
        if _is_group_row(cells):
            cells = tuple(f"**{plain_cell(c)}**" if c else c for c in cells)
        lines.append(row(cells))
    return "\n".join(lines)


_COLUMN_KEYS = (
    ("number", ("tt", "stt")),
    ("task", ("nhiem vu", "noi dung")),
    ("lead", ("chu tri", "phu trach")),
    ("coordinating", ("phoi hop",)),
    ("timeline", ("thoi gian", "tien do")),
)


def task_columns(table: Table) -> dict[str, int] | None:
    """Column index per task field, or None when this is not a task table."""
    columns: dict[str, int] = {}
    for index, name in enumerate(table.header):
        folded = fold(plain_cell(name))
        for key, words in _COLUMN_KEYS:
            if key not in columns and (folded in words if key == "number" else any(w in folded for w in words)):
                columns[key] = index
                break
    return columns if {"task", "lead"} <= columns.keys() else None


def extract_tasks(table: Table) -> tuple[Task, ...]:
    """The task records of a task table (empty for any other table)."""
    columns = task_columns(table)
    if columns is None:
        return ()
    tasks: list[Task] = []
    group_number = group = ""

    def cell(cells: tuple[str, ...], key: str) -> str:
        return plain_cell(cells[columns[key]]) if key in columns else ""

    for cells in table.rows:
        if _is_group_row(cells):
            group_number, group = plain_cell(cells[0]), plain_cell(cells[1])
            continue
        number = cell(cells, "number").rstrip(".")
        tasks.append(
            Task(
                number=f"{group_number}.{number}" if group_number else number,
                task=cell(cells, "task"),
                timeline=cell(cells, "timeline"),
                lead=cell(cells, "lead"),
                coordinating=cell(cells, "coordinating"),
                group=group,
            )
        )
    return tuple(tasks)


def _is_group_row(cells: tuple[str, ...]) -> bool:
    """``I | SỞ NGOẠI VỤ | | |``: a roman numeral, a title and nothing else."""
    return bool(_ROMAN.match(plain_cell(cells[0]))) and bool(cells[1]) and not any(cells[2:])


def plain_cell(cell: str) -> str:
    """A cell (or heading) without Markdown emphasis or escapes, as front matter data."""
    text = re.sub(r"\\(.)|\*+", lambda m: m[1] or "", cell)
    return data_text(text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))


# --- HTML cleaning --------------------------------------------------------------------

_INLINE = {"i": "*", "em": "*", "b": "**", "strong": "**"}
_BREAKS = {"p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4", "h5", "h6"}
_DROP_CONTENT = {"script", "style", "head", "title", "iframe", "object", "noscript", "template"}
# Bullets inside a flattened cell: list items from HTML (marked \x03), "- " after
# punctuation ("…như: - Hội nhập"), and, in a cell that starts with a bullet,
# "- " before a capital ("- Sở Tài chính - Sở Ngoại vụ").
_ITEM_MARK = re.compile(r"\s*\x03\s*|(?<=[:;.])\s+[-+•]\s+")
_LED_ITEM = re.compile(r"\s*\x03\s*|(?<=[:;.])\s+[-+•]\s+|\s+[-+•]\s+(?=[A-ZÀ-ỸĐ])|^[-+•]\s+")


class _CellHTML(HTMLParser):
    """Collect a cell's text; emphasis as Markdown, blocks as separators."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _DROP_CONTENT:
            self.dropping += 1
        elif tag in _INLINE:
            self.parts.append(f"\x01{_INLINE[tag]}")
        elif tag == "li":
            self.parts.append(" \x03 ")
        elif tag in _BREAKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_CONTENT:
            self.dropping = max(0, self.dropping - 1)
        elif tag in _INLINE:
            self.parts.append(f"{_INLINE[tag]}\x02")
        elif tag in _BREAKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.parts.append(escape_specials(data))


def clean_cell_html(raw: str) -> str:
    """One table cell as single-line, pipe-safe Markdown without HTML."""
    parser = _CellHTML()
    parser.feed(raw)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"\s+", " ", text).strip()
    # Emphasis markers must hug their text: "\x01* text *\x02" -> " *text* ".
    text = re.sub(r"\x01(\*+)\s*(.*?)\s*(\*+)\x02", lambda m: f"{m[1]}{m[2]}{m[3]}" if m[2] else "", text)
    text = text.replace("\x01", "").replace("\x02", "")
    text = re.sub(r"\s*\x03$", "", text)
    text = _join_bullets(text)
    text = text.replace("<", "&lt;").replace("|", "\\|")
    return re.sub(r"\s+", " ", text).strip()


def _join_bullets(text: str) -> str:
    """"Lead: - a; - b" -> "Lead: a; b"; "- a - B" -> "a; B"."""
    pattern = _LED_ITEM if re.match(r"^(?:[-+•]\s|\x03)", text) else _ITEM_MARK
    pieces = [p.strip() for p in pattern.split(text)]
    if len(pieces) < 2:
        return text
    lead = pieces[0]
    items = [p.rstrip(";,").rstrip() for p in pieces[1:] if p]
    items = [item[:-1] if item.endswith(".") and not item.endswith("..") else item for item in items]
    out = lead
    for item in items:
        if not item:
            continue
        out = f"{out} {item}" if not out or out.endswith(":") else f"{out}; {item}"
    return out.strip()


def _clean_cell(raw: str) -> str:
    return clean_cell_html(raw) if raw.strip() else ""
