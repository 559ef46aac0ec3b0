"""Split a Markdown page into the sentences a model translates.

Built on markdown-it-py (CommonMark + tables + strikethrough) with the
mdit_py_plugins ``front_matter``, ``deflist``, ``footnote`` and
``attrs_block`` plugins.  The page is never re-rendered: each translatable
sentence is an exact character range of the source, and
:func:`rebuild` replaces only those ranges, so everything else in the file
stays byte-identical.

Rules
=====

Translated (one :class:`Unit` per run of text):

* heading text (ATX and setext), paragraph text (also inside list items,
  block quotes, definition lists and footnote definitions), table cells,
  definition-list terms; link text and image alt text inside them;
* admonition titles and bodies: ``!!! note "Title"``, ``??? tip``,
  ``???+ warning`` and content tabs ``=== "Tab"`` (pymdown syntax markdown-it
  does not parse).  The marker line is kept, the quoted title is a unit, the
  body (indented four more columns) is dedented and segmented recursively;
* the front matter fields readers see (:data:`portal.pages.FIELDS`: title,
  description, kind, issuer, place, signer title, and every task's text,
  timeline and agencies), one unit per field with its key; the translated
  page's front matter is written from their translations.

Left out: a source page's unpublished internal annex (between
``<!-- portal:internal -->`` and ``<!-- /portal:internal -->``): it is
neither translated nor copied into the translation.

Kept untouched: fenced and indented code,
HTML blocks, link reference definitions, abbreviation definitions
(``*[TW]: ...``), attribute-list lines, admonition markers, and inside a
sentence everything :data:`PROTECTED_RE` matches (below).

Placeholders
============

Inside a sentence these are *protected*: code spans, inline HTML tags and
comments, autolinks and bare URLs, e-mail addresses, link destinations
``](url "title")`` and ``][ref]``, footnote references ``[^1]``, attribute
lists ``{ #id .class }``, backslash escapes, entities, task boxes, emphasis
delimiters (``**``, ``*``, ``__``, ``_``, ``~~``, ``==``), the brackets of
links and images, document codes (``117/KH-UBND``, ``72/2015/NĐ-CP``,
``14-CT/TU``) and numbers with their separators (dates ``07/9/2015``,
``1,5``, ``2015-2017``, ``1.000.000``).  Glossary terms found by
``Glossary.find`` are protected the same way at translation time (a term
swallows the atoms inside it and is restored as its approved target).

Each protected piece becomes ``⟨k⟩`` (U+27E8, index, U+27E9; ``k`` counts from
0 in each sentence) in the text given to the model; after translation each
``⟨k⟩`` is replaced by its text.  Verification (:func:`restore`):

* *atoms* (everything but emphasis/link brackets/HTML tags) and glossary
  terms: a missing placeholder is re-appended at the end of the sentence, a
  duplicate is dropped; both are recorded;
* *markup* (emphasis delimiters, link/image brackets and destinations, HTML
  tags): must come back once each and in source order, otherwise the sentence
  keeps its source text and that is recorded.

A sentence whose restored text equals its source keeps its source bytes (so
an identity model reproduces every page byte for byte).  Otherwise text that
came from the model is escaped for Markdown (``\\ ` * [ ] < >``, plus ``|``
in table cells and ``"`` -> ``'`` in admonition titles), and a paragraph
that would start with ``#``, ``>``, ``-``, ``+``, ``=`` or ``1.`` gets a
backslash, so the model cannot change the page's structure.

Sentences
=========

Vietnamese sentence boundaries: ``.``, ``!``, ``?``, ``…`` (optionally followed
by closing quotes/brackets) then whitespace then an upper-case letter, digit,
opening quote or bracket.  No split: inside a protected piece or inside open
markup (``**Điều 1.** Nội dung`` stays one sentence); after an abbreviation
(``TP.``, ``Tp.``, ``TS.``, ``ThS.``, ``PGS.``, ``GS.``, ``TW.``, ``UBND.``,
``St.``, ``Q.``, ``P.``, single capitals as initials ...); after a section
number alone (``1.``, ``1.2.``, ``II.``, ``a.``, ``Điều 3.``, ``Khoản 2.``,
``Mục 1.``, ``Chương II.``).  ``v.v.`` ends a sentence when an upper-case word
follows.  Dates (``07/9/2015``) and numbers (``1,5 tỷ``) contain no boundary.
Hard line breaks (two trailing spaces or a backslash) always end a sentence;
soft line breaks inside a sentence become one space.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.attrs import attrs_block_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from portal.errors import PortalError
from portal.frontmatter import split_front_matter
from portal.pages import INTERNAL_REGION, annexes_published, page_fields


class SegmentError(PortalError):
    """A page cannot be segmented (malformed front matter...)."""


PLACEHOLDER = "⟨{}⟩"
PLACEHOLDER_RE = re.compile(r"⟨\s*(\d+)\s*⟩")

# Kinds of protected piece.
ATOM, MARKUP, TERM = "atom", "markup", "term"

_CODE_RE = r"(?P<code>(?P<ticks>`+)(?:(?!(?P=ticks)).)+?(?P=ticks))"
_PROTECTED_PARTS = [
    ("atom", _CODE_RE),
    ("atom", r"<!--.*?-->"),
    ("atom", r"<(?:https?|ftp|mailto):[^<>\s]+>|<[^@<>\s]+@[^@<>\s]+>"),
    ("markup", r"</?[A-Za-z][A-Za-z0-9-]*(?:\s+[^<>]*?)?/?>"),
    ("atom", r"\[\^[^\]\s]+\]"),
    ("markup", r"\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"),
    ("markup", r"\]\[[^\]]*\]"),
    ("markup", r"!?\[(?![ xX]\]\s)|\]"),
    ("atom", r"(?<![^\s])\[[ xX]\](?=\s)"),
    ("atom", r"\{:?[ \t]*(?:[#.][\w-]+|[\w-]+=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s{}]*))"
             r"(?:[ \t]+(?:[#.][\w-]+|[\w-]+=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s{}]*)))*[ \t]*\}|\{:[^{}\n]*\}"),
    ("atom", r"https?://[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"]|www\.[\w-]+\.[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"]"),
    ("atom", r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    ("atom", r"\\[!-/:-@\[-`{-~]"),
    ("atom", r"&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);"),
    ("markup", r"\*\*|\*|~~|==|(?<!\w)__|__(?!\w)|(?<!\w)_|_(?!\w)"),
    ("atom", r"(?<![0-9A-Za-z_/])\d+(?:[/-]\d+)*(?:\s?[/-][A-ZĐ][A-Za-zĐđ0-9]*)+(?:[/-][A-Za-zĐđ0-9]+)*"),
    ("atom", r"(?<![0-9A-Za-z_])\d+(?:[.,/:-]\d+)*%?"),
]
PROTECTED_RE = re.compile("|".join(f"(?P<k{i}>{p})" for i, (_, p) in enumerate(_PROTECTED_PARTS)), re.S)
_PROTECTED_KINDS = {f"k{i}": kind for i, (kind, _) in enumerate(_PROTECTED_PARTS)}

ABBREVIATIONS = frozenset(
    """TP Tp tp TS ThS Th.S PGS GS BS KS CN PV TW Q P H St Mr Mrs Ms Dr Ths
    Ông Bà ông bà tr Tr vol No no Nxb NXB Ths ths""".split()
)
_SECTION_NUMBER_RE = re.compile(
    r"^(?:(?:Điều|Khoản|Mục|Chương|Phần|Điểm|Bước|Phụ lục)\s+)?(?:\d+|[IVXLCDM]+|[a-zđ])(?:\.\d+)*\.$",
    re.I,
)
_BOUNDARY_RE = re.compile(r"[.!?…]+[\"'”’)\]»]*(?=\s)")
_NEXT_START_RE = re.compile(r"[ \t]*[\"'“‘(\[«*_]*(\S)")


@dataclass(frozen=True, slots=True)
class Protected:
    """A piece of a sentence the model must not see."""

    start: int
    """Offset in :attr:`Sentence.plain`."""
    end: int
    text: str
    """What is put back: the source text, or a glossary term's target."""
    kind: str
    """``atom``, ``markup`` or ``term``."""
    term_id: str | None = None


