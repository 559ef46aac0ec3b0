"""Exchanging pages under review with CAT tools as XLIFF 1.2.

Export (``portal review export --xliff OUT``) writes the pages needing review
(machine, needs-review, stale) into one file: one ``<file>`` per page and
language (``original`` = the target page, e.g. ``docs/en/about.md``), one
``<trans-unit>`` per block (:func:`portal.pages.page_blocks`): id
``<page>#<field key>`` for a front matter field (``about.md#title``),
``<page>#<n>`` for the n-th body block (from 1).  The source is the source
block, the target the current translation; blocks unchanged since approval
are ``state="translated" approved="yes"``, every other block
``state="needs-review-translation"``.  Glossary terms of the block are
notes.  Each unit carries ``portal:base``, the hash of its target as
exported.  Pages whose body blocks do not align with their source are left
out (fix them by hand first).

Import (``portal review import IN [--approve]``) reads the file without
DTDs, entities or network access, and refuses a ``<file original>`` that
is not a page under ``docs/<target language>/`` of this project (no ``..``,
no absolute path, no link out).  It takes every unit the translator
approved (``approved="yes"`` or state ``translated``, ``final``,
``signed-off``) whose source still equals the page's current source block,
and writes its target into the page -- body blocks keep their Markdown
markers (heading ``#``, list bullets, blockquote ``>``, table pipes),
fields go into the front matter.  Targets are untrusted text
(:func:`portal.untrusted.inert_markdown`).  A block edited in the page since
the export (its text no longer matches ``portal:base``) is a **conflict**:
it is not written, both versions stay (the page's in the page, the
translator's in the XLIFF file), and the result names it.  A page written
becomes ``needs-review`` (a human edit) -- or, with ``--approve`` when all
its units are approved and none conflicted, ``reviewed`` through
:func:`portal.review.approve.approve_locked`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from lxml import etree

from portal.fileio import content_hash, project_lock, write_bytes_atomic
from portal.pages import (
    Block,
    PageFile,
    PagePath,
    TranslationRecord,
    decode_page,
    page_blocks,
    parse_body_blocks,
    read_page,
    split_blocks,
    with_fields,
    with_record,
    write_page,
)
from portal.project import Project
from portal.review.approve import approve_locked
from portal.review.blocks import changes_since
from portal.review.pages import page_review, page_reviews
from portal.review.records import load_records
from portal.review.state import ReviewError, ReviewEvent, ReviewState, apply_event
from portal.untrusted import inert_markdown

NS = "urn:oasis:names:tc:xliff:document:1.2"
PORTAL_NS = "urn:portal:xliff-extension:1"
BASE = f"{{{PORTAL_NS}}}base"
NEEDS_REVIEW = "needs-review-translation"
DONE_STATES = frozenset({"translated", "final", "signed-off"})
EXPORTED = (ReviewState.MACHINE, ReviewState.NEEDS_REVIEW, ReviewState.STALE)
MAX_BYTES = 64 << 20
"""An XLIFF file larger than this is refused (the whole portal is a few megabytes)."""


def _store_class(source_lang: str):
    from translate.storage import xliff  # translate-toolkit loads slowly: only when exchanging

    class Xliff12Unit(xliff.xliffunit):
        namespace = NS

    class Xliff12File(xliff.xlifffile):
        UnitClass = Xliff12Unit
        namespace = NS
        XMLskeleton = f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="{NS}" xmlns:portal="{PORTAL_NS}">
<file original="NoName" source-language="{source_lang}" datatype="plaintext">
<body>
</body>
</file>
</xliff>"""

    return Xliff12File


def _target_node(unit, store):
    return unit.xmlelement.find(store.namespaced("target"))


def block_hash(text: str) -> str:
    return content_hash(text)[len("sha256:"):][:16]


def _unit_id(page: PagePath, block: Block, number: int) -> str:
    return f"{page.rel}#{block.key or number}"


