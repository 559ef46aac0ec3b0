"""The closing block: recipients ("Nơi nhận") and the signature.

The block starts at the first line (after the body has begun) that is the
recipients label or a signature line (``TM.``, ``KT.``, ``TL.``, ``Q.``).
It holds recipient lines (``- …``, with wrapped continuations), signature
lines (authority and title in capitals), the signer's name (a short line of
capitalised words) and stray page numbers.  It ends after the name, or at
the first line that is none of these (an appendix title such as ``PHỤ LỤC``).

Two-column layouts are either a layout table (``Nơi nhận: | KT. CHỦ TỊCH``,
read column by column: the recipients, then the signature) or put the
signature at the end of recipient lines
(``- B/c Chủ tịch UBND TP; KT. CHÁNH VĂN PHÒNG``): a trailing run of
capitalised words with a signature word is split off to the signature.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from portal.importer.model import Line, read_columns
from portal.importer.vietnamese import fold, is_upper

_LABEL = re.compile(r"^n[o0ơ]i\s*nh\w{1,2}n\b\s*:?\s*", re.IGNORECASE)
_SIGNATURE_PREFIX = re.compile(r"^(tm|kt|tl|q|t/m)\s*[.,]\s", re.IGNORECASE)
_SIGNATURE_WORDS = (
    "chu tich", "uy ban", "nhan dan", "van phong", "giam doc", "truong", "thu truong", "bo truong",
    "thanh pho", "tinh", "chanh",
)
_SIGNATURE_TAIL = re.compile(r"\s+((?:(?:TM|KT|TL|Q)\s*[.,]\s*)?[A-ZĐÀ-Ỹ]{2,}(?:[ ,.]+[A-ZĐÀ-Ỹ]{2,})+)\s*$")
_NAME = re.compile(r"^([A-ZĐÀ-Ỹ][a-zđà-ỹ]*\.?)(\s+[A-ZĐÀ-Ỹ][a-zđà-ỹ]*){1,5}$")


@dataclass(frozen=True, slots=True)
class Signature:
    name: str | None
    """The signer, e.g. ``Nguyễn Thị Bích Ngọc`` (None when not printed)."""
    title: str | None
    """The signer's own title line, e.g. ``PHÓ CHỦ TỊCH``."""
    lines: tuple[str, ...]
    """Every signature line above the name (``TM. ỦY BAN NHÂN DÂN`` …)."""


@dataclass(frozen=True, slots=True)
class Closing:
    recipients: tuple[str, ...]
    signature: Signature
    start: int
    """Index into the lines where the block starts (== end when there is none)."""
    end: int
    """Index of the first line after the block."""


def find_closing_start(lines: tuple[Line, ...], body_start: int) -> int:
    """Index of the first closing line after ``body_start`` (or len(lines))."""
    for index in range(body_start, len(lines)):
        line = lines[index]
        if line.is_table_row:
            continue
        texts = line.cells if line.is_layout_row else (line.text,)
        if any(_LABEL.match(fold(text)) or _SIGNATURE_PREFIX.match(text) for text in texts if text):
            return index
    return len(lines)


def parse_closing(lines: tuple[Line, ...], start: int) -> Closing:
    """Read the closing block that begins at ``start``."""
    # Layout rows (recipients | signature) are read column by column; each
    # line remembers the index of the row it came from, for ``end``.
    block: list[tuple[int, Line]] = []
    index = start
    while index < len(lines) and not lines[index].is_table_row:
        if lines[index].is_layout_row:
            run = index
            while run < len(lines) and lines[run].is_layout_row:
                run += 1
            block += [(run - 1, line) for line in read_columns(list(lines[index:run]))]
            index = run
        else:
            block.append((index, lines[index]))
            index += 1
    recipients: list[str] = []
    signature: list[str] = []
    name: str | None = None
    in_recipients = False
    end = start
    for position, line in block:
        text = line.text
        if line.is_blank:
            end = position + 1
            continue
        if name is not None:
            break
        if label := _LABEL.match(fold(text)):
            in_recipients = True
            text = text[label.end():].strip()
            if text:
                signature.append(text)  # "Nơi nhận: TL. CHỦ TỊCH"
        elif not any(ch.isalpha() for ch in text) and len(text) <= 8:
            pass  # a stray page number such as "140."
        elif text.startswith(("-", "+", "•")) and in_recipients:
            item, tail = _split_tail(text.lstrip("-+• ").strip())
            if item:
                recipients.append(item)
            if tail:
                signature.append(tail)
        elif _SIGNATURE_PREFIX.match(text) or (is_upper(text) and _has_signature_word(text)):
            signature.append(text)
            in_recipients = False
        elif signature and _NAME.match(text) and not is_upper(text):
            name = text
        elif in_recipients and recipients and not is_upper(text):
            item, tail = _split_tail(text)
            recipients[-1] = f"{recipients[-1]} {item}".strip()
            if tail:
                signature.append(tail)
        elif is_upper(text) and signature and not recipients and _has_signature_word(text):
            signature.append(text)
        else:
            break
        end = position + 1
    cleaned = tuple(_clean_recipient(r) for r in recipients if _clean_recipient(r))
    sig_lines = tuple(re.sub(r"\s+", " ", s).strip() for s in signature)
    return Closing(
        recipients=cleaned,
        signature=Signature(name=name, title=sig_lines[-1] if sig_lines else None, lines=sig_lines),
        start=start,
        end=max(end, start),
    )


def _has_signature_word(text: str) -> bool:
    folded = fold(text)
    return any(re.search(rf"\b{word}\b", folded) for word in _SIGNATURE_WORDS)


def _split_tail(text: str) -> tuple[str, str | None]:
    """("B/c Chủ tịch UBND TP; KT. CHÁNH VĂN PHÒNG") -> (recipient, signature part)."""
    match = _SIGNATURE_TAIL.search(text)
    if match and _has_signature_word(match[1]) and not match[1].rstrip().endswith(";"):
        return text[: match.start()].strip(), match[1].strip()
    return text, None


def _clean_recipient(text: str) -> str:
    text = re.sub(r"[_^]\{([^}]*)\}", r" \1", text)  # "KGVX_{Thủy}" -> "KGVX Thủy"
    text = re.sub(r"\s+", " ", text).strip()
    return text.rstrip(" ;,.").strip()
