"""The publish gate: which translated pages may be released.

The foreign-information plans ask that only approved content is released.
In ``reviewed`` mode (``portal build --reviewed-only``) a translated page is
published only when its front matter says a translator approved it
(``translation.status: reviewed``); every other translation is left out of
the site, and readers of that language get the Vietnamese original with a
notice instead.
"""

from __future__ import annotations

from pathlib import Path

from portal.frontmatter import split_front_matter
from portal.project import SOURCE_LANG

PUBLISH_ALL = "all"
PUBLISH_REVIEWED = "reviewed"
PUBLISH_MODES = (PUBLISH_ALL, PUBLISH_REVIEWED)


def translation_status(meta: dict) -> str:
    """The review state a page's front matter records; a page without one is a draft."""
    block = meta.get("translation")
    return str(block.get("status") or "machine") if isinstance(block, dict) else "machine"


def is_publishable(docs_dir: Path, src_uri: str, mode: str) -> bool:
    """Whether the page at ``docs/<src_uri>`` goes into the site in this mode."""
    if mode == PUBLISH_ALL or not src_uri.endswith(".md"):
        return True
    lang = src_uri.split("/", 1)[0]
    if lang == SOURCE_LANG:
        return True
    path = docs_dir / src_uri
    meta, _ = split_front_matter(path.read_text(encoding="utf-8"), path)
    return translation_status(meta) == "reviewed"