@dataclass(slots=True)
class Sentence:
    """One sentence of a unit, the thing the model translates."""

    path: Path | None
    line: int
    """1-based source line of its first character."""
    start: int
    """Offset in the page (or, for front matter values, in the value)."""
    end: int
    plain: str
    """Source text with soft line breaks collapsed to one space."""
    protected: list[Protected]


@dataclass(slots=True)
class Unit:
    """A run of translatable text: a heading, paragraph, cell, title..."""

    path: Path | None
    line: int
    kind: str
    """``heading``, ``paragraph``, ``table-cell``, ``term``, ``admonition-title`` or ``field``."""
    start: int
    """Page offsets of the text (0 for a field)."""
    end: int
    sentences: list[Sentence] = field(default_factory=list)
    value: str | None = None
    """A field's value, which its sentences' offsets refer to."""
    key: str = ""
    """A field's key (``title``, ``tasks.3.lead``)."""


@dataclass(slots=True)
class SegmentedPage:
    path: Path | None
    text: str
    front_matter: dict
    front_matter_end: int
    """Offset just after the closing ``---`` line (0 if none)."""
    units: list[Unit]

    @property
    def sentences(self) -> list[Sentence]:
        return [s for u in self.units for s in u.sentences]


# ------------------------------------------------------------------ fields ---


