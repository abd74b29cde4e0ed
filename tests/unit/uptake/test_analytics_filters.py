"""The analytics period (London days) and its filters."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from screening.errors import InvalidValue
from screening.uptake.rules.analytics_filters import AnalyticsFilters, london_today


def test_a_summer_period_starts_and_ends_at_london_midnight_in_utc() -> None:
    # June is BST (UTC+1): 1 June 00:00 London = 31 May 23:00 UTC; the day after 30 June likewise.
    start, end = AnalyticsFilters(date(2026, 6, 1), date(2026, 6, 30)).utc_bounds()
    assert start == datetime(2026, 5, 31, 23, tzinfo=UTC)
    assert end == datetime(2026, 6, 30, 23, tzinfo=UTC)


def test_a_winter_period_is_the_same_in_utc() -> None:
    start, end = AnalyticsFilters(date(2026, 1, 1), date(2026, 1, 31)).utc_bounds()
    assert (start, end) == (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC))


@pytest.mark.parametrize(
    ("start", "end"), [(date(2026, 2, 1), date(2026, 1, 31)), (date(2020, 1, 1), date(2026, 1, 1))]
)
def test_an_end_before_the_start_or_more_than_three_years_is_refused(start: date, end: date) -> None:
    with pytest.raises(InvalidValue):
        AnalyticsFilters(start, end)


def test_codes_are_trimmed_upper_cased_and_sorted_and_blank_means_no_filter() -> None:
    f = AnalyticsFilters(date(2026, 1, 1), date(2026, 1, 2), site_codes=(" kch", "GUY", ""), clinic_codes=())
    assert f.site_codes == ("GUY", "KCH")
    assert f.clinic_codes == ()
    assert f.audit_detail() == {"from": "2026-01-01", "to": "2026-01-02", "sites": ["GUY", "KCH"]}
    assert AnalyticsFilters(date(2026, 1, 1), date(2026, 1, 2)).audit_detail()["sites"] == "all"


def test_today_is_the_london_date() -> None:
    assert london_today(datetime(2026, 6, 30, 23, 30, tzinfo=UTC)) == date(2026, 7, 1)
