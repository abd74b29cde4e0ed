"""The staff session's secrets and the rules of its life (issue 14)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from screening.access.rules.sign_in_policy import SessionPolicy
from screening.patient_mode.rules.staff_session_rules import MAX_AGE, digest, ending_reason, is_well_formed, new_secret

START = datetime(2026, 12, 10, 8, 0, tzinfo=UTC)
POLICY = SessionPolicy(idle_timeout_minutes=15)


def test_a_new_secret_is_random_well_formed_and_stored_only_as_its_digest() -> None:
    first, second = new_secret(), new_secret()
    assert first != second and is_well_formed(first)
    assert len(digest(first)) == 64 and first not in digest(first)


@pytest.mark.parametrize("value", [None, "", "short", "a" * 44, "a" * 42 + "!", 42])
def test_anything_but_a_secret_we_issue_is_refused_before_any_query(value) -> None:
    assert not is_well_formed(value)


@pytest.mark.parametrize(
    "last_seen, now, reason",
    [
        (START, START + timedelta(minutes=14, seconds=59), None),  # 1 s inside the 15-minute idle limit
        (START, START + timedelta(minutes=15), "idle_timeout"),  # exactly 15 minutes idle: ended
        (START + MAX_AGE - timedelta(minutes=1), START + MAX_AGE - timedelta(seconds=1), None),  # busy, 1 s short
        (START + MAX_AGE - timedelta(minutes=1), START + MAX_AGE, "expired"),  # busy, but 12 hours old
    ],
)
def test_a_session_ends_when_idle_or_twelve_hours_old(last_seen, now, reason) -> None:
    assert ending_reason(START, last_seen, now, POLICY) == reason
