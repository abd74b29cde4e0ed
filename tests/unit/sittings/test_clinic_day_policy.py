"""The clinic day's time rules: "screened recently" (90 days) and "abandoned" (2 hours)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from screening.errors import InvalidValue
from screening.sittings.rules.clinic_day_policy import ClinicDayPolicy, abandon_cutoff, london_day, screened_recently

TODAY = date(2026, 11, 20)


def completed_days_ago(days: int) -> datetime:
    # 10:00 London (GMT in November) on the day `days` before today.
    return datetime.combine(TODAY - timedelta(days=days), datetime.min.time(), UTC) + timedelta(hours=10)


@pytest.mark.parametrize(("days", "recent"), [(0, True), (1, True), (90, True), (91, False), (400, False)])
def test_a_sitting_completed_within_90_calendar_days_is_recent(days: int, recent: bool) -> None:
    assert screened_recently(completed_days_ago(days), TODAY, ClinicDayPolicy()) is recent


def test_never_screened_is_not_recent() -> None:
    assert screened_recently(None, TODAY, ClinicDayPolicy()) is False


def test_recent_counts_london_days_not_utc_days() -> None:
    # 23:30 UTC on 1 July is 00:30 BST on 2 July: 90 days before 30 September, so still recent.
    late = datetime(2026, 7, 1, 23, 30, tzinfo=UTC)
    assert london_day(late) == date(2026, 7, 2)
    assert screened_recently(late, date(2026, 9, 30), ClinicDayPolicy())


def test_the_interval_is_configurable() -> None:
    assert not screened_recently(completed_days_ago(31), TODAY, ClinicDayPolicy(recent_days=30))


def test_a_sitting_idle_for_exactly_the_abandon_time_is_past_the_cutoff() -> None:
    now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    assert abandon_cutoff(now, ClinicDayPolicy()) == now - timedelta(hours=2)
    assert abandon_cutoff(now, ClinicDayPolicy(abandon_hours=0.5)) == now - timedelta(minutes=30)


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        abandon_cutoff(datetime(2026, 11, 20, 12, 0), ClinicDayPolicy())


def test_the_environment_sets_both_values() -> None:
    policy = ClinicDayPolicy.from_env({"SCREENING_RECENT_DAYS": "60", "SCREENING_ABANDON_HOURS": "1.5"})
    assert (policy.recent_days, policy.abandon_after) == (60, timedelta(hours=1, minutes=30))
    assert ClinicDayPolicy.from_env({}) == ClinicDayPolicy(90, 2.0)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SCREENING_RECENT_DAYS": "ninety"}, "SCREENING_RECENT_DAYS: must be a whole number"),
        ({"SCREENING_RECENT_DAYS": "0"}, "from 1 to 3650"),
        ({"SCREENING_ABANDON_HOURS": "two"}, "SCREENING_ABANDON_HOURS: must be a number of hours"),
        ({"SCREENING_ABANDON_HOURS": "0"}, "from 0.25 to 24"),
        ({"SCREENING_ABANDON_HOURS": "nan"}, "from 0.25 to 24"),
    ],
)
def test_a_bad_setting_is_refused_with_its_name(env: dict[str, str], message: str) -> None:
    with pytest.raises(InvalidValue, match=message):
        ClinicDayPolicy.from_env(env)
