"""Clinic hours typed on the admin page, and whether a moment falls within them (s6, v2)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from screening.errors import InvalidValue
from screening.escalation.rules.clinic_hours import WeeklyHours, parse_period, period_text


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [("09:00-17:00", (540, 1020)), (" 8:30 - 12:45 ", (510, 765)), ("00:00-24:00", (0, 1440)), ("", None)],
)
def test_hours_are_read_as_minutes_after_midnight_and_blank_means_closed(typed: str, minutes) -> None:
    assert parse_period(0, typed) == minutes


@pytest.mark.parametrize("typed", ["9-5", "17:00-09:00", "09:00-09:00", "25:00-26:00", "09:60-17:00", "24:30-24:45"])
def test_hours_that_cannot_be_read_are_refused_with_what_to_type(typed: str) -> None:
    with pytest.raises(InvalidValue, match=r"^Tuesday: write the hours as 09:00-17:00"):
        parse_period(1, typed)


def test_hours_read_back_in_the_form_they_are_typed() -> None:
    assert period_text((540, 1020)) == "09:00-17:00"
    assert period_text(None) == ""


def test_impossible_stored_hours_are_refused() -> None:
    with pytest.raises(ValueError, match="bad clinic hours"):
        WeeklyHours({0: (600, 540)})


def test_a_summer_morning_is_judged_on_british_summer_time() -> None:
    hours = WeeklyHours({2: (9 * 60, 17 * 60)})
    # Wednesday 1 July 2026: 08:00 UTC is 09:00 BST, open; 07:59 UTC is 08:59 BST, not yet.
    assert hours.is_open(datetime(2026, 7, 1, 8, 0, tzinfo=UTC))
    assert not hours.is_open(datetime(2026, 7, 1, 7, 59, tzinfo=UTC))
