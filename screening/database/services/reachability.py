"""Whether an error means "the database cannot be reached right now" (issue 14).

The web layer never imports SQLAlchemy, yet it must tell a passing outage (keep the
patient's answers on the tablet and try again) from a real refusal (a closed sitting, a
bug: say so). This is the one place that knows which driver errors are the first kind:
a refused or dropped connection, a pool that timed out, a database that could not be
opened. Nothing here reads the error's text, so no SQL parameter reaches a log line.
"""

from __future__ import annotations

from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

# `DatabaseUnavailable` is found through its cause: a bad URL is a setting to fix, not an outage.
_OUTAGES = (OperationalError, InterfaceError, DisconnectionError, PoolTimeout)


def unreachable(error: BaseException) -> bool:
    """True when `error` (or what caused it) is the database being out of reach."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, _OUTAGES):
            return True
        seen.add(id(current))
        current = current.__cause__  # `raise ... from`: an explicit wrapper, never an unrelated error
    return False


def kind(error: BaseException) -> str:
    """A log-safe name for the failure: the exception classes, never their text."""
    original = getattr(error, "orig", None)
    return type(error).__name__ + (f" ({type(original).__name__})" if original is not None else "")
