"""Plain-text documents (exports of Word or PDF files, OCR output).

Decoding: UTF-8 with or without BOM; anything else is refused with the
line of the first bad byte.  Normalisation: Unicode NFC, no-break spaces to
spaces, trailing blanks dropped, and the Markdown decoration some exports
carry (``#### **Nơi nhận:**``, ``*1.1. Phạm vi:*``) removed while
remembering that the line was emphasised.

Tables: a tab-separated line is a row of a data table, its cells kept
verbatim (apart from NFC) in the model's cell markup; a line starting or
ending with ``|``, or holding `` | ``, is a row of a layout table (a header
or signature block exported as ``left | right |``; a row that holds only the
right column starts with ``|``).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from portal.importer.errors import ImporterError
from portal.importer.model import Line, Source

_GLUED_EMPHASIS = re.compile(r"\*{4}|\*{3}(?=\()")  # "**DANH MỤC****Nội dung***(Ban hành...)*"
_HEADING_MARK = re.compile(r"^#{1,6}\s+")
_STAR_BULLET = re.compile(r"^\*\s+(?=\S)")


def read_text(path: Path, data: bytes) -> Source:
    """Decode ``data`` (the bytes of ``path``) and split it into lines."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImporterError(
            f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "convert the file to UTF-8 first",
            path,
            line,
        ) from None
    return parse_text(path, text)


def parse_text(path: Path, text: str) -> Source:
    """Split ``text`` into normalised lines (see the module docstring)."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\ufeff", "")
    if not text.strip():
        raise ImporterError("the file is empty", path)
    if "\x00" in text:
        raise ImporterError("binary data (NUL bytes), not a text document", path, text[: text.index("\x00")].count("\n") + 1)
    lines: list[Line] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        if "\t" in raw and raw.strip():
            lines.append(Line(number, raw, cells=tuple(raw.split("\t"))))
            continue
        stripped = raw.strip()
        if stripped != "|" and (stripped.endswith("|") or stripped.startswith("|") or " | " in stripped):
            cells = tuple(cell.strip() for cell in stripped.removesuffix("|").split("|"))
            lines.append(Line(number, stripped, cells=cells, layout=True))
            continue
        parts = _GLUED_EMPHASIS.split(raw) if _GLUED_EMPHASIS.search(raw) else [raw]
        for part in parts:
            lines.append(_normalise(number, part))
    return Source(path=path, text=text, lines=tuple(lines))


def _normalise(number: int, raw: str) -> Line:
    text = raw.strip()
    emphasis = False
    if _HEADING_MARK.match(text):
        text, emphasis = _HEADING_MARK.sub("", text), True
    text = _STAR_BULLET.sub("- ", text)
    if text.startswith("*"):
        emphasis = True
    text = re.sub(r"\*+", "", text)
    text = re.sub(r"[ \t]+", " ", text).strip()
    return Line(number, text, emphasis and bool(text))
