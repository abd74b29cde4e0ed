"""Whether a secure link opens its sitting (issue 17; clinical reference s9, v2).

Design decisions:
- The answer (`Door`) is decided in a fixed order, first match wins: unknown token, finished
  sitting, revoked (or the sitting closed by staff), expired, locked. A finished sitting is
  said first because it is the kindest true answer ("you have already answered").
- Each value names the patient-text key the patient reads (`questionnaires/text/en.toml`),
  translated like the rest of the patient text.
- It lives with the sittings because the sittings services ask it on every answer from a
  link (`patient_screen.sitting_for`), not only at the door.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Door(StrEnum):
    """What a link opens to; each value names the patient-text key the patient reads."""

    OPEN = "open"
    UNKNOWN = "link_unknown"
    FINISHED = "link_finished"
    REVOKED = "link_revoked"
    EXPIRED = "link_expired"
    LOCKED = "link_locked"


@dataclass(frozen=True)
class LinkState:
    known: bool
    sitting_status: str | None = None  # the sitting begun through the invitation, if any
    link_revoked: bool = False
    invitation_revoked: bool = False
    expires_at: datetime | None = None
    locked: bool = False


def door(state: LinkState, now: datetime) -> Door:
    """Whether the link opens, or the one reason it does not (first match wins)."""
    if not state.known:
        return Door.UNKNOWN
    if state.sitting_status == "completed":
        return Door.FINISHED
    if state.link_revoked or state.invitation_revoked or state.sitting_status in ("declined", "abandoned"):
        return Door.REVOKED
    if state.expires_at is None or now >= state.expires_at:
        return Door.EXPIRED
    if state.locked:
        return Door.LOCKED
    return Door.OPEN
