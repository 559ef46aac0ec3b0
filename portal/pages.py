"""Pages: how every stage names, reads and writes a page, and what a translation records.

A **page** is a Markdown file ``docs/<lang>/<rel>``; :class:`PagePath` names
it by (``rel``, ``lang``) and :func:`named_pages` turns command-line paths
into page paths, the one resolver every command uses.

:func:`read_page` is the one way to read a page: UTF-8 (an error names the
line of the first bad byte), a byte-order mark and CRLF line endings
remembered and taken off, the YAML front matter parsed
(:mod:`portal.frontmatter`), a link out of the project refused.
:func:`write_page` writes text back the way the file was (BOM, CRLF),
atomically.

**Fields** are the front matter values readers see (:data:`FIELDS`): a
translated page's front matter holds exactly those, translated, plus its
:class:`TranslationRecord`; the rest of a page's metadata (number, date,
recipients...) is read from the source page.

**Blocks** (:func:`page_blocks`) are what translators align and approve: the
fields, by key (``title``, ``tasks.3.task``), then the body's headings,
paragraphs, list items and table cells in order -- the inline content of
markdown-it-py's blocks.  A source page's internal annex (between
``<!-- portal:internal -->`` and ``<!-- /portal:internal -->``, listed in
``internal_annexes``) is not published and has no blocks unless an editor
published it.

The ``translation:`` mapping of a translated page's front matter::

    translation:
      source: "docs/vi/plans/ke-hoach.md"   # the source page
      source_hash: "sha256:…"               # of the source file's bytes (when translated or approved)
      model: "argos:vi_en@1.9"              # machine drafts: package id@version (pivot: a+b)
      status: "machine"                     # machine < needs-review < stale < reviewed (review.state)
      glossary_version: "3f2a…"             # machine drafts: "" without a glossary
      output_hash: "sha256:…"               # machine drafts: of the page without this mapping
      segments: 42                          # machine drafts: sentences translated
      fallbacks: 0                          # machine drafts: placeholders re-appended / sentences kept
      reviewed_by: "…"                      # approved pages
      reviewed_at: "2026-11-23T12:00:00+00:00"
      origin: "generated"                   # pages the portal writes itself (the glossary page)

A machine page whose text no longer matches ``output_hash`` was edited by a person.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from portal.errors import PortalError
from portal.fileio import content_hash, write_text_atomic
from portal.frontmatter import FRONT_MATTER, split_front_matter
from portal.project import Project
from portal.review.state import ReviewState


class PageError(PortalError):
    """A page cannot be read, named or written."""


# ------------------------------------------------------------------ naming ---


@dataclass(frozen=True, slots=True, order=True)
class PagePath:
    """A page in one language: ``docs/<lang>/<rel>``."""

    rel: str
    """POSIX path under the language folder, e.g. ``plans/x.md``."""
    lang: str

    def file(self, project: Project) -> Path:
        return project.lang_dir(self.lang) / self.rel

    def display(self) -> str:
        return f"docs/{self.lang}/{self.rel}"

    def in_lang(self, lang: str) -> PagePath:
        return PagePath(self.rel, lang)


def named_pages(project: Project, paths: Iterable[Path] = (), default: Iterable[str] | None = None,
                problems: list[str] | None = None) -> list[PagePath]:
    """The Markdown pages named by ``paths`` (files or folders under ``docs/<lang>/``).

    Without paths, every page of the languages ``default`` (all by default).
    A path outside ``docs/<lang>/`` -- also through a symbolic link -- is an
    error; a page inside a named folder that links out is reported in
    ``problems`` when given (the others are still used), else an error.
    """
    docs = project.docs_dir.resolve()
    languages = project.languages
    wanted = list(paths) or [docs / lang for lang in (default or languages.codes)]
    found: list[PagePath] = []
    for raw in wanted:
        path = Path(raw)
        resolved = path.resolve()
        try:
            parts = resolved.relative_to(docs).parts
        except ValueError:
            raise PageError(f"not a page of this portal: pages are under {docs}/<language>/", raw) from None
        if not parts or parts[0] not in languages:
            raise PageError(f"not a page of this portal: expected docs/{{{','.join(languages.codes)}}}/...", raw)
        if not resolved.exists():
            if not paths:
                continue  # a language without pages yet
            raise PageError("no such page or folder", raw)
        lang, lang_dir = parts[0], docs / parts[0]
        if resolved.is_dir():
            files = sorted(p for p in resolved.rglob("*.md") if p.is_file())
        elif resolved.suffix != ".md":
            raise PageError("not a Markdown page (.md)", raw)
        else:
            files = [resolved]
        for file in files:
            real = file.resolve()
            if lang_dir not in real.parents:
                shown = file.relative_to(project.root.resolve()) if file.is_relative_to(project.root.resolve()) else file
                error = PageError(f"links outside docs/{lang}/ (to {real}); refusing it", shown)
                if problems is None or not resolved.is_dir():
                    raise error
                problems.append(str(error))
                continue
            found.append(PagePath(file.relative_to(lang_dir).as_posix(), lang))
    return sorted(dict.fromkeys(found), key=lambda p: (p.rel, p.lang))


def translations_named(project: Project, paths: Iterable[Path] = ()) -> list[PagePath]:
    """The translated pages a command about translations acts on.

    A source page stands for its page in every target language, a target
    page for itself; a translation without a source page is an error when
    named, left out when it is only inside a named folder.  Without paths,
    every source page in every target language.
    """
    languages = project.languages
    source = languages.source.code
    if not project.lang_dir(source).is_dir():
        raise PageError("no source pages: the folder does not exist", project.lang_dir(source))
    named = list(paths)
    result = []
    for page in named_pages(project, named, default=[source]):
        if page.lang == source:
            result += [page.in_lang(lang) for lang in languages.target_codes]
        elif page.in_lang(source).file(project).is_file():
            result.append(page)
        elif any(Path(p).resolve() == page.file(project).resolve() for p in named):
            raise PageError("no source page for this translation", page.display())
    return list(dict.fromkeys(result))


# ----------------------------------------------------------------- reading ---


@dataclass(slots=True)
class PageFile:
    """A page as read from disk."""

    path: Path
    text: str
    """The text with ``\\n`` line endings and no byte-order mark."""
    meta: dict
    """The front matter (empty when there is none)."""
    body_start: int
    """Offset in :attr:`text` where the body starts."""
    bom: bool = False
    crlf: bool = False
    sha256: str = ""
    """``content_hash`` of the file's bytes as they are on disk."""

    @property
    def body(self) -> str:
        return self.text[self.body_start:]

    @property
    def record(self) -> TranslationRecord | None:
        return TranslationRecord.from_meta(self.meta, self.path)

    def on_disk(self, text: str) -> str:
        """``text`` with this file's byte-order mark and line endings."""
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return ("\ufeff" if self.bom else "") + text


