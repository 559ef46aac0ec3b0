"""Test documents made from the seed texts: a real .docx (python-docx) and a real PDF (chromium).

The seeds are plain-text exports of Word files.  :func:`seed_layout` reads
one back into what its author typed: a header table (issuer and number on
the left, motto, place and date on the right), paragraphs (bold where the
export marked them), bullet lists (half of them Word's automatic bullets),
tables as one table each (a page-split table in the export is one table in
Word: repeated headers dropped, split rows mended), and the closing as a
recipients | signature table.  :func:`write_docx` writes that with real
styles and tables; :func:`write_pdf` prints the same content as HTML through
Debian's chromium with DejaVu fonts (which cover Vietnamese), tables with
a header row that chromium repeats on every page.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from portal.importer.vietnamese import fold

class _Folded:
    """A pattern matched on the text without diacritics (a seed may have lost them)."""

    def __init__(self, pattern: str) -> None:
        self.pattern = re.compile(pattern)

    def match(self, text: str):
        return self.pattern.match(fold(text))

    def search(self, text: str):
        return self.pattern.search(fold(text))


KIND_LINE = _Folded(r"^(ke hoach|quyet dinh|thong bao|chi thi|bao cao|cong van)$")
MOTTO = _Folded(r"cong hoa xa hoi|doc lap\s*[-–]\s*tu do")
NUMBER = re.compile(r"^Số\s*:?\s*\d+\s*/\s*\S")
PLACE_DATE = re.compile(r",\s*ngày\s+\d")
SIGNATURE = re.compile(r"^(TM|KT|TL|Q)\.\s|^(CHỦ TỊCH|PHÓ CHỦ TỊCH|CHÁNH VĂN PHÒNG|PHÓ CHÁNH VĂN PHÒNG|GIÁM ĐỐC)$")
NAME = re.compile(r"^([A-ZĐÀ-Ỹ][a-zđà-ỹ]*)(\s+[A-ZĐÀ-Ỹ][a-zđà-ỹ]*){1,4}$")


@dataclass
class Paragraph:
    """One Word paragraph: its lines (soft line breaks between them), each bold or not."""

    lines: list[tuple[str, bool]]
    bullet: int | None = None  # None, 0 ("-") or 1 ("+")
    centred: bool = False  # the kind, the subject and annex titles are centred
    auto: bool = False  # Word's automatic bullet instead of a typed "- "
    open: bool = True  # the next line of the export continues it (no blank line between)


@dataclass
class Table:
    rows: list[list[str]]  # cells in the export's cell HTML
    layout: bool = False  # header or signature columns, no borders


@dataclass
class Layout:
    blocks: list[Paragraph | Table] = field(default_factory=list)


def seed_layout(text: str) -> Layout:
    """What the author of the exported seed ``text`` typed (see the module docstring)."""
    text = unicodedata.normalize("NFC", text)
    # "**DANH MỤC****Nội dung***(Ban hành…)*": three lines glued by the export
    lines = [part for line in text.split("\n") for part in re.split(r"\*{4}|\*{3}(?=\()", line)]
    kind = next(index for index, line in enumerate(lines) if KIND_LINE.match(_undecorate(line)[0]))
    layout = Layout()
    left, right, rest = [], [], []
    for line in lines[:kind]:
        plain, _ = _undecorate(line)
        if "\t" in line or not plain:
            rest.append(line)
        elif NUMBER.match(plain) and not left:
            left.append(plain)
        elif MOTTO.search(plain) or (PLACE_DATE.search(plain) and not right):
            right.append(plain)
        else:
            rest.append(line)
    if left or right:
        layout.blocks.append(Table([[html.escape("\n".join(left)), html.escape("\n".join(right))]], layout=True))
    body = rest + lines[kind:]
    index = 0
    bullets = 0
    while index < len(body):
        line = body[index]
        if "\t" in line:
            rows = []
            while index < len(body) and ("\t" in body[index] or not body[index].strip()):
                if "\t" in body[index]:
                    rows.append(body[index].split("\t"))
                index += 1
            layout.blocks.append(_word_table(rows))
            continue
        plain, bold = _undecorate(line)
        if re.match(r"^n[oơ]i nh[aậ]n", plain.lower()):
            index = _closing(body, index, layout)
            continue
        previous = layout.blocks[-1] if layout.blocks else None
        if plain:
            match = re.match(r"^([-+•])\s+(.*)$", plain)
            if match:
                bullets += 1
                level = 0 if match[1] != "+" else 1
                # Word's own bullets for half the first-level items (the template has one level)
                layout.blocks.append(Paragraph([(match[2], bold)], level, auto=level == 0 and bullets % 2 == 0))
            elif isinstance(previous, Paragraph) and previous.open:
                previous.lines.append((plain, bold))
            else:
                after_kind = isinstance(previous, Paragraph) and KIND_LINE.match(previous.lines[0][0])
                centred = bool(KIND_LINE.match(plain) or after_kind or re.match(r"^(PHỤ LỤC|DANH MỤC|TỔNG HỢP)", plain))
                layout.blocks.append(Paragraph([(plain, bold)], centred=centred))
        elif isinstance(previous, Paragraph):
            previous.open = False
        index += 1
    return layout


def _undecorate(line: str) -> tuple[str, bool]:
    """The export's Markdown decoration removed; whether the line was emphasised."""
    text = line.strip()
    bold = bool(re.match(r"^(#{1,6}\s|\*)", text))
    text = re.sub(r"^#{1,6}\s+", "", text)
    text = re.sub(r"^\*\s+(?=\S)", "- ", text)
    return re.sub(r"\s+", " ", text.replace("*", "")).strip(), bold


