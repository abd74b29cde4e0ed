"""The flag review state machine: every move it allows, every move it refuses and why (issue 7)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from screening.clinical.rules.codes import FLAG_STATUSES
from screening.errors import InvalidValue
from screening.flag_review.rules.flag_workflow import (
    ACKNOWLEDGE,
    CLOSE,
    CONTACT,
    REASSIGN,
    REFUSALS,
    REOPEN,
    TRANSITIONS,
    TransitionRefused,
    allowed_actions,
    contact_method,
    new_owner,
    next_status,
    note_text,
    updated_by_message,
)  # fmt: skip

ALLOWED = [
    (ACKNOWLEDGE, "open", "acknowledged"),
    (CONTACT, "acknowledged", "contact_attempted"),
    (CONTACT, "contact_attempted", "contact_attempted"),  # a second attempt after no answer
    (CLOSE, "acknowledged", "closed"),  # "already under care" needs no contact
    (CLOSE, "contact_attempted", "closed"),
    (REASSIGN, "open", "open"),  # still waits for someone to acknowledge it
    (REASSIGN, "acknowledged", "acknowledged"),
    (REASSIGN, "contact_attempted", "contact_attempted"),
    (REOPEN, "closed", "acknowledged"),
]
REFUSED = [
    (ACKNOWLEDGE, "acknowledged", "already acknowledged"),
    (ACKNOWLEDGE, "contact_attempted", "reassign it with a reason"),
    (ACKNOWLEDGE, "closed", "Reopen it with a reason"),
    (CONTACT, "open", "Acknowledge this flag (take ownership) before you record a contact"),
    (CONTACT, "closed", "Reopen it with a reason before you record a contact"),
    (CLOSE, "open", "Acknowledge this flag (take ownership) before you close it"),
    (CLOSE, "closed", "already closed"),
    (REASSIGN, "closed", "before you reassign it"),
    (REOPEN, "open", "nothing to reopen"),
    (REOPEN, "acknowledged", "nothing to reopen"),
    (REOPEN, "contact_attempted", "nothing to reopen"),
]


@pytest.mark.parametrize(("action", "status", "target"), ALLOWED)
def test_each_allowed_move_reaches_its_status(action: str, status: str, target: str) -> None:
    assert next_status(action, status) == target


@pytest.mark.parametrize(("action", "status", "words"), REFUSED)
def test_each_illegal_move_is_refused_with_what_to_do_instead(action: str, status: str, words: str) -> None:
    with pytest.raises(TransitionRefused, match=re.escape(words)):
        next_status(action, status)


def test_every_action_and_status_is_either_allowed_or_has_a_refusal_message() -> None:
    for action in TRANSITIONS:
        for status in FLAG_STATUSES:
            assert (status in TRANSITIONS[action]) != ((action, status) in REFUSALS), (action, status)
    assert len(ALLOWED) + len(REFUSED) == len(TRANSITIONS) * len(FLAG_STATUSES)


@pytest.mark.parametrize(
    ("status", "actions"),
    [
        ("open", (ACKNOWLEDGE, REASSIGN)),
        ("acknowledged", (CONTACT, CLOSE, REASSIGN)),
        ("contact_attempted", (CONTACT, CLOSE, REASSIGN)),
        ("closed", (REOPEN,)),
    ],
)
def test_a_page_is_offered_only_the_actions_the_status_allows(status: str, actions: tuple[str, ...]) -> None:
    assert allowed_actions(status) == actions


def test_an_unknown_action_or_status_is_a_programming_error_not_a_refusal() -> None:
    with pytest.raises(ValueError, match="unknown flag action"):
        next_status("edit_answers", "open")  # reviewers never edit answers (s6)
    with pytest.raises(ValueError, match="unknown flag status"):
        next_status(CLOSE, "archived")


def test_a_note_is_trimmed_and_kept_as_typed() -> None:
    assert note_text("note", "  Spoke to patient; safe plan agreed.\n") == "Spoke to patient; safe plan agreed."


@pytest.mark.parametrize(
    ("text", "problem"),
    [(None, "is needed"), ("   \n ", "is needed"), ("x" * 2001, "keep it to 2000"), ("a\x00b", "NUL")],
)
def test_a_missing_too_long_or_binary_note_is_refused(text: str | None, problem: str) -> None:
    with pytest.raises(InvalidValue, match=problem):
        note_text("note", text)


def test_a_contact_needs_one_of_the_known_methods() -> None:
    assert contact_method("in_clinic") == "in_clinic"
    for bad in (None, "email", ""):
        with pytest.raises(InvalidValue, match="phone, in clinic, letter"):
            contact_method(bad)


def test_a_reassignment_needs_someone_other_than_the_current_owner() -> None:
    assert new_owner(7, 3) == 7
    assert new_owner(7, None) == 7
    with pytest.raises(InvalidValue, match="choose the psychologist"):
        new_owner(None, 3)
    with pytest.raises(InvalidValue, match="already owns"):
        new_owner(3, 3)


def test_the_staleness_message_names_who_and_the_london_time() -> None:
    # 13:05 UTC on 10 June is 14:05 British Summer Time.
    at = datetime(2025, 6, 10, 13, 5, tzinfo=UTC)
    now = datetime(2025, 6, 10, 13, 6, tzinfo=UTC)
    assert updated_by_message("Dr Ama Boateng", at, now) == (
        "This flag was updated by Dr Ama Boateng at 14:05, reload to see the change."
    )


def test_the_staleness_message_gives_the_date_when_the_change_was_on_another_day() -> None:
    at = datetime(2025, 12, 1, 9, 30, tzinfo=UTC)  # GMT: London = UTC
    now = datetime(2025, 12, 2, 8, 0, tzinfo=UTC)
    assert updated_by_message(None, at, now) == (
        "This flag was updated by another user at 09:30 on 1 Dec 2025, reload to see the change."
    )
