"""Lockout and idle-timeout rules: pure functions of the time passed in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from screening.access.rules.sign_in_policy import (
    IDLE_TIMEOUT_ENV,
    SessionPolicy,
    is_idle_expired,
    is_locked,
    lock_ends,
    locked_message,
)
from screening.errors import InvalidValue

NOW = datetime(2026, 1, 14, 9, 0, tzinfo=UTC)  # winter: London = UTC


def test_the_defaults_are_five_failures_fifteen_minutes_locked_and_fifteen_idle() -> None:
    assert SessionPolicy() == SessionPolicy(max_failures=5, lock_minutes=15, idle_timeout_minutes=15)


@pytest.mark.parametrize(
    ("idle", "expired"),
    [(timedelta(minutes=14, seconds=59), False), (timedelta(minutes=15), True)],
)
def test_a_staff_screen_expires_once_idle_for_the_full_timeout(idle: timedelta, expired: bool) -> None:
    assert is_idle_expired(NOW - idle, NOW, SessionPolicy()) is expired


def test_the_idle_timeout_is_configurable() -> None:
    assert is_idle_expired(NOW - timedelta(minutes=5), NOW, SessionPolicy(idle_timeout_minutes=5))


def test_a_lock_lasts_until_exactly_its_end() -> None:
    until = lock_ends(NOW, SessionPolicy())
    assert until == NOW + timedelta(minutes=15)
    assert is_locked(until, until - timedelta(seconds=1))
    assert not is_locked(until, until)
    assert not is_locked(None, NOW)


def test_the_locked_message_says_when_to_try_again_on_the_london_clock() -> None:
    message = locked_message(NOW + timedelta(minutes=15), NOW)
    assert "Try again in 15 minutes (after 09:15)" in message
    assert "ask an administrator" in message
    summer = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)  # BST: London = UTC+1
    assert "in 1 minute (after 10:00)" in locked_message(summer, summer - timedelta(seconds=10))


def test_the_idle_timeout_can_be_set_from_the_environment() -> None:
    assert SessionPolicy.from_env({IDLE_TIMEOUT_ENV: "30"}).idle_timeout_minutes == 30
    assert SessionPolicy.from_env({}) == SessionPolicy()


@pytest.mark.parametrize("raw", ["0", "abc", "-5", "1441"])
def test_an_unusable_idle_timeout_is_refused_with_the_rule(raw: str) -> None:
    with pytest.raises(InvalidValue):
        SessionPolicy.from_env({IDLE_TIMEOUT_ENV: raw})


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        is_locked(None, datetime(2026, 1, 14, 9, 0))
