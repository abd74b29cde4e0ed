"""What a manager asks the uptake analyses for: a period and the filters (issue 8).

Design decisions:
- The period is whole Europe/London days, both ends included, as the clinic's calendar
  reads them; times are stored in UTC, so it becomes [first instant of `start` in London,
  first instant after `end` in London) in UTC (`utc_bounds`). The spring clock-change day
  is 23 hours long, the autumn one 25.
- Filters are codes: site codes, clinic codes, diagnosis groups. An empty tuple means
  "no filter" (every site the user may see), never "nothing".
- At most three years: the dashboard compares a year or so, and a bound stops a typing
  slip (2206 for 2026) from asking for two centuries.
- `audit_detail` is what an export or a switched-off suppression records: dates and
  codes, never a count of a small group or anything about a patient.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from screening.errors import InvalidValue

LONDON = ZoneInfo("Europe/London")
MAX_DAYS = 3 * 366


def _codes(values: tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    return tuple(sorted({str(v).strip() for v in values or () if str(v).strip()}))


@dataclass(frozen=True)
class AnalyticsFilters:
    start: date
    end: date
    site_codes: tuple[str, ...] = ()
    clinic_codes: tuple[str, ...] = ()
    diagnosis_groups: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidValue("period", f"the end ({self.end}) is before the start ({self.start}).")
        if (self.end - self.start).days >= MAX_DAYS:
            raise InvalidValue("period", "choose at most three years.")
        object.__setattr__(self, "site_codes", tuple(c.upper() for c in _codes(self.site_codes)))
        object.__setattr__(self, "clinic_codes", tuple(c.upper() for c in _codes(self.clinic_codes)))
        object.__setattr__(self, "diagnosis_groups", _codes(self.diagnosis_groups))

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """[first instant of `start`, first instant after `end`) in London, as UTC."""
        first = datetime.combine(self.start, time.min, LONDON)
        after = datetime.combine(self.end + timedelta(days=1), time.min, LONDON)
        return first.astimezone(UTC), after.astimezone(UTC)

    def audit_detail(self) -> dict[str, Any]:
        detail: dict[str, Any] = {"from": self.start.isoformat(), "to": self.end.isoformat()}
        detail["sites"] = list(self.site_codes) or "all"
        if self.clinic_codes:
            detail["clinics"] = list(self.clinic_codes)
        if self.diagnosis_groups:
            detail["diagnosis_groups"] = list(self.diagnosis_groups)
        return detail


def london_today(now: datetime) -> date:
    return now.astimezone(LONDON).date()
