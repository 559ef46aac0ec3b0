"""PDF documents with a text layer, read with pdfplumber into the document model.

Per page, in reading order (top to bottom):

* **Tables** are pdfplumber's ruled tables; each cell's text is read from its
  characters (bold and italic kept, bullets as list items, wrapped lines
  re-joined).  A table that starts a page continues the table that ended
  the previous page when both have the same number of columns: the two are
  one table of the model (the header repeated on the new page, and a row
  split by the page break, are mended by :mod:`portal.importer.tables`).
* **Text** outside the tables is grouped into lines.  A line with a wide gap
  (more than :data:`COLUMN_GAP` times the font size) is a row of a layout
  table (issuer | motto, recipients | signature): its pieces, and the short
  off-centre lines next to it, are assigned to the left or right column.
* Lines are re-joined into paragraphs by their geometry: a line that reaches
  the right margin wraps into the next one (joined with a space, or with
  nothing after a hyphen glued to its word); a short line is a line break;
  a gap wider than the usual line pitch, or an indented first line, starts
  a new paragraph (a blank line of the model).
* A line all in bold or italic is emphasised; bold or italic inside a line
  (not at its start) is kept as inline emphasis.
* A page number alone on the top or bottom line of a page is dropped.

Refused or reported: a PDF that cannot be parsed or is encrypted (refused);
pages without any character are scanned images: all of them, and the file
is refused as needing OCR (never imported as an empty page); some of them,
and the page numbers are reported; pictures are reported.
"""

from __future__ import annotations

import html
import io
import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from portal.importer.errors import ImporterError, describe_error
from portal.importer.model import LineBuilder, ReaderNote, Run, Source, inline_text, plain

MAX_PAGES = 500
COLUMN_GAP = 2.5
"""A gap in a line wider than this many font sizes separates two columns."""
_BULLET = re.compile(r"^[-+•–]\s")
_PAGE_NUMBER = re.compile(r"^[-–]?\s*\d{1,3}\.?\s*[-–]?$")


def read_pdf(path: Path, data: bytes) -> Source:
    """Read the PDF ``data`` (the bytes of ``path``)."""
    import pdfplumber  # imported here so plain-text imports do not load it
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PDFPasswordIncorrect:
        raise ImporterError("the PDF is encrypted: save an unprotected copy first", path) from None
    except Exception as error:  # noqa: BLE001 - any parser failure is a bad input file
        raise ImporterError(f"not a readable PDF ({describe_error(error)})", path) from None
    try:
        with pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise ImporterError(f"the PDF has {len(pdf.pages)} pages; the limit is {MAX_PAGES}", path)
            return _Reader(path).read(pdf)
    except ImporterError:
        raise
    except Exception as error:  # noqa: BLE001 - damaged content streams surface as library errors
        if "password" in str(error).lower() or "encrypt" in str(error).lower():
            raise ImporterError("the PDF is encrypted: save an unprotected copy first", path) from None
        raise ImporterError(f"the PDF is damaged ({describe_error(error)})", path) from None


@dataclass(slots=True)
class _Line:
    """A line of characters on a page (one column piece of it, when split)."""

    chars: list[dict]
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @classmethod
    def of(cls, chars: list[dict]) -> "_Line":
        return cls(chars, min(c["x0"] for c in chars), max(c["x1"] for c in chars), min(c["top"] for c in chars),
                   max(c["bottom"] for c in chars), statistics.median(c["size"] for c in chars))

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2

    def runs(self) -> list[Run]:
        """The text as runs of one formatting, spaces put back from the gaps."""
        runs: list[Run] = []
        previous = None
        for char in self.chars:
            text = char["text"]
            if previous is not None and char["x0"] - previous["x1"] > 0.18 * self.size and text != " " \
                    and previous["text"] != " ":
                text = " " + text
            font = char.get("fontname", "").lower()
            bold, italic = "bold" in font or "black" in font, "italic" in font or "oblique" in font
            if runs and runs[-1].bold == bold and runs[-1].italic == italic:
                runs[-1] = Run(runs[-1].text + text, bold, italic)
            else:
                runs.append(Run(text, bold, italic))
            previous = char
        return runs

    def text(self) -> str:
        return unicodedata.normalize("NFC", "".join(run.text for run in self.runs())).strip()


