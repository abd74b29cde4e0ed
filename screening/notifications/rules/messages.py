"""The words of an escalation message: a clinic name and what to do, nothing about the patient.

An SMS or email can be read over a shoulder or land on a shared phone, so the message
names no patient (clinical reference s6, v2; issue 13): the person told signs in and
opens the flag queue to see who. The GOV.UK Notify templates hold the same words with
one placeholder, ((clinic)); the outbox stores the words as they would arrive.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SUBJECT = "Urgent screening flag needs acknowledging"
BODY = "An urgent screening flag at {clinic} needs acknowledging: open the flag queue"
NOTIFY_TEMPLATE = BODY.format(clinic="((clinic))")


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    personalisation: dict[str, str] = field(default_factory=dict)
    reference: str | None = None  # ours, sent to Notify as `reference`: codes only
    site_id: int | None = None  # lets the outbox show staff only their sites' messages


def escalation_message(clinic_name: str, *, reference: str | None = None, site_id: int | None = None) -> Message:
    """The message for one escalation step: personalised with the clinic name only."""
    clinic = " ".join(clinic_name.split()) or "your clinic"
    return Message(SUBJECT, BODY.format(clinic=clinic), {"clinic": clinic}, reference, site_id)
