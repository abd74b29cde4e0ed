"""The clinic day's two time rules: "screened recently" and "abandoned", as pure functions.

Design decisions:
- One frozen `ClinicDayPolicy` holds the numbers (90 days, 2 hours, issue 6); a site that
  must differ sets SCREENING_RECENT_DAYS or SCREENING_ABANDON_HOURS rather than editing code.
  A bad value is refused at start with the variable's name, never silently replaced.
- "Screened recently" counts Europe/London calendar days, as staff read them: a sitting
  completed 90 days before today is recent, 91 days is not. It is a hint only: the patient
  can still be screened.
- A sitting idle for exactly the abandonment time is abandoned: the boundary lands on the
  side that lets staff see and act on it (the same rule as the idle sign-out).
- The clock is always passed in; times are timezone-aware UTC, a naive one is refused.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from screening.errors import InvalidValue

LONDON = ZoneInfo("Europe/London")
RECENT_DAYS_ENV = "SCREENING_RECENT_DAYS"
ABANDON_HOURS_ENV = "SCREENING_ABANDON_HOURS"


@dataclass(frozen=True)
class ClinicDayPolicy:
    recent_days: int = 90
    abandon_hours: float = 2.0

    def __post_init__(self) -> None:
        if (
            isinstance(self.recent_days, bool)
            or not isinstance(self.recent_days, int)
            or not (1 <= self.recent_days <= 3650)
        ):
            raise InvalidValue(RECENT_DAYS_ENV, "must be a whole number of days from 1 to 3650.")
        if isinstance(self.abandon_hours, bool) or not 0.25 <= self.abandon_hours <= 24:
            raise InvalidValue(ABANDON_HOURS_ENV, "must be a number of hours from 0.25 to 24.")

    @property
    def abandon_after(self) -> timedelta:
        return timedelta(hours=self.abandon_hours)

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> ClinicDayPolicy:
        """The defaults, with each value the environment sets."""
        values: dict[str, float | int] = {}
        days = environ.get(RECENT_DAYS_ENV, "").strip()
        if days:
            if not days.isdigit():
                raise InvalidValue(RECENT_DAYS_ENV, "must be a whole number of days.")
            values["recent_days"] = int(days)
        hours = environ.get(ABANDON_HOURS_ENV, "").strip()
        if hours:
            try:
                values["abandon_hours"] = float(hours)
            except ValueError:
                raise InvalidValue(ABANDON_HOURS_ENV, "must be a number of hours, such as 2 or 1.5.") from None
        return cls(**values)  # type: ignore[arg-type]


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("times must be timezone-aware (UTC)")
    return moment


def london_day(moment: datetime) -> date:
    return _aware(moment).astimezone(LONDON).date()


def screened_recently(last_completed: datetime | None, today: date, policy: ClinicDayPolicy) -> bool:
    """Whether a sitting completed at `last_completed` is within the recent interval of `today`."""
    if last_completed is None:
        return False
    return (today - london_day(last_completed)).days <= policy.recent_days


def abandon_cutoff(now: datetime, policy: ClinicDayPolicy) -> datetime:
    """A sitting whose last activity is at or before this moment counts as abandoned."""
    return _aware(now) - policy.abandon_after