def _group_lines(chars: list[dict]) -> list[list[dict]]:
    """Characters into lines: overlapping vertically, ordered left to right."""
    lines: list[list[dict]] = []
    for char in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        if not char["text"].strip() and not lines:
            continue
        middle = (char["top"] + char["bottom"]) / 2
        for line in reversed(lines[-3:]):
            top, bottom = min(c["top"] for c in line), max(c["bottom"] for c in line)
            if top <= middle <= bottom:
                line.append(char)
                break
        else:
            lines.append([char])
    return [sorted(line, key=lambda c: c["x0"]) for line in lines if "".join(c["text"] for c in line).strip()]


def _split_columns(chars: list[dict]) -> list[_Line]:
    """A line's pieces separated by column-wide gaps."""
    size = statistics.median(c["size"] for c in chars)
    pieces: list[list[dict]] = [[]]
    previous = None
    for char in chars:
        if previous is not None and char["x0"] - previous["x1"] > COLUMN_GAP * size:
            pieces.append([])
        if char["text"].strip() or pieces[-1]:
            pieces[-1].append(char)
        previous = char if char["text"].strip() else previous
    return [_Line.of([c for c in piece]) for piece in pieces if "".join(c["text"] for c in piece).strip()]


@dataclass(slots=True)
class _Table:
    rows: list[list[str]]
    top: float
    bottom: float
    columns: int


