"""The portal's languages: which there are, and how each is written.

``mkdocs.yml`` is the one source of truth for *which* languages a portal
has: the ``languages`` of its ``i18n`` plugin entry, the one marked
``default: true`` being the source language (Vietnamese here), every other
entry with ``build: true`` a target.  *How* a language is written comes from
its data file, ``<code>.yml`` in the project's ``languages/`` folder or, for
the languages the portal ships, in this package's ``languages/`` folder (a
project file wins, key by key):

``spaces_between_words``
    ``false`` for scripts written without spaces (Chinese, Japanese): no
    space is put between pieces joined in a sentence, terms are found in a
    translation without word boundaries, search segments words itself.
``dates.long``
    A CLDR date pattern (babel) for dates shown to readers.
``term_endings``
    How the last word of a glossary rendering may change in running text
    (``[y, ies]``: Embassy, Embassies); the check accepts those forms.
``collation``
    How lists in the language are sorted for its readers: ``alphabetical``
    (the default: letters without their accents, then with them),
    ``vietnamese`` (base letters, đ after d, then tone marks) or ``pinyin``
    (Chinese by the pinyin of each character, with tones: pypinyin; Latin
    letters sort among the syllables as written).
``language_names``
    Optional names of the portal's languages in this language; the CLDR
    names (babel) otherwise.
``labels``
    Every word of the pages the portal generates.  A label may have plural
    forms: ``{"=1": ..., one: ..., other: ...}`` chosen by the CLDR plural
    rules of the language; ``{count}`` and other ``{name}`` fields are
    filled in.

Adding a language is therefore configuration and content only: its entry in
``mkdocs.yml``, its data file, its glossary terms, and a model.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.lists import format_list

from portal.errors import PortalError

BUILTIN_DIR = Path(__file__).with_name("languages")
PROJECT_DIR = "languages"
"""The project's own language data files, beside mkdocs.yml."""
REQUIRED_LABELS_FROM = "en"
"""Every language file must have every label this built-in file has."""


class LanguageError(PortalError):
    """The portal's languages are misconfigured."""


@dataclass(frozen=True, slots=True)
class Language:
    """One language of the portal and how it is written."""

    code: str
    """The language code of mkdocs.yml and the docs/<code>/ folder."""
    name: str
    """Its name in itself, as the language menu shows it."""
    spaces_between_words: bool = True
    date_pattern: str = "d MMMM y"
    labels: Mapping[str, object] = field(default_factory=dict)
    language_names: Mapping[str, str] = field(default_factory=dict)
    term_endings: tuple[tuple[str, str], ...] = ()
    search: Mapping[str, object] = field(default_factory=dict)
    """Search settings of the language (``fold_diacritics``...)."""
    collation: str = "alphabetical"
    """How the language's readers expect a list sorted (:meth:`sort_key`)."""

    @property
    def word_separator(self) -> str:
        """What goes between two pieces of text joined into one sentence."""
        return " " if self.spaces_between_words else ""

    def fold(self, text: str) -> str:
        """Text as the glossary check compares it: spaced scripts ignore case and apostrophe style."""
        if not self.spaces_between_words:
            return text
        return text.replace("\u2019", "'").replace("\u2018", "'").casefold()

    def term_forms(self, rendering: str) -> tuple[str, ...]:
        """``rendering`` and the forms :attr:`term_endings` give its last word."""
        forms = [rendering]
        if rendering[-1:].isalpha():
            for ending, becomes in self.term_endings:
                if rendering.endswith(ending) and len(rendering) > len(ending):
                    form = rendering[: len(rendering) - len(ending)] + becomes
                    if form not in forms:
                        forms.append(form)
        return tuple(forms)

    def label(self, key: str, **values) -> str:
        """The label ``key``, with plural forms chosen by ``count`` and ``{fields}`` filled in."""
        try:
            text = self.labels[key]
        except KeyError:
            raise LanguageError(f"language {self.code!r} has no label {key!r}") from None
        if isinstance(text, Mapping):
            text = self._plural(text, values.get("count", 0))
        return str(text).format(**values) if values else str(text)

    def _plural(self, forms: Mapping, count: int) -> str:
        exact = forms.get(f"={count}")
        if exact is not None:
            return exact
        category = Locale.parse(self.code).plural_form(count)
        return forms.get(category, forms.get("other", ""))

    def sort_key(self, text: str) -> tuple[str, str]:
        """Where ``text`` goes in a list sorted for this language's readers."""
        folded = " ".join(text.split()).casefold()
        if self.collation == "pinyin":
            return (_pinyin(folded), folded)
        if self.collation == "vietnamese":
            folded = folded.replace("đ", "d\uffff")
        base = "".join(c for c in unicodedata.normalize("NFD", folded) if not unicodedata.combining(c))
        return (base, folded)

    def format_date(self, date: dt.date | None) -> str:
        """A date as readers of this language write it (``undated`` label when None)."""
        if date is None:
            return self.label("undated")
        return format_date(date, self.date_pattern, locale=self.code)

    def language_name(self, code: str) -> str:
        """The name of language ``code`` in this language."""
        if code in self.language_names:
            return self.language_names[code]
        try:
            return Locale.parse(self.code).languages.get(code) or code
        except (UnknownLocaleError, ValueError):
            return code

    def list_text(self, items: list[str]) -> str:
        """``a, b and c`` in this language."""
        return format_list(items, locale=self.code)


