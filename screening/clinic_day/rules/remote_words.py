"""What the clinic list says about screening at home (issue 17): the sitting and the link, in plain words.

Design decisions:
- "Completed at home" / "Started at home" is about the attendance's sitting begun from a
  secure link (`remote` set), whoever finished it: a remote sitting resumed on the clinic
  tablet and finished there still began at home (the mode breakdown counts it as remote too).
- The link's state is one phrase, first match wins: stopped by staff; locked after the
  wrong dates of birth; expired; the last message sent ("Link sent by SMS, Tue 2 Dec
  14:05"), or not delivered; "Not invited" with the reason. A finished remote sitting
  needs no link words: the link opens to "already answered" and nothing more.
- "Not invited" is said only at a clinic that sends invitations (it has invitation
  settings), so a clinic that never uses links sees no noise on every row. The words say
  why (no mobile or email, or the patient asked not to be contacted) and never show a
  mobile number or an email address: the list only learns whether there is one.
- Staff may stop a link that could still open (an invitation not stopped, not expired, its
  sitting not finished); `can_send` says whether a send or resend could reach the patient,
  for the Send link button (`ui.tablet.remote_actions`).

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from screening.notifications.rules.sending import CHANNEL_LABELS, FAILED_STATUSES

LONDON = ZoneInfo("Europe/London")
FINISHED = ("completed", "declined")


@dataclass(frozen=True)
class RemoteFacts:
    """What the database says about one attendance's link (no contact values, only whether there are any)."""

    remote_sitting: str | None = None  # the status of the attendance's latest sitting begun from a link
    invited: bool = False  # the appointment has an invitation row
    revoked: bool = False
    locked: bool = False
    wrong_birth_dates: int = 0
    expires_at: datetime | None = None
    channel: str | None = None  # the last message: "sms", "email", or None (nothing sent)
    message_at: datetime | None = None  # when it was sent (or claimed, if not sent yet)
    message_status: str | None = None
    clinic_invites: bool = False  # the clinic has invitation settings
    has_contact: bool = False  # a mobile or an email is on record
    no_contact: bool = False  # the patient asked not to be contacted


@dataclass(frozen=True)
class RemoteStatus:
    at_home: str | None = None  # "Completed at home", "Started at home"
    link: str | None = None  # the link's state in plain words
    can_stop: bool = False
    can_send: bool = False
    sent_before: bool = False  # a message went already: the button says "Resend link"


NO_REMOTE = RemoteStatus()


def at_home_words(sitting_status: str | None) -> str | None:
    if sitting_status is None:
        return None
    return "Completed at home" if sitting_status == "completed" else "Started at home"


def when(moment: datetime) -> str:
    """'Tue 2 Dec 14:05', London time."""
    local = moment.astimezone(LONDON)
    return f"{local:%a} {local.day} {local:%b %H:%M}"


def link_words(facts: RemoteFacts, now: datetime | None) -> str | None:
    """The link's state in plain words, or None when there is nothing to say."""
    if facts.remote_sitting == "completed":
        return None
    if facts.invited and facts.revoked:
        return "Link stopped"
    if facts.invited and facts.locked:
        return f"Link locked after {facts.wrong_birth_dates} wrong dates of birth"
    if facts.invited and _expired(facts, now):
        return "Link expired"
    if facts.channel is not None and facts.message_at is not None:
        how = CHANNEL_LABELS.get(facts.channel, facts.channel)
        if facts.message_status in FAILED_STATUSES:
            return f"Link not delivered by {how}, {when(facts.message_at)}"
        return f"Link sent by {how}, {when(facts.message_at)}"
    if facts.clinic_invites or facts.message_status == "no_contact":
        if facts.no_contact:
            return "Not invited: asked not to be contacted"
        if not facts.has_contact:
            return "Not invited: no contact details"
    return None


def remote_status(facts: RemoteFacts, now: datetime | None) -> RemoteStatus:
    open_sitting = facts.remote_sitting not in FINISHED
    live = facts.invited and not facts.revoked and not _expired(facts, now) and open_sitting
    reachable = facts.has_contact and not facts.no_contact and open_sitting and not _expired(facts, now)
    return RemoteStatus(at_home_words(facts.remote_sitting), link_words(facts, now), can_stop=live,
                        can_send=reachable, sent_before=facts.channel is not None)  # fmt: skip


def _expired(facts: RemoteFacts, now: datetime | None) -> bool:
    return now is not None and facts.expires_at is not None and now >= facts.expires_at
