"""The document header: kind, number, date, place, issuer and title.

Layouts handled, each tested in tests/importer/test_layouts.py (the boxes of
Decree 30/2020/NĐ-CP, Appendix I, as real files bring them):

* plain lines, issuer first or motto first; a two-column header table
  (Word, a PDF's columns, or text flattened with ``|`` on either side, cells
  broken over several rows), read column by column;
* the motto on the issuer's line, whole or its first words only, or broken
  over lines; urgency, secrecy, draft and circulation marks (``KHẨN``,
  ``MẬT``, ``DỰ THẢO``, ``LƯU HÀNH NỘI BỘ``) and e-signature stamps are not
  the issuer; with a parent body above it, the issuer is the lower body;
* numbers with or without ``Số``/``Số:``, in any case, without accents, with
  a year in the symbol, or a bare ``12/QĐ-UBND`` line (:func:`find_number`);
  a received-document stamp (``CÔNG VĂN ĐẾN`` / ``Số: 3195``) has no symbol
  and is not the number;
* dates in digits, in words, with slashes, split over lines or without
  accents, the place being what stands before ``, ngày`` (:func:`find_date`);
* the kind heading alone, letter-spaced, or followed by the subject on its
  line; a letter (công văn) has none and its subject is the ``V/v`` line;
  without either the kind comes from the closing formula or the symbol;
* subjects hard-wrapped mid-sentence (re-joined); the enacting authority on
  its own line after the subject (``ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG``).

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
_MOTTO_WORDS = ("cong hoa xa hoi chu nghia viet nam", "doc lap - tu do - hanh phuc", "doc lap – tu do – hanh phuc",
                "doc lap – tu do - hanh phuc", "doc lap - tu do – hanh phuc")
# Urgency, secrecy, draft and copy marks (Decree 30/2020/NĐ-CP, boxes 10-12) are not the issuer.
_MARK = re.compile(r"^(khan|thuong khan|hoa toc( hen gio)?|mat|toi mat|tuyet mat|du thao|ban sao|sao y( ban chinh)?|"
                   r"trich sao|sao luc|xem xong tra lai|luu hanh noi bo)\b")
_BODY_TYPES = ("so ", "ban ", "van phong", "cuc ", "vu ", "phong ", "chi cuc", "trung tam", "thanh tra", "tong cuc")
_SYMBOL_KINDS = {"KH": "Kế hoạch", "QĐ": "Quyết định", "TB": "Thông báo", "CT": "Chỉ thị", "BC": "Báo cáo",
                 "TTr": "Tờ trình", "NQ": "Nghị quyết", "NĐ": "Nghị định", "TT": "Thông tư", "CTr": "Chương trình",
                 "HD": "Hướng dẫn", "QC": "Quy chế", "ĐA": "Đề án", "KL": "Kết luận"}
_BODY_OPENERS = ("can cu", "thuc hien", "xet de nghi", "theo de nghi", "trien khai")
# Matched on fold(text) (no diacritics, lower case): "Số:", "SỐ", "So" (lost accents) alike.
_NUMBER = re.compile(r"\bso\s*[:.]?\s*(\d+[a-z]?)\s*/\s*([a-z0-9][\w\-]*(?:/[\w\-]+)*)")
# A bare number and symbol on a header line, without "Số": "12/QĐ-UBND", "30/2020/NĐ-CP".
_BARE_NUMBER = re.compile(r"^(\d+[a-z]?)\s*/\s*((?:\d{4}/)?[a-z]{1,6}(?:-[a-z0-9]+)+)$")
_DAY_WORDS = r"(?:\d{1,2}|[a-z]+(?: [a-z]+){0,2})"
_DATE = re.compile(
    rf"ngay\s+(?P<d>{_DAY_WORDS})\s+thang\s+(?P<m>\d{{1,2}}|[a-z]+(?: [a-z]+)?)\s+nam\s+"
    r"(?P<y>\d{4}|(?:hai|mot) nghin(?: [a-z]+){0,6})"
    r"|ngay\s+(?P<d2>\d{1,2})\s*[/.-]\s*(?P<m2>\d{1,2})\s*[/.-]\s*(?P<y2>\d{4})"
)
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
    kind_index, inline_subject = _kind_line(lines, start)
    if kind_index is None:
        frame = list(_frame_run(lines, start))
        header_lines, start = table_lines + frame, start + len(frame)
        reference = _subject_line(header_lines)  # "V/v …": a letter (công văn) has no kind heading
        if reference is not None:
            subject, after, kind = reference, start, "Công văn"
        else:
            subject, after = _paragraph(lines, start)
            kind = _closing_kind(source.text)
        line = lines[start].number if start < len(lines) else 1
    else:
        header_lines = table_lines + [ln for ln in lines[start:kind_index] if not ln.is_blank]
        kind = _KIND_BY_FOLD[fold(_kind_text(lines[kind_index].text)[0])]
        if inline_subject:
            subject, after = inline_subject, kind_index + 1
        else:
            subject, after = _paragraph(lines, kind_index + 1)
        if subject and (_is_body_opener(subject) or is_upper(subject)):
            subject, after = None, kind_index + 1
        line = lines[kind_index].number
    issuer = _header_issuer(header_lines)
    enacting, after = _enacting_issuer(lines, after)
    header_text = "\n".join(_cells(ln) for ln in header_lines)
    number = find_number(header_text)
    date, place = find_date(header_text)
    if kind is None and number:
        kind = _kind_of_symbol(number)
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


def _kind_line(lines: tuple[Line, ...], start: int) -> tuple[int | None, str | None]:
    """Index of the kind heading (``KẾ HOẠCH``), and a subject written on the same line."""
    for index in range(start, min(len(lines), start + 60)):
        line = lines[index]
        if line.cells is not None or line.is_blank:
            continue
        kind, rest = _kind_text(line.text)
        if kind is not None:
            return index, rest
        if _is_body_opener(line.text) or re.match(r"^(I|1)\.\s", line.text):
            return None, None
    return None, None


def _kind_text(text: str) -> tuple[str | None, str | None]:
    """(the kind word as written, the rest) when ``text`` is a kind heading.

    ``KẾ HOẠCH``; letter-spaced ``K Ế  H O Ạ C H``; or the kind followed on the
    same line by a subject that is not in capitals (``KẾ HOẠCH Thông tin …``).
    """
    text = text.strip()
    if re.fullmatch(r"(?:\w ){3,}\w", text.replace("  ", " ")):
        spaced = re.sub(r"(?<=\w) (?=\w)", "", text.replace("  ", "\x00")).replace("\x00", " ")
        text = spaced
    if is_upper(text) and fold(text) in _KIND_BY_FOLD:
        return text, None
    for kind in KINDS:
        head = text[: len(kind)]
        if is_upper(head) and fold(head) == fold(kind) and text[len(kind) : len(kind) + 1] in (" ", ":"):
            rest = text[len(kind) :].lstrip(" :")
            if rest and not is_upper(rest):
                return head, rest
    return None, None


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
    """The issuing body: all-capitals lines above the number, less the motto, marks and stamps.

    With a parent body above it (``UBND TỈNH HƯNG YÊN`` / ``SỞ THÔNG TIN VÀ
    TRUYỀN THÔNG``) the issuer is the lower one, the body that signs.
    """
    parts: list[str] = []
    for line in header_lines:
        if line.is_table_row or find_number(line.text):
            break
        text = _without_motto(line.text).strip(" -–—_=")
        folded = fold(text)
        if not text or "cong van den" in folded or _MARK.match(folded) or folded.startswith(("v/v", "ky boi")):
            continue
        if is_upper(text):
            parts.append(text)
    if len(parts) >= 2 and fold(parts[-1]).startswith(_BODY_TYPES):
        return parts[-1]
    return " ".join(parts) or None


def _without_motto(text: str) -> str:
    """``text`` without the national motto or a piece of it (a line may hold both columns)."""
    folded = fold(text)
    for motto in _MOTTO_WORDS:
        if folded.strip() and folded.strip() in motto and len(folded.strip()) >= 6:
            return ""  # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" / "VIỆT NAM": the motto broken over lines
        position = folded.find(motto)
        if position >= 0:
            return (text[:position] + " " + text[position + len(motto) :]).strip()
    for motto in _MOTTO_WORDS:  # the motto's first words on the line, the rest on the next
        for size in range(len(motto.split()) - 1, 2, -1):
            head = " ".join(motto.split()[:size])
            if folded.rstrip().endswith(head):
                return text[: len(folded.rstrip()) - len(head)].strip()
    return text


def _subject_line(header_lines: list[Line]) -> str | None:
    """The ``V/v …`` line of a letter, re-joined with the lines that continue it."""
    for index, line in enumerate(header_lines):
        match = re.match(r"^v\s*/\s*v\s*[:.]?\s*", fold(line.text))
        if match:
            parts = [line.text[match.end() :]]
            for following in header_lines[index + 1 :]:
                if following.text[:1].islower():
                    parts.append(following.text)
                else:
                    break
            return " ".join(parts)
    return None


def _frame_run(lines: tuple[Line, ...], start: int):
    """Lines of a letter's header written without a table: issuer, number, motto, place and date."""
    for line in lines[start : start + 12]:
        if line.is_blank or line.cells is not None:
            yield line
            continue
        folded = fold(line.text)
        if find_number(line.text) or _without_motto(line.text) != line.text or re.match(r"^v\s*/\s*v\b", folded) \
                or find_date(line.text)[0] or _MARK.match(folded) or (is_upper(line.text) and not _is_body_opener(line.text)):
            yield line
            continue
        return


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
        return datetime.date(*(_number_value(part) for part in (year, month, day)))
    except (ValueError, TypeError):
        return None


