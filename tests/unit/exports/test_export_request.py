"""An export's date range is whole Europe/London days, both ends included."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from screening.errors import InvalidValue
from screening.exports.rules.export_records import MAX_REASON, ExportRequest, london_date


def test_a_winter_day_runs_midnight_to_midnight_utc() -> None:
    start, end = ExportRequest(date(2026, 1, 15), date(2026, 1, 15)).utc_bounds()
    assert start == datetime(2026, 1, 15, 0, 0, tzinfo=UTC)
    assert end == datetime(2026, 1, 16, 0, 0, tzinfo=UTC)


def test_a_summer_day_starts_at_23_00_utc_the_evening_before() -> None:
    # British Summer Time is UTC+1: 1 July 00:00 BST is 30 June 23:00 UTC.
    start, end = ExportRequest(date(2026, 7, 1), date(2026, 7, 31)).utc_bounds()
    assert start == datetime(2026, 6, 30, 23, 0, tzinfo=UTC)
    assert end == datetime(2026, 7, 31, 23, 0, tzinfo=UTC)


def test_the_spring_clock_change_day_is_23_hours_long() -> None:
    start, end = ExportRequest(date(2026, 3, 29), date(2026, 3, 29)).utc_bounds()
    assert (end - start).total_seconds() == 23 * 3600


def test_a_late_evening_in_summer_belongs_to_the_london_date() -> None:
    assert london_date(datetime(2026, 6, 30, 23, 30, tzinfo=UTC)) == date(2026, 7, 1)


def test_an_end_before_the_start_is_refused() -> None:
    with pytest.raises(InvalidValue, match="before"):
        ExportRequest(date(2026, 2, 1), date(2026, 1, 31))


def test_the_site_code_is_upper_cased_and_the_reason_trimmed_and_capped() -> None:
    request = ExportRequest(date(2026, 1, 1), date(2026, 1, 2), " guy ", True, "  " + "x" * 500)
    assert request.site_code == "GUY"
    assert request.reason == "x" * MAX_REASON


def test_a_blank_reason_is_no_reason() -> None:
    assert ExportRequest(date(2026, 1, 1), date(2026, 1, 2), reason="   ").reason is None