def _word_table(rows: list[list[str]]) -> Table:
    width = len(rows[0])
    merged: list[list[str]] = [rows[0] + [""] * (width - len(rows[0]))]
    for row in rows[1:]:
        row = (row + [""] * width)[:width] if len(row) <= width else row[: width - 1] + [" ".join(row[width - 1:])]
        if [c.strip() for c in row] == [c.strip() for c in merged[0]]:
            continue  # the header repeated on the next page of the export
        if not row[0].strip():
            merged[-1] = [f"{a.rstrip()} {b.strip()}".strip() if b.strip() else a for a, b in zip(merged[-1], row)]
            continue
        merged.append(row)
    return Table(merged)


def _closing(body: list[str], index: int, layout: Layout) -> int:
    """Recipients | signature as a layout table; returns the index after the signer's name."""
    left, right = [], []
    while index < len(body):
        plain, _ = _undecorate(body[index])
        if not plain:
            index += 1
            continue
        if SIGNATURE.match(plain) or (right and plain.isupper()):
            right.append(plain)
        elif right and NAME.match(plain):
            right.append(plain)
            index += 1
            break
        elif right or "\t" in body[index]:
            break
        else:
            left.append(plain)
        index += 1
    layout.blocks.append(Table([[html.escape("\n".join(left)), html.escape("\n".join(right))]], layout=True))
    return index


# ------------------------------------------------------------------ Word


class _CellRuns(HTMLParser):
    """The export's cell HTML as Word paragraphs of (text, bold, italic) runs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[tuple[bool, list[tuple[str, bool, bool]]]] = [(False, [])]
        self.bold = self.italic = 0
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("b", "strong"):
            self.bold += 1
        elif tag in ("i", "em"):
            self.italic += 1
        elif tag in ("script", "style"):
            self.skip += 1
        elif tag in ("p", "li", "br", "div"):
            self.paragraphs.append((tag == "li", []))

    def handle_endtag(self, tag):
        if tag in ("b", "strong"):
            self.bold -= 1
        elif tag in ("i", "em"):
            self.italic -= 1
        elif tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.paragraphs[-1][1].append((data, self.bold > 0, self.italic > 0))


def cell_paragraphs(cell: str) -> list[tuple[bool, list[tuple[str, bool, bool]]]]:
    parser = _CellRuns()
    parser.feed(cell)
    return [(bullet, runs) for bullet, runs in parser.paragraphs if "".join(t for t, _, _ in runs).strip()]


def write_docx(layout: Layout, path: Path) -> Path:
    """``layout`` as a Word document: styles, automatic bullets, real tables."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.styles["Normal"].font.name = "Times New Roman"
    for block in layout.blocks:
        if isinstance(block, Paragraph):
            paragraph = document.add_paragraph(style="List Bullet" if block.auto else None)
            if block.centred:
                paragraph.alignment = 1  # WD_ALIGN_PARAGRAPH.CENTER
            for number, (text, bold) in enumerate(block.lines):
                if number:
                    paragraph.add_run().add_break()
                elif block.bullet is not None and not block.auto:
                    text = f"{'-+'[block.bullet]} {text}"
                match = re.match(r"^(Điều \d+\.)(\s.*)$", text)
                if match and bold:  # "**Điều 1.** Phê duyệt …": a bold label, then the article
                    paragraph.add_run(match[1]).bold = True
                    paragraph.add_run(match[2])
                else:
                    paragraph.add_run(text).bold = bold or None
            continue
        width = max(len(row) for row in block.rows)
        table = document.add_table(rows=0, cols=width)
        if not block.layout:
            table.style = document.styles["Table Grid"]
        for number, row in enumerate(block.rows):
            cells = table.add_row().cells
            for cell, content in zip(cells, row):
                cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
                paragraphs = [(False, [(line, False, False)]) for line in html.unescape(content).split("\n")] \
                    if block.layout else cell_paragraphs(content)
                for bullet, runs in paragraphs or [(False, [])]:
                    paragraph = cell.add_paragraph(style="List Bullet" if bullet else None)
                    for text, bold, italic in runs:
                        run = paragraph.add_run(text)
                        run.bold = bold or (number == 0 and not block.layout) or None
                        run.italic = italic or None
        if not block.layout and len(block.rows) > 1:  # repeat the header row on each page, as authors do
            tr_pr = table.rows[0]._tr.get_or_add_trPr()
            header = OxmlElement("w:tblHeader")
            header.set(qn("w:val"), "true")
            tr_pr.append(header)
    document.save(path)
    return path