def find_number(text: str) -> str | None:
    """The document's number and symbol (``117/KH-UBND``) in ``text``, if any.

    ``Số: 117 /KH-UBND``, ``Số 117/KH-UBND``, ``SỐ:117/KH-UBND``, ``So: 117/KH-UBND``
    (lost diacritics) or a bare ``117/KH-UBND`` line.  A received-document
    stamp (``Số: 3195``) has no symbol and is not a number.
    """
    folded = fold(text)
    aligned = len(folded) == len(text)
    if match := _NUMBER.search(folded):
        symbol = text[match.start(2) : match.end(2)] if aligned else match[2].upper()
        return f"{match[1]}/{symbol}"
    for line, folded_line in zip(text.split("\n"), folded.split("\n")):
        if match := _BARE_NUMBER.match(folded_line.strip()):
            offset = len(folded_line) - len(folded_line.lstrip())
            symbol = line[offset + match.start(2) : offset + match.end(2)] if aligned else match[2].upper()
            return f"{match[1]}/{symbol}"
    return None


def find_date(text: str) -> tuple[datetime.date | None, str | None]:
    """The date of issue and its place: ``Hà Nội, ngày 05 tháng 6 năm 2014``.

    The date may be written in words (``ngày mười lăm tháng Ba năm hai nghìn
    không trăm hai mươi mốt``), with slashes (``ngày 05/3/2021``), split over
    lines, or without its accents; the place is the province or city named
    just before ``, ngày`` (other text on that line, such as the number of a
    flattened header table, is left out).
    """
    folded = fold(text)
    matches = list(_DATE.finditer(folded))
    if not matches:
        return None, None
    # "Place, ngày …" is the date of issue; a bare "Ngày 09/6/2014" may be a received stamp.
    match = next((m for m in matches if folded[: m.start()].rstrip().endswith(",")), matches[0])
    if match["d2"]:
        date = _date(match["y2"], match["m2"], match["d2"])
    else:
        date = _date(match["y"], match["m"], match["d"])
    before = folded[: match.start()].rstrip()
    place = None
    if before.endswith(","):
        line_start = before.rfind("\n") + 1
        place = _place_before(text[line_start : len(before) - 1] if len(folded) == len(text) else before[line_start:-1])
    return date, place


