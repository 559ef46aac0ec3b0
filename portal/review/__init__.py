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
"""

from portal.review.approve import approve
from portal.review.diff import BlockChange, PageDiff, diff
from portal.review.pages import PageReview, page_review, page_reviews, review_targets
from portal.review.records import BlockPair, ReviewRecord, load_records, write_records
from portal.review.state import (
    TRANSITIONS,
    ReviewError,
    ReviewEvent,
    ReviewState,
    apply_event,
)

__all__ = [
    "TRANSITIONS", "BlockChange", "BlockPair", "PageDiff", "PageReview", "ReviewError", "ReviewEvent",
    "ReviewRecord", "ReviewState", "apply_event", "approve", "diff", "load_records", "page_review",
    "page_reviews", "review_targets", "write_records",
]