def _field_units(meta: dict, path: Path | None) -> list[Unit]:
    """One unit per translatable front matter field (sentence offsets are in its value)."""
    units = []
    for item in page_fields(meta):
        unit = Unit(path, 1, "field", 0, 0, value=item.value, key=item.key)
        unit.sentences = _split_unit_text(item.value, 0, len(item.value), [], path, lambda _offset: 1)
        units.append(unit)
    return units


# ---------------------------------------------------------------- splitting ---


def _find_protected(raw: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    found = []
    for match in PROTECTED_RE.finditer(raw, start, len(raw) if end is None else end):
        if match.end() > match.start():
            found.append((match.start(), match.end(), _PROTECTED_KINDS[match.lastgroup]))
    return found


def _markup_depth_changes(raw: str, spans: list[tuple[int, int, str]]) -> dict[int, int]:
    """Markup open/close effect at each span start, to forbid splits inside."""
    effect, toggles = {}, set()
    for start, end, kind in spans:
        if kind != MARKUP:
            continue
        piece = raw[start:end]
        if piece.startswith("<"):
            if piece.startswith("</"):
                effect[start] = -1
            elif not piece.endswith("/>") and not re.match(r"<(br|img|hr|input|wbr)\b", piece, re.I):
                effect[start] = 1
        elif piece.endswith("[") or piece == "![":
            effect[start] = 1
        elif piece.startswith("]"):
            effect[start] = -1
        else:
            if piece in toggles:
                toggles.discard(piece)
                effect[start] = -1
            else:
                toggles.add(piece)
                effect[start] = 1
    return effect


def _is_boundary(raw: str, seg_start: int, dot_start: int, dot_end: int, gap_set: dict) -> bool:
    after = dot_end
    while after < len(raw) and raw[after] in " \t":
        after += 1
    after = gap_set.get(after, after)
    following = _NEXT_START_RE.match(raw, after)
    if not following or not (following.group(1).isupper() or following.group(1).isdigit()):
        return False
    # The rules are written in composed Unicode; text pasted from some editors is decomposed.
    head = unicodedata.normalize("NFC", raw[seg_start:dot_end].strip())
    head = re.sub(r"^[*_]+", "", head)
    if _SECTION_NUMBER_RE.match(head):
        return False
    if raw[dot_start] == ".":
        word = re.search(r"([\w.]+)\.$", raw[seg_start:dot_start + 1])
        if word:
            w = unicodedata.normalize("NFC", word.group(1))
            if w in ABBREVIATIONS or re.fullmatch(r"[A-ZĐ]", w) or re.fullmatch(r"(?:[A-ZĐ]\.)+[A-ZĐ]", w):
                return False
    return True


def _split_unit_text(
    raw: str, start: int, end: int, gaps: list[tuple[int, int]], path: Path | None, line_of
) -> list[Sentence]:
    """Split ``raw[start:end]`` into sentences.

    ``gaps`` are (start, end) of line breaks (newline plus container prefix)
    inside the range.  ``line_of`` maps an offset to its 1-based line.
    """
    spans = _find_protected(raw, start, end)
    gap_set = {g[0]: g[1] for g in gaps}
    pieces, begin = [], start
    for cut_end, next_start in _sentence_cuts(raw, start, end, gaps, spans):
        pieces.append((begin, cut_end))
        begin = next_start
    pieces.append((begin, end))
    sentences = []
    gap_list = sorted(gaps)
    for a, b in pieces:
        a, b = _trimmed(raw, a, b, spans, gap_set)
        if a >= b:
            continue
        sentence = _make_sentence(raw, a, b, spans, gap_list, path, line_of(a))
        if sentence is not None:
            sentences.append(sentence)
    return sentences


def _sentence_cuts(raw: str, start: int, end: int, gaps, spans) -> list[tuple[int, int]]:
    """(end of a sentence, start of the next) for every boundary and hard line break in the range.

    Protected pieces are jumped over whole; no boundary is found inside open
    markup (``**Điều 1.** Nội dung`` stays one sentence).
    """
    depth_change = _markup_depth_changes(raw, spans)
    covered = {s: e for s, e, _ in spans}
    gap_set = {g[0]: g[1] for g in gaps}
    hard_breaks = {(g_start, g_end) for g_start, g_end in gaps
                   if raw[start:g_start].endswith("  ") or raw[start:g_start].endswith("\\")}
    cuts: list[tuple[int, int]] = []
    depth = 0
    seg_start = position = start
    while position < end:
        if position in covered:
            depth = max(0, depth + depth_change.get(position, 0))
            position = covered[position]
            continue
        if position in gap_set:
            g_end = gap_set[position]
            if (position, g_end) in hard_breaks:
                marker_start = position
                while marker_start > seg_start and raw[marker_start - 1] in " \\":
                    marker_start -= 1
                    if raw[marker_start] == "\\":
                        break
                cuts.append((marker_start, g_end))
                seg_start = g_end
            position = g_end
            continue
        if depth == 0:
            match = _BOUNDARY_RE.match(raw, position, end)
            if match and match.end() < end and _is_boundary(raw, seg_start, position, match.end(), gap_set):
                cuts.append((match.end(), match.end()))
                seg_start = position = match.end()
                continue
        position += 1
    return cuts


def _trimmed(raw: str, a: int, b: int, spans, gap_set: dict) -> tuple[int, int]:
    """A piece without surrounding white space, line breaks and attribute lists at either end."""
    while a < b and raw[a] in " \t\n" or (a in gap_set and a < b):
        a = gap_set.get(a, a + 1)
    while b > a and raw[b - 1] in " \t\n":
        b -= 1
    for s_start, s_end, _ in spans:
        if s_start == a and raw[s_start] == "{":
            a = s_end
            while a < b and (raw[a] in " \t" or a in gap_set):
                a = gap_set.get(a, a + 1)
    for s_start, s_end, _ in reversed(spans):
        if s_end == b and raw[s_start] == "{":
            b = s_start
            while b > a and raw[b - 1] in " \t\n":
                b -= 1
    return a, b


def _make_sentence(raw, a, b, spans, gaps, path, line) -> Sentence | None:
    plain_parts: list[str] = []
    protected: list[Protected] = []
    length = 0
    position = a
    inner_gaps = [(s, e) for s, e in gaps if a <= s < b]
    inner_spans = [(s, e, k) for s, e, k in spans if a <= s and e <= b]
    events = sorted([(s, e, "gap") for s, e in inner_gaps] + list(inner_spans))
    for s, e, kind in events:
        if s < position:
            continue
        plain_parts.append(raw[position:s])
        length += s - position
        if kind == "gap":
            if not (plain_parts and plain_parts[-1].endswith(" ")):
                plain_parts.append(" ")
                length += 1
        else:
            text = re.sub(r"\n[ \t>]*", " ", raw[s:e]) if "\n" in raw[s:e] else raw[s:e]
            protected.append(Protected(length, length + len(text), text, kind))
            plain_parts.append(text)
            length += len(text)
        position = e
    plain_parts.append(raw[position:b])
    plain = "".join(plain_parts)
    # Translate only if some letter lies outside the protected pieces.
    mask = list(plain)
    for p in protected:
        mask[p.start:p.end] = [" "] * (p.end - p.start)
    if not any(ch.isalpha() for ch in mask):
        return None
    return Sentence(path, line, a, b, plain, protected)


# -------------------------------------------------------------- admonitions ---

_ADMONITION_RE = re.compile(
    r'^(?P<indent>[ ]*)(?P<marker>!!!|\?\?\?\+?|===\+?)(?:[ \t]+(?P<types>[\w-]+(?:[ \t]+[\w-]+)*))?'
    r'(?:[ \t]+"(?P<title>[^"\n]*)")?[ \t]*$'
)
_FENCE_RE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end-without-newline) of every line."""
    out, position = [], 0
    for line in text.split("\n"):
        out.append((position, position + len(line)))
        position += len(line) + 1
    return out


def _find_admonitions(text: str) -> list[tuple[int, int, re.Match]]:
    """(first line, end line exclusive, match) of top-level admonitions."""
    lines = text.split("\n")
    found = []
    fence = None
    index = 0
    while index < len(lines):
        line = lines[index]
        fence_match = _FENCE_RE.match(line)
        if fence is not None:
            if fence_match and fence_match.group(1)[0] == fence[0] and len(fence_match.group(1)) >= len(fence):
                fence = None
            index += 1
            continue
        if fence_match:
            fence = fence_match.group(1)
            index += 1
            continue
        match = _ADMONITION_RE.match(line)
        if match and (match.group("types") or match.group("title") is not None):
            body_indent = len(match.group("indent")) + 4
            last = index
            probe = index + 1
            while probe < len(lines):
                candidate = lines[probe]
                if candidate.strip() == "":
                    probe += 1
                    continue
                if _indent_width(candidate) >= body_indent:
                    last = probe
                    probe += 1
                    continue
                break
            found.append((index, last + 1, match))
            index = last + 1
            continue
        index += 1
    return found


def _indent_width(line: str) -> int:
    """Columns of leading white space, a tab reaching the next multiple of 4 (as Markdown counts)."""
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _indent_chars(line: str, columns: int) -> int:
    """How many leading characters make up (at most) ``columns`` of indentation."""
    width = count = 0
    for char in line:
        if width >= columns or char not in " \t":
            break
        width += 1 if char == " " else 4 - width % 4
        count += 1
    return count


# -------------------------------------------------------------------- blocks ---


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return md.use(front_matter_plugin).use(deflist_plugin).use(footnote_plugin).use(attrs_block_plugin)


_MD = None


def _inline_pieces(token, prev_type: str, text: str, lines: list[tuple[int, int]], cursor: dict):
    """Source (start, end) of each content line of an inline token, or None."""
    content_lines = token.content.split("\n")
    l0 = token.map[0]
    pieces = []
    for k, content in enumerate(content_lines):
        if l0 + k >= len(lines):
            return None
        line_start, line_end = lines[l0 + k]
        line = text[line_start:line_end]
        if content == "":
            pieces.append((line_end, line_end))
            continue
        if prev_type in ("th_open", "td_open"):
            from_col = cursor.get(l0 + k, 0)
            column = line.find(content, from_col)
            if column < 0:
                return None
            cursor[l0 + k] = column + len(content)
        else:
            stripped = line.rstrip(" \t")
            if line.endswith(content):
                column = len(line) - len(content)
            elif stripped.endswith(content):
                column = len(stripped) - len(content)
            else:
                column = line.rfind(content)
                if column < 0:
                    return None
        lead = len(content) - len(content.lstrip(" \t"))
        pieces.append((line_start + column + lead, line_start + column + len(content)))
    return pieces


_HEADING_ATTR_RE = re.compile(r"\s*\{[:#. ][^{}]*\}\s*$")


def _segment_markdown(text: str, path: Path | None, line_offset: int) -> list[Unit]:
    """Units of a Markdown document (no front matter handling)."""
    lines = _lines(text)

    def line_of(offset: int) -> int:
        return text.count("\n", 0, offset) + 1 + line_offset

    admonitions = _find_admonitions(text)
    masked = text
    if admonitions:  # markdown-it does not know them: their lines are segmented on their own
        chars = list(text)
        for first, stop, _ in admonitions:
            for index in range(first, stop):
                s, e = lines[index]
                chars[s:e] = [" "] * (e - s)
        masked = "".join(chars)
    units = _admonition_units(text, lines, admonitions, path, line_of)
    units += _block_units(text, masked, lines, path, line_of)
    units.sort(key=lambda u: u.start)
    return units


def _admonition_units(text, lines, admonitions, path, line_of) -> list[Unit]:
    """The quoted titles of admonitions and tabs, and their bodies segmented as documents."""
    units: list[Unit] = []
    for first, stop, match in admonitions:
        line_start = lines[first][0]
        if match.group("title"):
            t_start = line_start + match.start("title")
            t_end = line_start + match.end("title")
            unit = Unit(path, line_of(t_start), "admonition-title", t_start, t_end)
            unit.sentences = _split_unit_text(text, t_start, t_end, [], path, line_of)
            units.append(unit)
        body_lines = lines[first + 1:stop]
        if body_lines:
            units += _indented_body_units(text, body_lines, len(match.group("indent")) + 4, path, line_of)
    return units


def _indented_body_units(text, body_lines, body_indent: int, path, line_of) -> list[Unit]:
    """An admonition's body, dedented, segmented, and its offsets mapped back to the page."""
    sub_parts, deltas = [], []
    sub_position = 0
    for s, e in body_lines:
        raw_line = text[s:e]
        cut = _indent_chars(raw_line, body_indent)
        deltas.append((sub_position, s + cut - sub_position))
        sub_parts.append(raw_line[cut:])
        sub_position += len(raw_line) - cut + 1

    def to_page(offset: int) -> int:
        delta = deltas[0][1]
        for start, d in deltas:
            if start > offset:
                break
            delta = d
        return offset + delta

    units = _segment_markdown("\n".join(sub_parts), path, 0)
    for unit in units:
        unit.start, unit.end = to_page(unit.start), to_page(unit.end)
        unit.line = line_of(unit.start)
        for sentence in unit.sentences:
            sentence.start, sentence.end = to_page(sentence.start), to_page(sentence.end)
            sentence.line = line_of(sentence.start)
    return units


