"""Exchanging pages under review with CAT tools as XLIFF 1.2.

Export (``portal review export --xliff OUT``) writes the pages needing review
(machine, needs-review, stale) into one file: one ``<file>`` per page and
language (``original`` = the target page, e.g. ``docs/en/about.md``), one
``<trans-unit>`` per block, aligned as the glossary check aligns blocks, with
id ``<page>#<n>`` (n from 1).  The source is the Vietnamese block, the target
the current translation; blocks unchanged since approval are
``state="translated" approved="yes"``, every other block
``state="needs-review-translation"``.  Glossary terms of the block are notes.
Pages whose block counts differ from their source are left out (fix them by
hand first).

Import (``portal review import IN [--approve]``) takes every unit the
translator approved (``approved="yes"`` or state ``translated``, ``final``,
``signed-off``) whose source still equals the page's current block, and
replaces that block's text in the target page, keeping its Markdown markers
(heading ``#``, list bullets, blockquote ``>``, table pipes) from the block's
line map; the page is written atomically and becomes ``needs-review`` (a
human edit) -- or, with ``--approve`` when all its units are approved,
``reviewed`` through :func:`portal.review.approve.approve`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from portal.fileio import write_bytes_atomic, write_text_atomic
from portal.frontmatter import split_front_matter
from portal.glossary.check import Segment, parse_page
from portal.project import SOURCE_LANG, TARGET_LANGS, Project
from portal.review.diff import diff_blocks
from portal.review.pages import (
    load_blocks,
    page_review,
    page_reviews,
    read_text,
    source_path,
    target_path,
)
from portal.review.records import load_records
from portal.review.state import ReviewError, ReviewEvent, ReviewState, apply_event

NS = "urn:oasis:names:tc:xliff:document:1.2"
NEEDS_REVIEW = "needs-review-translation"
DONE_STATES = frozenset({"translated", "final", "signed-off"})
EXPORTED = (ReviewState.MACHINE, ReviewState.NEEDS_REVIEW, ReviewState.STALE)


def _store_classes():
    from translate.storage import xliff

    class Xliff12Unit(xliff.xliffunit):
        namespace = NS

    class Xliff12File(xliff.xlifffile):
        UnitClass = Xliff12Unit
        namespace = NS
        XMLskeleton = f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="{NS}">
<file original="NoName" source-language="{SOURCE_LANG}" datatype="plaintext">
<body>
</body>
</file>
</xliff>"""

    return Xliff12File


def _target_node(unit, store):
    return unit.xmlelement.find(store.namespaced("target"))


def export_xliff(project: Project, out: Path, paths=(), glossary=None,
                 skipped: list[str] | None = None) -> tuple[int, int]:
    """Write the pages needing review as XLIFF 1.2; returns (files, units).

    Pages left out because their blocks do not align are appended to ``skipped``.
    """
    store = _store_classes()()
    files = units = 0
    for review in page_reviews(project, paths, glossary):
        if review.status not in EXPORTED:
            continue
        rel, lang = review.page, review.lang
        source_blocks = load_blocks(source_path(project, rel)).segments
        target_blocks = load_blocks(target_path(project, rel, lang)).segments
        if len(source_blocks) != len(target_blocks):
            if skipped is not None:
                skipped.append(f"docs/{lang}/{rel}: blocks do not align (source {len(source_blocks)}, "
                               f"translation {len(target_blocks)}); edit it by hand")
            continue
        approved: set[int] = set()
        record = load_records(project, lang).get(rel)
        if record is not None:
            if review.status == ReviewState.STALE:
                changes = diff_blocks([b.source for b in record.blocks], [b.text for b in source_blocks],
                                      [b.target for b in record.blocks])
                approved = {c.index for c in changes
                            if c.kind == "kept" and c.target == target_blocks[c.index - 1].text}
            else:
                pairs = {(b.source, b.target) for b in record.blocks}
                approved = {i for i, (s, t) in enumerate(zip(source_blocks, target_blocks), 1)
                            if (s.text, t.text) in pairs}
        original = f"docs/{lang}/{rel}"
        store.switchfile(original, createifmissing=True)
        node = store.getfilenode(original)
        node.set("source-language", SOURCE_LANG)
        node.set("target-language", lang)
        node.set("datatype", "x-markdown")
        for n, (src, tgt) in enumerate(zip(source_blocks, target_blocks), 1):
            unit = store.addsourceunit(src.text, original, createifmissing=True)
            unit.setid(f"{rel}#{n}")
            unit.settarget(tgt.text, lang=lang)
            done = n in approved
            _target_node(unit, store).set("state", "translated" if done else NEEDS_REVIEW)
            unit.markapproved(done)
            if glossary is not None:
                for span in glossary.find(src.text, lang):
                    unit.addnote(f"glossary: {span.source} = {span.target}", origin="developer")
            units += 1
        files += 1
    store.removedefaultfile()
    write_bytes_atomic(out, bytes(store))
    return files, units