def decode_page(data: bytes, path: Path | str) -> PageFile:
    """A page from its bytes (see :func:`read_page`)."""
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PageError(f"not UTF-8 text (bad byte at offset {error.start}); save the page as UTF-8",
                        path, line) from None
    bom = raw.startswith("\ufeff")
    text = raw.removeprefix("\ufeff")
    crlf = "\r\n" in text
    if crlf:
        text = text.replace("\r\n", "\n")
    meta, body_start = split_front_matter(text, Path(path))
    return PageFile(Path(path), text, meta, body_start, bom, crlf, content_hash(data))


def read_page(path: Path) -> PageFile:
    """Read a page; errors name the file and line."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise PageError(f"cannot read: {error.strerror}", path) from None
    return decode_page(data, path)


def write_page(path: Path, text: str, like: PageFile | None = None) -> bool:
    """Write ``text`` (``\\n`` endings) atomically, keeping ``like``'s BOM and line endings.

    Returns False, writing nothing, when the file already holds exactly that.
    """
    data = (like.on_disk(text) if like is not None else text).encode("utf-8")
    if Path(path).is_file() and Path(path).read_bytes() == data:
        return False
    write_text_atomic(Path(path), data.decode("utf-8"))
    return True


# ------------------------------------------------------------------ record ---


@dataclass(slots=True)
class TranslationRecord:
    """The ``translation:`` mapping of a translated page (see the module docstring)."""

    source: str = ""
    source_hash: str = ""
    model: str = ""
    status: ReviewState | None = None
    """None: no status written (a hand-written page's record before approval)."""
    glossary_version: str = ""
    output_hash: str = ""
    segments: int | None = None
    fallbacks: int | None = None
    reviewed_by: str = ""
    reviewed_at: str = ""
    origin: str = ""
    extra: dict = field(default_factory=dict)
    """Keys this version does not know, kept as they were."""

    RECORDED = (ReviewState.MACHINE, ReviewState.NEEDS_REVIEW, ReviewState.STALE, ReviewState.REVIEWED)

    @classmethod
    def from_meta(cls, meta: dict, path: Path | str | None = None) -> TranslationRecord | None:
        """The record in a page's front matter, or None when it has none."""
        data = meta.get("translation")
        if data is None:
            return None
        if not isinstance(data, dict):
            raise PageError("front matter `translation:` must be a mapping", path, 1)
        known = {f.name for f in fields(cls)} - {"extra", "status"}
        record = cls(**{k: data[k] for k in known if k in data and data[k] is not None},
                     extra={k: v for k, v in data.items() if k not in known | {"status"}})
        if data.get("status") is not None:
            try:
                record.status = ReviewState(str(data["status"]))
            except ValueError:
                names = ", ".join(s.value for s in cls.RECORDED)
                raise PageError(f"unknown translation status {data['status']!r}; expected {names}", path, 1) from None
            if record.status not in cls.RECORDED:
                raise PageError(f"translation status {record.status} cannot be recorded in a page", path, 1)
        return record

    @property
    def generated(self) -> bool:
        """A page the portal writes itself (the glossary page): never translated or checked."""
        return self.origin == "generated"

    def as_mapping(self) -> dict:
        """The record as front matter data, in a fixed key order, without empty keys."""
        data: dict = {}
        for item in fields(self):
            if item.name == "extra":
                continue
            value = getattr(self, item.name)
            if value is None or value == "":
                continue
            data[item.name] = value.value if isinstance(value, ReviewState) else value
        data.update(self.extra)
        return data


_RECORD_BLOCK = re.compile(r"^translation:[ \t]*\n(?:[ \t]+.*\n|[ \t]*\n(?=[ \t]))*", re.M)


def without_record(text: str) -> str:
    """``text`` without its ``translation:`` mapping (``output_hash`` is of this)."""
    match = FRONT_MATTER.match(text)
    if not match:
        return text
    head = _RECORD_BLOCK.sub("", text[: match.end()], count=1)
    if re.fullmatch(r"---[ \t]*\n---[ \t]*\n?", head):
        return text[match.end():]  # the record was all the front matter
    return head + text[match.end():]


def with_record(text: str, record: TranslationRecord, path: Path | str | None = None) -> str:
    """``text`` (``\\n`` endings) with ``record`` as its ``translation:`` mapping, replacing any.

    The mapping is written last in the front matter, one ``key: JSON value``
    a line; every other line of the page stays byte for byte, which is
    checked: a page whose front matter cannot be rewritten so (a flow-style
    ``translation: {...}``) is refused rather than damaged.
    """
    data = record.as_mapping()
    rendered = "translation:\n" + "".join(
        f"  {key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in data.items())
    match = FRONT_MATTER.match(text)
    if not match:
        new = f"---\n{rendered}---\n{text}"
    else:
        head = _RECORD_BLOCK.sub("", text[: match.end()], count=1)
        closing = head.rstrip("\n").rfind("\n") + 1
        new = head[:closing] + rendered + head[closing:] + text[match.end():]
    meta, body_start = split_front_matter(new, Path(path) if path else None)
    _, old_start = split_front_matter(text, Path(path) if path else None)
    if meta.get("translation") != data or new[body_start:] != text[old_start:]:
        raise PageError("cannot rewrite this page's front matter safely (is `translation:` in flow style?)", path, 1)
    return new


def output_hash(text: str) -> str:
    """What a machine page records of its own text: the hash of it without its record."""
    return content_hash(without_record(text))


# ------------------------------------------------------------------ fields ---

FIELDS = ("title", "description", "kind", "issuer", "place", "signer.title")
"""Front matter values readers see, translated like body text (dotted: nested keys)."""
LIST_FIELDS = {"tasks": ("task", "timeline", "lead", "coordinating", "group")}
"""Lists of records readers see: every item's listed keys are translated."""


@dataclass(frozen=True, slots=True)
class Field:
    """One translatable front matter value."""

    key: str
    """``title``, ``signer.title``, ``tasks.3.task`` (list items numbered from 1)."""
    value: str


def _get(meta: dict, dotted: str):
    value = meta
    for part in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def page_fields(meta: dict) -> list[Field]:
    """The translatable fields of a page's front matter that have text, in :data:`FIELDS` order."""
    found = [Field(key, value) for key in FIELDS if isinstance(value := _get(meta, key), str) and value.strip()]
    for name, keys in LIST_FIELDS.items():
        items = meta.get(name)
        if not isinstance(items, list):
            continue
        for number, item in enumerate(items, 1):
            for key in keys:
                value = item.get(key) if isinstance(item, dict) else None
                if isinstance(value, str) and value.strip():
                    found.append(Field(f"{name}.{number}.{key}", value))
    return found


def fields_front_matter(values: dict[str, str], source_meta: dict) -> dict:
    """Front matter holding translated ``values`` (by field key) in the source's shape.

    Lists keep the source's length: an item's key without a translation is
    written empty, so the reader's page falls back to the source for it.
    """
    data: dict = {}
    for key in FIELDS:
        if key in values:
            head, _, tail = key.partition(".")
            if tail:
                data.setdefault(head, {})[tail] = values[key]
            else:
                data[key] = values[key]
    for name, keys in LIST_FIELDS.items():
        items = source_meta.get(name)
        if isinstance(items, list) and items:
            data[name] = [{key: values.get(f"{name}.{n}.{key}", "") for key in keys} for n in range(1, len(items) + 1)]
    return data


def field_value(meta: dict, key: str) -> str | None:
    """The value of field ``key`` (as :class:`Field` names it) in ``meta``, or None."""
    name, _, rest = key.partition(".")
    if name in LIST_FIELDS and rest:
        number, _, item_key = rest.partition(".")
        items = meta.get(name)
        if isinstance(items, list) and number.isdigit() and 1 <= int(number) <= len(items):
            item = items[int(number) - 1]
            value = item.get(item_key) if isinstance(item, dict) else None
            return value if isinstance(value, str) else None
        return None
    value = _get(meta, key)
    return value if isinstance(value, str) else None


# ------------------------------------------------------------------ blocks ---

INTERNAL_REGION = re.compile(r"^<!-- portal:internal -->\n.*?^<!-- /portal:internal -->\n?", re.S | re.M)
"""An annex for the administration only (listed in ``internal_annexes``)."""
TASKS_MARKER = "<!-- portal:tasks -->"
"""Where a plan's task appendix goes: rendered from its ``tasks`` field in the reader's language."""


def annexes_published(meta: dict) -> bool:
    """Whether an editor published the page's internal annexes (``published: true`` on every one)."""
    annexes = meta.get("internal_annexes") or []
    return bool(annexes) and all(isinstance(a, dict) and a.get("published") is True for a in annexes)


def published_text(text: str, meta: dict) -> str:
    """``text`` with unpublished internal annexes blanked out (lines kept, so line numbers hold)."""
    if annexes_published(meta):
        return text
    return INTERNAL_REGION.sub(lambda m: "\n" * m.group().count("\n"), text)


@dataclass(frozen=True, slots=True)
class Block:
    """A unit translators align and approve."""

    text: str
    line: int
    """1-based line where it starts (a field's: 1)."""
    key: str = ""
    """A field's key; ``""`` for body blocks, which align by position."""


_MD = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)


def body_blocks(text: str, meta: dict | None = None) -> list[Block]:
    """The body's headings, paragraphs, list items and table cells, in order."""
    published = published_text(text, meta or {})
    return [Block(token.content, token.map[0] + 1) for token in _MD.parse(published)
            if token.type == "inline" and token.map]


def field_lines(text: str) -> dict[str, int]:
    """The 1-based line of each field's value in a page's front matter (by field key)."""
    match = FRONT_MATTER.match(text)
    if not match or not match.group(1):
        return {}
    try:
        root = yaml.compose(match.group(1), Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    lines: dict[str, int] = {}

    def walk(node, prefix: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    name = f"{prefix}{key.value}"
                    lines[name] = value.start_mark.line + 2  # +1: 1-based, +1: the opening ---
                    walk(value, name + ".")
        elif isinstance(node, yaml.SequenceNode):
            for number, item in enumerate(node.value, 1):
                walk(item, f"{prefix}{number}.")

    walk(root, "")
    return lines


def parse_body_blocks(text: str, path: Path | str | None = None) -> list[Block]:
    """The body blocks of a page's text (``\n`` endings)."""
    meta, _ = split_front_matter(text, Path(path) if path else None)
    return body_blocks(text, meta)


def page_blocks(page: PageFile) -> list[Block]:
    """The blocks of a page: its fields, by key, then its body blocks."""
    fields_found = page_fields(page.meta)
    lines = field_lines(page.text) if fields_found else {}
    return ([Block(f.value, lines.get(f.key, 1), f.key) for f in fields_found]
            + body_blocks(page.text, page.meta))


def body_start_line(page: PageFile) -> int:
    return page.text.count("\n", 0, page.body_start) + 1


def split_blocks(blocks: Iterable[Block]) -> tuple[dict[str, Block], list[Block]]:
    """(fields by key, body blocks in order)."""
    keyed: dict[str, Block] = {}
    body: list[Block] = []
    for block in blocks:
        if block.key:
            keyed[block.key] = block
        else:
            body.append(block)
    return keyed, body



# ------------------------------------------------------------------- state ---


def recorded_state(page: PageFile, source_sha256: str) -> ReviewState:
    """A translated page's state from its own file: what its record says, checked.

    No record: written by hand, never approved (needs-review).  A machine
    draft whose text no longer matches its ``output_hash`` was edited
    (needs-review).  An approved page whose source changed since is stale.
    (:mod:`portal.review.pages` adds what the approval records and the
    glossary say.)
    """
    record = page.record
    if record is None:
        return ReviewState.NEEDS_REVIEW
    if record.generated:
        return ReviewState.REVIEWED  # written from the glossary: current by construction
    status = record.status or ReviewState.MACHINE
    if status in (ReviewState.REVIEWED, ReviewState.STALE):
        fresh = status == ReviewState.REVIEWED and record.source_hash == source_sha256
        return ReviewState.REVIEWED if fresh else ReviewState.STALE
    if status == ReviewState.MACHINE and record.output_hash != output_hash(page.text):
        return ReviewState.NEEDS_REVIEW
    return status


def with_fields(page: PageFile, values: dict[str, str]) -> str:
    """The page's text with the front matter fields ``values`` (by field key) set.

    The front matter is written again in its key order (YAML block style);
    the ``translation:`` record and the body stay as they were.
    """
    meta = {key: value for key, value in page.meta.items() if key != "translation"}
    for key, value in values.items():
        name, _, rest = key.partition(".")
        if name in LIST_FIELDS and rest:
            number, _, item_key = rest.partition(".")
            items = meta.setdefault(name, [])
            while len(items) < int(number):
                items.append({})
            items[int(number) - 1] = {**(items[int(number) - 1] or {}), item_key: value}
        elif rest:
            meta[name] = {**(meta.get(name) or {}), rest: value}
        else:
            meta[name] = value
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100_000) if meta else ""
    text = f"---\n{dumped}---\n" + page.body
    record = page.record
    return with_record(text, record, page.path) if record is not None else text