def export_xliff(project: Project, out: Path, paths=(), glossary=None,
                 skipped: list[str] | None = None) -> tuple[int, int]:
    """Write the pages needing review as XLIFF 1.2; returns (files, units).

    Pages left out because their blocks do not align are appended to ``skipped``.
    """
    source_lang = project.languages.source.code
    store = _store_class(source_lang)()
    files = units = 0
    for review in page_reviews(project, paths, glossary):
        if review.status not in EXPORTED:
            continue
        page = review.path
        source = read_page(page.in_lang(source_lang).file(project))
        target = read_page(page.file(project))
        source_fields, source_body = split_blocks(page_blocks(source))
        target_fields, target_body = split_blocks(page_blocks(target))
        if len(source_body) != len(target_body):
            if skipped is not None:
                skipped.append(f"{page.display()}: blocks do not align (source {len(source_body)}, "
                               f"translation {len(target_body)}); edit it by hand")
            continue
        pairs = [(block, target_fields.get(key, Block("", 1, key))) for key, block in source_fields.items()]
        pairs += list(zip(source_body, target_body))
        approved = _approved_units(project, page, review.status, source, pairs)
        original = page.display()
        store.switchfile(original, createifmissing=True)
        node = store.getfilenode(original)
        node.set("source-language", source_lang)
        node.set("target-language", page.lang)
        node.set("datatype", "x-markdown")
        number = 0
        for src, tgt in pairs:
            number += 0 if src.key else 1
            unit = store.addsourceunit(src.text, original, createifmissing=True)
            uid = _unit_id(page, src, number)
            unit.setid(uid)
            unit.settarget(tgt.text, lang=page.lang)
            unit.xmlelement.set(BASE, block_hash(tgt.text))
            done = uid in approved
            _target_node(unit, store).set("state", "translated" if done else NEEDS_REVIEW)
            unit.markapproved(done)
            if glossary is not None:
                for span in glossary.find(src.text, page.lang):
                    unit.addnote(f"glossary: {span.source} = {span.target}", origin="developer")
            units += 1
        files += 1
    store.removedefaultfile()
    write_bytes_atomic(out, bytes(store))
    return files, units


def _approved_units(project: Project, page: PagePath, status: ReviewState, source: PageFile,
                    pairs: list[tuple[Block, Block]]) -> set[str]:
    """Ids of the units whose translation is the one approved for their current source."""
    record = load_records(project, page.lang).get(page.rel)
    if record is None:
        return set()
    ids = {}
    number = 0
    for src, tgt in pairs:
        number += 0 if src.key else 1
        ids[(src.key, src.key or number)] = (_unit_id(page, src, number), src.text, tgt.text)
    if status == ReviewState.STALE:
        kept = {(c.key, c.key or c.index): c.target for c in changes_since(record, source) if c.kind == "kept"}
        return {uid for key, (uid, _, target) in ids.items() if kept.get(key) == target}
    approved = {(b.key, b.source, b.target) for b in record.blocks}
    return {uid for (key, _), (uid, s, t) in ids.items() if (key, s, t) in approved}


@dataclass(slots=True)
class ImportResult:
    page: str
    lang: str
    updated: int
    status: str
    skipped: list[str] = field(default_factory=list)
    """Units not written, and why."""
    conflicts: list[str] = field(default_factory=list)
    """Blocks edited in the page since the export: neither version was lost."""
    sanitised: list[str] = field(default_factory=list)
    """What was made inert in the translator's text."""


def _page_of(original: str | None, project: Project) -> PagePath:
    """The target page an XLIFF ``<file original>`` names, confined to ``docs/<target>/``."""
    languages = project.languages
    where = f"<file original={original!r}>"
    if not original:
        raise ReviewError(f"{where} names no page")
    path = PurePosixPath(original.replace("\\", "/"))
    parts = path.parts
    if path.is_absolute() or ".." in parts or "." in parts or len(parts) < 3 or parts[0] != "docs":
        raise ReviewError(f"{where} is not a page under docs/<language>/ of this project")
    lang = parts[1]
    if lang not in languages.target_codes:
        raise ReviewError(f"{where} is not a translation: its language must be one of "
                          f"{', '.join(languages.target_codes)}")
    page = PagePath(PurePosixPath(*parts[2:]).as_posix(), lang)
    lang_dir = project.lang_dir(lang).resolve()
    target = page.file(project)
    if not page.rel.endswith(".md") or lang_dir not in target.resolve().parents:
        raise ReviewError(f"{where} is not a Markdown page under docs/{lang}/")
    if not page.in_lang(languages.source.code).file(project).is_file():
        raise ReviewError(f"{where}: no source page")
    if not target.is_file():
        raise ReviewError(f"{where}: no such page")
    return page


