"""Reading, validating and writing ``glossary/terms.yaml``.

The file is a YAML list of mappings; language keys are the portal's language
codes (the source language's key holds the term)::

    - id: hanoi-peoples-committee        # required, stable, [a-z0-9-]
      kind: agency                       # required, one of model.KINDS
      vi: Ủy ban nhân dân thành phố Hà Nội   # required: the term in the source language
      en: Hanoi People's Committee       # a rendering per target language (at least one)
      zh: 河内市人民委员会
      variants: [UBND thành phố Hà Nội]  # optional, other source-language forms
      forbidden:                         # optional, per target language
        en: [People's Committee of Hanoi city]
      also:                              # optional, per target language: other accepted renderings
        en: [Hanoi City People's Committee]
      note: ...                          # optional
      case_sensitive: true               # optional, match forms only as written

Every problem is a :class:`GlossaryError` naming ``path:line`` of the entry
(or of the offending key), with line numbers taken from YAML node marks.
Terms are plain text: a term holding HTML (``<``, ``>``) or Markdown link
syntax is refused, because terms are written into pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import yaml

from portal.fileio import write_text_atomic
from portal.glossary.model import (
    KINDS,
    SOURCE_LANG,
    Glossary,
    GlossaryEntry,
    GlossaryError,
)
from portal.glossary.normalize import normalize
from portal.project import Project

FIELDS = ("id", "kind", "variants", "forbidden", "also", "note", "case_sensitive")
"""Keys of an entry besides its language codes."""
LANGUAGE_KEY = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
UNSAFE_TEXT = re.compile(r"[<>]|\]\(|\[[^\]]*\]\[|^\s*(?:javascript|data|vbscript):", re.I)
"""What no term may hold: it would become HTML or a link where terms are written into pages."""

HEADER = """\
# Terminology glossary of the foreign-information portal.
# Edit here, or exchange with CAT tools: `portal glossary export|import`.
# Each entry: id (stable), kind ({kinds}), the term under the source
# language's code and a rendering under each target language's code,
# optional variants (other source forms: abbreviations, old tone marks),
# forbidden (per language: wrong renderings seen in machine output),
# also (per language: other renderings accepted in running text), note,
# case_sensitive (true: forms match only as written, e.g. Pháp = France).
# `portal glossary page` regenerates docs/*/glossary/index.md from this file.
""".format(kinds=", ".join(KINDS))


def load_glossary(path: str | Path, languages: Iterable[str] = (), source_lang: str = SOURCE_LANG) -> Glossary:
    """Read and validate a glossary file.

    ``languages`` (the portal's, source first) are the only language keys an
    entry may use; empty accepts any code-shaped key.
    """
    path = Path(path)
    languages = tuple(languages)
    source_lang = languages[0] if languages else source_lang
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise GlossaryError(f"cannot read glossary: {error.strerror}", path) from None
    entries = [_entry(node, path, source_lang, languages) for node in parse_nodes(text, path)]
    return Glossary(validate_entries(entries), path, source_lang)


def project_glossary(project: Project) -> Glossary:
    """The project's glossary, ``glossary/terms.yaml``, checked against its languages."""
    return load_glossary(project.glossary_dir / "terms.yaml", project.languages.codes)


def parse_nodes(text: str, path: Path) -> list[yaml.Node]:
    """The entry nodes of a glossary file's text."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise GlossaryError(f"malformed YAML: {problem}", path, mark.line + 1 if mark else None) from None
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise GlossaryError("the glossary must be a YAML list of entries", path, root.start_mark.line + 1)
    return list(root.value)


def _entry(node: yaml.Node, path: Path, source_lang: str, languages: tuple[str, ...]) -> GlossaryEntry:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        raise GlossaryError(f"a glossary entry must be a mapping (id:, kind:, {source_lang}:, ...)", path, line)
    data = _construct(node)
    lines = {key.value: key.start_mark.line + 1 for key, _ in node.value if isinstance(key, yaml.ScalarNode)}
    return checked_entry(data, path, line, source_lang, languages, lines)


def checked_entry(data: dict, path: Path, line: int, source_lang: str, languages: tuple[str, ...] = (),
                  lines: dict[str, int] | None = None) -> GlossaryEntry:
    """An entry from plain data (a YAML mapping, a CSV row, a TBX entry), every field checked."""
    lines = lines or {}
    name = data.get("id") or data.get(source_lang) or "?"

    def fail(message: str, key: str | None = None) -> GlossaryError:
        return GlossaryError(f"entry {name!r}: {message}", path, lines.get(key, line))

    for key in data:
        if key in FIELDS:
            continue
        if not (isinstance(key, str) and LANGUAGE_KEY.match(key)):
            raise fail(f"unknown field {key!r}; expected {', '.join(FIELDS)} or a language code", key)
        if languages and key not in languages:
            raise fail(f"unknown language {key!r}; the portal has {', '.join(languages)}", key)
    for key in ("id", "kind", source_lang):
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise fail(f"missing {key}")
    renderings = {}
    for key, value in data.items():
        if key in FIELDS or key == source_lang:
            continue
        if not isinstance(value, str):
            raise fail(f"{key} must be text, not {type(value).__name__}", key)
        if value.strip():
            renderings[key] = _safe(value.strip(), fail, key)
    if not renderings:
        raise fail("missing target: give the rendering in at least one target language")
    for key in ("id", "kind", source_lang):
        if not isinstance(data[key], str):
            raise fail(f"{key} must be text, not {type(data[key]).__name__}", key)
    if not ID_RE.match(data["id"]):
        raise fail("id must be lower-case ASCII letters, digits and hyphens", "id")
    if data["kind"] not in KINDS:
        raise fail(f"unknown kind {data['kind']!r}; expected one of {', '.join(KINDS)}", "kind")
    note = data.get("note") or ""
    if not isinstance(note, str):
        raise fail("note must be text", "note")
    case_sensitive = data.get("case_sensitive", False)
    if not isinstance(case_sensitive, bool):
        raise fail("case_sensitive must be true or false", "case_sensitive")
    return GlossaryEntry(
        id=data["id"], kind=data["kind"], term=_safe(data[source_lang].strip(), fail, source_lang),
        renderings=renderings, variants=tuple(_safe(v, fail, "variants") for v in _strings(data.get("variants", []), fail, "variants")),
        forbidden=_per_language(data, "forbidden", fail, source_lang, languages),
        also=_per_language(data, "also", fail, source_lang, languages),
        note=note.strip(), case_sensitive=case_sensitive, source_lang=source_lang, path=path, line=line,
    )


def _safe(text: str, fail, key: str) -> str:
    if UNSAFE_TEXT.search(text):
        raise fail(f"{key}: {text!r} holds HTML or link syntax; a term is plain text", key)
    return text


def _per_language(data: dict, name: str, fail, source_lang: str, languages: tuple[str, ...]) -> dict:
    value = data.get(name) or {}
    if not isinstance(value, dict):
        raise fail(f"{name} must map a target language to a list of renderings", name)
    result = {}
    for lang, items in value.items():
        if not (isinstance(lang, str) and LANGUAGE_KEY.match(lang)) or lang == source_lang or (
                languages and lang not in languages):
            raise fail(f"{name}: unknown target language {lang!r}", name)
        result[lang] = tuple(_safe(v, fail, name) for v in _strings(items, fail, name))
    return result


def _construct(node: yaml.Node):
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def _strings(value, fail, key: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise fail(f"{key} must be a list of non-empty texts", key)
    return [v.strip() for v in value]


def validate_entries(entries: Iterable[GlossaryEntry]) -> tuple[GlossaryEntry, ...]:
    """Check that ids and matched source forms are unique across entries.

    Forms are compared after normalisation, so ``Uỷ ban`` and ``Ủy ban`` in
    two entries clash.  The error names the later entry and the earlier one.
    """
    entries = tuple(entries)
    ids: dict[str, GlossaryEntry] = {}
    forms: dict[str, tuple[GlossaryEntry, str]] = {}
    for entry in entries:
        if entry.id in ids:
            first = ids[entry.id]
            raise GlossaryError(f"duplicate id {entry.id!r} (first at {_where(first)})", entry.path, entry.line)
        ids[entry.id] = entry
        for form in entry.sources:
            key = normalize(form)
            if not key:
                raise GlossaryError(f"entry {entry.id!r}: {form!r} has no letters to match", entry.path, entry.line)
            seen = forms.get(key)
            if seen and seen[0] is not entry:
                other, other_form = seen
                raise GlossaryError(
                    f"entry {entry.id!r}: source term {form!r} duplicates {other_form!r} "
                    f"of entry {other.id!r} ({_where(other)})",
                    entry.path,
                    entry.line,
                )
            forms[key] = (entry, form)
    return entries


def _where(entry: GlossaryEntry) -> str:
    return f"{entry.path}:{entry.line}" if entry.path else f"line {entry.line}"


def dump_glossary(entries: Iterable[GlossaryEntry], languages: tuple[str, ...] = ()) -> str:
    """The YAML text of a glossary, in the canonical layout (one key a line)."""
    out = [HEADER]
    for entry in entries:
        first = True
        for key, value in entry.content(languages).items():
            prefix = "- " if first else "  "
            first = False
            if key in ("forbidden", "also"):
                out.append(f"{prefix}{key}:\n")
                for lang, values in value.items():
                    out.append(f"    {lang}: {_flow(values)}\n")
            elif isinstance(value, list):
                out.append(f"{prefix}{key}: {_flow(value)}\n")
            else:
                out.append(f"{prefix}{key}: {yaml_scalar(value)}\n")
    return "".join(out)


def yaml_scalar(value: str) -> str:
    text = yaml.safe_dump(value, allow_unicode=True, width=10**6, default_flow_style=True)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def _flow(values: list[str]) -> str:
    return yaml.safe_dump(values, allow_unicode=True, width=10**6, default_flow_style=True).strip()


def write_glossary(entries: Iterable[GlossaryEntry], path: str | Path, languages: tuple[str, ...] = ()) -> None:
    """Write entries to a glossary file atomically."""
    write_text_atomic(Path(path), dump_glossary(entries, languages))