# ------------------------------------------------------------------- PDF

PDF_CSS = """
@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
body { font-family: "DejaVu Serif"; font-size: 11pt; line-height: 1.35; }
p { margin: 0 0 7pt 0; text-align: justify; }
p.centre { text-align: center; }
table { border-collapse: collapse; width: 100%; margin: 8pt 0; }
table.grid td, table.grid th { border: 0.8pt solid #000; padding: 2pt 4pt; vertical-align: top; }
table.layout td { width: 50%; vertical-align: top; padding: 0; }
table.layout td p { margin: 0 0 2pt 0; text-align: left; }
table.layout.header td p, table.layout td.signature p { text-align: center; }
tr { break-inside: avoid; }
"""


def layout_html(layout: Layout) -> str:
    """``layout`` as one HTML page (the PDF's source)."""
    out = [f"<!doctype html><html lang='vi'><head><meta charset='utf-8'><style>{PDF_CSS}</style></head><body>"]
    for block in layout.blocks:
        if isinstance(block, Paragraph):
            lines = []
            for number, (text, bold) in enumerate(block.lines):
                if not number and block.bullet is not None:
                    text = f"{'-+'[block.bullet]} {text}"
                lines.append(f"<b>{html.escape(text)}</b>" if bold else html.escape(text))
            out.append(f"<p class='centre'>{'<br>'.join(lines)}</p>" if block.centred else f"<p>{'<br>'.join(lines)}</p>")
            continue
        if block.layout:
            # The header is centred in its two columns; the recipients are set left, the signature centred.
            header = not any("Nơi nhận" in cell or "Noi nh" in cell for row in block.rows for cell in row)
            out.append(f"<table class='layout{' header' if header else ''}'>")
            for row in block.rows:
                cells = "".join(
                    f"<td{'' if number == 0 else ' class=signature'}>" + "".join(f"<p>{line}</p>" for line in cell.split("\n")) + "</td>"
                    for number, cell in enumerate(row)
                )
                out.append(f"<tr>{cells}</tr>")
            out.append("</table>")
            continue
        out.append("<table class='grid'><thead><tr>")
        out.append("".join(f"<th>{_cell_html(cell)}</th>" for cell in block.rows[0]) + "</tr></thead><tbody>")
        for row in block.rows[1:]:
            out.append("<tr>" + "".join(f"<td>{_cell_html(cell)}</td>" for cell in row) + "</tr>")
        out.append("</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out)


def _cell_html(cell: str) -> str:
    parts = []
    for bullet, runs in cell_paragraphs(cell):
        text = "".join(
            (f"<b>{html.escape(t)}</b>" if b else f"<i>{html.escape(t)}</i>" if i else html.escape(t)) for t, b, i in runs
        )
        parts.append(f"<div>- {text}</div>" if bullet else f"<div>{text}</div>")
    return "".join(parts)


def write_pdf(page_html: str, path: Path, browser) -> Path:
    """Print ``page_html`` to ``path`` with chromium (Playwright)."""
    page = browser.new_page()
    try:
        page.set_content(page_html, wait_until="load")
        page.pdf(path=str(path), format="A4", print_background=False, prefer_css_page_size=True)
    finally:
        page.close()
    return path
