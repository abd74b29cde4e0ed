"""When a flag is due: its priority plus the time it was raised, in working days.

DECISION (product, not published guidance; a clinical safety officer signs these off):
- urgent: the same day, within 4 clock hours of the raise (an item 9 or severe blood
  pressure flag is meant for a clinician before the patient leaves the clinic);
- high: 2 working days; routine: 10 working days;
- signpost: 20 working days. Signposting (stop-smoking support, alcohol advice, a
  raised BP for home confirmation) has no clinical deadline of its own; 20 working
  days keeps it from lying open forever in the queue.

Working days skip Saturdays, Sundays and the bank holidays in the policy. The
arithmetic runs on the Europe/London calendar (a flag raised at 23:30 UTC on a
summer Friday was raised on Saturday in the clinic), and the due time keeps the
London wall-clock time of the raise: high raised Friday 15:00 is due Tuesday 15:00.
A flag raised on a non-working day counts its first working day from the next one.
Times come in and go out as timezone-aware UTC; a naive time is refused because
guessing its zone could move a deadline by an hour.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

# England and Wales bank holidays (gov.uk/bank-holidays), substitute days included.
# Data, not logic: extend the tuple when gov.uk publishes 2028.
ENGLAND_AND_WALES_BANK_HOLIDAYS: tuple[date, ...] = tuple(
    date.fromisoformat(d)
    for d in (
        # 2025
        "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05",
        "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26",
        # 2026: Boxing Day is a Saturday, substitute Monday 28 December
        "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04",
        "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28",
        # 2027: Christmas and Boxing Day fall at the weekend, substitutes 27 and 28 December
        "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03",
        "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28",
    )
)  # fmt: skip

LONDON = "Europe/London"


@dataclass(frozen=True)
class DueTimePolicy:
    """How long each flag priority may stay open; the defaults are the product decision above."""

    urgent_hours: int = 4
    high_working_days: int = 2
    routine_working_days: int = 10
    signpost_working_days: int = 20
    bank_holidays: tuple[date, ...] = ENGLAND_AND_WALES_BANK_HOLIDAYS
    timezone_name: str = LONDON

    def __post_init__(self) -> None:
        for name in ("urgent_hours", "high_working_days", "routine_working_days", "signpost_working_days"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")
        ZoneInfo(self.timezone_name)  # an unknown zone fails here, not at the first flag

    def working_days_for(self, priority: str) -> int:
        days = {
            "high": self.high_working_days,
            "routine": self.routine_working_days,
            "signpost": self.signpost_working_days,
        }
        if priority not in days:
            raise ValueError(f"no working-day allowance for flag priority {priority!r}")
        return days[priority]


def is_working_day(day: date, bank_holidays: tuple[date, ...] = ENGLAND_AND_WALES_BANK_HOLIDAYS) -> bool:
    return day.weekday() < 5 and day not in bank_holidays


def add_working_days(day: date, days: int, bank_holidays: tuple[date, ...]) -> date:
    """The date `days` working days after `day` (which need not itself be a working day)."""
    holidays = frozenset(bank_holidays)
    result = day
    remaining = days
    while remaining > 0:
        result += timedelta(days=1)
        if result.weekday() < 5 and result not in holidays:
            remaining -= 1
    return result


def due_at(priority: str, raised_at: datetime, policy: DueTimePolicy = DueTimePolicy()) -> datetime:
    """When a flag of `priority` raised at `raised_at` (aware) is due, as aware UTC."""
    if raised_at.tzinfo is None or raised_at.utcoffset() is None:
        raise ValueError("raised_at must be timezone-aware")
    if priority == "urgent":
        # Clock hours, not working hours: an urgent flag is for today's clinic.
        return raised_at.astimezone(UTC) + timedelta(hours=policy.urgent_hours)
    days = policy.working_days_for(priority)
    zone = ZoneInfo(policy.timezone_name)
    local = raised_at.astimezone(zone)
    due_day = add_working_days(local.date(), days, policy.bank_holidays)
    # Same wall-clock time on the due day; clocks change on Sundays, never a working day,
    # so the combined local time always exists.
    due_local = datetime.combine(due_day, local.timetz().replace(tzinfo=None), tzinfo=zone)
    return due_local.astimezone(UTC)
