"""Who publishes the portal: operator, emblem, contact and licence, in each language.

The operator sets these in ``mkdocs.yml`` under ``extra.portal``::

    extra:
      portal:
        emblem: assets/emblem.svg        # a file of docs/; default: the portal's neutral emblem
        operator:
          name: {vi: ..., en: ..., zh: ...}
          address: {vi: ..., en: ..., zh: ...}
          email: contact@example.org
          phone: "+84 ..."
        licence:
          name: CC BY 4.0
          url: https://creativecommons.org/licenses/by/4.0/

Rules:

- A text is one string for every language or a mapping from each of the
  portal's language codes to its text; a language missing from a mapping is
  an error naming the key (``extra.portal.operator.name: no text for 'zh'``).
- ``operator.name`` defaults to the portal's name in each language and every
  other value may be left out (it is then not shown), so a new portal builds
  before its operator has filled them in; the committed portal sets them all
  (its tests say so), as a government site says who answers for it and how
  to reach them.
- The values live here rather than in static-i18n's per-language ``extra``
  override: that override replaces ``extra``'s top-level keys whole (a
  language overriding ``extra.portal`` would repeat all of it, and the
  ``pivot_language`` with it) and updates its saved copy of ``extra`` in place
  from one language to the next (``reconfigure.py``, ``apply_user_overrides``).
- The portal's name in each language (static-i18n's ``site_name`` per
  language) must be the glossary's rendering of the source name when the
  glossary has that name as an entry: :func:`site_name_problems`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from portal.errors import PortalError
from portal.languages import Languages

DEFAULT_EMBLEM = "assets/portal/emblem.svg"
"""The neutral emblem the portal's theme layer ships (not Material's logo)."""
KEY = "extra.portal"


class IdentityError(PortalError):
    """The operator's settings in mkdocs.yml are incomplete or malformed."""


@dataclass(frozen=True, slots=True)
class Identity:
    """The publisher of the portal as readers of one language see it."""

    lang: str
    operator: str
    address: str
    email: str
    phone: str
    emblem: str
    """Path of the emblem in the site (relative to the site root)."""
    licence_name: str
    licence_url: str


def _text(value, key: str, codes: tuple[str, ...]) -> dict[str, str]:
    """One text per language from a string or a mapping of language codes ("" when not given)."""
    if value is None or value == "":
        return dict.fromkeys(codes, "")
    if isinstance(value, Mapping):
        texts = {}
        for code in codes:
            text = value.get(code)
            if not isinstance(text, str) or not text.strip():
                raise IdentityError(f"mkdocs.yml: {key}: no text for {code!r}")
            texts[code] = " ".join(text.split())
        unknown = sorted(set(map(str, value)) - set(codes))
        if unknown:
            raise IdentityError(f"mkdocs.yml: {key}: {', '.join(unknown)} is not a language of the portal "
                                f"({', '.join(codes)})")
        return texts
    if isinstance(value, (str, int, float)):
        return dict.fromkeys(codes, " ".join(str(value).split()))
    raise IdentityError(f"mkdocs.yml: {key} must be a text or a mapping of language codes to texts")


def _section(settings: Mapping, name: str) -> Mapping:
    value = settings.get(name) or {}
    if not isinstance(value, Mapping):
        raise IdentityError(f"mkdocs.yml: {KEY}.{name} must be a mapping")
    return value


def site_identity(extra: Mapping | None, languages: Languages,
                  site_names: Mapping[str, str] | None = None) -> dict[str, Identity]:
    """The identity of the portal in each of its languages, from mkdocs.yml's ``extra``.

    ``site_names`` (each language's name of the portal) is the operator's name
    where mkdocs.yml gives none.
    """
    settings = (extra or {}).get("portal") or {}
    if not isinstance(settings, Mapping):
        raise IdentityError(f"mkdocs.yml: {KEY} must be a mapping")
    codes = languages.codes
    operator = _section(settings, "operator")
    licence = _section(settings, "licence")
    name = _text(operator.get("name"), f"{KEY}.operator.name", codes)
    if not operator.get("name"):
        name = {code: (site_names or {}).get(code, "") for code in codes}
    address = _text(operator.get("address"), f"{KEY}.operator.address", codes)
    email = _text(operator.get("email"), f"{KEY}.operator.email", codes)
    phone = _text(operator.get("phone"), f"{KEY}.operator.phone", codes)
    licence_name = _text(licence.get("name"), f"{KEY}.licence.name", codes)
    licence_url = str(licence.get("url") or "")
    if licence_url and not licence_url.startswith(("https://", "http://")):
        raise IdentityError(f"mkdocs.yml: {KEY}.licence.url must be an http(s) address")
    emblem = str(settings.get("emblem") or DEFAULT_EMBLEM).lstrip("/")
    if ".." in emblem.split("/"):
        raise IdentityError(f"mkdocs.yml: {KEY}.emblem must be a file of the site, not {emblem!r}")
    return {
        code: Identity(code, name[code], address[code], email[code], phone[code], emblem,
                       licence_name[code], licence_url)
        for code in codes
    }


def site_name_problems(site_names: Mapping[str, str], glossary, source_lang: str) -> list[str]:
    """Where a language's site name is not the glossary's rendering of the source name.

    Nothing is checked when the glossary has no entry for the source name as a whole.
    """
    source_name = " ".join(site_names.get(source_lang, "").split())
    if glossary is None or not source_name:
        return []
    problems = []
    for code, name in site_names.items():
        if code == source_lang:
            continue
        whole = [span for span in glossary.find(source_name, code)
                 if span.start == 0 and span.end == len(source_name)]
        if whole and " ".join(name.split()) != whole[0].target:
            problems.append(f"mkdocs.yml: the site name in {code!r} is {name!r}; the glossary names the portal "
                            f"{whole[0].target!r} ({source_name!r})")
    return problems
