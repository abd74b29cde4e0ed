"""When an invitation and its reminder are due (issue 17): whole London days before the appointment.

Design decisions:
- A clinic's setting says "invite N days before" (default 2) and "remind M days before"
  (default 1; None: no reminder; M < N, and M = 0 means the morning of the appointment).
- A message is due from 09:00 London on its day, and stays due until the appointment
  itself: a server that was down on the day still sends late, never after the visit. No
  message is sent between 21:00 and 09:00 (a text in the night is unkind), so a run at
  night leaves it for the morning.
- The reminder goes only if the invitation was sent and the sitting is not finished.
- `checked_timing` is what an administrator may set (the table's CHECKs say the same):
  invite 1 to 14 days before, remind 0 days (the morning of the visit) up to the day
  before the invitation, or not at all; a refusal says what to choose instead.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from screening.errors import InvalidValue
from screening.remote.rules.links import LONDON

SEND_FROM, SEND_UNTIL = time(9, 0), time(21, 0)
DEFAULT_INVITE_DAYS, DEFAULT_REMINDER_DAYS = 2, 1
INVITE_DAYS = range(1, 15)  # 1 to 14 days before the appointment


@dataclass(frozen=True)
class InvitationTiming:
    invite_days_before: int = DEFAULT_INVITE_DAYS
    reminder_days_before: int | None = DEFAULT_REMINDER_DAYS


def checked_timing(invite_days_before: int, reminder_days_before: int | None) -> InvitationTiming:
    """The timing an administrator chose, once it is one the service can keep to."""
    if invite_days_before not in INVITE_DAYS:
        raise InvalidValue("Invite days before", "choose from 1 to 14 days before the appointment.")
    if reminder_days_before is not None and not 0 <= reminder_days_before < invite_days_before:
        raise InvalidValue(
            "Remind days before",
            f"choose from 0 (the morning of the appointment) to {invite_days_before - 1}, fewer days before "
            "than the invitation, or no reminder.",
        )
    return InvitationTiming(invite_days_before, reminder_days_before)


def due_from(appointment_at: datetime, days_before: int) -> datetime:
    """09:00 London, `days_before` calendar days before the appointment's London day."""
    day = appointment_at.astimezone(LONDON).date() - timedelta(days=days_before)
    return datetime.combine(day, SEND_FROM, tzinfo=LONDON)


def sending_hours(now: datetime) -> bool:
    """Messages go between 09:00 and 21:00 London only."""
    local = now.astimezone(LONDON).time()
    return SEND_FROM <= local < SEND_UNTIL


def is_due(appointment_at: datetime, days_before: int, now: datetime) -> bool:
    """Due from its morning until the appointment, within sending hours."""
    return sending_hours(now) and due_from(appointment_at, days_before) <= now < appointment_at


def window(now: datetime, timing_days: int) -> tuple[datetime, datetime]:
    """The appointments a run looks at: from now up to the end of the furthest inviting day."""
    last_day = now.astimezone(LONDON).date() + timedelta(days=timing_days + 1)
    return now, datetime.combine(last_day, time(0), tzinfo=LONDON)
