"""Staff sign-in that survives a reload: the secrets and the rules of a session's life.

Design decisions:
- The browser holds a random 256-bit token (`new_secret`) in an HttpOnly, SameSite=Strict
  cookie; the server stores only its SHA-256 (`digest`). A fast hash is enough because the
  token is random and long: nothing to guess, so no password-style slow hash is needed,
  and a copy of the database cannot be replayed as a cookie.
- The cookie is set by an HTTP response, never by the script (a Streamlit script talks to
  the browser over a websocket, which cannot set cookies). At sign-in the server makes a
  one-time ticket, alive for `TICKET_LIFE`, that the browser swaps once for a fresh token
  (see ui/shell/session_route.py). So the token is new at every sign-in (rotation), and a
  token that existed before the sign-in never becomes a signed-in one.
- A session ends when idle for the `SessionPolicy` timeout (the rule the screen uses) or
  `MAX_AGE` after sign-in whatever the activity (a tablet left signed in overnight).
- `last_seen_at` is written at most every `TOUCH_EVERY`, so a click is not a write; the
  idle end can come that much early, never late.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta
from typing import TypeGuard

from screening.access.rules.sign_in_policy import SessionPolicy, is_idle_expired

COOKIE_NAME = "mb_staff_session"
TICKET_LIFE = timedelta(seconds=60)
MAX_AGE = timedelta(hours=12)
TOUCH_EVERY = timedelta(seconds=30)
END_REASONS: tuple[str, ...] = ("signed_out", "idle_timeout", "expired", "replaced", "refused")
_SECRET = re.compile(r"[A-Za-z0-9_-]{43}")  # token_urlsafe(32): 43 characters


def new_secret() -> str:
    """A token or a ticket: 32 random bytes, URL-safe text."""
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """What the database keeps instead of the secret."""
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def is_well_formed(value: str | None) -> TypeGuard[str]:
    """Whether `value` could be a secret we issued (anything else never reaches a query)."""
    return isinstance(value, str) and _SECRET.fullmatch(value) is not None


def ending_reason(started: datetime, last_seen: datetime, now: datetime, policy: SessionPolicy) -> str | None:
    """Why a session must end now ("expired", "idle_timeout"), or None while it may go on."""
    if now - started >= MAX_AGE:
        return "expired"
    if is_idle_expired(last_seen, now, policy):
        return "idle_timeout"
    return None
