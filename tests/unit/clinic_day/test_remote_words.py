"""The clinic list's words about screening at home (issue 17): first match wins, London time, no contact values."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from screening.clinic_day.rules.remote_words import RemoteFacts, link_words, remote_status, when

NOW = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
SENT = datetime(2026, 12, 2, 14, 5, tzinfo=UTC)  # Wed 2 Dec, GMT
TONIGHT = datetime(2026, 12, 3, 0, 0, tzinfo=UTC)
LIVE = RemoteFacts(invited=True, expires_at=TONIGHT, channel="sms", message_at=SENT, message_status="sent",
                   has_contact=True, clinic_invites=True)  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({}, "Link sent by SMS, Wed 2 Dec 14:05"),
        ({"channel": "email"}, "Link sent by email, Wed 2 Dec 14:05"),
        ({"message_status": "temporary-failure"}, "Link not delivered by SMS, Wed 2 Dec 14:05"),
        ({"revoked": True, "locked": True, "wrong_birth_dates": 5}, "Link stopped"),  # stopped before locked
        ({"locked": True, "wrong_birth_dates": 5}, "Link locked after 5 wrong dates of birth"),
        ({"expires_at": NOW}, "Link expired"),  # the end of the day is past at that instant
        ({"remote_sitting": "completed", "revoked": True}, None),  # finished: nothing left to say
        ({"remote_sitting": "in_progress"}, "Link sent by SMS, Wed 2 Dec 14:05"),
        ({"channel": None, "message_at": None, "message_status": None}, None),  # invited, nothing sent yet
    ],
)
def test_the_link_is_described_by_the_first_state_that_applies(changes, words) -> None:
    assert link_words(RemoteFacts(**{**LIVE.__dict__, **changes}), NOW) == words


@pytest.mark.parametrize(
    ("facts", "words"),
    [
        (RemoteFacts(clinic_invites=True), "Not invited: no contact details"),
        (RemoteFacts(clinic_invites=True, has_contact=True, no_contact=True), "Not invited: asked not to be contacted"),
        (RemoteFacts(message_status="no_contact"), "Not invited: no contact details"),  # the sender found none
        (RemoteFacts(), None),  # a clinic that does not invite: no noise on every row
        (RemoteFacts(clinic_invites=True, has_contact=True), None),
    ],
)
def test_not_invited_says_why_only_where_the_clinic_invites(facts, words) -> None:
    assert link_words(facts, NOW) == words


def test_times_are_london_wall_clock_times_in_summer_too() -> None:
    assert when(datetime(2026, 6, 2, 13, 5, tzinfo=UTC)) == "Tue 2 Jun 14:05"


@pytest.mark.parametrize(
    ("sitting", "at_home", "can_stop", "can_send"),
    [
        (None, None, True, True),
        ("in_progress", "Started at home", True, True),
        ("abandoned", "Started at home", True, True),
        ("completed", "Completed at home", False, False),
    ],
)
def test_a_finished_sitting_needs_no_link_to_stop_or_send(sitting, at_home, can_stop, can_send) -> None:
    status = remote_status(RemoteFacts(**{**LIVE.__dict__, "remote_sitting": sitting}), NOW)
    assert (status.at_home, status.can_stop, status.can_send, status.sent_before) == (at_home, can_stop, can_send, True)


def test_without_a_clock_no_link_is_judged_expired() -> None:
    assert remote_status(RemoteFacts(invited=True, expires_at=NOW), None).can_stop is True