@dataclass(frozen=True, slots=True)
class Languages:
    """The source language and the target languages of a portal, in mkdocs.yml's order."""

    source: Language
    targets: tuple[Language, ...]
    pivot: str = "en"
    """The language a pair without a direct model is translated through."""

    def __iter__(self) -> Iterator[Language]:
        return iter((self.source, *self.targets))

    def __contains__(self, code: object) -> bool:
        return any(language.code == code for language in self)

    def __getitem__(self, code: str) -> Language:
        for language in self:
            if language.code == code:
                return language
        raise LanguageError(f"unknown language {code!r}; the portal has {', '.join(self.codes)}")

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(language.code for language in self)

    @property
    def target_codes(self) -> tuple[str, ...]:
        return tuple(language.code for language in self.targets)

    def target(self, code: str) -> Language:
        """A target language, or a clear error naming the ones there are."""
        if code not in self.target_codes:
            raise LanguageError(
                f"unknown target language {code!r}; the portal translates to {', '.join(self.target_codes)}"
            )
        return self[code]


COLLATIONS = ("alphabetical", "vietnamese", "pinyin")


def _pinyin(text: str) -> str:
    """Chinese characters as numbered-tone pinyin syllables (pypinyin, loaded on first use)."""
    from pypinyin import Style, lazy_pinyin

    return " ".join(lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True))


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as data: ``!ENV`` gives the variable or its default, Python tags give None."""


def _env(loader: yaml.SafeLoader, node: yaml.Node):
    values = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    for name in values[:-1] if len(values) > 1 else values:
        if str(name) in os.environ:
            return os.environ[str(name)]
    return values[-1] if len(values) > 1 else None


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_mkdocs_config(root: Path) -> dict:
    """``mkdocs.yml`` of the project at ``root`` as plain data (for the pipeline, not for MkDocs)."""
    path = Path(root) / "mkdocs.yml"
    data = _yaml_file(path, _ConfigLoader)
    if not isinstance(data, dict):
        raise LanguageError("not a mapping of settings", path, 1)
    return data


def _yaml_file(path: Path, loader=yaml.SafeLoader):
    """A YAML file's data; errors name the file and line."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - SafeLoader and subclass
    except OSError as error:
        raise LanguageError(f"cannot read: {error.strerror}", path) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise LanguageError(f"malformed YAML: {getattr(error, 'problem', error)}", path,
                            mark.line + 1 if mark else None) from None


def _i18n_languages(config: dict, path: Path) -> list[dict]:
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            languages = (plugin["i18n"] or {}).get("languages")
            if isinstance(languages, list) and languages:
                return languages
    raise LanguageError("plugins: the i18n plugin must list the portal's languages", path)


def _data_file(code: str, root: Path) -> dict:
    """The language's data: the built-in file, then the project's, key by key."""
    data: dict = {}
    for folder in (BUILTIN_DIR, Path(root) / PROJECT_DIR):
        path = folder / f"{code}.yml"
        if not path.is_file():
            continue
        loaded = _yaml_file(path) or {}
        if not isinstance(loaded, dict):
            raise LanguageError("a language file is a mapping (spaces_between_words, dates, labels)", path, 1)
        for key, value in loaded.items():
            if isinstance(value, dict) and isinstance(data.get(key), dict):
                data[key] = {**data[key], **value}
            else:
                data[key] = value
        data.setdefault("_files", []).append(path)
    if not data:
        raise LanguageError(
            f"no data file for language {code!r}: write its labels in {PROJECT_DIR}/{code}.yml "
            f"(copy {BUILTIN_DIR / 'en.yml'} and translate it)", Path(root) / "mkdocs.yml")
    return data


def _language(entry: dict, root: Path, required: set[str]) -> Language:
    code = str(entry.get("locale") or "")
    data = _data_file(code, root)
    labels = data.get("labels") or {}
    missing = sorted(required - set(labels))
    if missing:
        raise LanguageError(f"language {code!r} lacks the labels {', '.join(missing)}", data["_files"][-1])
    collation = str(data.get("collation") or "alphabetical")
    if collation not in COLLATIONS:
        raise LanguageError(f"collation is {collation!r}; expected one of {', '.join(COLLATIONS)}", data["_files"][-1])
    return Language(
        code=code,
        collation=collation,
        name=str(entry.get("name") or data.get("name") or code),
        spaces_between_words=bool(data.get("spaces_between_words", True)),
        date_pattern=str((data.get("dates") or {}).get("long") or "d MMMM y"),
        labels=dict(labels),
        language_names=dict(data.get("language_names") or {}),
        term_endings=tuple(tuple(pair) for pair in data.get("term_endings") or ()),
        search=dict(data.get("search") or {}),
    )


@functools.lru_cache(maxsize=8)
def _load(root: str, mtime_ns: int) -> Languages:
    path = Path(root) / "mkdocs.yml"
    config = read_mkdocs_config(Path(root))
    entries = _i18n_languages(config, path)
    required = set((_yaml_file(BUILTIN_DIR / f"{REQUIRED_LABELS_FROM}.yml") or {}).get("labels") or {})
    defaults = [e for e in entries if isinstance(e, dict) and e.get("default")]
    if len(defaults) != 1:
        raise LanguageError("plugins: i18n: exactly one language must be `default: true` (the source)", path)
    source = _language(defaults[0], Path(root), required)
    targets = tuple(
        _language(entry, Path(root), required)
        for entry in entries
        if isinstance(entry, dict) and entry is not defaults[0] and entry.get("build", True) is not False
        and entry.get("locale") not in ("default", source.code)
    )
    extra = ((config.get("extra") or {}).get("portal") or {}) if isinstance(config.get("extra"), dict) else {}
    pivot = str(extra.get("pivot_language") or "en")
    return Languages(source, targets, pivot)


def load_languages(root: Path) -> Languages:
    """The languages of the project at ``root`` (read again whenever mkdocs.yml changes)."""
    path = Path(root) / "mkdocs.yml"
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as error:
        raise LanguageError(f"cannot read: {error.strerror}", path) from None
    return _load(str(Path(root).resolve()), mtime)
