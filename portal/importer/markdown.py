"""Imported text made into Markdown that can carry nothing active.

Trust model: an imported document is untrusted (it came by mail from
anyone); only the importer's own markup reaches the page as Markdown.  So
every piece of document text is escaped where it enters the page:

* ``\\`` is doubled first, so no escape of ours can be undone;
* ``<`` becomes ``&lt;``: no raw HTML, no comments, no ``<javascript:…>``
  autolinks;
* ``[`` and ``]`` are escaped: no links or images of any scheme
  (``javascript:``, ``data:``, ``vbscript:``), no footnote references,
  reference definitions, abbreviations or task boxes;
* ``{`` and ``}`` are escaped: no ``{: onclick=…}`` attribute lists;
* ``*`` is escaped: emphasis comes only from the document's own formatting
  (:data:`portal.importer.model.INLINE` marks, turned into ``*``/``**``
  here, after escaping);
* a line-leading ``#`` or ``>`` is escaped (no heading or quote by accident).

Front matter values are data (the site build escapes them); the importer
still writes them as plain text: :func:`data_text` drops tags and the
content of ``<script>``/``<style>``.
"""

from __future__ import annotations

import re

from portal.importer.model import FOOTNOTE_REF, INLINE

_SPECIAL = re.compile(r"([\\\[\]{}*])")
_MARK_RUN = re.compile("([\ue010\ue012])\\s*(.*?)\\s*([\ue011\ue013])")
_ACTIVE_CONTENT = re.compile(r"<(script|style|iframe|object|template|noscript)\b.*?(</\1\s*>|$)", re.I | re.S)
_TAG = re.compile(r"</?[A-Za-z!][^>]*>?")


def escape_specials(text: str) -> str:
    """Backslash-escape the characters that start Markdown constructs (``\\ [ ] { } *``)."""
    return _SPECIAL.sub(r"\\\1", text)


def escape_text(text: str) -> str:
    """Document text as inert Markdown inline text (see the module docstring)."""
    text = escape_specials(text).replace("<", "&lt;")
    text = _MARK_RUN.sub(lambda m: f"{INLINE[m[1]]}{m[2]}{INLINE[m[3]]}" if m[2] else "", text)
    text = re.sub("[\ue010-\ue013]", "", text)  # an unpaired mark
    return FOOTNOTE_REF.sub(r"[^\1]", text)


def escape_line(text: str) -> str:
    """:func:`escape_text` for a whole block's text, which must not start a heading or quote."""
    return re.sub(r"^([#>])", r"\\\1", escape_text(text))


def data_text(text: str) -> str:
    """A front matter value: plain text, tags and active content removed."""
    text = _TAG.sub("", _ACTIVE_CONTENT.sub("", text))
    text = re.sub("[\ue010-\ue013]", "", FOOTNOTE_REF.sub("", text))
    return re.sub(r"\s+", " ", text).strip()
