"""The document header: kind, number, date, place, issuer and title.

Layouts handled (see tests/importer/fixtures for examples):

* the seeds' plain lines: ``Số: 117 /KH-UBND`` / ``Hà Nội, ngày 05 tháng 6 năm
  2014`` / ``KẾ HOẠCH`` / subject line(s);
* a two-column header table exported as lines ending in ``|``: the left
  column holds the issuer and number, the right the national motto and the
  place and date; columns are read one after the other;
* dates wrapped over lines (``ngày 29`` / ``tháng 01 năm 2021``) and subjects
  hard-wrapped mid-sentence (re-joined);
* received-document stamps (``CÔNG VĂN ĐẾN`` / ``Số: 3195`` / ``Ngày …``) are
  ignored: a document number must carry a symbol (``117/KH-UBND``);
* the enacting authority on its own line after the subject (``ỦY BAN NHÂN
  DÂN THÀNH PHỐ HẢI PHÒNG`` in decisions);
* no kind heading at all (OCR-damaged notices): the first paragraph is the
  subject and the kind is read from the closing formula ("… thông báo …").

The number and date fall back to the appendix line ``(Ban hành kèm theo
Quyết định số 1593 /QĐ-UBND ngày 20 tháng 8 năm 2013 …)`` when the header
has none.
"""

from __future__ import annotations

import datetime
import html
import re
from dataclasses import dataclass

from portal.importer.model import Line, Source, read_columns
from portal.importer.vietnamese import canonical_place, fold, is_upper

KINDS = (
    "Kế hoạch", "Quyết định", "Thông báo", "Chỉ thị", "Báo cáo", "Tờ trình", "Nghị quyết",
    "Nghị định", "Thông tư", "Chương trình", "Hướng dẫn", "Quy chế", "Đề án", "Kết luận", "Công văn",
)
_KIND_BY_FOLD = {fold(kind): kind for kind in KINDS}
_MOTTO = ("cong hoa xa hoi chu nghia viet nam", "doc lap - tu do - hanh phuc", "doc lap – tu do – hanh phuc")
_BODY_OPENERS = ("can cu", "thuc hien", "xet de nghi", "theo de nghi", "trien khai")
_NUMBER = re.compile(r"Số\s*[:.]?\s*(\d+)\s*/\s*([\wĐđ][\wĐđ\-]*(?:/[\wĐđ\-]+)*)", re.IGNORECASE)
_PLACE_DATE = re.compile(
    r"(?P<place>[^\W\d_][^\n,|:]{1,40}?)\s*,\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})",
    re.IGNORECASE,
)
_DATE = re.compile(r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})", re.IGNORECASE)
_ATTACHED_TO = re.compile(
    r"kèm theo\s+(?P<kind>[^\W\d_][^\W\d_ ]*(?: [^\W\d_]+)?)\s+số\s*[:.]?\s*(?P<n>\d+)\s*/\s*(?P<sym>[\wĐđ\-]+)"
    r"\s+ngày\s+(?:(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})|(?P<d2>\d{1,2})/(?P<m2>\d{1,2})/(?P<y2>\d{4}))",
    re.IGNORECASE,
)
_ISSUER_START = ("chu tich", "uy ban", "ubnd", "so ", "bo ", "ban ", "van phong", "hoi dong", "thanh uy", "tinh uy", "chinh phu")


@dataclass(frozen=True, slots=True)
class Header:
    """What the header says about the document."""

    kind: str | None
    """``Kế hoạch``, ``Quyết định``, ``Thông báo`` … in sentence case."""
    number: str | None
    """``117/KH-UBND`` (spaces removed)."""
    date: datetime.date | None
    place: str | None
    """The canonical place name when known (``Hưng Yên`` for ``Hung Yên``)."""
    issuer: str | None
    """The issuer as written in the header (upper case), if any."""
    subject: str | None
    """The title after the kind word, re-joined, as written."""
    body_start: int
    """Index into ``Source.lines`` of the first body line."""
    line: int
    """1-based line of the kind heading (or of the subject)."""


def parse_header(source: Source) -> Header:
    """Read the header fields from the top of ``source``."""
    lines = source.lines
    table_lines, start = _header_table(lines)
    kind_index = _kind_line(lines, start)
    if kind_index is None:
        header_lines = table_lines
        subject, after = _paragraph(lines, start)
        kind = _closing_kind(source.text)
        line = lines[start].number if start < len(lines) else 1
    else:
        header_lines = table_lines + [ln for ln in lines[start:kind_index] if not ln.is_blank]
        kind = _KIND_BY_FOLD[fold(lines[kind_index].text)]
        subject, after = _paragraph(lines, kind_index + 1)
        if subject and (_is_body_opener(subject) or is_upper(subject)):
            subject, after = None, kind_index + 1
        line = lines[kind_index].number
    issuer = _header_issuer(header_lines)
    enacting, after = _enacting_issuer(lines, after)
    header_text = "\n".join(_cells(ln) for ln in header_lines)
    number = date = place = None
    if match := _NUMBER.search(header_text):
        number = f"{match[1]}/{match[2]}"
    if match := _PLACE_DATE.search(header_text):
        date = _date(match["y"], match["m"], match["d"])
        place = canonical_place(match["place"]) or match["place"].strip()
    elif match := _DATE.search(header_text):
        date = _date(match["y"], match["m"], match["d"])
    if number is None or date is None:
        attached_number, attached_date = _attachment_reference(source.text, kind)
        number = number or attached_number
        date = date or attached_date
    return Header(
        kind=kind,
        number=number,
        date=date,
        place=place,
        issuer=issuer or enacting,
        subject=_clean_subject(subject) if subject else None,
        body_start=after,
        line=line,
    )