def _parse(source: Path, project: Project):
    """The XLIFF store, parsed safely: no DTD, no entities, no network, a size limit."""
    try:
        data = Path(source).read_bytes()
    except OSError as error:
        raise ReviewError(f"cannot read: {error.strerror}", source) from None
    if len(data) > MAX_BYTES:
        raise ReviewError(f"refused: {len(data)} bytes is more than an XLIFF file of this portal can be", source)
    if b"<!ENTITY" in data or b"<!DOCTYPE" in data:  # before parsing: nothing is ever expanded
        raise ReviewError("refused: an XLIFF file with a DTD or entity declarations", source, 1)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise ReviewError(f"not an XLIFF 1.2 file: {error.msg}", source, error.lineno) from None
    if etree.QName(root).localname != "xliff" or etree.QName(root).namespace != NS:
        raise ReviewError(f"not an XLIFF 1.2 file: the root element is <{root.tag}>, not <xliff> in {NS}",
                          source, root.sourceline)
    try:
        return _store_class(project.languages.source.code).parsestring(etree.tostring(root, encoding="UTF-8"))
    except (ValueError, SyntaxError, etree.LxmlError) as error:
        raise ReviewError(f"not an XLIFF 1.2 file: {error}", source) from None


def import_xliff(project: Project, source: Path, approve_pages: bool = False, by: str = "",
                 now: datetime | None = None, glossary=None) -> list[ImportResult]:
    """Write the approved units of an XLIFF file into their target pages (under the project lock)."""
    with project_lock(project.root):
        return _import_locked(project, source, approve_pages, by, now, glossary)


def _import_locked(project, source, approve_pages, by, now, glossary) -> list[ImportResult]:
    store = _parse(source, project)
    by_file: dict[PagePath, list] = {}
    for unit in store.units:
        file_node = unit.xmlelement.getparent().getparent()
        by_file.setdefault(_page_of(file_node.get("original"), project), []).append(unit)
    # First every page's new text (any error leaves every page as it was), then the writes.
    planned: list[tuple[ImportResult, PageFile, str | None, bool]] = []
    source_lang = project.languages.source.code
    for page, units in by_file.items():
        source_page = read_page(page.in_lang(source_lang).file(project))
        target = read_page(page.file(project))
        result = ImportResult(page.rel, page.lang, 0, "")
        fields, body, all_done = _approved_units_of(units, store, page, source_page, target, result, source)
        new_text = target.text
        if body:  # first: the block line numbers are the page's as read
            new_text = replace_blocks(new_text, split_blocks(page_blocks(target))[1], body, target.path)
        if fields:
            new_text = with_fields(decode_page(new_text.encode("utf-8"), target.path), fields)
        result.updated = len(fields) + len(body)
        written = None
        if new_text != target.text:
            apply_event(page_review(project, page).status, ReviewEvent.EDIT, str(target.path))
            record = target.record or TranslationRecord(source=page.in_lang(source_lang).display())
            record.status = ReviewState.NEEDS_REVIEW
            written = with_record(new_text, record, target.path)
        planned.append((result, target, written, all_done and not result.conflicts))
    for result, target, written, all_done in planned:
        if written is not None:
            write_page(target.path, written, like=target)
        if approve_pages and all_done and not result.skipped:
            try:
                approve_locked(project, [target.path], by, now or datetime.now(), glossary=glossary)
            except ReviewError as error:
                result.skipped.append(f"not approved: {error}")
        result.status = page_review(project, PagePath(result.page, result.lang), glossary).status.value
    return [result for result, *_ in planned]


