"""Which message an appointment is due, by which channel, and the link it carries (issue 17; s9).

Design decisions:
- One automatic invitation per appointment, then at most one reminder (`due_purpose`).
  The invitation is due on its morning (`invitation_timing.is_due`) while nothing has been
  sent for the appointment yet: a link staff sent from the clinic list counts, so the
  patient does not get a second link for nothing.
- The reminder is due on its own morning, once, and only if the last message before it
  was claimed before that morning: an invitation sent late (a server down for a day) is
  not followed minutes later by a reminder.
- A claim counts whatever became of it (failed, or left "claimed" by a crashed run):
  nothing is resent automatically; staff can send a new link from the clinic list.
- SMS when the patient has a mobile, else email (`channel_for`), as for escalations (E5).
- The link is `<SCREENING_REMOTE_URL>/?link=<token>` (`link_for`). The address is the
  remote door's (`remote_app.py`), never the staff app's; outside the demo it must be set
  (`remote_url`), since a guessed default would send patients somewhere wrong, and be https,
  since the token in the link must never cross the internet unencrypted.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from screening.errors import ScreeningError
from screening.remote.rules.invitation_timing import InvitationTiming, due_from, is_due

REMOTE_URL = "SCREENING_REMOTE_URL"
DEMO_REMOTE_URL = "http://localhost:8502"


class RemoteUrlMissing(ScreeningError):
    """SCREENING_REMOTE_URL is unset or not a web address outside the demo."""


@dataclass(frozen=True)
class Claimed:
    """A message already claimed for the appointment's invitation."""

    purpose: str  # "invitation", "reminder" or "staff"
    claimed_at: datetime


def due_purpose(appointment_at: datetime, timing: InvitationTiming, claims: Sequence[Claimed],
                now: datetime) -> str | None:  # fmt: skip
    """ "invitation", "reminder" or None: what `send-invitations` sends for the appointment now."""
    if not claims:
        return "invitation" if is_due(appointment_at, timing.invite_days_before, now) else None
    reminder_days = timing.reminder_days_before
    if reminder_days is None or any(claim.purpose == "reminder" for claim in claims):
        return None
    if not is_due(appointment_at, reminder_days, now):
        return None
    last = max(claim.claimed_at for claim in claims)
    return "reminder" if last < due_from(appointment_at, reminder_days) else None


def channel_for(mobile: str | None, email: str | None) -> tuple[str, str] | None:
    """(channel, destination): SMS to a mobile, else email; None with neither."""
    if mobile:
        return "sms", mobile
    if email:
        return "email", email
    return None


def link_for(link_base: str, token: str) -> str:
    return f"{link_base.rstrip('/')}/?link={token}"


def remote_url(environ: Mapping[str, str], *, demo: bool) -> str:
    """The remote door's address: SCREENING_REMOTE_URL, or the local one in the demo only."""
    url = environ.get(REMOTE_URL, "").strip()
    if not url and demo:
        return DEMO_REMOTE_URL
    parts = urlsplit(url)
    if not url or parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise RemoteUrlMissing(
            f"{REMOTE_URL} must be set to the web address patients open the remote questionnaire at (where "
            "remote_app.py is served, e.g. https://screening.example.nhs.uk), with no query, before links are sent."
        )
    if parts.scheme != "https" and not demo:
        raise RemoteUrlMissing(
            f"{REMOTE_URL} must be an https address outside the demo (the link carries the patient's token, "
            "which must never cross the internet unencrypted), e.g. https://screening.example.nhs.uk."
        )
    return url.rstrip("/")
