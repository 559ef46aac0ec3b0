"""The glossary page of the site: ``docs/<lang>/glossary/index.md``.

One page per language of the portal, each with a heading, a short
introduction, a filter box and one table per kind, headed in that page's
language (the labels of :mod:`portal.languages`).  Rules:

- The reader's language comes first: its column leads each table and the
  entries are sorted by it, as its readers sort (``Language.sort_key``:
  Vietnamese order, English alphabetically, Chinese by pinyin); an entry
  with no rendering in that language sorts last, by its source term.
- Every entry is a table row with a stable anchor, ``#term-<entry id>``, the
  same in every language, and a link to itself.
- The tables are HTML written here (the row anchors, each cell's language
  and its column's name for the phone layout cannot be said in a markdown
  table); every value is escaped, so glossary text never becomes markup.
- The filter box (``data-portal-filter``) is hidden until the site's script
  makes it work; its count is worded by the language's plural labels.

The pages are generated from ``glossary/terms.yaml`` and written atomically;
their front matter keeps the title and description of the site's page and
marks them ``origin: generated`` (the glossary check skips them) and
``status: reviewed`` (the translation engine never overwrites them).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path

from portal.fileio import write_text_atomic
from portal.glossary.load import yaml_scalar
from portal.glossary.model import KINDS, Glossary, GlossaryEntry
from portal.glossary.normalize import normalize
from portal.languages import Language, Languages

ANCHOR_PREFIX = "term-"


def _cell(text: str) -> str:
    """Glossary text in a table cell: one line, escaped (terms hold no markup, notes might)."""
    return html.escape(" ".join(text.split()), quote=False)


def _attr(text: str) -> str:
    return html.escape(" ".join(str(text).split()), quote=True)


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


def column_order(language: Language, languages: Languages) -> list[str]:
    """The reader's language first, then the others in the portal's order."""
    return [language.code] + [code for code in languages.codes if code != language.code]


def sort_entries(entries, language: Language) -> list[GlossaryEntry]:
    """Entries as the reader's language sorts them; those without a rendering in it last."""
    def key(entry: GlossaryEntry):
        shown = entry.target(language.code)
        return (0, language.sort_key(shown)) if shown else (1, language.sort_key(entry.term))
    return sorted(entries, key=key)


def _source_cell(entry: GlossaryEntry) -> str:
    shown = [v for v in entry.variants if normalize(v) != normalize(entry.term)]  # not QUYẾT ĐỊNH
    return entry.term + (f" ({', '.join(shown)})" if shown else "")


def filter_box(language: Language) -> str:
    """The filter's label, input and spoken count (hidden until the site's script runs)."""
    forms = language.labels.get("glossary_filter_count")
    forms = forms if isinstance(forms, Mapping) else {"other": forms}
    counts = "".join(f' data-count-{_attr(form)}="{_attr(text)}"' for form, text in forms.items()
                     if not str(form).startswith("="))
    return (
        '<div class="portal-filter" data-portal-filter hidden>\n'
        f'<label class="portal-filter__label" for="glossary-filter">{_cell(language.label("glossary_filter"))}</label>\n'
        '<input class="portal-filter__input" id="glossary-filter" type="search" autocomplete="off" '
        'spellcheck="false" aria-describedby="glossary-filter-status">\n'
        f'<p class="portal-filter__status" id="glossary-filter-status" role="status" aria-live="polite"{counts} '
        f'data-none="{_attr(language.label("glossary_no_match"))}"></p>\n'
        "</div>\n"
    )


def entry_table(entries: list[GlossaryEntry], language: Language, languages: Languages) -> str:
    """One kind's entries as an HTML table, the reader's language first."""
    codes = column_order(language, languages)
    names = [_heading(language.language_name(code)) for code in codes] + [language.label("glossary_note")]
    link_label = language.label("glossary_entry_link")
    out = ["<table data-portal-glossary data-portal-cards>",
           "<thead><tr>" + "".join(f'<th scope="col">{_cell(name)}</th>' for name in names) + "</tr></thead>",
           "<tbody>"]
    for entry in sort_entries(entries, language):
        anchor = f"{ANCHOR_PREFIX}{entry.id}"
        cells = []
        for position, code in enumerate(codes):
            text = _source_cell(entry) if code == languages.source.code else entry.target(code)
            value = _cell(text)
            if position == 0:
                value += (f' <a class="portal-term-link" href="#{_attr(anchor)}" '
                          f'aria-label="{_attr(link_label)}: {_attr(text)}" title="{_attr(link_label)}">#</a>')
            cells.append(f'<td lang="{_attr(code)}" data-label="{_attr(names[position])}">{value}</td>')
        cells.append(f'<td data-label="{_attr(names[-1])}">{_cell(entry.note)}</td>')
        out.append(f'<tr id="{_attr(anchor)}">' + "".join(cells) + "</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out) + "\n"


def render_page(glossary: Glossary, language: Language, languages: Languages) -> str:
    """The Markdown of the glossary page in ``language``."""
    intro = language.label("glossary_intro", languages=_language_list(language, languages))
    out = [front_matter(language, languages, glossary.version), f"# {language.label('glossary_title')}\n\n",
           intro, "\n\n", filter_box(language)]
    for kind in KINDS:
        entries = [e for e in glossary.entries if e.kind == kind]
        if not entries:
            continue
        out.append(f"\n## {language.label('kind_' + kind)}\n\n")
        out.append(entry_table(entries, language, languages))
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