def _approved_units_of(units, store, page: PagePath, source: PageFile, target: PageFile,
                       result: ImportResult, xliff_path: Path) -> tuple[dict[str, str], dict[int, str], bool]:
    """(field key -> text, body block index (0-based) -> text, whether every unit was approved)."""
    source_fields, source_body = split_blocks(page_blocks(source))
    target_fields, target_body = split_blocks(page_blocks(target))
    fields: dict[str, str] = {}
    body: dict[int, str] = {}
    all_done = True
    for unit in units:
        uid = unit.xmlelement.get("id") or ""
        rel, _, name = uid.rpartition("#")
        if rel != page.rel:
            raise ReviewError(f"{page.display()}: unit id {uid!r} is not <page>#<block> of this page", xliff_path)
        if name.isdigit() and 1 <= int(name) <= len(source_body):
            index = int(name) - 1
            current_source, current_target = source_body[index].text, target_body[index].text
        elif name in source_fields:
            index = name
            current_source = source_fields[name].text
            current_target = target_fields[name].text if name in target_fields else ""
        else:
            raise ReviewError(f"{page.display()}: unit id {uid!r} names no block of this page", xliff_path)
        node = _target_node(unit, store)
        if not (unit.isapproved() or (node is not None and node.get("state") in DONE_STATES)):
            all_done = False
            continue
        if unit.source != current_source:
            result.skipped.append(f"{uid}: the source block changed since the export; export again")
            all_done = False
            continue
        text, changes = inert_markdown(unit.target or "", trusted=[current_source])
        result.sanitised += [f"{uid}: {change}" for change in changes]
        if text == current_target:
            continue
        base = unit.xmlelement.get(BASE)
        if base is None or base != block_hash(current_target):
            why = "the page's block was edited since the export" if base else "the unit has no portal:base"
            result.conflicts.append(f"{uid}: {why}; the page keeps {current_target[:60]!r}, the XLIFF file "
                                    f"holds {text[:60]!r}: merge them by hand")
            all_done = False
            continue
        if isinstance(index, int):
            body[index] = text
        else:
            fields[index] = text
    return fields, body, all_done


def replace_blocks(text: str, segments: list[Block], replacements: dict[int, str], path: Path) -> str:
    """``text`` with body block ``k`` (0-based, as :func:`portal.pages.page_blocks` numbers
    them) replaced by ``replacements[k]``, keeping each block's Markdown markers."""
    lines = text.split("\n")
    cursor: dict[int, int] = {}
    edits = []  # (first line, [(line, start, end)], new text)
    for k, segment in enumerate(segments):
        spans = []
        for i, old in enumerate(segment.text.split("\n")):
            number = segment.line - 1 + i
            line = lines[number] if number < len(lines) else ""
            at = line.find(old, cursor.get(number, 0)) if old else cursor.get(number, len(line))
            if at < 0:
                raise ReviewError("cannot locate this block's text in its lines; edit the page by hand", path,
                                  segment.line)
            cursor[number] = at + len(old)
            spans.append((number, at, at + len(old)))
        if k in replacements and replacements[k] != segment.text:
            edits.append((k, spans, replacements[k]))
    for k, spans, new in reversed(edits):
        first, last = spans[0], spans[-1]
        line = lines[first[0]]
        one_line = line.lstrip().startswith(("#", "|")) or sum(1 for s in segments if s.line == segments[k].line) > 1
        if one_line:
            new = " ".join(new.split("\n"))
            if "|" in line:
                new = _escape_pipes(new)
        new_lines = new.split("\n")
        prefix = line[: first[1]]
        if len(spans) > 1:  # the continuation lines' own prefix (indentation, "> ")
            indent = lines[spans[1][0]][: spans[1][1]]
        else:  # a list marker becomes spaces, a blockquote marker stays
            indent = re.sub(r"[-*+]|\d+[.)]", lambda m: " " * len(m.group()), prefix)
        suffix = lines[last[0]][last[2]:]
        rebuilt = [prefix + new_lines[0]] + [indent + part for part in new_lines[1:]]
        rebuilt[-1] += suffix
        lines[first[0] : last[0] + 1] = rebuilt
    result = "\n".join(lines)
    check = parse_body_blocks(result, path)
    if len(check) != len(segments) or any(check[k].text != " ".join(v.split("\n")).strip()
                                          and check[k].text != v.strip() for k, v in replacements.items()):
        raise ReviewError("the new text changes the page's block structure (a blank line, a list marker?); "
                          "edit the page by hand", path)
    return result


def _escape_pipes(text: str) -> str:
    out = []
    for i, char in enumerate(text):
        out.append("\\|" if char == "|" and (i == 0 or text[i - 1] != "\\") else char)
    return "".join(out)