@dataclass(slots=True)
class ImportResult:
    page: str
    lang: str
    updated: int
    status: str
    skipped: list[str] = field(default_factory=list)


def _page_of(original: str, project: Project) -> tuple[str, str]:
    parts = Path(original).parts
    if len(parts) < 3 or parts[0] != "docs" or parts[1] not in TARGET_LANGS:
        raise ReviewError(f"<file original={original!r}> is not a page under docs/en or docs/zh")
    rel = Path(*parts[2:]).as_posix()
    if not source_path(project, rel).is_file():
        raise ReviewError(f"{original}: no Vietnamese source page")
    return rel, parts[1]


def import_xliff(project: Project, source: Path, approve_pages: bool = False, by: str = "",
                 now: datetime | None = None, glossary=None) -> list[ImportResult]:
    """Write the approved units of an XLIFF file into their target pages (under the run lock)."""
    from portal.fileio import project_lock

    with project_lock(project.root):
        return _import_locked(project, source, approve_pages, by, now, glossary)


def _import_locked(project, source, approve_pages, by, now, glossary) -> list[ImportResult]:
    store_class = _store_classes()
    try:
        store = store_class.parsestring(Path(source).read_bytes())
    except (OSError, ValueError, SyntaxError) as error:  # lxml syntax errors are SyntaxErrors
        raise ReviewError(f"not an XLIFF 1.2 file: {error}", source) from None
    by_file: dict[str, list] = {}
    for unit in store.units:
        original = unit.xmlelement.getparent().getparent().get("original")
        by_file.setdefault(original, []).append(unit)
    # First every page's new text (any error leaves every page as it was), then the writes.
    planned: list[tuple[ImportResult, Path, str | None, bool]] = []
    for original, units in by_file.items():
        rel, lang = _page_of(original, project)
        target = target_path(project, rel, lang)
        if not target.is_file():
            raise ReviewError(f"{original}: no such page")
        source_blocks = load_blocks(source_path(project, rel)).segments
        result = ImportResult(rel, lang, 0, "")
        replacements, all_done = _approved_units(units, store, rel, source_blocks, result, original, source)
        raw = target.read_bytes().decode("utf-8")
        text = read_text(target)
        segments = parse_page(text, target).segments
        new_text = replace_blocks(text, segments, replacements, target)
        result.updated = sum(1 for k, v in replacements.items() if segments[k].text != v)
        written = None
        if new_text != text:
            apply_event(page_review(project, rel, lang, None).status, ReviewEvent.EDIT, str(target))
            written = _mark_needs_review(new_text, rel, target)
            if "\r\n" in raw:
                written = written.replace("\n", "\r\n")
            if raw.startswith("\ufeff"):
                written = "\ufeff" + written
        planned.append((result, target, written, all_done))
    from portal.review.approve import approve_locked

    for result, target, written, all_done in planned:
        if written is not None:
            write_text_atomic(target, written)
        if approve_pages and all_done and not result.skipped:
            try:
                approve_locked(project, [target], by, now or datetime.now(), glossary=glossary)
            except ReviewError as error:
                result.skipped.append(f"not approved: {error}")
        result.status = page_review(project, result.page, result.lang, glossary).status.value
    return [result for result, *_ in planned]


def _approved_units(units, store, rel, source_blocks, result, original, source) -> tuple[dict[int, str], bool]:
    """Block index (0-based) -> approved translation, and whether every unit was approved."""
    replacements: dict[int, str] = {}
    all_done = True
    for unit in units:
        uid = unit.xmlelement.get("id") or ""
        page, _, number = uid.rpartition("#")
        if page != rel or not number.isdigit() or not 1 <= int(number) <= len(source_blocks):
            raise ReviewError(f"{original}: unit id {uid!r} is not <page>#<block> of this page", source)
        n = int(number)
        node = _target_node(unit, store)
        if not (unit.isapproved() or (node is not None and node.get("state") in DONE_STATES)):
            all_done = False
            continue
        if unit.source != source_blocks[n - 1].text:
            result.skipped.append(f"{uid}: the Vietnamese block changed since the export; export again")
            all_done = False
            continue
        replacements[n - 1] = unit.target or ""
    return replacements, all_done


def _mark_needs_review(text: str, rel: str, path: Path) -> str:
    from portal.review.approve import with_translation_block

    meta, _ = split_front_matter(text, path)
    block = dict(meta.get("translation")) if isinstance(meta.get("translation"), dict) else {}
    block.setdefault("source", f"docs/{SOURCE_LANG}/{rel}")
    block["status"] = "needs-review"
    return with_translation_block(text, block, path)


def replace_blocks(text: str, segments: tuple[Segment, ...], replacements: dict[int, str], path: Path) -> str:
    """``text`` with block ``k`` (0-based, as :func:`parse_page` numbers them) replaced
    by ``replacements[k]``, keeping each block's Markdown markers."""
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
    check = parse_page(result, path).segments
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
