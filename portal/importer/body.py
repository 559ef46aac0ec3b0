"""The document body as Markdown blocks.

Line rules (after :mod:`portal.importer.source` normalisation):

* **Joining.**  Consecutive lines are one paragraph unless the next line
  starts a structure (part, article, numbered or lettered item, bullet) or
  the letter case flips (an all-capitals title above a normal line), or the
  line ends a clause (``;``/``:``) before a capital or a sentence before a
  preamble opener (``Căn cứ``, ``Xét đề nghị`` …).  Across
  a blank line (a page break) a paragraph continues when it lacks final
  punctuation and the next line starts in lower case, or when it is a long
  sentence or bullet and the next line is plain text.
* **Headings.**  ``I.``/``II.`` parts and ``Điều N.`` articles are level 2;
  numbered sections ``1.``, ``3.2.`` are level 3, 4 … (level 2, 3 … when the
  document has no parts or articles); ``a)`` items one level below the last
  numbered heading.  A numbered or lettered line becomes a heading only if it
  is short (≤ 160 characters) and has a body (the next block is not a
  sibling or a higher item); otherwise it stays a paragraph (``1\\.`` escaped
  so Markdown does not renumber it).  All-capitals lines are level-2
  headings (``PHỤ LỤC …``) except those ending in ``:`` (``QUYẾT ĐỊNH:``),
  which are bold paragraphs.  All-capitals heading text is sentence-cased.
* **Lists.**  ``-`` and ``•`` items are top-level bullets, ``+`` items nest
  under the previous ``-`` item.
* **Tables.**  Runs of tab-separated lines become tables
  (:mod:`portal.importer.tables`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from portal.importer.markdown import escape_line
from portal.importer.model import Line, plain, read_columns
from portal.importer.tables import Table, parse_table, render_table
from portal.importer.vietnamese import fold, is_upper, sentence_case

_ROMAN = re.compile(r"^(?P<n>[IVX]{1,5})\.\s*(?P<t>\S.*)$")
_DIEU = re.compile(r"^(?P<n>Điều\s+\d+)\s*[.:]\s*(?P<t>.*)$")
_NUMBERED = re.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,2})+)\.?\s+(?P<t>\S.*)$|^(?P<n1>\d{1,2}(?:\.\d{1,2})*)\.\s*(?P<t1>[^\W\d_].*)$")
_LETTER = re.compile(r"^(?P<n>[a-zđ])\)\s*(?P<t>\S.*)$")
_BULLET = re.compile(r"^(?P<mark>[-+•–])\s+(?P<t>.*)$")
_TERMINAL = tuple(".;:!?)”\"»…")
_OPENERS = ("can cu", "xet de nghi", "thuc hien", "theo de nghi")
HEADING_MAX = 160


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    line: int
    strong: bool = False


@dataclass(frozen=True, slots=True)
class ListItem:
    depth: int
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class TableBlock:
    table: Table
    line: int


@dataclass(frozen=True, slots=True)
class Marker:
    """A line the importer writes for the site: ``<!-- portal:tasks -->`` …"""

    text: str
    line: int


Block = Heading | Paragraph | ListItem | TableBlock | Marker


@dataclass(slots=True)
class _Logical:
    """A re-joined line with its structural kind."""

    kind: str  # roman, dieu, numbered, letter, bullet, caps, plain, table
    text: str
    line: int
    emphasis: bool = False
    depth: int = 0  # numbering depth, or bullet depth
    label: str = ""  # "I", "Điều 2", "3.2", "a"
    rows: list[tuple[int, tuple[str, ...]]] | None = None


def parse_body(lines: tuple[Line, ...] | list[Line]) -> list[Block]:
    """Blocks of the body text in ``lines`` (see the module docstring)."""
    logicals = _join(list(lines))
    has_parts = any(item.kind in ("roman", "dieu") for item in logicals)
    base = 3 if has_parts else 2
    blocks: list[Block] = []
    last_numbered_level = base - 1
    for index, item in enumerate(logicals):
        following = logicals[index + 1] if index + 1 < len(logicals) else None
        if item.kind == "table":
            blocks.append(TableBlock(parse_table(item.rows or []), item.line))
        elif item.kind in ("roman", "dieu"):
            text = _heading_text(item.text)
            if item.kind == "dieu" and (len(item.text) > 80 or (item.text.endswith(".") and len(item.text) > 40)):
                blocks.append(Heading(2, item.label, item.line))
                blocks.append(Paragraph(_escape(item.text), item.line))
            else:
                title = f"{item.label}. {text}" if text else item.label
                blocks.append(Heading(2, title, item.line))
            last_numbered_level = base - 1
        elif item.kind in ("numbered", "letter") and _is_heading(item, following):
            level = base + item.depth - 1 if item.kind == "numbered" else last_numbered_level + 1
            level = min(level, 6)
            if item.kind == "numbered":
                last_numbered_level = level
                title = f"{item.label}. {_heading_text(item.text)}"
            else:
                title = f"{item.label}) {_heading_text(item.text)}"
            blocks.append(Heading(level, title, item.line))
        elif item.kind in ("numbered", "letter"):
            # "10\." keeps Markdown from turning a lone numbered line into a list from 1.
            mark = ")" if item.kind == "letter" else ("." if "." in item.label else "\\.")
            blocks.append(Paragraph(f"{item.label}{mark} {_escape(item.text)}", item.line))
        elif item.kind == "bullet":
            blocks.append(ListItem(item.depth, _escape(item.text), item.line))
        elif item.kind == "caps" and not item.text.endswith(":"):
            blocks.append(Heading(2, sentence_case(item.text), item.line))
        else:
            strong = item.emphasis or item.kind == "caps"
            blocks.append(Paragraph(_escape(item.text), item.line, strong=strong))
    return _fix_list_depths(blocks)


def render_blocks(blocks: list[Block]) -> str:
    """Markdown text of ``blocks``: one blank line between blocks, tight lists."""
    out: list[str] = []
    previous: Block | None = None
    for block in blocks:
        if isinstance(block, ListItem):
            text = "    " * block.depth + f"- {block.text}"
            if isinstance(previous, ListItem):
                out.append(text)
            else:
                out.append("")
                out.append(text)
        else:
            out.append("")
            if isinstance(block, Heading):
                out.append(f"{'#' * block.level} {block.text}")
            elif isinstance(block, Paragraph):
                out.append(f"**{block.text}**" if block.strong else block.text)
            elif isinstance(block, Marker):
                out.append(block.text)
            else:
                out.append(render_table(block.table))
        previous = block
    return "\n".join(out).strip() + "\n"


# --- joining -------------------------------------------------------------------------


def _classify(line: Line) -> _Logical:
    text = line.text
    if match := _ROMAN.match(text):
        return _Logical("roman", match["t"], line.number, line.emphasis, 1, match["n"])
    if (match := _DIEU.match(text)) and fold(text).startswith("dieu"):
        return _Logical("dieu", match["t"], line.number, line.emphasis, 1, match["n"])
    if match := _NUMBERED.match(text):
        label = match["n"] or match["n1"]
        return _Logical("numbered", match["t"] or match["t1"], line.number, line.emphasis, label.count(".") + 1, label)
    if match := _LETTER.match(text):
        return _Logical("letter", match["t"], line.number, line.emphasis, 0, match["n"])
    if match := _BULLET.match(text):
        return _Logical("bullet", match["t"], line.number, line.emphasis, 1 if match["mark"] == "+" else 0)
    if is_upper(text) and len(text) <= HEADING_MAX:
        return _Logical("caps", text, line.number, line.emphasis)
    return _Logical("plain", text, line.number, line.emphasis)


def _join(lines: list[Line]) -> list[_Logical]:
    lines = _read_layout_tables(lines)
    items: list[_Logical] = []
    current: _Logical | None = None
    after_blank = False
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.is_blank or (line.cells is None and not any(ch.isalnum() for ch in line.text)):  # blank or a "-----" rule
            after_blank = True
            index += 1
            continue
        if line.is_table_row:
            rows = []
            table = line.table
            while index < len(lines) and (lines[index].is_table_row or lines[index].is_blank):
                if lines[index].is_table_row:
                    if lines[index].table != table:
                        break
                    rows.append((lines[index].number, lines[index].cells))
                elif not _next_is_table_row(lines, index, table):
                    break
                index += 1
            current = _Logical("table", "", rows[0][0], rows=rows)
            items.append(current)
            current = None
            after_blank = True
            continue
        nxt = _classify(line)
        if current is not None and _continues(current, nxt, after_blank):
            current.text = f"{current.text} {nxt.text}"
            if current.kind == "caps" and not is_upper(current.text):
                current.kind = "plain"
        else:
            current = nxt
            items.append(current)
        after_blank = False
        index += 1
    return items


def _read_layout_tables(lines: list[Line]) -> list[Line]:
    """Layout tables left in the body are read column by column, as text."""
    out: list[Line] = []
    index = 0
    while index < len(lines):
        if lines[index].is_layout_row:
            run = index
            while run < len(lines) and lines[run].is_layout_row:
                run += 1
            out += read_columns(lines[index:run])
            index = run
        else:
            out.append(lines[index])
            index += 1
    return out


def _next_is_table_row(lines: list[Line], index: int, table: int) -> bool:
    while index < len(lines) and lines[index].is_blank:
        index += 1
    return index < len(lines) and lines[index].is_table_row and lines[index].table == table


def _continues(current: _Logical, nxt: _Logical, after_blank: bool) -> bool:
    if current.kind == "table" or nxt.kind not in ("plain", "caps"):
        return False
    ends = plain(current.text)  # a footnote reference or emphasis mark does not hide the final stop
    if not ends:
        return False
    if (current.kind == "caps") != (nxt.kind == "caps") or nxt.text.startswith("("):
        return False
    if not after_blank:
        # A line ending a clause before a capital, or a sentence before a preamble
        # opener, starts a new paragraph ("…ngày 19/6/2015;" / "Căn cứ Nghị định …").
        if ends.endswith((";", ":")) and nxt.text[:1].isupper():
            return False
        return not (ends.endswith(".") and fold(nxt.text).startswith(_OPENERS))
    if current.emphasis or nxt.emphasis or current.kind == "caps" or ends.endswith(_TERMINAL):
        return False
    if nxt.text[:1].islower():
        return True
    return current.kind in ("plain", "bullet") and len(current.text) >= 60


# --- headings ------------------------------------------------------------------------


def _is_heading(item: _Logical, following: _Logical | None) -> bool:
    if len(item.text) > HEADING_MAX or following is None:
        return False
    if following.kind in ("plain", "bullet", "table"):
        return True
    if item.kind == "numbered" and following.kind == "numbered":
        return following.depth > item.depth
    if item.kind == "numbered" and following.kind == "letter":
        return True
    return False


def _heading_text(text: str) -> str:
    text = text.strip().rstrip(":").strip()
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1]
    text = sentence_case(text) if is_upper(text) else text
    return _escape(text)


def _escape(text: str) -> str:
    """Plain text made safe as Markdown: nothing active, no accidental structure."""
    return escape_line(text)


def _fix_list_depths(blocks: list[Block]) -> list[Block]:
    """A ``+`` item with no ``-`` item above it is a top-level item."""
    fixed: list[Block] = []
    for block in blocks:
        if isinstance(block, ListItem) and block.depth == 1 and not isinstance(fixed[-1] if fixed else None, ListItem):
            block = ListItem(0, block.text, block.line)
        fixed.append(block)
    return fixed
