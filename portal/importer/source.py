"""Reading an input file into numbered, lightly normalised lines.

``load_source`` is the only I/O; ``parse_source`` is pure.  Normalisation:
Unicode NFC, no-break spaces to spaces, trailing blanks dropped, and the
Markdown decoration some exports carry (``#### **Nơi nhận:**``,
``*1.1. Phạm vi:*``) removed while remembering that the line was emphasised.
Tab-separated lines (tables) are kept verbatim apart from NFC.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from portal.importer.errors import ImporterError

_GLUED_EMPHASIS = re.compile(r"\*{4}|\*{3}(?=\()")  # "**DANH MỤC****Nội dung***(Ban hành...)*"
_HEADING_MARK = re.compile(r"^#{1,6}\s+")
_STAR_BULLET = re.compile(r"^\*\s+(?=\S)")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the input."""

    number: int
    """1-based line number in the input file."""
    text: str
    """The text, stripped; for table rows the raw tab-separated text."""
    emphasis: bool = False
    """The input marked the line as a heading or emphasised it."""

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()

    @property
    def is_table_row(self) -> bool:
        return "\t" in self.text


@dataclass(frozen=True, slots=True)
class Source:
    """A decoded input document."""

    path: Path
    text: str
    lines: tuple[Line, ...]


def load_source(path: Path) -> Source:
    """Read and decode ``path`` (UTF-8, with or without BOM)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImporterError(f"cannot read the file: {error.strerror}", path) from None
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
    return parse_source(path, text)


def parse_source(path: Path, text: str) -> Source:
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
            lines.append(Line(number, raw.rstrip("\n")))
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
