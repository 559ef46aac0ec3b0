"""Exchanging the glossary with CAT tools: TBX and CSV.

**TBX** (ISO 30042, the dialect translate-toolkit reads): one ``termEntry``
per entry with ``id``, the kind as ``<descrip type="subjectField">``, the
note as ``<note>`` and ``case_sensitive`` as ``<descrip
type="caseSensitive">yes</descrip>``; one ``langSet`` per language (vi, en,
zh).  In each langSet the approved term comes first with administrative status
``preferredTerm-admn-sts``; Vietnamese variants follow as
``admittedTerm-admn-sts`` and forbidden renderings as
``deprecatedTerm-admn-sts``.  Files are written with lxml and read with
``translate.storage.tbx`` (multilingual since translate-toolkit 3.20).

**CSV** (UTF-8, header row): ``id, kind, vi, en, zh, variants, forbidden_en,
forbidden_zh, note, case_sensitive`` (``yes`` or empty); list cells join
their items with `` | ``.

Importing merges by id into an existing glossary: an imported entry replaces
the entry with the same id, new ids are appended.  The same id twice in one
import file with different content is refused, naming both lines; the merged
glossary is validated again (unique source terms), naming the import line.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Iterable

from lxml import etree

from portal.fileio import write_text_atomic
from portal.glossary.load import ID_RE, validate_entries
from portal.glossary.model import (
    KINDS,
    LANGS,
    TARGET_LANGS,
    GlossaryEntry,
    GlossaryError,
)

FORMATS = ("tbx", "csv")
CSV_FIELDS = (
    "id", "kind", "vi", "en", "zh", "variants", "forbidden_en", "forbidden_zh", "note", "case_sensitive",
)
LIST_SEPARATOR = " | "
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


# ---------------------------------------------------------------- TBX


def dump_tbx(entries: Iterable[GlossaryEntry]) -> bytes:
    """The glossary as a multilingual TBX document."""
    root = etree.Element("martif", {"type": "TBX", XML_LANG: "vi"})
    header = etree.SubElement(root, "martifHeader")
    desc = etree.SubElement(etree.SubElement(header, "fileDesc"), "sourceDesc")
    etree.SubElement(desc, "p").text = "Foreign-information portal glossary (vi, en, zh)"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for entry in entries:
        term_entry = etree.SubElement(body, "termEntry", id=entry.id)
        etree.SubElement(term_entry, "descrip", type="subjectField").text = entry.kind
        if entry.case_sensitive:
            etree.SubElement(term_entry, "descrip", type="caseSensitive").text = "yes"
        if entry.note:
            etree.SubElement(term_entry, "note").text = entry.note
        for lang in LANGS:
            lang_set = etree.SubElement(term_entry, "langSet", {XML_LANG: lang})
            terms = [(entry.target(lang), PREFERRED)]
            if lang == "vi":
                terms += [(v, ADMITTED) for v in entry.variants]
            else:
                terms += [(f, DEPRECATED) for f in entry.forbidden.get(lang, ())]
            for text, status in terms:
                tig = etree.SubElement(lang_set, "tig")
                etree.SubElement(tig, "term").text = text
                etree.SubElement(tig, "termNote", type="administrativeStatus").text = status
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def parse_tbx(data: bytes, path: Path) -> list[GlossaryEntry]:
    """Entries of a TBX document, read with translate-toolkit."""
    from translate.storage.tbx import tbxfile

    try:
        store = tbxfile.parsestring(data, sourcelanguage="vi")
    except etree.XMLSyntaxError as error:
        raise GlossaryError(f"malformed TBX: {error.msg}", path, error.lineno) from None
    entries = []
    for unit in store.units:
        line = unit.xmlelement.sourceline or 0
        source = unit.get_source_terms()
        targets = {lang: unit.get_target_terms(lang) for lang in TARGET_LANGS}
        notes = unit.get_common_notes()
        kind = next((n.text for n in notes if n.category == "subjectField"), "")
        note = "\n".join(n.text for n in notes if n.category is None and n.origin is None)
        fields = {
            "id": unit.getid() or "",
            "kind": kind,
            "vi": _preferred(source),
            "variants": tuple(t.text for t in source[1:] if not t.deprecated),
            **{lang: _preferred(targets[lang]) for lang in TARGET_LANGS},
            "forbidden": {
                lang: tuple(t.text for t in targets[lang] if t.deprecated)
                for lang in TARGET_LANGS
                if any(t.deprecated for t in targets[lang])
            },
            "note": note,
            "case_sensitive": any(n.category == "caseSensitive" and n.text == "yes" for n in notes),
        }
        entries.append(_checked(fields, path, line))
    return entries


def _preferred(terms) -> str:
    for term in terms:
        if not term.deprecated:
            return term.text
    return ""


# ---------------------------------------------------------------- CSV


def dump_csv(entries: Iterable[GlossaryEntry]) -> str:
    """The glossary as CSV text with a header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for e in entries:
        writer.writerow(
            [
                e.id, e.kind, e.vi, e.en, e.zh, LIST_SEPARATOR.join(e.variants),
                LIST_SEPARATOR.join(e.forbidden.get("en", ())),
                LIST_SEPARATOR.join(e.forbidden.get("zh", ())), e.note,
                "yes" if e.case_sensitive else "",
            ]
        )
    return out.getvalue()