_UNIT_KINDS = {
    "heading_open": "heading", "paragraph_open": "paragraph", "th_open": "table-cell",
    "td_open": "table-cell", "dt_open": "term",
}


def _block_units(text, masked, lines, path, line_of) -> list[Unit]:
    """Headings, paragraphs, table cells and definition terms, from markdown-it's inline tokens."""
    global _MD
    if _MD is None:
        _MD = _markdown()
    units: list[Unit] = []
    cursor: dict[int, int] = {}
    tokens = _MD.parse(masked)
    for index, token in enumerate(tokens):
        if token.type != "inline" or not token.map:
            continue
        prev_type = tokens[index - 1].type if index else ""
        kind = _UNIT_KINDS.get(prev_type)
        if kind is None or not token.content.strip():
            continue
        if kind == "paragraph" and re.match(r"\*\[[^\]]+\]:", token.content):
            continue  # abbreviation definitions
        pieces = _inline_pieces(token, prev_type, masked, lines, cursor)
        if not pieces:
            continue
        start, end = pieces[0][0], pieces[-1][1]
        if kind == "heading":
            attr = _HEADING_ATTR_RE.search(text, start, end)
            if attr and attr.end() == end:
                end = attr.start()
        gaps = [(pieces[i][1], pieces[i + 1][0]) for i in range(len(pieces) - 1)]
        unit = Unit(path, line_of(start), kind, start, end)
        unit.sentences = _split_unit_text(text, start, end, gaps, path, line_of)
        units.append(unit)
    return units


