"""Clinic hours: when a clinic is open, on London wall-clock time (clinical reference s6, v2).

Design decisions:
- Hours are per weekday (Monday = 0), one opening period a day, as minutes after local
  midnight: open from `opens` up to but not including `closes` (so 09:00-17:00 means a
  flag raised at 09:00:00 is in hours and one at 17:00:00 is not). A day with no hours is
  closed. `closes` may be 1440 (midnight at the end of the day).
- Always Europe/London wall-clock time, whatever the season: on the days the clocks
  change, 09:00 is still 09:00 (`zoneinfo` does the arithmetic).
- Typed as "09:00-17:00" on the admin page; a mistake says how to write it.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from zoneinfo import ZoneInfo

from screening.errors import InvalidValue

LONDON = ZoneInfo("Europe/London")
WEEKDAYS: tuple[str, ...] = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAY_MINUTES = 24 * 60
_PERIOD = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True)
class WeeklyHours:
    """Weekday -> (opens, closes) in minutes after London midnight; a missing day is closed."""

    days: Mapping[int, tuple[int, int]] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        for weekday, (opens, closes) in self.days.items():
            if weekday not in range(7) or not 0 <= opens < closes <= DAY_MINUTES:
                raise ValueError(f"bad clinic hours for weekday {weekday}: {opens}-{closes}")
        object.__setattr__(self, "days", MappingProxyType(dict(self.days)))

    def is_open(self, at: datetime) -> bool:
        """Whether `at` (timezone-aware) falls within the clinic's hours, London time."""
        local = at.astimezone(LONDON)
        hours = self.days.get(local.weekday())
        if hours is None:
            return False
        minute = local.hour * 60 + local.minute + (local.second + local.microsecond / 1e6) / 60
        return hours[0] <= minute < hours[1]


def minutes_text(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def period_text(hours: tuple[int, int] | None) -> str:
    """ "09:00-17:00", or "" for a closed day (how the admin form shows it)."""
    return "" if hours is None else f"{minutes_text(hours[0])}-{minutes_text(hours[1])}"


def parse_period(weekday: int, text: str) -> tuple[int, int] | None:
    """A typed "09:00-17:00" as minutes; blank means closed. Refusals say what to type."""
    if not (text or "").strip():
        return None
    match = _PERIOD.match(text)
    hint = "write the hours as 09:00-17:00 (opening before closing), or leave it blank when the clinic is closed."
    if match is None:
        raise InvalidValue(WEEKDAYS[weekday], hint)
    oh, om, ch, cm = (int(part) for part in match.groups())
    if oh > 23 or om > 59 or cm > 59 or ch > 24 or (ch == 24 and cm):
        raise InvalidValue(WEEKDAYS[weekday], hint)
    opens, closes = oh * 60 + om, ch * 60 + cm
    if opens >= closes:
        raise InvalidValue(WEEKDAYS[weekday], hint)
    return opens, closes
