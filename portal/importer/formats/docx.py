"""Word documents (.docx), read with python-docx into the document model.

Reading order is the body's: paragraphs and tables as they come (content
controls opened).  Per paragraph:

* text of its runs, including hyperlinks' and tracked insertions' text;
  deleted text, field codes and text boxes are not text of the document;
  a line break (``w:br``) starts a new line;
* Word's automatic numbering is written out (``1.``, ``a)``, ``I.``; bullets
  as ``-``, second-level bullets as ``+``), from the paragraph's or its
  style's numbering, so the shared body rules see what a reader sees;
* a paragraph in a heading or title style, or bold or italic all through,
  is emphasised; a bold or italic run inside it that does not start it is
  kept as inline emphasis (a leading bold run is a label: ``Điều 1.``);
* a footnote or endnote reference becomes a footnote of the page;
* pictures are not imported: each is reported (a logo, a scanned signature
  or stamp does not belong on the page).

Tables: a table holding the national motto, the recipients label or a
signature line (``TM.``, ``KT.`` …) is a layout table, its cells plain
lines; any other is a data table, its cells written in the model's cell
markup (paragraphs ``<p>``, bullets ``<li>``, ``<b>``, ``<i>``, text
escaped).  Horizontally merged cells are filled with empty cells, a
vertically merged cell is empty below its first row.

The archive is checked before python-docx sees it: a damaged zip, a zip
without ``word/document.xml``, an entry that fails its CRC, or an archive
that would unpack to more than :data:`MAX_UNPACKED` bytes (or compresses
more than :data:`MAX_RATIO` to one, a zip bomb) is refused.
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from portal.importer.errors import ImporterError, describe_error
from portal.importer.model import (
    FOOTNOTE_CLOSE,
    FOOTNOTE_OPEN,
    Footnote,
    LineBuilder,
    Run,
    ReaderNote,
    Source,
    inline_text,
    is_layout_table,
    plain,
)

MAX_UNPACKED = 256 * 1024 * 1024
MAX_RATIO = 200
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_NOT_TEXT = {f"{_W}del", f"{_W}delText", f"{_W}instrText", f"{_W}txbxContent", f"{_W}rPr", f"{_W}pPr"}
_PICTURES = {f"{_W}drawing", f"{_W}pict", f"{_W}object", f"{_MC}AlternateContent"}


def read_docx(path: Path, data: bytes) -> Source:
    """Read the Word document ``data`` (the bytes of ``path``)."""
    _check_archive(path, data)
    import docx  # python-docx: imported here so plain-text imports do not load it

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 - any parser failure is a bad input file
        raise ImporterError(f"not a readable Word document ({describe_error(error)})", path) from None
    try:
        return _Reader(path, document).read()
    except ImporterError:
        raise
    except Exception as error:  # noqa: BLE001 - malformed parts surface as library errors
        raise ImporterError(f"the Word document is damaged ({describe_error(error)})", path) from None


def _check_archive(path: Path, data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ImporterError(f"not a readable Word document: the zip archive is damaged ({error})", path) from None
    names = {entry.filename for entry in entries}
    if "word/document.xml" not in names:
        raise ImporterError("a zip archive, but not a Word document (no word/document.xml)", path)
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNPACKED:
        raise ImporterError(f"refused: the archive would unpack to {total / 2**20:.0f} MiB", path)
    for entry in entries:
        if entry.file_size > MAX_RATIO * max(entry.compress_size, 1) and entry.file_size > 1024 * 1024:
            raise ImporterError(f"refused: {entry.filename} is compressed {entry.file_size // max(entry.compress_size, 1)} to one (a zip bomb?)", path)
    try:
        bad = archive.testzip()
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, NotImplementedError, EOFError) as error:
        raise ImporterError(f"the Word document is damaged ({error})", path) from None
    if bad is not None:
        raise ImporterError(f"the Word document is damaged: {bad} fails its checksum", path)


@dataclass(slots=True)
class _Numbering:
    """Word's automatic numbering: formats per list and level, counters as paragraphs come."""

    formats: dict[str, dict[int, tuple[str, str, int]]] = field(default_factory=dict)
    """numId -> level -> (numFmt, lvlText, start)."""
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document) -> "_Numbering":
        numbering = cls()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return numbering
        abstract = {}
        for node in root.iterchildren(f"{_W}abstractNum"):
            levels = {}
            for level in node.iterchildren(f"{_W}lvl"):
                fmt = level.find(f"{_W}numFmt")
                text = level.find(f"{_W}lvlText")
                start = level.find(f"{_W}start")
                levels[int(level.get(f"{_W}ilvl", "0"))] = (
                    fmt.get(f"{_W}val") if fmt is not None else "decimal",
                    text.get(f"{_W}val") if text is not None else "",
                    int(start.get(f"{_W}val", "1")) if start is not None else 1,
                )
            abstract[node.get(f"{_W}abstractNumId")] = levels
        for node in root.iterchildren(f"{_W}num"):
            ref = node.find(f"{_W}abstractNumId")
            if ref is not None:
                numbering.formats[node.get(f"{_W}numId")] = abstract.get(ref.get(f"{_W}val"), {})
        return numbering

    def label(self, num_id: str, level: int) -> str | None:
        """The marker of the next item of list ``num_id`` at ``level``."""
        levels = self.formats.get(num_id)
        if not levels or level not in levels or num_id == "0":
            return None
        fmt, text, start = levels[level]
        if fmt == "bullet":
            return "-" if level == 0 else "+"
        if fmt == "none":
            return None
        counters = self.counters.setdefault(num_id, {})
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [key for key in counters if key > level]:
            del counters[deeper]

        def number(match: re.Match) -> str:
            index = int(match[1]) - 1
            lvl_fmt = levels.get(index, ("decimal", "", 1))[0]
            return _format_number(counters.get(index, levels.get(index, ("", "", 1))[2]), lvl_fmt)

        return re.sub(r"%(\d)", number, text) or None


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        numerals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                    (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
        out = ""
        for amount, numeral in numerals:
            while value >= amount:
                out, value = out + numeral, value - amount
        return out if fmt == "upperRoman" else out.lower()
    if fmt in ("lowerLetter", "upperLetter"):
        letter = "abcdefghijklmnopqrstuvwxyz"[(value - 1) % 26]
        return letter if fmt == "lowerLetter" else letter.upper()
    return str(value)


class _Reader:
    def __init__(self, path: Path, document) -> None:
        self.path = path
        self.document = document
        self.numbering = _Numbering.of(document)
        self.notes_text = self._notes()
        self.footnotes: list[Footnote] = []
        self.footnote_numbers: dict[str, int] = {}
        self.pictures: list[int] = []
        self.out = LineBuilder()
        self.tables = 0
        self.styles = {style.style_id: style for style in document.styles}

    def read(self) -> Source:
        for child in self._blocks(self.document.element.body):
            if child.tag == f"{_W}p":
                self._paragraph(child)
            elif child.tag == f"{_W}tbl":
                self._table(child)
        lines = tuple(self.out.lines)
        if not any(line.text.strip() for line in lines):
            raise ImporterError("the Word document has no text", self.path)
        notes = []
        if self.pictures:
            where = ", ".join(str(n) for n in self.pictures[:10]) + (" …" if len(self.pictures) > 10 else "")
            notes.append(ReaderNote(
                "image",
                f"{len(self.pictures)} picture(s) not imported (logos, scanned signatures or stamps, figures) "
                f"at line(s) {where}: add any figure the page needs by hand",
            ))
        text = "\n".join("\t".join(plain(c) for c in line.cells) if line.cells else plain(line.text) for line in lines)
        return Source(self.path, text, lines, format="docx", footnotes=tuple(self.footnotes), notes=tuple(notes))

    # -- structure ------------------------------------------------------------------

    def _blocks(self, parent):
        for child in parent.iterchildren():
            if child.tag == f"{_W}sdt":
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    yield from self._blocks(content)
            elif child.tag in (f"{_W}p", f"{_W}tbl"):
                yield child

    def _paragraph(self, p) -> None:
        runs, style_emphasis, marker = self._runs(p)
        for line_runs in _split_lines(runs):
            text, emphasis = inline_text(line_runs)
            if marker:
                text, marker = f"{marker} {text}".strip(), None
            self.out.add(text, emphasis=bool(text) and (emphasis or style_emphasis))
        self.out.blank()  # Word paragraphs are whole: the body must not join two of them

    def _table(self, tbl) -> None:
        self.tables += 1
        rows = []
        for tr in tbl.iterchildren(f"{_W}tr"):
            cells = []
            for tc in tr.iterchildren(f"{_W}tc"):
                properties = tc.find(f"{_W}tcPr")
                span, continued = 1, False
                if properties is not None:
                    grid = properties.find(f"{_W}gridSpan")
                    span = int(grid.get(f"{_W}val", "1")) if grid is not None else 1
                    merge = properties.find(f"{_W}vMerge")
                    continued = merge is not None and merge.get(f"{_W}val", "continue") != "restart"
                paragraphs = [] if continued else list(tc.iter(f"{_W}p"))
                cells.append([self._runs(p) for p in paragraphs])
                cells += [[] for _ in range(span - 1)]
            rows.append(cells)
        plain_rows = [["\n".join(_plain_lines(paragraphs)) for paragraphs in row] for row in rows]
        first = not any(line.text.strip() for line in self.out.lines)
        layout = is_layout_table([cell for row in plain_rows for cell in row], first=first)
        for row, plain_row in zip(rows, plain_rows):
            if layout:
                self.out.row(plain_row, layout=True, table=self.tables)
            else:
                self.out.row([_cell_markup(paragraphs) for paragraphs in row], table=self.tables)
        self.out.blank()

    # -- runs -----------------------------------------------------------------------

    def _runs(self, p) -> tuple[list[Run], bool, str | None]:
        """The runs of paragraph ``p``, whether its style emphasises it, its list marker."""
        style = self._style_of(p)
        runs: list[Run] = []
        self._collect(p, runs, _style_flag(style, "bold"), _style_flag(style, "italic"))
        heading = style is not None and re.match(r"(heading|title|subtitle)", (style.name or "").lower()) is not None
        return runs, heading, self._marker(p, style)

    def _collect(self, node, runs: list[Run], bold: bool, italic: bool) -> None:
        for child in node.iterchildren():
            tag = child.tag
            if tag in _PICTURES:
                self.pictures.append(len(self.out.lines) + 1)
                continue
            if tag in _NOT_TEXT or not isinstance(tag, str):
                continue
            if tag == f"{_W}r":
                properties = child.find(f"{_W}rPr")
                run_bold = _toggle(properties, "b", bold)
                run_italic = _toggle(properties, "i", italic)
                for part in child.iterchildren():
                    if part.tag == f"{_W}t":
                        runs.append(Run(part.text or "", run_bold, run_italic))
                    elif part.tag in (f"{_W}tab", f"{_W}noBreakHyphen"):
                        runs.append(Run(" " if part.tag == f"{_W}tab" else "-", run_bold, run_italic))
                    elif part.tag in (f"{_W}br", f"{_W}cr"):
                        runs.append(Run("\n", run_bold, run_italic))
                    elif part.tag in (f"{_W}footnoteReference", f"{_W}endnoteReference"):
                        runs.append(Run(self._footnote(part), False, False))
                    elif part.tag in _PICTURES:
                        self.pictures.append(len(self.out.lines) + 1)
            else:
                self._collect(child, runs, bold, italic)

    def _style_of(self, p):
        properties = p.find(f"{_W}pPr")
        style_id = None
        if properties is not None and properties.find(f"{_W}pStyle") is not None:
            style_id = properties.find(f"{_W}pStyle").get(f"{_W}val")
        return self.styles.get(style_id) if style_id else None

    def _marker(self, p, style) -> str | None:
        properties = p.find(f"{_W}pPr")
        num = properties.find(f"{_W}numPr") if properties is not None else None
        while num is None and style is not None:
            style_properties = style.element.find(f"{_W}pPr")
            num = style_properties.find(f"{_W}numPr") if style_properties is not None else None
            style = style.base_style
        if num is None or num.find(f"{_W}numId") is None:
            return None
        level = num.find(f"{_W}ilvl")
        return self.numbering.label(num.find(f"{_W}numId").get(f"{_W}val"),
                                    int(level.get(f"{_W}val", "0")) if level is not None else 0)

    # -- footnotes ------------------------------------------------------------------

    def _notes(self) -> dict[str, str]:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from lxml import etree

        notes: dict[str, str] = {}
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        for rel in self.document.part.rels.values():
            if rel.reltype not in (RT.FOOTNOTES, RT.ENDNOTES) or rel.is_external:
                continue
            root = etree.fromstring(rel.target_part.blob, parser)
            kind = "f" if rel.reltype == RT.FOOTNOTES else "e"
            for note in root:
                if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                text = " ".join("".join(t.text or "" for t in p.iter(f"{_W}t")) for p in note.iter(f"{_W}p"))
                notes[f"{kind}{note.get(f'{_W}id')}"] = re.sub(r"\s+", " ", text).strip()
        return notes

    def _footnote(self, reference) -> str:
        kind = "f" if reference.tag == f"{_W}footnoteReference" else "e"
        key = f"{kind}{reference.get(f'{_W}id')}"
        if key not in self.notes_text:
            return ""
        if key not in self.footnote_numbers:
            self.footnote_numbers[key] = len(self.footnotes) + 1
            self.footnotes.append(Footnote(self.footnote_numbers[key], _nfc(self.notes_text[key])))
        return f"{FOOTNOTE_OPEN}{self.footnote_numbers[key]}{FOOTNOTE_CLOSE}"


def _toggle(properties, name: str, inherited: bool) -> bool:
    if properties is None:
        return inherited
    node = properties.find(f"{_W}{name}")
    if node is None:
        return inherited
    return node.get(f"{_W}val", "true").lower() not in ("0", "false", "none")


def _style_flag(style, name: str) -> bool:
    while style is not None:
        value = getattr(style.font, name, None)
        if value is not None:
            return bool(value)
        style = style.base_style
    return False


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.replace("\u00a0", " "))


