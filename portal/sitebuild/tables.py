"""Tables readable on a phone: every cell knows its column's name.

Python-Markdown writes a table as ``<table><thead>...<th>`` then rows of
``<td>``.  After a page is rendered, each ``<td>`` of a table with a header
row gets ``data-label="<its column's heading>"`` and the table
``data-portal-cards``; on a narrow screen the portal's stylesheet lays every
row out as a card, each value under its label, so no table scrolls sideways.
A row whose cells after the first two are all empty (a group heading of a
plan's task table) is marked ``data-portal-group``.  Tables that already
carry labels (the glossary's) are left as they are.
"""

from __future__ import annotations

import html
import re

TABLE = re.compile(r"<table>(?P<body>.*?)</table>", re.S)
HEADER_CELL = re.compile(r"<th\b[^>]*>(?P<text>.*?)</th>", re.S)
ROW = re.compile(r"<tr>(?P<cells>.*?)</tr>", re.S)
CELL = re.compile(r"<td(?P<attrs>\b[^>]*)>(?P<text>.*?)</td>", re.S)
TAG = re.compile(r"<[^>]+>")


def _text(fragment: str) -> str:
    return " ".join(html.unescape(TAG.sub("", fragment)).split())


def _label_table(match: re.Match) -> str:
    body = match["body"]
    head, _, rows = body.partition("</thead>")
    labels = [_text(cell["text"]) for cell in HEADER_CELL.finditer(head)]
    if not labels or not rows:
        return match[0]

    def label_row(row: re.Match) -> str:
        cells = list(CELL.finditer(row["cells"]))
        index = iter(range(len(cells)))

        def label_cell(cell: re.Match) -> str:
            i = next(index)
            label = labels[i] if i < len(labels) else ""
            return f'<td{cell["attrs"]} data-label="{html.escape(label)}">{cell["text"]}</td>'

        labelled = CELL.sub(label_cell, row["cells"])
        group = len(cells) > 2 and all(not _text(cell["text"]) for cell in cells[2:])
        return f"<tr data-portal-group>{labelled}</tr>" if group else f"<tr>{labelled}</tr>"

    return f"<table data-portal-cards>{head}</thead>{ROW.sub(label_row, rows)}</table>"


def label_cells(page_html: str) -> str:
    """Every plain table of ``page_html`` with its cells labelled by their column."""
    return TABLE.sub(_label_table, page_html)
