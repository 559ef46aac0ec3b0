"""The terminology glossary: enforced during translation, checked on pages,
exchanged with CAT tools (TBX, CSV) and published as a page of the site.

The translation engine calls :meth:`Glossary.find` and protects each
:class:`TermSpan` so the approved rendering appears whatever the model does.
"""

from portal.glossary.load import load_glossary, project_glossary, write_glossary
from portal.glossary.model import (
    KINDS,
    Glossary,
    GlossaryEntry,
    GlossaryError,
    TermSpan,
)

__all__ = [
    "KINDS",
    "Glossary",
    "GlossaryEntry",
    "GlossaryError",
    "TermSpan",
    "load_glossary",
    "project_glossary",
    "write_glossary",
]
