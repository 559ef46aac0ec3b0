"""The review states: order, transition table, and agreement with the translator."""

from __future__ import annotations

import pytest

from portal.review.state import (
    TRANSITIONS,
    ReviewError,
    ReviewEvent,
    ReviewState,
    apply_event,
)
from portal.pages import TranslationRecord
from portal.translation.run import OVERWRITABLE

S, E = ReviewState, ReviewEvent


def test_states_are_ordered_along_the_workflow():
    assert sorted(S, reverse=True) == [S.REVIEWED, S.STALE, S.NEEDS_REVIEW, S.MACHINE, S.MISSING]
    assert S.MACHINE < S.NEEDS_REVIEW < S.REVIEWED
    assert [s.value for s in S] == ["missing", "machine", "needs-review", "stale", "reviewed"]


def test_every_state_has_a_row_and_targets_are_states():
    assert set(TRANSITIONS) == set(S)
    for row in TRANSITIONS.values():
        assert all(isinstance(event, E) and isinstance(state, S) for event, state in row.items())


@pytest.mark.parametrize(
    "state, event, expected",
    [
        (S.MISSING, E.TRANSLATE, S.MACHINE),
        (S.MACHINE, E.EDIT, S.NEEDS_REVIEW),
        (S.MACHINE, E.VIOLATION, S.NEEDS_REVIEW),
        (S.MACHINE, E.APPROVE, S.REVIEWED),
        (S.NEEDS_REVIEW, E.APPROVE, S.REVIEWED),
        (S.REVIEWED, E.SOURCE_CHANGE, S.STALE),
        (S.STALE, E.APPROVE, S.REVIEWED),
        (S.REVIEWED, E.EDIT, S.NEEDS_REVIEW),
        (S.STALE, E.SOURCE_CHANGE, S.STALE),
    ],
)
def test_allowed_transitions(state, event, expected):
    assert apply_event(state, event) is expected
    assert apply_event(state, event.value) is expected  # the event's name works too


@pytest.mark.parametrize("state", [S.NEEDS_REVIEW, S.STALE, S.REVIEWED])
def test_machine_translation_never_touches_a_page_a_person_touched(state):
    with pytest.raises(ReviewError, match="never overwrites"):
        apply_event(state, E.TRANSLATE, "docs/en/x.md")


def test_forbidden_transitions_name_state_and_event():
    with pytest.raises(ReviewError, match="cannot approve a page in state missing"):
        apply_event(S.MISSING, E.APPROVE)
    with pytest.raises(ReviewError):
        apply_event(S.REVIEWED, E.VIOLATION)


def test_the_translator_protects_the_same_statuses():
    """A run overwrites only machine drafts: the table forbids translate in every other recorded state."""
    for status in TranslationRecord.RECORDED:
        assert (E.TRANSLATE in TRANSITIONS[status]) == (status == OVERWRITABLE), status


def test_the_documented_table_is_the_table():
    from portal.review import state

    table = state.__doc__.split("=============  ", 1)[1]
    rows = [line.split() for line in table.splitlines() if line.split()[:1] and line.split()[0] in
            {s.value for s in S}]
    events = [E.TRANSLATE, E.EDIT, E.VIOLATION, E.APPROVE, E.SOURCE_CHANGE]
    assert len(rows) == len(S)
    for name, *cells in rows:
        documented = {event: S(cell) for event, cell in zip(events, cells) if cell != "--"}
        assert documented == TRANSITIONS[S(name)], name