def segment_page(text: str, path: Path | None = None) -> SegmentedPage:
    """Segment a page whose line endings are ``\\n`` (its unpublished internal annex left out)."""
    front_matter, fm_end = split_front_matter(text, path)
    if not annexes_published(front_matter):
        text = INTERNAL_REGION.sub("", text)
    units = _field_units(front_matter, path)
    body = re.sub(r"[^\n]", " ", text[:fm_end]) + text[fm_end:]
    units += _segment_markdown(body, path, 0)
    return SegmentedPage(path, text, front_matter, fm_end, units)


# ----------------------------------------------------------------- rebuild ---

_LINE_START_ESCAPE_RE = re.compile(r"^(?=[#>+=-]|\d+[.)](?:\s|$))")


def translated_fields(page: SegmentedPage, replacements: dict[int, str]) -> dict[str, str]:
    """Every field's value with its sentences replaced (``replacements`` as for :func:`rebuild`)."""
    values = {}
    for unit in page.units:
        if unit.value is None:
            continue
        parts, position = [], 0
        for sentence in unit.sentences:
            parts.append(unit.value[position:sentence.start])
            parts.append(replacements.get(id(sentence), unit.value[sentence.start:sentence.end]))
            position = sentence.end
        parts.append(unit.value[position:])
        values[unit.key] = "".join(parts)
    return values


def rebuild(page: SegmentedPage, replacements: dict[int, str]) -> str:
    """The page with its body's sentences replaced (fields: :func:`translated_fields`).

    ``replacements`` maps ``id(sentence)`` to its new Markdown; sentences not
    in it keep their source bytes, and so does every byte between sentences.
    """
    edits: list[tuple[int, int, str]] = []
    for unit in page.units:
        if unit.value is not None:  # a field: see translated_fields
            continue
        for sentence in unit.sentences:
            replacement = replacements.get(id(sentence))
            if replacement is None:
                continue
            # A sentence that starts a line (the paragraph's first, or one after
            # a line break) must not turn into a heading, list or quote.
            line_start = page.text.rfind("\n", 0, sentence.start) + 1
            if not page.text[line_start:sentence.start].strip():
                replacement = _LINE_START_ESCAPE_RE.sub("\\\\", replacement, count=1)
            edits.append((sentence.start, sentence.end, replacement))
    edits.sort()
    out, position = [], 0
    for start, end, replacement in edits:
        if start < position:
            continue
        out.append(page.text[position:start])
        out.append(replacement)
        position = end
    out.append(page.text[position:])
    return "".join(out)