@dataclass(slots=True)
class _Reader:
    path: Path
    out: LineBuilder = field(default_factory=LineBuilder)
    tables: int = 0
    merged: int = 0
    scanned: list[int] = field(default_factory=list)
    pictures: int = 0
    open_table: tuple[int, int] | None = None
    """(table id, columns) of a table that ended its page: the next page may continue it."""
    pending: list = field(default_factory=list)
    """The PDF lines of the model line being built (wrapped lines re-joined)."""
    carried: "_Line | None" = None
    """The last text line of the previous page (a paragraph may run on)."""
    right_margin: float = 0.0
    left: float = float("inf")
    right: float = 0.0
    layout_open: bool = False
    """The last page ended inside a layout table (the recipients may go on over the page)."""

    def read(self, pdf) -> Source:
        for number, page in enumerate(pdf.pages, start=1):
            self._page(page, number)
        lines = tuple(self.out.lines)
        if not any(line.text.strip() for line in lines):
            if self.scanned:
                raise ImporterError(
                    f"no text layer: the {len(pdf.pages)} page(s) are scanned images; run OCR on the PDF "
                    "(for example `ocrmypdf -l vie in.pdf out.pdf`) and import the result",
                    self.path,
                )
            raise ImporterError("the PDF has no text", self.path)
        notes = []
        if self.scanned:
            notes.append(ReaderNote(
                "no-text-layer",
                f"page(s) {', '.join(map(str, self.scanned))} have no text layer (scanned images): their content is "
                "missing from the page; run OCR on the PDF and import it again",
            ))
        if self.pictures:
            notes.append(ReaderNote("image", f"{self.pictures} picture(s) not imported (logos, signatures, stamps, figures)"))
        text = "\n".join("\t".join(plain(c) for c in line.cells) if line.cells else plain(line.text) for line in lines)
        return Source(self.path, text, lines, format="pdf", notes=tuple(notes), tables_merged=self.merged,
                      pages=len(pdf.pages))

    # -- one page -------------------------------------------------------------------

    def _page(self, page, number: int) -> None:
        chars = [c for c in page.chars if c.get("upright", True)]
        self.pictures += len(page.images)
        if not any(c["text"].strip() for c in chars):
            if page.images:
                self.scanned.append(number)
            return
        found = page.find_tables()
        boxes = [table.bbox for table in found]

        def outside(char: dict) -> bool:
            middle_x, middle_y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
            return not any(x0 <= middle_x <= x1 and top <= middle_y <= bottom for x0, top, x1, bottom in boxes)

        lines = _group_lines([c for c in chars if outside(c)])
        lines = self._drop_page_numbers(lines, page)
        items: list[tuple[float, object]] = [(min(c["top"] for c in line), line) for line in lines]
        items += [(table.bbox[1], self._table(page, table)) for table in found]
        items.sort(key=lambda item: item[0])
        body_lines: list[list[dict]] = []
        for position, (_, item) in enumerate(items):
            if isinstance(item, _Table):
                self._text(body_lines, page)
                self.carried = None
                body_lines = []
                first = position == 0
                last = position == len(items) - 1
                self._emit_table(item, continues=first)
                self.open_table = (self.tables, item.columns) if last else None
            else:
                body_lines.append(item)
        if body_lines:
            self.open_table = None
        self._text(body_lines, page)

    def _drop_page_numbers(self, lines: list[list[dict]], page) -> list[list[dict]]:
        if not lines:
            return lines
        out = list(lines)
        for index in (0, -1):
            if out and _PAGE_NUMBER.match("".join(c["text"] for c in out[index]).strip()):
                out.pop(index)
        return out

    # -- tables ---------------------------------------------------------------------

    def _table(self, page, table) -> _Table:
        rows = []
        for row in table.rows:
            cells = []
            for box in row.cells:
                if box is None:
                    cells.append("")
                    continue
                x0, top, x1, bottom = box
                inside = [c for c in page.chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom]
                cells.append(_cell_markup([_Line.of(line) for line in _group_lines(inside)], x1))
            rows.append(cells)
        columns = max((len(row) for row in rows), default=0)
        return _Table(rows, table.bbox[1], table.bbox[3], columns)

    def _emit_table(self, table: _Table, *, continues: bool) -> None:
        if continues and self.open_table is not None and self.open_table[1] == table.columns:
            self.merged += 1  # the table goes on from the previous page
        else:
            self.tables += 1
            self.out.blank()
        for row in table.rows:
            if any(cell.strip() for cell in row):
                self.out.row(row, table=self.tables)

    # -- text -----------------------------------------------------------------------

    def _text(self, lines: list[list[dict]], page) -> None:
        if not lines:
            return
        pieces = [_split_columns(line) for line in lines]
        # The text area, widened page after page (a last page may hold only short lines).
        self.left = min([self.left, *(p[0].x0 for p in pieces)])
        self.right = max([self.right, *(p[-1].x1 for p in pieces)])
        left, right = self.left, self.right
        middle = (left + right) / 2
        pitch = _pitch(pieces)
        index = 0
        previous = self.carried  # the last line of the previous page, when text ran on to this one
        self.carried = None
        continued_layout, self.layout_open = self.layout_open, False
        while index < len(pieces):
            if len(pieces[index]) > 1 or self._one_column_before_columns(pieces, index, middle, right - left) or (
                    index == 0 and continued_layout and _in_one_column(pieces[0][0], middle, right - left)):
                end = index
                while end < len(pieces) and (len(pieces[end]) > 1 or _in_one_column(pieces[end][0], middle, right - left)):
                    end += 1
                self.layout_open = end == len(pieces)  # the layout may go on over the page
                self._layout_rows(pieces[index:end], middle, continued=index == 0 and continued_layout)
                previous, index = None, end
                continue
            line = pieces[index][0]
            same_page = previous is not None and previous.chars[0]["page_number"] == line.chars[0]["page_number"]
            if previous is None:
                self.out.blank()
                self._start(line)
            elif (same_page and line.top - previous.top > 1.3 * pitch) or (
                    line.x0 > left + 1.0 * line.size and previous.x0 <= left + 0.5 * line.size):
                self.out.blank()  # paragraph spacing, or an indented first line
                self._start(line)
            elif previous.x1 >= self.right_margin - 2.5 * line.size and (same_page or _continues_sentence(line)):
                self._wrap(line)  # the previous line reached the margin: the same line of text goes on
            elif not same_page:
                self.out.blank()  # a new page that does not go on with the last line: a new paragraph
                self._start(line)
            else:
                self._start(line)  # a line break
            previous = line
            self.right_margin = right
            index += 1
        self.carried = previous

    def _one_column_before_columns(self, pieces, index: int, middle: float, width: float) -> bool:
        """Lines centred in one column just above a row of columns belong to that layout
        (a paragraph's last line, set from the margin, does not)."""
        following = index
        while following < len(pieces) and len(pieces[following]) == 1 and _in_one_column(pieces[following][0], middle, width) \
                and pieces[following][0].x0 > self.left + pieces[following][0].size:
            following += 1
        return following > index and following < len(pieces) and len(pieces[following]) > 1

    def _layout_rows(self, rows: list[list[_Line]], middle: float, continued: bool = False) -> None:
        """Rows of a layout table; a line that wraps inside its column is re-joined."""
        if not continued:
            self.out.blank()
        edges = [max((p.x1 for row in rows for p in row if (p.center < middle) == (c == 0)), default=0.0) for c in (0, 1)]
        table: list[list[str]] = []
        last: list[_Line | None] = [None, None]
        for row in rows:
            cells = ["", ""]
            placed: list[_Line | None] = [None, None]
            for piece in row:
                column = 0 if piece.center < middle else 1
                cells[column] = f"{cells[column]} {piece.text()}".strip()
                placed[column] = piece
            filled = [c for c in (0, 1) if cells[c]]
            if table and len(filled) == 1:
                column = filled[0]
                before = last[column]
                if before is not None and before.x1 >= edges[column] - 2.5 * before.size and not _BULLET.match(cells[column]):
                    table[-1][column] = _glue(table[-1][column], cells[column])
                    last[column] = placed[column]
                    continue
            table.append(cells)
            last = placed
        for cells in table:
            self.out.row(cells, layout=True)
        if not self.layout_open:
            self.out.blank()

    def _start(self, line: _Line) -> None:
        text, emphasis = inline_text(line.runs())
        self.pending = [line]
        self.out.add(text, emphasis=emphasis, page=line.chars[0]["page_number"])

    def _wrap(self, line: _Line) -> None:
        self.pending.append(line)
        runs: list[Run] = []
        for number, piece in enumerate(self.pending):
            piece_runs = piece.runs()
            if number and runs and not re.search(r"\S-$", runs[-1].text.rstrip()):
                piece_runs[0] = Run(" " + piece_runs[0].text.lstrip(), piece_runs[0].bold, piece_runs[0].italic)
            elif number and piece_runs:
                piece_runs[0] = Run(piece_runs[0].text.lstrip(), piece_runs[0].bold, piece_runs[0].italic)
            runs += piece_runs
        text, emphasis = inline_text(runs)
        last = self.out.lines.pop()
        self.out.add(text, emphasis=emphasis, page=last.page)


