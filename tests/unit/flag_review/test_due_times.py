"""Due times of flags: clock hours for urgent, London working days for the rest."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from screening.flag_review.rules.due_times import (
    ENGLAND_AND_WALES_BANK_HOLIDAYS,
    DueTimePolicy,
    add_working_days,
    due_at,
    is_working_day,
)

LONDON = ZoneInfo("Europe/London")


def london(*args: int) -> datetime:
    """A London wall-clock time as aware UTC, the form the service passes in."""
    return datetime(*args, tzinfo=LONDON).astimezone(UTC)


def test_an_urgent_flag_is_due_four_hours_after_it_is_raised() -> None:
    raised = datetime(2025, 6, 10, 9, 30, tzinfo=UTC)
    assert due_at("urgent", raised) == datetime(2025, 6, 10, 13, 30, tzinfo=UTC)


def test_an_urgent_flag_raised_on_a_saturday_is_still_due_the_same_day() -> None:
    # Urgent counts clock hours, not working days: 11:00 + 4 h = 15:00.
    raised = london(2025, 6, 14, 11, 0)
    assert due_at("urgent", raised) == london(2025, 6, 14, 15, 0)


@pytest.mark.parametrize(
    ("priority", "raised", "due"),
    [
        # Tuesday + 2 working days = Thursday, same wall-clock time.
        ("high", london(2025, 6, 10, 10, 0), london(2025, 6, 12, 10, 0)),
        # Friday afternoon: Monday is day 1, Tuesday day 2.
        ("high", london(2025, 6, 13, 15, 30), london(2025, 6, 17, 15, 30)),
        # Monday + 10 working days = Monday two weeks on.
        ("routine", london(2025, 6, 9, 9, 0), london(2025, 6, 23, 9, 0)),
        # Monday + 20 working days = Monday four weeks on.
        ("signpost", london(2025, 6, 9, 9, 0), london(2025, 7, 7, 9, 0)),
    ],
)
def test_high_routine_and_signpost_flags_count_working_days(priority: str, raised: datetime, due: datetime) -> None:
    assert due_at(priority, raised) == due


def test_a_high_flag_raised_on_a_friday_afternoon_is_due_on_tuesday() -> None:
    due = due_at("high", london(2025, 10, 17, 16, 45))
    assert due.astimezone(LONDON) == datetime(2025, 10, 21, 16, 45, tzinfo=LONDON)
    assert due.astimezone(LONDON).strftime("%A") == "Tuesday"


def test_a_bank_holiday_monday_is_skipped() -> None:
    # Friday 22 Aug 2025; Monday 25 Aug is the summer bank holiday: Tue = 1, Wed = 2.
    due = due_at("high", london(2025, 8, 22, 14, 0))
    assert due == london(2025, 8, 27, 14, 0)


def test_easter_skips_good_friday_and_easter_monday() -> None:
    # Thursday 17 Apr 2025; 18 Apr and 21 Apr are bank holidays: Tue 22 = 1, Wed 23 = 2.
    assert due_at("high", london(2025, 4, 17, 12, 0)) == london(2025, 4, 23, 12, 0)


def test_christmas_substitute_days_in_2027_are_skipped() -> None:
    # Fri 24 Dec 2027; Mon 27 and Tue 28 Dec are substitute days: Wed 29 = 1, Thu 30 = 2.
    assert due_at("high", london(2027, 12, 24, 10, 0)) == london(2027, 12, 30, 10, 0)


def test_a_flag_raised_at_the_weekend_counts_from_monday() -> None:
    # Saturday: Monday is day 1, Tuesday day 2.
    assert due_at("high", london(2025, 6, 14, 10, 0)) == london(2025, 6, 17, 10, 0)


def test_the_calendar_day_is_the_london_day_not_the_utc_day() -> None:
    # 23:30 UTC on Friday 13 June 2025 is 00:30 BST on Saturday 14 June in London,
    # so the count starts from Saturday: Monday = 1, Tuesday = 2, at 00:30 BST.
    raised = datetime(2025, 6, 13, 23, 30, tzinfo=UTC)
    assert due_at("high", raised) == datetime(2025, 6, 16, 23, 30, tzinfo=UTC)


def test_the_wall_clock_time_is_kept_across_the_clock_change() -> None:
    # Fri 24 Oct 2025 10:00 BST (09:00 UTC); clocks go back on Sunday 26 Oct;
    # Tue 28 Oct 10:00 GMT is 10:00 UTC.
    raised = datetime(2025, 10, 24, 9, 0, tzinfo=UTC)
    assert due_at("high", raised) == datetime(2025, 10, 28, 10, 0, tzinfo=UTC)


def test_due_times_come_back_in_utc() -> None:
    raised = datetime(2025, 6, 10, 10, 0, tzinfo=LONDON)
    assert due_at("routine", raised).tzinfo == UTC
    assert due_at("urgent", raised).tzinfo == UTC


def test_a_naive_raise_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        due_at("high", datetime(2025, 6, 10, 10, 0))


def test_an_unknown_priority_is_refused() -> None:
    with pytest.raises(ValueError, match="priority"):
        due_at("whenever", london(2025, 6, 10, 10, 0))


def test_a_policy_can_change_the_allowances_and_the_holidays() -> None:
    policy = DueTimePolicy(urgent_hours=2, high_working_days=1, bank_holidays=(date(2025, 6, 11),))
    raised = london(2025, 6, 10, 10, 0)
    assert due_at("urgent", raised, policy) == raised + timedelta(hours=2)
    # Wednesday 11 June is this policy's holiday: Thursday is day 1.
    assert due_at("high", raised, policy) == london(2025, 6, 12, 10, 0)


def test_a_negative_allowance_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        DueTimePolicy(routine_working_days=-1)


def test_the_policy_is_frozen() -> None:
    with pytest.raises(AttributeError):
        DueTimePolicy().high_working_days = 5  # type: ignore[misc]


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_england_and_wales_has_eight_bank_holidays_a_year_all_on_weekdays(year: int) -> None:
    days = [d for d in ENGLAND_AND_WALES_BANK_HOLIDAYS if d.year == year]
    assert len(days) == 8
    assert all(d.weekday() < 5 for d in days)


def test_weekends_and_bank_holidays_are_not_working_days() -> None:
    assert is_working_day(date(2025, 6, 10))
    assert not is_working_day(date(2025, 6, 14))  # Saturday
    assert not is_working_day(date(2025, 6, 15))  # Sunday
    assert not is_working_day(date(2026, 12, 28))  # Boxing Day substitute


def test_adding_zero_working_days_keeps_the_date() -> None:
    assert add_working_days(date(2025, 6, 14), 0, ()) == date(2025, 6, 14)
