"""The glossary page of the site: ``docs/<lang>/glossary/index.md``.

One page per language of the portal, each with a heading, a short
introduction and one table per kind (a column per language, then the
note), headed in that page's language (the labels of
:mod:`portal.languages`).  The pages are generated from
``glossary/terms.yaml`` and written atomically; their front matter keeps the
title and description of the site's page and marks them ``origin:
generated`` (the glossary check skips them) and ``status: reviewed`` (the
translation engine never overwrites them).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from portal.fileio import write_text_atomic
from portal.glossary.load import yaml_scalar
from portal.glossary.model import KINDS, Glossary, GlossaryEntry
from portal.glossary.normalize import normalize
from portal.languages import Language, Languages

def _sort_key(entry: GlossaryEntry) -> str:
    """Vietnamese alphabetical order, near enough: base letters, đ after d."""
    text = entry.term.casefold().replace("đ", "d\uffff")
    base = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return base + "\0" + text


def _cell(text: str) -> str:
    """Glossary text in a table cell: one line, pipes escaped, no HTML (terms hold none, notes might)."""
    return " ".join(text.split()).replace("<", "&lt;").replace("|", "\\|")


def front_matter(language: Language, languages: Languages, version: str) -> str:
    """Title, description and the ``translation:`` record of a generated page."""
    description = language.label("glossary_description", languages=_language_list(language, languages))
    return (
        f"---\ntitle: {yaml_scalar(language.label('glossary_title'))}\ndescription: {yaml_scalar(description)}\n"
        f"translation:\n  status: reviewed\n  origin: generated\n  glossary_version: {yaml_scalar(version)}\n---\n\n"
    )


def _language_list(language: Language, languages: Languages) -> str:
    return language.list_text([language.language_name(code) for code in languages.codes])


def _heading(name: str) -> str:
    return name[:1].upper() + name[1:]


def render_page(glossary: Glossary, language: Language, languages: Languages) -> str:
    """The Markdown of the glossary page in ``language``."""
    intro = language.label("glossary_intro", languages=_language_list(language, languages))
    out = [front_matter(language, languages, glossary.version), f"# {language.label('glossary_title')}\n\n",
           intro, "\n"]
    columns = [_heading(language.language_name(code)) for code in languages.codes] + [language.label("glossary_note")]
    for kind in KINDS:
        entries = sorted((e for e in glossary.entries if e.kind == kind), key=_sort_key)
        if not entries:
            continue
        out.append(f"\n## {language.label('kind_' + kind)}\n\n")
        out.append("| " + " | ".join(columns) + " |\n")
        out.append("|" + " --- |" * len(columns) + "\n")
        for e in entries:
            shown = [v for v in e.variants if normalize(v) != normalize(e.term)]  # not QUYẾT ĐỊNH
            term = e.term + (f" ({', '.join(shown)})" if shown else "")
            cells = [term] + [e.target(code) for code in languages.target_codes] + [e.note]
            out.append("| " + " | ".join(_cell(c) for c in cells) + " |\n")
    return "".join(out)


def page_path(docs_dir: Path, lang: str) -> Path:
    return docs_dir / lang / "glossary" / "index.md"


def write_pages(glossary: Glossary, docs_dir: Path, languages: Languages) -> list[Path]:
    """Write the glossary page of every language; returns the paths written."""
    written = []
    for language in languages:
        path = page_path(docs_dir, language.code)
        write_text_atomic(path, render_page(glossary, language, languages))
        written.append(path)
    return written
