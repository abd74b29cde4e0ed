"""Sending invitations, reminders and staff links (issue 17; clinical reference s9, v2).

`send_due_invitations` is `python -m screening send-invitations` (cron or a systemd timer,
every few minutes, on any number of servers); `send_link` is the clinic list's "Send link".
Design decisions:
- The escalation pattern: read what is due (`invitation_plan`), claim it in a committed
  transaction (`invitation_claims`), send with no transaction open, record the outcome in
  another. Claims and outcomes go in batches of `batch_size` messages: one commit per batch
  instead of per message. Never sends one message twice, however many runs race.
- `per_minute` paces the sending (the command line: 1,000 a minute through Notify, whose
  limit is 3,000 a minute per key, shared with the escalations, which must never be
  refused for invitations). A run that stops half-way records the rest of its batch as
  failed ("not sent"), so nothing claimed looks as if it went.
- A message claimed by a run that crashed before recording its outcome stays "claimed" and
  is NOT sent again automatically (it may have gone); staff can send a new link from the
  clinic list (`send_link`), which revokes the older links.
- Every message carries its own new link; the token goes only into the message (and, in
  the demo only, the outbox). It is never stored, logged or put in an error.
- Outside the demo, invitations are refused the outbox (it keeps the words, link and all,
  in the database): `check_invitation_sender` says what the administrator must set.
- Staff sending: only at the appointment's site (`Action.RUN_SCREENING`), refused in plain
  words when the patient has no mobile or email, asked for no contact, the appointment
  was cancelled or missed, or its day is over; audited (`remote.reissued`, then
  `remote.message_sent` with codes only).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Attendance, Clinic, PatientContact, ScreeningSession
from screening.database.services.database import Database
from screening.database.services.demo_database import demo_mode
from screening.errors import ConflictError, NotFound
from screening.notifications.rules.messages import INVITATION_REFERENCE, invitation_message
from screening.notifications.rules.sending import STATUS_LABELS, Sender, SendResult, send
from screening.notifications.services.senders import check_invitation_sender
from screening.policy import Action, CurrentUser, require
from screening.remote.rules.invitation_messages import channel_for, link_for, remote_url
from screening.remote.services.invitation_claims import (
    Claim,
    Outcome,
    claim_batch,
    claim_staff_message,
    record_outcomes,
)
from screening.remote.services.invitation_plan import BOOKED, SCREENED, invitation_plan
from screening.remote.services.links import reissue

__all__ = ["InvitationRun", "SentLink", "link_base", "link_for", "send_due_invitations", "send_link"]

log = logging.getLogger(__name__)
BATCH_SIZE = 100
NOT_SENT = SendResult("none", None, "failed", "not sent: the run stopped before this message")


@dataclass
class InvitationRun:
    due: int = 0
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    taken: int = 0  # claimed first by another run
    skipped_no_contact: int = 0
    skipped_closed: int = 0

    def __str__(self) -> str:
        return (f"Invitations: {self.due} due; {self.claimed} claimed, {self.sent} sent, {self.failed} failed, "
                f"{self.taken} taken by another run; skipped: {self.skipped_no_contact} with no contact details "
                f"or no contact wanted, {self.skipped_closed} with the link revoked, locked or closed.")  # fmt: skip


def link_base(session: Session, environ: Mapping[str, str] = os.environ) -> str:
    """SCREENING_REMOTE_URL; in the demo, the local remote door when it is unset."""
    return remote_url(environ, demo=demo_mode(session))


def send_due_invitations(database: Database, sender: Sender, *, now: datetime, link_base: str,
                         batch_size: int = BATCH_SIZE, per_minute: int | None = None) -> InvitationRun:  # fmt: skip
    """Claim, send and record every invitation and reminder due now, at most `per_minute` a minute."""
    with database.transaction() as session:
        check_invitation_sender(sender, demo=demo_mode(session))
        plan = invitation_plan(session, now=now)
    run = InvitationRun(len(plan.due), skipped_no_contact=plan.skipped_no_contact, skipped_closed=plan.skipped_closed)
    pace = Pace(per_minute)
    for start in range(0, len(plan.due), batch_size):
        batch = plan.due[start : start + batch_size]
        with database.transaction() as session:
            claims = claim_batch(session, batch, now=now)
        run.claimed += len(claims)
        run.taken += len(batch) - len(claims)
        outcomes = _send_batch(database, sender, claims, link_base, now, pace)
        run.failed += sum(o.result.failed for o in outcomes)
        run.sent += sum(not o.result.failed for o in outcomes)
    log.info("send-invitations: %d due, %d sent, %d failed", run.due, run.sent, run.failed)
    return run


def _send_batch(database: Database, sender: Sender, claims: list[Claim], base: str, now: datetime,
                pace: Pace) -> list[Outcome]:  # fmt: skip
    """Send the batch and record every outcome, even if sending stops half-way: a claim never
    handed to the provider is recorded as failed ("not sent"), not left looking sent."""
    outcomes: list[Outcome] = []
    try:
        for claim in claims:
            pace.wait()
            outcomes.append(Outcome(claim, _send(sender, claim, base)))
    finally:
        unsent = [Outcome(c, NOT_SENT) for c in claims[len(outcomes) :]]
        with database.transaction() as session:
            record_outcomes(session, outcomes + unsent, now=now, link_base=base)
    return outcomes


class Pace:
    """At most `per_minute` sends a minute (GOV.UK Notify allows 3,000 a minute per API key, and
    escalations share the key), spread evenly; None: as fast as the provider answers."""

    def __init__(self, per_minute: int | None) -> None:
        self.gap = 60.0 / per_minute if per_minute else 0.0
        self.next = time.monotonic()

    def wait(self) -> None:
        if self.gap:
            delay = self.next - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            self.next = max(self.next, time.monotonic()) + self.gap


def _send(sender: Sender, claim: Claim, base: str) -> SendResult:
    message = invitation_message(link_for(base, claim.token), kind=claim.purpose,
                                 reference=f"{INVITATION_REFERENCE}{claim.message_id}", site_id=claim.site_id)  # fmt: skip
    return send(sender, claim.channel, claim.destination, message)


@dataclass(frozen=True)
class SentLink:
    """What came of a staff "Send link": for the page to say."""

    message_id: int
    number: int
    channel: str  # "sms" or "email"
    status: str
    status_label: str
    failed: bool


def send_link(database: Database, sender: Sender, actor: CurrentUser, attendance_id: int, *, now: datetime,
              link_base: str, app_session: str | None = None) -> SentLink:  # fmt: skip
    """Staff send (or resend) the appointment's link: a new link, the older ones revoked, sent now."""
    with database.transaction() as session:
        check_invitation_sender(sender, demo=demo_mode(session))
        channel, destination, site_id = _staff_route(session, actor, attendance_id)
        invitation, link, token = reissue(session, actor, attendance_id, now=now, app_session=app_session)
        claimed = claim_staff_message(session, invitation.id, link.id, channel, destination, user_id=actor.user_id,
                                      now=now)  # fmt: skip
        if claimed is None:
            raise ConflictError("Another link for this appointment is being sent right now; reload the clinic list.")
        claim = Claim(claimed[0], invitation.id, "staff", claimed[1], channel, destination, site_id, token)
    result = _send(sender, claim, link_base)
    with database.transaction() as session:
        record_outcomes(session, [Outcome(claim, result)], now=now, link_base=link_base, actor=actor.username,
                        actor_user_id=actor.user_id, app_session=app_session)  # fmt: skip
    return SentLink(claim.message_id, claim.number, channel, result.status, STATUS_LABELS[result.status], result.failed)