def _glue(text: str, more: str) -> str:
    """Two pieces of one wrapped line: a space between, none after a hyphen glued to its word."""
    return f"{text}{more}" if re.search(r"\S-$", text) else f"{text} {more}"


def _continues_sentence(line: _Line) -> bool:
    """Across a page break only a line starting in lower case (or with a digit) goes on a paragraph."""
    first = line.text()[:1]
    return first.islower() or first.isdigit()


def _in_one_column(line: _Line, middle: float, width: float) -> bool:
    """A short line that stays on one side of the page's middle (a cell of a layout table)."""
    gutter = 0.02 * width
    return line.x1 - line.x0 < 0.55 * width and (line.x1 < middle + gutter or line.x0 > middle - gutter)


def _merged(runs: list[Run]) -> list[Run]:
    """Adjacent runs of one formatting as one."""
    out: list[Run] = []
    for run in runs:
        if out and (out[-1].bold, out[-1].italic) == (run.bold, run.italic):
            out[-1] = Run(out[-1].text + run.text, run.bold, run.italic)
        else:
            out.append(run)
    return out


def _pitch(pieces: list[list[_Line]]) -> float:
    steps = [b[0].top - a[0].top for a, b in zip(pieces, pieces[1:]) if 0 < b[0].top - a[0].top < 3 * a[0].size]
    return statistics.median(steps) if steps else 1.5 * pieces[0][0].size


def _cell_markup(lines: list[_Line], right: float) -> str:
    """A cell's lines in the model's cell markup: bullets as items, wrapped lines re-joined."""
    items: list[tuple[bool, list[Run]]] = []
    previous: _Line | None = None
    for line in lines:
        runs = line.runs()
        text = "".join(run.text for run in runs).strip()
        if not text:
            continue
        if _BULLET.match(text) or previous is None:
            items.append((bool(_BULLET.match(text)), runs))
        else:
            glue = "" if re.search(r"\S-$", "".join(r.text for r in items[-1][1]).rstrip()) else " "
            before = items[-1][1][-1]
            items[-1][1].extend([Run(glue, before.bold, before.italic), *runs])
        previous = line
    out = []
    for bullet, runs in items:
        pieces = []
        for run in _merged(runs):
            text = html.escape(unicodedata.normalize("NFC", run.text), quote=False)
            if run.bold and text.strip():
                text = f"<b>{text}</b>"
            if run.italic and text.strip():
                text = f"<i>{text}</i>"
            pieces.append(text)
        content = re.sub(r"\s+", " ", "".join(pieces)).strip()
        if bullet:
            out.append(f"<li>{_BULLET.sub('', content)}</li>")
        else:
            out.append(f"<p>{content}</p>")
    return "".join(out)
