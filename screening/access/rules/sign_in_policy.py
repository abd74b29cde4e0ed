"""Lockout and idle-timeout rules for signed-in staff, as pure functions of time.

Design decisions:
- One frozen `SessionPolicy` holds the numbers (5 failures, 15 minutes locked, 15 minutes
  idle on staff screens); a site that must differ passes its own, or sets
  SCREENING_IDLE_TIMEOUT_MINUTES, rather than editing the rules.
- The clock is always passed in (`now`), never read here, so every boundary is testable.
- At exactly the lock's end the account is open again, and a screen idle for exactly the
  timeout has expired: both boundaries land on the safe, predictable side.
- Times are timezone-aware UTC; a naive time is refused (its zone would be a guess).

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from screening.counted import counted
from screening.errors import InvalidValue

LONDON = ZoneInfo("Europe/London")  # staff read times on the clinic's wall clock
IDLE_TIMEOUT_ENV = "SCREENING_IDLE_TIMEOUT_MINUTES"


@dataclass(frozen=True)
class SessionPolicy:
    max_failures: int = 5
    lock_minutes: int = 15
    idle_timeout_minutes: int = 15

    def __post_init__(self) -> None:
        for field in ("max_failures", "lock_minutes", "idle_timeout_minutes"):
            if not 1 <= getattr(self, field) <= 24 * 60:
                raise InvalidValue(field, "must be a whole number from 1 to 1440.")

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> SessionPolicy:
        """The defaults, with the idle timeout taken from the environment when it is set."""
        raw = environ.get(IDLE_TIMEOUT_ENV, "").strip()
        if not raw:
            return cls()
        if not raw.isdigit():
            raise InvalidValue(IDLE_TIMEOUT_ENV, "must be a whole number of minutes.")
        return cls(idle_timeout_minutes=int(raw))


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("times must be timezone-aware (UTC)")
    return moment


def lock_ends(now: datetime, policy: SessionPolicy) -> datetime:
    return _aware(now) + timedelta(minutes=policy.lock_minutes)


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    now = _aware(now)  # checked even when unlocked, so a naive clock fails on every path
    return locked_until is not None and now < _aware(locked_until)


def is_idle_expired(last_activity: datetime, now: datetime, policy: SessionPolicy) -> bool:
    """Whether a staff screen untouched since `last_activity` must sign out."""
    idle = _aware(now) - _aware(last_activity)
    return idle >= timedelta(minutes=policy.idle_timeout_minutes)


def locked_message(locked_until: datetime, now: datetime) -> str:
    """What a locked-out user reads: when to try again, or whom to ask."""
    minutes = max(1, math.ceil((_aware(locked_until) - _aware(now)).total_seconds() / 60))
    clock = locked_until.astimezone(LONDON).strftime("%H:%M")
    return (
        "This account is locked after too many failed sign-ins. Try again in "
        f"{counted(minutes, 'minute')} (after {clock}), "
        "or ask an administrator."
    )
