"""The words of the messages we send: escalations to staff, and invitations to patients.

An SMS or email can be read over a shoulder or land on a shared phone, so no message
names a patient (clinical reference s6, v2; issue 13). Escalations name the clinic and
the next step: the person told signs in and opens the flag queue to see who.

Invitations (issue 17; s9) go to patients, and say even less: no clinical word and no
clinic name ("Sickle cell clinic" would tell whoever reads it the diagnosis), only "your
clinic" and the link. The link carries a secret token, so it is personalisation only:
never in a log, never in a stored error (`scrubbed`).

Each message names its GOV.UK Notify template (`template`): the Notify templates hold
the same words as below with the placeholders in double brackets; the outbox stores
the words as they would arrive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Template = Literal["escalation", "invitation"]
TEMPLATES: tuple[Template, ...] = ("escalation", "invitation")

SUBJECT = "Urgent screening flag needs acknowledging"
BODY = "An urgent screening flag at {clinic} needs acknowledging: open the flag queue"
NOTIFY_TEMPLATE = BODY.format(clinic="((clinic))")

INVITATION_SUBJECT = "Questions before your appointment"
INVITATION_OPENING = "Your clinic asks you to answer some questions before your appointment."
REMINDER_OPENING = "A reminder: your clinic asks you to answer some questions before your appointment."
INVITATION_BODY = "{opening} Please use this link: {link} It works until the end of your appointment day."
INVITATION_NOTIFY_TEMPLATE = INVITATION_BODY.format(opening="((opening))", link="((link))")
LINK_HIDDEN = "[link]"
ADDRESS_HIDDEN = "[address]"
# A 43-character URL-safe run is what a token looks like (`screening.remote.rules.links`).
_TOKEN_LIKE = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")
_LINK = re.compile(r"\S*[?&]link=\S*")
_EMAIL = re.compile(r"[^\s'\"<>(),;:]+@[^\s'\"<>(),;:]+")
_PHONE = re.compile(r"\+?\d[\d ]{8,}\d")


# How an invitation's reference begins (the message row's id follows): the outbox tells them apart by it.
INVITATION_REFERENCE = "invitation-message-"


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    personalisation: dict[str, str] = field(default_factory=dict)
    reference: str | None = None  # ours, sent to Notify as `reference`: codes only
    site_id: int | None = None  # lets the outbox show staff only their sites' messages
    template: Template = "escalation"  # which pair of Notify templates (SMS, email) it is sent with

    def __repr__(self) -> str:  # an invitation's body holds a link: never let a repr reach a log
        return f"Message(template={self.template!r}, reference={self.reference!r})"


def escalation_message(clinic_name: str, *, reference: str | None = None, site_id: int | None = None) -> Message:
    """The message for one escalation step: personalised with the clinic name only."""
    clinic = " ".join(clinic_name.split()) or "your clinic"
    return Message(SUBJECT, BODY.format(clinic=clinic), {"clinic": clinic}, reference, site_id)


def invitation_message(link: str, *, kind: str, reference: str | None = None, site_id: int | None = None) -> Message:
    """A patient's invitation (`kind` "invitation" or "staff") or reminder ("reminder"): "your clinic" and the link."""
    opening = REMINDER_OPENING if kind == "reminder" else INVITATION_OPENING
    return Message(INVITATION_SUBJECT, INVITATION_BODY.format(opening=opening, link=link),
                   {"opening": opening, "link": link}, reference, site_id, "invitation")  # fmt: skip


def scrubbed(text: str, *, link: str | None = None, destination: str | None = None) -> str:
    """`text` (a provider's error, say) with the link, the destination, any link address,
    anything shaped like a token, an email address or a phone number taken out: what may be
    logged or stored."""
    for value, hidden in ((link, LINK_HIDDEN), (destination, ADDRESS_HIDDEN)):
        if value:
            text = text.replace(value, hidden)
    text = _TOKEN_LIKE.sub(LINK_HIDDEN, _LINK.sub(LINK_HIDDEN, text))
    return _PHONE.sub(ADDRESS_HIDDEN, _EMAIL.sub(ADDRESS_HIDDEN, text))