def _split_lines(runs: list[Run]) -> list[list[Run]]:
    lines: list[list[Run]] = [[]]
    for run in runs:
        parts = run.text.split("\n")
        for index, part in enumerate(parts):
            if index:
                lines.append([])
            if part:
                lines[-1].append(Run(part, run.bold, run.italic))
    return lines


def _plain_lines(paragraphs) -> list[str]:
    lines = []
    for runs, _, marker in paragraphs:
        for line_runs in _split_lines(runs):
            text = re.sub(r"\s+", " ", _nfc("".join(run.text for run in line_runs))).strip()
            text = re.sub(f"{FOOTNOTE_OPEN}\\d+{FOOTNOTE_CLOSE}", "", text)
            if marker:
                text, marker = f"{marker} {text}", None
            if text:
                lines.append(text)
    return lines


def _cell_markup(paragraphs) -> str:
    """A data-table cell in the model's cell markup."""
    parts = []
    for runs, _, marker in paragraphs:
        pieces = []
        for run in runs:
            text = html.escape(_nfc(run.text).replace("\n", " "), quote=False)
            text = re.sub(f"{FOOTNOTE_OPEN}\\d+{FOOTNOTE_CLOSE}", "", text)
            if run.bold and text.strip():
                text = f"<b>{text}</b>"
            if run.italic and text.strip():
                text = f"<i>{text}</i>"
            pieces.append(text)
        content = "".join(pieces).strip()
        if not content:
            continue
        if marker in ("-", "+"):
            parts.append(f"<li>{content}</li>")
        else:
            parts.append(f"<p>{html.escape(marker) + ' ' if marker else ''}{content}</p>")
    return "".join(parts)
