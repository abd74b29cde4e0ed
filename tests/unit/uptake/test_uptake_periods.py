"""London weeks and months as exact UTC bounds, clipped to the period."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from screening.errors import InvalidValue
from screening.uptake.rules.uptake_periods import london_periods, running_period, whole_bucket


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_weeks_start_on_monday_and_the_first_is_clipped_to_the_period() -> None:
    # 2026-01-07 is a Wednesday: the first bucket runs Wed-Sun, then whole weeks; January is GMT.
    weeks = london_periods(date(2026, 1, 7), date(2026, 1, 25), "week")
    assert [w.label for w in weeks] == [date(2026, 1, 7), date(2026, 1, 12), date(2026, 1, 19)]
    assert (weeks[0].start, weeks[0].end) == (utc(2026, 1, 7), utc(2026, 1, 12))
    assert weeks[-1].end == utc(2026, 1, 26)


def test_the_week_of_the_spring_clock_change_is_167_hours_long() -> None:
    # Mon 23 March 00:00 GMT = 00:00 UTC; Mon 30 March 00:00 BST = Sun 29 March 23:00 UTC.
    (week,) = london_periods(date(2026, 3, 23), date(2026, 3, 29), "week")
    assert (week.start, week.end) == (utc(2026, 3, 23), utc(2026, 3, 29, 23))
    assert (week.end - week.start).total_seconds() == 167 * 3600


def test_months_start_on_the_first_and_the_last_is_clipped() -> None:
    months = london_periods(date(2026, 1, 15), date(2026, 3, 10), "month")
    assert [m.label for m in months] == [date(2026, 1, 15), date(2026, 2, 1), date(2026, 3, 1)]
    assert months[-1].end == utc(2026, 3, 11)
    # December rolls over into January of the next year.
    assert [m.label for m in london_periods(date(2025, 12, 1), date(2026, 1, 31), "month")] == [
        date(2025, 12, 1),
        date(2026, 1, 1),
    ]


def test_an_unknown_grain_is_refused() -> None:
    with pytest.raises(InvalidValue):
        london_periods(date(2026, 1, 1), date(2026, 2, 1), "day")


def test_a_whole_week_runs_monday_to_sunday_and_a_clipped_one_is_not_whole() -> None:
    assert whole_bucket(date(2026, 1, 5), date(2026, 1, 11), "week")  # Mon 5 to Sun 11 January
    assert not whole_bucket(date(2026, 1, 7), date(2026, 1, 11), "week")  # starts on a Wednesday
    assert not whole_bucket(date(2026, 1, 5), date(2026, 1, 10), "week")  # ends on a Saturday


def test_a_whole_month_runs_from_the_first_to_its_last_day_leap_years_included() -> None:
    assert whole_bucket(date(2028, 2, 1), date(2028, 2, 29), "month")
    assert not whole_bucket(date(2028, 2, 1), date(2028, 2, 28), "month")  # a leap year's February is 29 days
    assert whole_bucket(date(2026, 12, 1), date(2026, 12, 31), "month")
    assert not whole_bucket(date(2026, 12, 2), date(2026, 12, 31), "month")


def test_the_week_holding_today_is_running_from_its_first_day_to_the_periods_last() -> None:
    # A period from Wednesday 4 Nov to Friday 4 Dec 2026: its last week starts Monday 30 Nov.
    weeks = london_periods(date(2026, 11, 4), date(2026, 12, 4), "week")
    assert weeks[-1].label == date(2026, 11, 30)
    assert running_period(weeks, date(2026, 12, 4), date(2026, 11, 29)) == date(2026, 11, 23)  # the Sunday before
    assert running_period(weeks, date(2026, 12, 4), date(2026, 11, 30)) == date(2026, 11, 30)
    assert running_period(weeks, date(2026, 12, 4), date(2026, 12, 4)) == date(2026, 11, 30)
    assert running_period(weeks, date(2026, 12, 4), date(2026, 12, 5)) is None  # a period that ended yesterday


def test_the_month_holding_today_is_running_and_an_empty_period_has_none() -> None:
    months = london_periods(date(2026, 1, 1), date(2026, 12, 4), "month")
    assert running_period(months, date(2026, 12, 4), date(2026, 12, 1)) == date(2026, 12, 1)
    assert running_period(months, date(2026, 12, 4), date(2026, 11, 30)) == date(2026, 11, 1)
    assert running_period([], date(2026, 12, 4), date(2026, 12, 4)) is None


def test_a_period_chosen_to_end_in_the_future_has_the_week_holding_today_running() -> None:
    weeks = london_periods(date(2026, 11, 4), date(2026, 12, 31), "week")
    assert running_period(weeks, date(2026, 12, 31), date(2026, 12, 4)) == date(2026, 11, 30)
    assert running_period(weeks, date(2026, 12, 31), date(2026, 11, 3)) is None  # before the period starts