def parse_csv(text: str, path: Path) -> list[GlossaryEntry]:
    """Entries of a CSV file written by :func:`dump_csv` (or edited in a CAT tool)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [f for f in ("id", "kind", "vi", "en", "zh") if f not in (reader.fieldnames or [])]
    if missing:
        raise GlossaryError(f"CSV header lacks column(s) {', '.join(missing)}", path, 1)
    entries = []
    line = reader.line_num
    for row in reader:
        start, line = line + 1, reader.line_num

        def items(key: str) -> tuple[str, ...]:
            return tuple(v.strip() for v in (row.get(key) or "").split("|") if v.strip())

        fields = {
            "id": row.get("id") or "", "kind": row.get("kind") or "", "vi": row.get("vi") or "",
            "en": row.get("en") or "", "zh": row.get("zh") or "", "variants": items("variants"),
            "forbidden": {lang: items(f"forbidden_{lang}") for lang in TARGET_LANGS if items(f"forbidden_{lang}")},
            "note": row.get("note") or "",
            "case_sensitive": (row.get("case_sensitive") or "").strip().lower() in ("yes", "true", "1"),
        }
        entries.append(_checked(fields, path, start))
    return entries


# ---------------------------------------------------------------- common


def _checked(fields: dict, path: Path, line: int) -> GlossaryEntry:
    name = fields["id"] or fields["vi"] or "?"
    for key in ("id", "vi", "en", "zh", "kind"):
        if not fields[key].strip():
            what = f"{key} target" if key in TARGET_LANGS else key
            raise GlossaryError(f"entry {name!r}: missing {what}", path, line)
    if not ID_RE.match(fields["id"]):
        raise GlossaryError(f"entry {name!r}: id must be lower-case ASCII letters, digits and hyphens", path, line)
    if fields["kind"] not in KINDS:
        raise GlossaryError(f"entry {name!r}: unknown kind {fields['kind']!r}", path, line)
    return GlossaryEntry(
        id=fields["id"].strip(), kind=fields["kind"].strip(), vi=fields["vi"].strip(),
        en=fields["en"].strip(), zh=fields["zh"].strip(), variants=tuple(fields["variants"]),
        forbidden=dict(fields["forbidden"]), note=fields["note"].strip(),
        case_sensitive=fields["case_sensitive"], path=path, line=line,
    )


def load_exchange(path: str | Path, fmt: str) -> list[GlossaryEntry]:
    """Entries of a TBX or CSV file."""
    path = Path(path)
    if fmt not in FORMATS:
        raise GlossaryError(f"unknown format {fmt!r}; expected {' or '.join(FORMATS)}", path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise GlossaryError(f"cannot read: {error.strerror}", path) from None
    if fmt == "tbx":
        return parse_tbx(data, path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise GlossaryError(f"not UTF-8 text (byte {error.start})", path) from None
    return parse_csv(text, path)


def write_exchange(entries: Iterable[GlossaryEntry], path: str | Path, fmt: str) -> None:
    """Write entries as TBX or CSV, atomically."""
    path = Path(path)
    if fmt == "tbx":
        write_text_atomic(path, dump_tbx(entries).decode("utf-8"))
    elif fmt == "csv":
        write_text_atomic(path, dump_csv(entries))
    else:
        raise GlossaryError(f"unknown format {fmt!r}; expected {' or '.join(FORMATS)}", path)


def merge_entries(
    existing: Iterable[GlossaryEntry], imported: Iterable[GlossaryEntry]
) -> tuple[tuple[GlossaryEntry, ...], list[str], list[str]]:
    """Merge imported entries by id: (merged entries, added ids, changed ids).

    Raises :class:`GlossaryError` at the import file's line when one id comes
    twice with different content, or when the merged glossary has clashing
    source terms.
    """
    seen: dict[str, GlossaryEntry] = {}
    for entry in imported:
        first = seen.get(entry.id)
        if first is not None and first != entry:
            raise GlossaryError(
                f"conflicting duplicate of entry {entry.id!r} (first at {first.path}:{first.line})",
                entry.path,
                entry.line,
            )
        seen.setdefault(entry.id, entry)
    merged: list[GlossaryEntry] = []
    added, changed = [], []
    existing_ids = set()
    for entry in existing:
        existing_ids.add(entry.id)
        new = seen.get(entry.id)
        if new is None:
            merged.append(entry)
        else:
            if new != entry:
                changed.append(entry.id)
            merged.append(new)
    for entry_id, entry in seen.items():
        if entry_id not in existing_ids:
            merged.append(entry)
            added.append(entry_id)
    return validate_entries(merged), added, changed


def import_into(glossary_path: Path, in_path: Path, fmt: str) -> tuple[list[str], list[str]]:
    """Merge a TBX/CSV file into a glossary file (created if absent).

    Returns (added ids, changed ids); the glossary file is rewritten
    atomically in the canonical layout only when something changed.
    """
    from portal.glossary.load import load_glossary, write_glossary

    existing = load_glossary(glossary_path).entries if Path(glossary_path).exists() else ()
    merged, added, changed = merge_entries(existing, load_exchange(in_path, fmt))
    if added or changed or not Path(glossary_path).exists():
        write_glossary(merged, glossary_path)
    return added, changed
