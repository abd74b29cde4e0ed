"""The secure link's rules: the token, its hash, when it expires and the date of birth typed (s9, v2).

Design decisions:
- The token is `secrets.token_urlsafe(32)`: 256 random bits, 43 URL-safe characters, well
  above the 128 bits asked. Only `token_hash` (SHA-256, hex) is stored: a copy of the
  database cannot open anyone's questionnaire. No salt is needed: the token is random and
  long, so there is nothing to guess from its hash.
- A link expires at the end of the appointment's Europe/London day (midnight after it).
- Whether a link opens is `screening.sittings.rules.remote_door`: the sittings services ask
  it on every answer from a link, not only at the door.
- Five wrong dates of birth lock the invitation, whichever of its links they came through.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
TOKEN_BYTES = 32  # 256 bits
MAX_WRONG_BIRTH_DATES = 5
MESSAGE_PURPOSES: tuple[str, ...] = ("invitation", "reminder", "staff")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.strip().encode("utf-8")).hexdigest()


def looks_like_token(token: str | None) -> bool:
    """A cheap shape check before the database is asked (43 URL-safe characters)."""
    text = (token or "").strip()
    return len(text) == 43 and all(ch.isalnum() or ch in "-_" for ch in text)


def expires_at(appointment_at: datetime) -> datetime:
    """The end of the appointment's London day: the link works until midnight after it."""
    day = appointment_at.astimezone(LONDON).date()
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=LONDON)


def birth_date_from(day: str, month: str, year: str) -> date | None:
    """The date typed in three boxes (GOV.UK pattern), or None when it is not a real date."""
    try:
        parts = [int(part.strip()) for part in (day, month, year)]
        if not 1900 <= parts[2] <= 2100:
            return None
        return date(parts[2], parts[1], parts[0])
    except ValueError:
        return None
