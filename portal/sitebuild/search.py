"""Search in the reader's language, Vietnamese without diacritics.

Material builds one search index, and static-i18n merges every language into
it, so an English reader's query returns Vietnamese and Chinese pages too.
After the build the merged index is split into one index per language, each
in that language's folder (``search/``, ``en/search/``, ``zh/search/``) with
locations relative to the language root; every page's ``__config`` then
points Material's ``base`` at its language root, so the search worker loads
the right index and resolves result links against it.

Readers of Vietnamese often type without diacritics ("Ha Noi" for "Hà
Nội") and lunr has no folding, so the Vietnamese index gets one more field,
``folded``, holding the words of the title and text with the marks removed
(each word once); a query typed with marks still matches the original text.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from pathlib import Path

from portal.fileio import write_text_atomic
from portal.languages import Languages

CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
TAG = re.compile(r"<[^>]+>")
FOLDED_FIELD = "folded"
FOLDED_BOOST = 0.5  # below the original text: an exact, accented match ranks first


def fold_vietnamese(text: str) -> str:
    """Vietnamese without tone and vowel marks: 'Hà Nội, Đông Anh' -> 'Ha Noi, Dong Anh'."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def doc_language(location: str, prefixed_langs: list[str], root_lang: str) -> tuple[str, str]:
    """The language of an index entry and its location relative to that language's root."""
    for lang in prefixed_langs:
        if location == lang or location.startswith(f"{lang}/"):
            return lang, location[len(lang) + 1 :]
    return root_lang, location


def split_index(index: dict, root_lang: str, prefixed_langs: list[str]) -> dict[str, dict]:
    """One search index per language from Material's merged index.

    A section of a page not yet translated is the Vietnamese text itself on
    the other sites; it stays out of their indexes (the page's own entry,
    with its notice and card in the reader's language, stays in).
    """
    split = {
        lang: {"config": {**index["config"], "lang": [lang]}, "docs": []}
        for lang in [root_lang, *prefixed_langs]
    }
    for doc in index["docs"]:
        lang, location = doc_language(doc["location"], prefixed_langs, root_lang)
        split[lang]["docs"].append({**doc, "location": location})
    # A dictionary lookup: static-i18n's own clean-up compares every entry
    # with every other one and dominates the build time of large portals.
    root_entries = {(doc["location"], doc["title"], doc["text"]) for doc in split[root_lang]["docs"]}
    for lang in prefixed_langs:
        split[lang]["docs"] = [
            doc for doc in split[lang]["docs"] if (doc["location"], doc["title"], doc["text"]) not in root_entries
        ]
    return split


def add_folded_field(index: dict) -> dict:
    """Index Vietnamese a second time without diacritics, in its own field."""
    fields = {**index["config"].get("fields", {}), FOLDED_FIELD: {"boost": FOLDED_BOOST}}
    docs = []
    for doc in index["docs"]:
        plain = html.unescape(TAG.sub(" ", f"{doc.get('title', '')} {doc.get('text', '')}"))
        # Each word once: lunr matches words, and a set keeps the index small.
        words = dict.fromkeys(fold_vietnamese(plain).split())
        docs.append({**doc, FOLDED_FIELD: " ".join(words)})
    return {"config": {**index["config"], "fields": fields}, "docs": docs}


def write_language_indexes(site_dir: Path, root_lang: str, prefixed_langs: list[str],
                           languages: Languages) -> dict[str, int]:
    """Split ``site_dir/search/search_index.json``; returns the size in bytes of each index.

    A language whose data file sets ``search: {fold_diacritics: true}`` gets the folded field.
    """
    merged_path = site_dir / "search" / "search_index.json"
    if not merged_path.is_file():
        return {}
    merged = json.loads(merged_path.read_text(encoding="utf-8"))
    sizes = {}
    for lang, index in split_index(merged, root_lang, prefixed_langs).items():
        if lang in languages and languages[lang].search.get("fold_diacritics"):
            index = add_folded_field(index)
        folder = site_dir / "search" if lang == root_lang else site_dir / lang / "search"
        text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
        write_text_atomic(folder / "search_index.json", text)
        sizes[lang] = len(text.encode("utf-8"))
    return sizes


def scope_search_to_language(page_html: str, lang_root: str) -> str:
    """Point Material's ``base`` at the page's language root (a path relative to the page)."""

    def rebase(match: re.Match) -> str:
        config = json.loads(match[2])
        config["base"] = lang_root.rstrip("/") + "/"
        return match[1] + json.dumps(config) + match[3]

    return CONFIG_SCRIPT.sub(rebase, page_html, count=1)
