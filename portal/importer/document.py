"""One imported document: the stages put together (pure; no I/O).

``parse_document`` runs header → closing → body → tables → quality on a
:class:`~portal.importer.source.Source` and derives the page fields (title,
description, issuer, place, tags, tasks).  It refuses text that is not a
government document: one needs a kind (``KẾ HOẠCH`` …) and at least one more
sign of an official document (a number with a symbol, an issuer, a
recipients list or a signature block).
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass

from portal.importer.annexes import TASKS_MARKER, find_annexes, mark_annexes
from portal.importer.body import Block, Heading, Marker, Paragraph, TableBlock, parse_body
from portal.importer.markdown import escape_line
from portal.importer.closing import Signature, find_closing_start, parse_closing
from portal.importer.errors import ImporterError
from portal.importer.header import KINDS, parse_header
from portal.importer.quality import Quality, measure_quality
from portal.importer.model import Source
from portal.importer.tables import Table, Task, extract_tasks
from portal.importer.vietnamese import (
    CITIES,
    agency_case,
    PROVINCES,
    fold,
    is_upper,
    lower_first,
    sentence_case,
    slugify,
)


@dataclass(frozen=True, slots=True)
class Document:
    """Everything the page needs, taken from one input file."""

    source: Source
    kind: str
    number: str | None
    date: datetime.date | None
    place: str | None
    issuer: str | None
    title: str
    subject: str | None
    signature: Signature
    recipients: tuple[str, ...]
    blocks: tuple[Block, ...]
    tasks: tuple[Task, ...]
    tables: tuple[Table, ...]
    """Every table of the document, after merging (task appendices included)."""
    internal_annexes: tuple[str, ...]
    """Titles of the annexes internal to the administration (kept off the site)."""
    quality: Quality

    @property
    def description(self) -> str:
        """One short sentence: what, which number, when, by whom."""
        parts = [self.kind]
        if self.number:
            parts.append(f"số {self.number}")
        if self.date:
            parts.append(f"ngày {self.date.day}/{self.date.month}/{self.date.year}")
        if self.issuer:
            parts.append(f"của {self.issuer}")
        return " ".join(parts) + "."

    @property
    def tags(self) -> list[str]:
        tags = [self.kind]
        if self.place:
            tags.append(self.place)
        if "thong tin doi ngoai" in fold(self.title):
            tags.append("thông tin đối ngoại")
        return tags

    @property
    def slug(self) -> str:
        """``<kind>[-thong-tin-doi-ngoai]-<place>-<years>``, ASCII."""
        parts = [slugify(self.kind)]
        if "thong tin doi ngoai" in fold(self.subject or ""):
            parts.append("thong-tin-doi-ngoai")
        if self.place:
            parts.append(slugify(self.place))
        parts.append(self.years)
        return "-".join(part for part in parts if part)

    @property
    def years(self) -> str:
        """The period the document is about: ``2015-2017``, ``2023`` …"""
        subject = self.subject or ""
        spans = re.findall(r"\b((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})\b", subject)
        if spans:
            return f"{spans[-1][0]}-{spans[-1][1]}"
        years = re.findall(r"\b(?:19|20)\d{2}\b", subject)
        if years:
            return years[-1]
        return str(self.date.year) if self.date else ""

    @property
    def headings(self) -> list[Heading]:
        return [block for block in self.blocks if isinstance(block, Heading)]

    @property
    def tables_merged(self) -> int:
        """Table pieces joined across page breaks (by the PDF reader, or by repeated headers)."""
        return max(self.source.tables_merged, sum(table.parts - 1 for table in self.tables))

    @property
    def rendered_tables(self) -> list[Table]:
        """The tables the page shows in its body (not task appendices, which are data)."""
        return [block.table for block in self.blocks if isinstance(block, TableBlock)]


def parse_document(source: Source) -> Document:
    """Turn ``source`` into a :class:`Document` (see the module docstring)."""
    header = parse_header(source)
    lines = source.lines
    start = find_closing_start(lines, header.body_start)
    closing = parse_closing(lines, start)
    evidence = [header.number, header.issuer, closing.recipients, closing.signature.lines]
    if header.kind is None or not any(evidence):
        kinds = ", ".join(kind.upper() for kind in KINDS[:4])
        raise ImporterError(
            f"not a government document: found no kind heading ({kinds} …) with a number "
            "(Số: N/SYMBOL), issuer, recipients list (Nơi nhận) or signature block",
            source.path,
            1,
        )
    blocks = parse_body(list(lines[header.body_start : closing.start]) + list(lines[closing.end :]))
    tables = tuple(block.table for block in blocks if isinstance(block, TableBlock))
    annexes = find_annexes(blocks)
    internal = {index for annex in annexes if annex.internal for index in range(annex.start, annex.end)}
    tasks: list[Task] = []
    for index, block in enumerate(blocks):
        found = extract_tasks(block.table) if isinstance(block, TableBlock) and index not in internal else ()
        if found:  # the site renders the appendix from the tasks data, in the reader's language
            tasks += found
            blocks[index] = Marker(TASKS_MARKER, block.line)
    blocks = mark_annexes(blocks, annexes)
    last_line = blocks[-1].line if blocks else 1
    blocks += [Paragraph(f"[^{note.number}]: {escape_line(note.text)}", last_line) for note in source.footnotes]
    plain_text = re.sub(r"<[^>]*>", " ", source.text)
    place = header.place or _place_in(header.issuer or "") or _place_in(" ".join(closing.signature.lines)) or _fuzzy_place(plain_text)
    issuer = _issuer(header.issuer, closing.signature, place, header.number)
    subject = header.subject
    if subject and is_upper(subject):
        subject = sentence_case(subject)
    title = f"{header.kind} {lower_first(subject)}" if subject else f"{header.kind} {header.number or ''}".strip()
    return Document(
        source=source,
        kind=header.kind,
        number=header.number,
        date=header.date,
        place=place,
        issuer=issuer,
        title=title,
        subject=subject,
        signature=closing.signature,
        recipients=closing.recipients,
        blocks=tuple(blocks),
        tasks=tuple(tasks),
        tables=tables,
        internal_annexes=tuple(annex.title for annex in annexes if annex.internal),
        quality=measure_quality(plain_text),
    )


def _place_in(text: str) -> str | None:
    folded = fold(text)
    for name in PROVINCES:
        if re.search(rf"\b{re.escape(fold(name))}\b", folded):
            return name
    return None


def _fuzzy_place(text: str) -> str | None:
    """The province named most often, forgiving one wrong letter (OCR)."""
    words = re.findall(r"\S+", fold(text))
    counts: Counter[str] = Counter()
    for name in PROVINCES:
        target = fold(name).split()
        size = len(target)
        if size < 2:
            continue
        for index in range(len(words) - size + 1):
            window = words[index : index + size]
            if window[0] == target[0] and _distance(" ".join(window), " ".join(target)) <= 1:
                counts[name] += 1
    if not counts:
        return None
    name, count = counts.most_common(1)[0]
    return name if count >= 2 else None


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (short strings only)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _issuer(written: str | None, signature: Signature, place: str | None, number: str | None) -> str | None:
    """The issuing body in sentence case: as written, else from the signature."""
    if written:
        issuer = agency_case(written)
        if place and fold(issuer).endswith(fold(place)) and len(fold(issuer)) == len(issuer):
            issuer = issuer[: len(issuer) - len(place)] + place  # the place's own spelling ("BAC GIANG")
        return issuer
    signature_text = fold(" ".join(signature.lines))
    level = "thành phố" if place in CITIES else "tỉnh"
    where = f" {level} {place}" if place else ""
    if "chanh van phong" in signature_text:
        return f"Văn phòng Ủy ban nhân dân{where}"
    if "uy ban nhan dan" in signature_text or (number or "").endswith("UBND"):
        return f"Ủy ban nhân dân{where}"
    return None
