"""Weeks and months of a period on the London calendar, as exact UTC bounds (issue 8).

Design decisions:
- A week starts on Monday, a month on its 1st, at midnight in London; the bounds are
  converted to UTC here (zoneinfo), so a week holding a clock change is 167 or 169
  hours long and no appointment near midnight lands in the wrong week.
- The first and last buckets are clipped to the period: a period starting on a
  Wednesday has a short first week, labelled by the day it starts. A p-chart takes each
  point's own denominator, so a short bucket gets wider limits rather than a false signal.
- The bucket holding today is still running (`running_period`, issue 19): its patients may
  yet be screened in it, so the p-chart draws it without judging it.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from screening.errors import InvalidValue

LONDON = ZoneInfo("Europe/London")
GRAINS = ("week", "month")


class Bucket(NamedTuple):
    label: date  # the first London day in the bucket
    start: datetime  # UTC, included
    end: datetime  # UTC, excluded


def _utc(day: date) -> datetime:
    return datetime.combine(day, time.min, LONDON).astimezone(UTC)


def _next_start(day: date, grain: str) -> date:
    if grain == "week":
        return day + timedelta(days=7 - day.weekday())
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def london_periods(start: date, end: date, grain: str) -> list[Bucket]:
    """The weeks or months from `start` to `end` (both included), clipped to the period."""
    if grain not in GRAINS:
        raise InvalidValue("grain", f"'{grain}' is not one of {', '.join(GRAINS)}.")
    buckets, day = [], start
    while day <= end:
        after = min(_next_start(day, grain), end + timedelta(days=1))
        buckets.append(Bucket(day, _utc(day), _utc(after)))
        day = after
    return buckets


def whole_bucket(first: date, last: date, grain: str) -> bool:
    """True if the London days `first` to `last` are one whole week (Monday to Sunday) or
    one whole calendar month, not a bucket clipped by the period's start or end."""
    if grain == "week":
        return first.weekday() == 0 and last == first + timedelta(days=6)
    return first.day == 1 and last == _next_start(first, "month") - timedelta(days=1)


def running_period(periods: list[Bucket], end: date, today: date) -> date | None:
    """The first day of the bucket holding `today`, if the period (ending `end`) reaches
    today: the last bucket, or an earlier one when the period was chosen to end in the
    future (the later buckets then have no one in them yet). None if the period ended
    before today or starts after it."""
    if today > end:
        return None
    begun = [bucket.label for bucket in periods if bucket.label <= today]
    return begun[-1] if begun else None
