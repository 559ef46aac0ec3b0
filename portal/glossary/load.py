"""Reading, validating and writing ``glossary/terms.yaml``.

The file is a YAML list of mappings::

    - id: hanoi-peoples-committee        # required, stable, [a-z0-9-]
      kind: agency                       # required, one of model.KINDS
      vi: Ủy ban nhân dân thành phố Hà Nội   # required
      en: Hanoi People's Committee       # required
      zh: 河内市人民委员会                 # required
      variants: [UBND thành phố Hà Nội]  # optional, other Vietnamese forms
      forbidden:                         # optional, per target language
        en: [People's Committee of Hanoi city]
      note: ...                          # optional
      case_sensitive: true               # optional, match forms only as written

Every problem is a :class:`GlossaryError` naming ``path:line`` of the entry
(or of the offending key), with line numbers taken from YAML node marks.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

import yaml

from portal.fileio import write_text_atomic
from portal.glossary.model import (
    KINDS,
    TARGET_LANGS,
    Glossary,
    GlossaryEntry,
    GlossaryError,
)
from portal.glossary.normalize import normalize

FIELDS = ("id", "kind", "vi", "en", "zh", "variants", "forbidden", "note", "case_sensitive")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")

HEADER = """\
# Terminology glossary of the foreign-information portal.
# Edit here, or exchange with CAT tools: `portal glossary export|import`.
# Each entry: id (stable), kind ({kinds}), vi, en, zh,
# optional variants (other Vietnamese forms: abbreviations, old tone marks),
# forbidden (per language: wrong renderings seen in machine output), note,
# case_sensitive (true: forms match only as written, e.g. Pháp = France).
# `portal glossary page` regenerates docs/*/glossary/index.md from this file.
""".format(kinds=", ".join(KINDS))


def load_glossary(path: str | Path) -> Glossary:
    """Read and validate a glossary file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise GlossaryError(f"cannot read glossary: {error.strerror}", path) from None
    return Glossary(validate_entries(parse_glossary(text, path)), path)


def parse_glossary(text: str, path: Path) -> list[GlossaryEntry]:
    """Entries of a glossary file's text, each checked on its own."""
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
    return [_entry(node, path) for node in root.value]


def _entry(node: yaml.Node, path: Path) -> GlossaryEntry:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        raise GlossaryError("a glossary entry must be a mapping (id:, vi:, en:, zh:, kind:)", path, line)
    data = _construct(node)
    lines = {key.value: key.start_mark.line + 1 for key, _ in node.value if isinstance(key, yaml.ScalarNode)}
    name = data.get("id") or data.get("vi") or "?"

    def fail(message: str, key: str | None = None) -> GlossaryError:
        return GlossaryError(f"entry {name!r}: {message}", path, lines.get(key, line))

    for key in data:
        if key not in FIELDS:
            raise fail(f"unknown field {key!r}; expected {', '.join(FIELDS)}", key)
    for key in ("id", "vi", "en", "zh", "kind"):
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            what = f"{key} target" if key in TARGET_LANGS else key
            raise fail(f"missing {what}")
        if not isinstance(value, str):
            raise fail(f"{key} must be text, not {type(value).__name__}", key)
    if not ID_RE.match(data["id"]):
        raise fail("id must be lower-case ASCII letters, digits and hyphens", "id")
    if data["kind"] not in KINDS:
        raise fail(f"unknown kind {data['kind']!r}; expected one of {', '.join(KINDS)}", "kind")
    variants = _strings(data.get("variants", []), fail, "variants")
    forbidden_data = data.get("forbidden") or {}
    if not isinstance(forbidden_data, dict):
        raise fail("forbidden must map a language (en, zh) to a list of renderings", "forbidden")
    forbidden = {}
    for lang, values in forbidden_data.items():
        if lang not in TARGET_LANGS:
            raise fail(f"forbidden: unknown language {lang!r}; expected en or zh", "forbidden")
        forbidden[lang] = tuple(_strings(values, fail, "forbidden"))
    note = data.get("note") or ""
    if not isinstance(note, str):
        raise fail("note must be text", "note")
    case_sensitive = data.get("case_sensitive", False)
    if not isinstance(case_sensitive, bool):
        raise fail("case_sensitive must be true or false", "case_sensitive")
    return GlossaryEntry(
        id=data["id"], kind=data["kind"], vi=data["vi"].strip(), en=data["en"].strip(),
        zh=data["zh"].strip(), variants=tuple(variants), forbidden=forbidden,
        note=note.strip(), case_sensitive=case_sensitive, path=path, line=line,
    )


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
    """Check that ids and matched Vietnamese forms are unique across entries.

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


def dump_glossary(entries: Iterable[GlossaryEntry]) -> str:
    """The YAML text of a glossary, in the canonical layout (one key a line)."""
    out = [HEADER]
    for entry in entries:
        data = entry.content()
        first = True
        for key, value in data.items():
            prefix = "- " if first else "  "
            first = False
            if key == "forbidden":
                out.append(f"{prefix}forbidden:\n")
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


def write_glossary(entries: Iterable[GlossaryEntry], path: str | Path) -> None:
    """Write entries to a glossary file atomically."""
    write_text_atomic(Path(path), dump_glossary(entries))
