"""The publish gate: which translated pages may be released.

The foreign-information plans ask that only approved content is released.
In ``reviewed`` mode (``portal build --reviewed-only``) a translated page is
published only when it is approved against the current source
(:func:`portal.pages.recorded_state` says ``reviewed``); every other
translation, stale ones included, is left out of the site, and readers of
that language get the source original with a notice instead.
"""

from __future__ import annotations

from pathlib import Path

from portal.pages import read_page, recorded_state
from portal.review.state import ReviewState

PUBLISH_ALL = "all"
PUBLISH_REVIEWED = "reviewed"
PUBLISH_MODES = (PUBLISH_ALL, PUBLISH_REVIEWED)


def is_publishable(docs_dir: Path, src_uri: str, mode: str, source_lang: str) -> bool:
    """Whether the page at ``docs/<src_uri>`` goes into the site in this mode."""
    if mode == PUBLISH_ALL or not src_uri.endswith(".md"):
        return True
    lang, rest = src_uri.split("/", 1)
    if lang == source_lang:
        return True
    source = docs_dir / source_lang / rest
    source_hash = read_page(source).sha256 if source.is_file() else ""
    return recorded_state(read_page(docs_dir / src_uri), source_hash) == ReviewState.REVIEWED
