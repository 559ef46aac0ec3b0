"""The publish gate: which translated pages may be released.

The foreign-information plans ask that only approved content is released.
In ``reviewed`` mode (``portal build --reviewed-only``) a translated page is
published only when its front matter says a translator approved it
(``translation.status: reviewed``) against the current Vietnamese text;
every other translation, stale ones included, is left out of
the site, and readers of that language get the Vietnamese original with a
notice instead.
"""

from __future__ import annotations

from pathlib import Path

from portal.fileio import content_hash
from portal.frontmatter import split_front_matter
from portal.project import SOURCE_LANG

PUBLISH_ALL = "all"
PUBLISH_REVIEWED = "reviewed"
PUBLISH_MODES = (PUBLISH_ALL, PUBLISH_REVIEWED)


def translation_status(meta: dict, source: Path | None = None) -> str:
    """The review state of a translated page: ``human`` when a person wrote it
    and nobody has approved it yet (it has no ``translation:`` record).

    A page approved against an older version of its Vietnamese ``source`` is
    ``stale``: its front matter still says ``reviewed`` (an approved page is
    never rewritten), so the source's hash is compared with the approved one.
    """
    block = meta.get("translation")
    if not isinstance(block, dict):
        return "human"
    status = str(block.get("status") or "machine")
    approved_against = block.get("source_hash")
    if status == "reviewed" and approved_against and source is not None and source.is_file():
        if content_hash(source.read_bytes()) != approved_against:
            return "stale"
    return status


def is_publishable(docs_dir: Path, src_uri: str, mode: str) -> bool:
    """Whether the page at ``docs/<src_uri>`` goes into the site in this mode."""
    if mode == PUBLISH_ALL or not src_uri.endswith(".md"):
        return True
    lang = src_uri.split("/", 1)[0]
    if lang == SOURCE_LANG:
        return True
    path = docs_dir / src_uri
    meta, _ = split_front_matter(path.read_text(encoding="utf-8"), path)
    source = docs_dir / SOURCE_LANG / src_uri.split("/", 1)[1]
    return translation_status(meta, source) == "reviewed"
