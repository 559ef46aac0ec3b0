"""The YAML front matter at the top of a page.

One parser for every stage, so the importer, the translator, the glossary
check and the site build agree on where a page's metadata ends.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from portal.errors import PortalError

# Used with .match (anchored); the lazy optional group makes "---\n---\n" an empty front matter,
# not the start of one that runs to the next thematic break.
FRONT_MATTER = re.compile(r"---[ \t]*\n(.*?\n)??---[ \t]*(?:\n|\Z)", re.S)
OPENING = re.compile(r"---[ \t]*\n")
# libyaml's parser where PyYAML was built with it: a run reads every page's front matter several
# times, and the pure-Python parser was half of what a run spends outside the model.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FrontMatterError(PortalError):
    """The front matter is not a YAML mapping."""


def split_front_matter(text: str, path: Path | None = None) -> tuple[dict, int]:
    """The front matter as a mapping, and the offset where the body starts.

    A page without front matter gives ``({}, 0)``.  Malformed YAML raises
    :class:`FrontMatterError` with the line in the page.
    """
    bom = 1 if text.startswith("\ufeff") else 0  # editors on Windows save one
    match = FRONT_MATTER.match(text, bom)
    if not match:
        if OPENING.match(text, bom):
            # Otherwise the YAML would be published, and translated, as body text.
            raise FrontMatterError("front matter opened here is never closed by a --- line", path, 1)
        return {}, 0
    try:
        data = yaml.load(match.group(1) or "", Loader=LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        # Where the unfinished construct began ("[unclosed") beats where the parser gave up.
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for the opening ---
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise FrontMatterError(f"malformed front matter: {problem}", path, line) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError("malformed front matter: not a mapping", path, 2)
    return data, match.end()
