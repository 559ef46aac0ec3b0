"""Exchanging the glossary with CAT tools: TBX and CSV.

**TBX** (ISO 30042, the dialect translate-toolkit reads): one ``termEntry``
per entry with ``id``, the kind as ``<descrip type="subjectField">``, the
note as ``<note>`` and ``case_sensitive`` as ``<descrip
type="caseSensitive">yes</descrip>``; one ``langSet`` per language of the
glossary.  In each langSet the approved term comes first with administrative
status ``preferredTerm-admn-sts``; source-language variants and the other
accepted renderings (``also``) follow as ``admittedTerm-admn-sts`` and
forbidden renderings as ``deprecatedTerm-admn-sts``.  Files are written with
lxml and read with ``translate.storage.tbx`` (multilingual since
translate-toolkit 3.20), from a document parsed without DTDs, entities or
network access.

**CSV** (UTF-8, header row): ``id, kind``, one column per language (source
first), ``variants``, ``forbidden_<lang>`` and ``also_<lang>`` per target
language, ``note, case_sensitive`` (``yes`` or empty); list cells join their
items with `` | ``.  The languages are the glossary's (or the portal's).

Importing merges by id into an existing glossary: an imported entry replaces
the entry with the same id, new ids are appended.  The same id twice in one
import file with different content is refused, naming both lines; the merged
glossary is validated again (unique source terms), naming the import line.
Every imported text goes through the loader's checks (a term holding HTML or
a link is refused).
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Iterable

from lxml import etree

from portal.fileio import write_text_atomic
from portal.glossary.load import checked_entry, load_glossary, validate_entries, write_glossary
from portal.glossary.model import SOURCE_LANG, GlossaryEntry, GlossaryError

FORMATS = ("tbx", "csv")
LIST_SEPARATOR = " | "
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


# ---------------------------------------------------------------- TBX


def entry_languages(entries: Iterable[GlossaryEntry], languages: tuple[str, ...] = ()) -> tuple[str, ...]:
    """``languages`` (source first), then any other language the entries render."""
    entries = list(entries)
    found = list(languages) or [entries[0].source_lang if entries else SOURCE_LANG]
    for entry in entries:
        found += [lang for lang in entry.renderings if lang not in found]
    return tuple(found)


def dump_tbx(entries: Iterable[GlossaryEntry], languages: tuple[str, ...] = ()) -> bytes:
    """The glossary as a multilingual TBX document."""
    entries = list(entries)
    langs = entry_languages(entries, languages)
    root = etree.Element("martif", {"type": "TBX", XML_LANG: langs[0]})
    header = etree.SubElement(root, "martifHeader")
    desc = etree.SubElement(etree.SubElement(header, "fileDesc"), "sourceDesc")
    etree.SubElement(desc, "p").text = f"Foreign-information portal glossary ({', '.join(langs)})"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for entry in entries:
        term_entry = etree.SubElement(body, "termEntry", id=entry.id)
        etree.SubElement(term_entry, "descrip", type="subjectField").text = entry.kind
        if entry.case_sensitive:
            etree.SubElement(term_entry, "descrip", type="caseSensitive").text = "yes"
        if entry.note:
            etree.SubElement(term_entry, "note").text = entry.note
        for lang in langs:
            if not entry.target(lang):
                continue
            lang_set = etree.SubElement(term_entry, "langSet", {XML_LANG: lang})
            terms = [(entry.target(lang), PREFERRED)]
            if lang == entry.source_lang:
                terms += [(v, ADMITTED) for v in entry.variants]
            else:
                terms += [(a, ADMITTED) for a in entry.also.get(lang, ())]
                terms += [(f, DEPRECATED) for f in entry.forbidden.get(lang, ())]
            for text, status in terms:
                tig = etree.SubElement(lang_set, "tig")
                etree.SubElement(tig, "term").text = text
                etree.SubElement(tig, "termNote", type="administrativeStatus").text = status
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def parse_tbx(data: bytes, path: Path, languages: tuple[str, ...] = (), source_lang: str = SOURCE_LANG) -> list[GlossaryEntry]:
    """Entries of a TBX document, read with translate-toolkit."""
    from translate.storage.tbx import tbxfile  # translate-toolkit loads slowly: only when exchanging

    source_lang = languages[0] if languages else source_lang
    if b"<!ENTITY" in data or b"<!DOCTYPE" in data:  # before parsing: nothing is ever expanded
        raise GlossaryError("TBX with a DTD or entity declarations is refused", path, 1)
    try:
        # No DTD, no entity expansion, no network: a TBX file is data from outside.
        safe = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                                      huge_tree=False))
    except etree.XMLSyntaxError as error:
        raise GlossaryError(f"malformed TBX: {error.msg}", path, error.lineno) from None
    store = tbxfile.parsestring(etree.tostring(safe, encoding="UTF-8", xml_declaration=True), sourcelanguage=source_lang)
    entries = []
    for unit in store.units:
        line = unit.xmlelement.sourceline or 0
        source = unit.get_source_terms()
        langs = [lang.get(XML_LANG) for lang in unit.xmlelement.iter("{*}langSet", "langSet")]
        targets = {lang: unit.get_target_terms(lang) for lang in langs if lang and lang != source_lang}
        notes = unit.get_common_notes()
        fields = {
            "id": unit.getid() or "",
            "kind": next((n.text for n in notes if n.category == "subjectField"), ""),
            source_lang: _preferred(source),
            "variants": [t.text for t in source[1:] if not t.deprecated],
            **{lang: _preferred(terms) for lang, terms in targets.items()},
            "forbidden": {lang: [t.text for t in terms if t.deprecated] for lang, terms in targets.items()
                          if any(t.deprecated for t in terms)},
            "also": {lang: [t.text for t in _admitted(terms)] for lang, terms in targets.items() if _admitted(terms)},
            "note": "\n".join(n.text for n in notes if n.category is None and n.origin is None),
            "case_sensitive": any(n.category == "caseSensitive" and n.text == "yes" for n in notes),
        }
        entries.append(checked_entry(fields, path, line, source_lang, languages))
    return entries


def _admitted(terms) -> list:
    """The non-deprecated terms after the preferred one."""
    kept = [t for t in terms if not t.deprecated]
    return kept[1:]


def _preferred(terms) -> str:
    for term in terms:
        if not term.deprecated:
            return term.text
    return ""


# ---------------------------------------------------------------- CSV


def csv_fields(langs: tuple[str, ...]) -> list[str]:
    targets = langs[1:]
    return (["id", "kind", *langs, "variants"] + [f"forbidden_{lang}" for lang in targets]
            + [f"also_{lang}" for lang in targets] + ["note", "case_sensitive"])


def dump_csv(entries: Iterable[GlossaryEntry], languages: tuple[str, ...] = ()) -> str:
    """The glossary as CSV text with a header row."""
    entries = list(entries)
    langs = entry_languages(entries, languages)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(csv_fields(langs))
    for e in entries:
        writer.writerow(
            [e.id, e.kind, *(e.target(lang) for lang in langs), LIST_SEPARATOR.join(e.variants)]
            + [LIST_SEPARATOR.join(e.forbidden.get(lang, ())) for lang in langs[1:]]
            + [LIST_SEPARATOR.join(e.also.get(lang, ())) for lang in langs[1:]]
            + [e.note, "yes" if e.case_sensitive else ""]
        )
    return out.getvalue()


def parse_csv(text: str, path: Path, languages: tuple[str, ...] = (), source_lang: str = SOURCE_LANG) -> list[GlossaryEntry]:
    """Entries of a CSV file written by :func:`dump_csv` (or edited in a CAT tool)."""
    source_lang = languages[0] if languages else source_lang
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = reader.fieldnames or []
    missing = [f for f in ("id", "kind", source_lang) if f not in columns]
    if missing:
        raise GlossaryError(f"CSV header lacks column(s) {', '.join(missing)}", path, 1)
    known = {"id", "kind", "variants", "note", "case_sensitive"}
    langs = [c for c in columns if c not in known and not c.startswith(("forbidden_", "also_"))]
    entries = []
    line = reader.line_num
    for row in reader:
        start, line = line + 1, reader.line_num

        def items(key: str) -> list[str]:
            return [v.strip() for v in (row.get(key) or "").split("|") if v.strip()]

        fields = {
            "id": row.get("id") or "", "kind": row.get("kind") or "",
            **{lang: row.get(lang) or "" for lang in langs},
            "variants": items("variants"),
            "forbidden": {lang: items(f"forbidden_{lang}") for lang in langs if items(f"forbidden_{lang}")},
            "also": {lang: items(f"also_{lang}") for lang in langs if items(f"also_{lang}")},
            "note": row.get("note") or "",
            "case_sensitive": (row.get("case_sensitive") or "").strip().lower() in ("yes", "true", "1"),
        }
        entries.append(checked_entry(fields, path, start, source_lang, languages))
    return entries


# ---------------------------------------------------------------- common


def load_exchange(path: str | Path, fmt: str, languages: tuple[str, ...] = ()) -> list[GlossaryEntry]:
    """Entries of a TBX or CSV file (``languages``: the portal's, source first)."""
    path = Path(path)
    if fmt not in FORMATS:
        raise GlossaryError(f"unknown format {fmt!r}; expected {' or '.join(FORMATS)}", path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise GlossaryError(f"cannot read: {error.strerror}", path) from None
    if fmt == "tbx":
        return parse_tbx(data, path, languages)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise GlossaryError(f"not UTF-8 text (byte {error.start})", path) from None
    return parse_csv(text, path, languages)


def write_exchange(entries: Iterable[GlossaryEntry], path: str | Path, fmt: str,
                   languages: tuple[str, ...] = ()) -> None:
    """Write entries as TBX or CSV, atomically."""
    path = Path(path)
    if fmt == "tbx":
        write_text_atomic(path, dump_tbx(entries, languages).decode("utf-8"))
    elif fmt == "csv":
        write_text_atomic(path, dump_csv(entries, languages))
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


def import_into(glossary_path: Path, in_path: Path, fmt: str,
                languages: tuple[str, ...] = ()) -> tuple[list[str], list[str]]:
    """Merge a TBX/CSV file into a glossary file (created if absent).

    Returns (added ids, changed ids); the glossary file is rewritten
    atomically in the canonical layout only when something changed.
    """
    existing = load_glossary(glossary_path, languages).entries if Path(glossary_path).exists() else ()
    merged, added, changed = merge_entries(existing, load_exchange(in_path, fmt, languages))
    if added or changed or not Path(glossary_path).exists():
        write_glossary(merged, glossary_path, languages)
    return added, changed