def _staff_route(session: Session, actor: CurrentUser, attendance_id: int) -> tuple[str, str, int]:
    """(channel, destination, site id) for a staff send, or the plain reason it cannot go."""
    attendance = session.get(Attendance, attendance_id)
    if attendance is None:
        raise NotFound("That appointment does not exist any more; reload the clinic list.")
    site_id = session.get_one(Clinic, attendance.clinic_id).site_id
    require(actor, Action.RUN_SCREENING, site_id)
    if attendance.status != BOOKED:
        raise ConflictError("This appointment was cancelled or missed, so no link is sent.")
    screened = session.scalar(select(ScreeningSession.id).where(
        ScreeningSession.attendance_id == attendance_id, ScreeningSession.status.in_(SCREENED)).limit(1))  # fmt: skip
    if screened is not None:
        raise ConflictError("This appointment's screening is already finished or declined, so no link is sent.")
    contact = session.get(PatientContact, attendance.patient_id)
    if contact is not None and contact.no_contact:
        raise ConflictError("This patient asked not to be sent messages, so no link is sent; screen at the visit.")
    route = channel_for(contact.mobile, contact.email) if contact is not None else None
    if route is None:
        raise ConflictError("There is no mobile number or email address for this patient, so no link can be sent; "
                            "screen at the visit.")  # fmt: skip
    return route[0], route[1], site_id
