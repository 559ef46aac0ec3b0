"""Review states of a translated page and the events that move between them.

A translated page ``docs/<lang>/X.md`` is in exactly one state, in workflow
order (:class:`ReviewState` compares by it)::

    missing < machine < needs-review < stale < reviewed

The transitions are an explicit table (:data:`TRANSITIONS`); an event with no
entry for the current state is refused with :class:`ReviewError`.  The
translate event is absent from every state a person has touched
(needs-review, stale, reviewed): machine translation never overwrites them.

=============  ===========  ============  ============  ===========  =============
state          translate    edit          violation     approve      source-change
=============  ===========  ============  ============  ===========  =============
missing        machine      needs-review  --            --           missing
machine        machine      needs-review  needs-review  reviewed     machine
needs-review   --           needs-review  needs-review  reviewed     needs-review
stale          --           needs-review  --            reviewed     stale
reviewed       --           needs-review  --            reviewed     stale
=============  ===========  ============  ============  ===========  =============
"""

from __future__ import annotations

import enum
import functools

from portal.errors import PortalError


class ReviewError(PortalError):
    """A review action is not possible (forbidden transition, misaligned page, violations)."""


@functools.total_ordering
class ReviewState(enum.Enum):
    """The review state of one translated page, ordered along the workflow."""

    MISSING = "missing"
    """No target page: readers see the Vietnamese original."""
    MACHINE = "machine"
    """An untouched machine draft (its text still matches ``output_hash``)."""
    NEEDS_REVIEW = "needs-review"
    """A person must look: status needs-review, an edited draft, a draft with
    glossary violations, or a hand-written page never approved."""
    STALE = "stale"
    """Approved, but the Vietnamese source changed since: re-check the changed blocks."""
    REVIEWED = "reviewed"
    """Approved for the current Vietnamese source."""

    @property
    def rank(self) -> int:
        return _ORDER.index(self)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, ReviewState):
            return NotImplemented
        return self.rank < other.rank

    def __str__(self) -> str:
        return self.value


_ORDER = list(ReviewState)


class ReviewEvent(enum.Enum):
    """Something that happens to a translated page."""

    TRANSLATE = "translate"
    """The machine writes a draft."""
    EDIT = "edit"
    """A person changes the page's text."""
    VIOLATION = "violation"
    """The glossary check finds a term not rendered as approved."""
    APPROVE = "approve"
    """A translator approves the page for the current source."""
    SOURCE_CHANGE = "source-change"
    """The Vietnamese source page changes."""

    def __str__(self) -> str:
        return self.value


S, E = ReviewState, ReviewEvent
TRANSITIONS: dict[ReviewState, dict[ReviewEvent, ReviewState]] = {
    S.MISSING: {E.TRANSLATE: S.MACHINE, E.EDIT: S.NEEDS_REVIEW, E.SOURCE_CHANGE: S.MISSING},
    S.MACHINE: {
        E.TRANSLATE: S.MACHINE, E.EDIT: S.NEEDS_REVIEW, E.VIOLATION: S.NEEDS_REVIEW,
        E.APPROVE: S.REVIEWED, E.SOURCE_CHANGE: S.MACHINE,
    },
    S.NEEDS_REVIEW: {
        E.EDIT: S.NEEDS_REVIEW, E.VIOLATION: S.NEEDS_REVIEW, E.APPROVE: S.REVIEWED,
        E.SOURCE_CHANGE: S.NEEDS_REVIEW,
    },
    S.STALE: {E.EDIT: S.NEEDS_REVIEW, E.APPROVE: S.REVIEWED, E.SOURCE_CHANGE: S.STALE},
    S.REVIEWED: {E.EDIT: S.NEEDS_REVIEW, E.APPROVE: S.REVIEWED, E.SOURCE_CHANGE: S.STALE},
}
"""state -> event -> next state; a missing entry is a forbidden transition."""
del S, E

_WHY = {
    ReviewEvent.TRANSLATE: "machine translation never overwrites a page a person edited or approved",
    ReviewEvent.APPROVE: "there is no translated page to approve",
    ReviewEvent.VIOLATION: "an approved page cannot take a glossary violation; approval refuses one",
}


def apply_event(state: ReviewState, event: ReviewEvent | str, where: str | None = None) -> ReviewState:
    """The state after ``event``; raises :class:`ReviewError` on a forbidden transition."""
    event = ReviewEvent(event)
    try:
        return TRANSITIONS[state][event]
    except KeyError:
        why = _WHY.get(event, "not allowed")
        raise ReviewError(f"cannot {event} a page in state {state}: {why}", where) from None
