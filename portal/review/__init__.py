"""Review: translators turn machine drafts into approved pages.

- :mod:`~portal.review.state`: the ordered review states and their transition table;
- :mod:`~portal.review.pages`: the state of each page, computed from the files;
- :mod:`~portal.review.approve`: approving pages (front matter + approval records);
- :mod:`~portal.review.records`: ``glossary/reviews/<lang>.jsonl`` and its TMX export;
- :mod:`~portal.review.diff`: which source blocks changed since approval;
- :mod:`~portal.review.xliff`: exchange with CAT tools as XLIFF 1.2;
- :mod:`~portal.review.report`: the static HTML review report.

Nothing here ever rewrites an approved translation's text on its own: a
stale page keeps the translator's words until a person changes them.
Import the modules themselves (``from portal.review.approve import approve``):
this package imports nothing, so the page model can use the review states.
"""