def _header_table(lines: tuple[Line, ...]) -> tuple[list[Line], int]:
    """Lines of a leading layout table (issuer | motto …), read column by column."""
    index = 0
    while index < len(lines) and lines[index].is_blank:
        index += 1
    rows: list[Line] = []
    while index < len(lines) and (lines[index].is_layout_row or lines[index].is_blank):
        if not lines[index].is_blank:
            rows.append(lines[index])
        index += 1
    if not rows:
        return [], 0
    return read_columns(rows), index


def _kind_line(lines: tuple[Line, ...], start: int) -> int | None:
    for index in range(start, min(len(lines), start + 60)):
        line = lines[index]
        if line.cells is not None or line.is_blank:
            continue
        if is_upper(line.text) and fold(line.text) in _KIND_BY_FOLD:
            return index
        if _is_body_opener(line.text) or re.match(r"^(I|1)\.\s", line.text):
            return None
    return None


def _paragraph(lines: tuple[Line, ...], index: int) -> tuple[str | None, int]:
    """The next paragraph from ``index``: consecutive lines, plus lines after a
    blank that continue it in lower case.  Returns (text, index after it)."""
    while index < len(lines) and lines[index].is_blank:
        index += 1
    parts: list[str] = []
    while index < len(lines):
        line = lines[index]
        if line.cells is not None:
            break
        if line.is_blank:
            following = index + 1
            while following < len(lines) and lines[following].is_blank:
                following += 1
            if following < len(lines) and parts and lines[following].text[:1].islower():
                index = following
                continue
            break
        if parts and is_upper(line.text) != is_upper(parts[-1]):
            break
        parts.append(line.text)
        index += 1
    return (" ".join(parts) if parts else None), index


def _enacting_issuer(lines: tuple[Line, ...], index: int) -> tuple[str | None, int]:
    """An all-capitals authority line right after the subject (decisions)."""
    probe = index
    while probe < len(lines) and lines[probe].is_blank:
        probe += 1
    if probe < len(lines) and _looks_like_issuer(lines[probe].text):
        return lines[probe].text, probe + 1
    return None, index


def _header_issuer(header_lines: list[Line]) -> str | None:
    """All-capitals lines above the number line, minus the motto and stamps."""
    parts: list[str] = []
    for line in header_lines:
        if line.is_table_row or _NUMBER.search(line.text):
            break
        text = line.text.strip(" -–—_=")
        folded = fold(text)
        if not text or folded in _MOTTO or "cong van den" in folded:
            continue
        if is_upper(text):
            parts.append(text)
    return " ".join(parts) or None


def _looks_like_issuer(text: str) -> bool:
    return is_upper(text) and fold(text).startswith(_ISSUER_START) and fold(text) not in _KIND_BY_FOLD


def _is_body_opener(text: str) -> bool:
    return fold(text).startswith(_BODY_OPENERS)


def _cells(line: Line) -> str:
    if line.cells is None:
        return line.text
    return "\n".join(html.unescape(re.sub(r"<[^>]*>", "\n", cell)) for cell in line.cells)


def _closing_kind(text: str) -> str | None:
    """The kind named by the closing formula: "… Văn phòng … thông báo …"."""
    tail = fold(text[-1500:])
    # One wrong letter per word is forgiven: OCR reads "thông báo" as "théng bao".
    if re.search(r"\bth\wng\s+b\wo\b", tail):
        return "Thông báo"
    return None


def _attachment_reference(text: str, kind: str | None) -> tuple[str | None, datetime.date | None]:
    """Number and date from "(kèm theo Quyết định số N/SYM ngày …)"."""
    cleaned = re.sub(r"\.{2,}", "", text)
    for match in _ATTACHED_TO.finditer(cleaned):
        if kind and fold(match["kind"]) != fold(kind):
            continue
        day, month, year = (match["d"], match["m"], match["y"]) if match["y"] else (match["d2"], match["m2"], match["y2"])
        return f"{match['n']}/{match['sym']}", _date(year, month, day)
    return None, None


def _date(year: str, month: str, day: str) -> datetime.date | None:
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _clean_subject(subject: str) -> str:
    subject = re.sub(r"^[^\w(“\"]+", "", subject)  # OCR debris before the first word
    return re.sub(r"\s+", " ", subject).strip(" ,;:")