def _place_before(text: str) -> str | None:
    """The place at the end of ``text`` (``… Số: 12/QĐ-UBND Hưng Yên`` -> ``Hưng Yên``)."""
    text = re.sub(r"^.*\d+\s*/\s*\S+", "", _without_motto(text)).strip(" |:-–")
    words = text.split()
    for size in range(min(len(words), 6), 0, -1):
        if place := canonical_place(" ".join(words[-size:])):
            return place
    names = re.findall(r"(?:[A-ZĐÀ-Ỹ][\wà-ỹđ]*\.? ?)+$", text)
    return names[0].strip() if names and len(names[0]) <= 40 else (text or None)


_UNITS = {"khong": 0, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5, "sau": 6, "bay": 7,
          "tam": 8, "chin": 9, "gieng": 1, "chap": 12}


def _number_value(text: str) -> int:
    """A number in digits or in Vietnamese words (folded): ``hai muoi mot`` -> 21,
    ``hai nghin khong tram hai muoi mot`` -> 2021, ``gieng`` (the first month) -> 1."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    thousands = hundreds = current = 0
    for word in text.split():
        if word in ("linh", "le"):
            continue
        if word == "muoi":
            current = (current or 1) * 10
        elif word == "tram":
            hundreds, current = current * 100, 0
        elif word in ("nghin", "ngan"):
            thousands, hundreds, current = (hundreds + current) * 1000, 0, 0
        elif word in _UNITS:
            current += _UNITS[word]
        else:
            raise ValueError(word)
    return thousands + hundreds + current


def _kind_of_symbol(number: str) -> str | None:
    """The kind a symbol names (``…/KH-UBND``: Kế hoạch); a symbol with only the issuer is a letter."""
    symbol = number.split("/")[-1]
    head = symbol.split("-")[0]
    if head in _SYMBOL_KINDS:
        return _SYMBOL_KINDS[head]
    return "Công văn" if "-" in symbol else None


def _clean_subject(subject: str) -> str:
    subject = re.sub(r"^[^\w(“\"]+", "", subject)  # OCR debris before the first word
    return re.sub(r"\s+", " ", subject).strip(" ,;:")
