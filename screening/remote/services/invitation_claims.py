"""The message claim and its outcome in the database (issue 17): the escalation pattern, in batches.

Design decisions:
- A claim is a row of `invitation_messages`, UNIQUE (invitation_id, purpose, number),
  inserted with `ON CONFLICT DO NOTHING` (SQLite and PostgreSQL alike) and committed
  before anything is sent: only the process whose INSERT returned the row sends, so any
  number of servers running `send-invitations` at once send each message at most once.
- A batch of claims is one transaction that begins with a write (the appointments'
  invitations, also `ON CONFLICT DO NOTHING`), so on SQLite it takes the write lock first
  and waits its turn instead of failing. Rows go in attendance order on every server, so
  two PostgreSQL transactions never wait on each other in a circle.
- Each claimed message gets a link of its own (`remote_links`, the hash only); the token
  is returned to the caller for the message and never stored or logged.
- The outcome (provider, provider id, status, sent time, error with any link or address
  scrubbed out) is written after sending with an audit event of codes only.
- A claim left "claimed" by a run that crashed between claim and outcome is never sent
  again automatically: it may have gone. The clinic list shows it ("Being sent"), and
  staff can send a new link.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import Insert as PgInsert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from models import Attendance, InvitationMessage, RemoteInvitation, RemoteLink
from screening.audit.services.audit import record_event
from screening.notifications.rules.messages import scrubbed
from screening.notifications.rules.sending import SendResult
from screening.remote.rules.invitation_messages import link_for
from screening.remote.rules.links import expires_at, new_token, token_hash
from screening.remote.services.invitation_plan import DueMessage

ACTOR = "invitations"  # the audit log's actor for automatic sending: the clock, not a person


@dataclass(frozen=True)
class Claim:
    message_id: int
    invitation_id: int
    purpose: str
    number: int
    channel: str
    destination: str
    site_id: int
    token: str  # for the message only: never stored, never logged

    def __repr__(self) -> str:
        return f"Claim(message_id={self.message_id}, purpose={self.purpose!r}, channel={self.channel!r})"


def _insert(session: Session, table: Any) -> SqliteInsert | PgInsert:
    return sqlite_insert(table) if session.get_bind().dialect.name == "sqlite" else pg_insert(table)


def claim_batch(session: Session, due: Sequence[DueMessage], *, now: datetime) -> list[Claim]:
    """Claim the batch's messages for this process; those another process claimed first are left out."""
    if not due:
        return []
    due = sorted(due, key=lambda d: (d.attendance_id, d.purpose))
    attendance_ids = sorted({d.attendance_id for d in due})
    found = {a: (at, patient, clinic) for a, at, patient, clinic in session.execute(
        select(Attendance.id, Attendance.appointment_at, Attendance.patient_id, Attendance.clinic_id)
        .where(Attendance.id.in_(attendance_ids)))}  # fmt: skip
    new = [dict(attendance_id=a, patient_id=found[a][1], clinic_id=found[a][2], created_at=now,
                expires_at=expires_at(found[a][0]), wrong_birth_dates=0) for a in attendance_ids]  # fmt: skip
    session.execute(_insert(session, RemoteInvitation).values(new).on_conflict_do_nothing(
        index_elements=["attendance_id"]))  # fmt: skip
    invitations = _pairs(session.execute(
        select(RemoteInvitation.attendance_id, RemoteInvitation.id)
        .where(RemoteInvitation.attendance_id.in_(attendance_ids))))  # fmt: skip
    rows = [dict(invitation_id=invitations[d.attendance_id], purpose=d.purpose, number=1, channel=d.channel,
                 destination=d.destination, claimed_at=now, status="claimed") for d in due]  # fmt: skip
    statement = _insert(session, InvitationMessage).values(rows).on_conflict_do_nothing(
        index_elements=["invitation_id", "purpose", "number"])  # fmt: skip
    won = {(i, p): m for m, i, p in session.execute(statement.returning(
        InvitationMessage.id, InvitationMessage.invitation_id, InvitationMessage.purpose))}  # fmt: skip
    claims = []
    for d in due:
        message_id = won.get((invitations[d.attendance_id], d.purpose))
        if message_id is not None:
            claims.append(Claim(message_id, invitations[d.attendance_id], d.purpose, 1, d.channel, d.destination,
                                d.site_id, new_token()))  # fmt: skip
    _link(session, claims, now)
    return claims


def claim_staff_message(session: Session, invitation_id: int, link_id: int, channel: str, destination: str, *,
                        user_id: int | None, now: datetime) -> tuple[int, int] | None:  # fmt: skip
    """Claim the next staff message of the invitation: (message id, number), or None if another took it."""
    last = session.scalar(select(func.max(InvitationMessage.number)).where(
        InvitationMessage.invitation_id == invitation_id, InvitationMessage.purpose == "staff"))  # fmt: skip
    number = (last or 0) + 1
    statement = _insert(session, InvitationMessage).values(
        invitation_id=invitation_id, link_id=link_id, purpose="staff", number=number, channel=channel,
        destination=destination, claimed_at=now, sent_by_user_id=user_id, status="claimed",
    ).on_conflict_do_nothing(index_elements=["invitation_id", "purpose", "number"])  # fmt: skip
    message_id = session.scalar(statement.returning(InvitationMessage.id))
    return None if message_id is None else (message_id, number)


def _link(session: Session, claims: list[Claim], now: datetime) -> None:
    """A link of its own for each claimed message (the hash stored), tied to the message."""
    if not claims:
        return
    links = _pairs(session.execute(_insert(session, RemoteLink).values(
        [dict(invitation_id=c.invitation_id, token_hash=token_hash(c.token), created_at=now) for c in claims]
    ).returning(RemoteLink.token_hash, RemoteLink.id)))  # fmt: skip
    session.execute(update(InvitationMessage),
                    [dict(id=c.message_id, link_id=links[token_hash(c.token)]) for c in claims])  # fmt: skip


@dataclass(frozen=True)
class Outcome:
    claim: Claim
    result: SendResult


def record_outcomes(session: Session, outcomes: Sequence[Outcome], *, now: datetime, link_base: str,
                    actor: str = ACTOR, actor_user_id: int | None = None, app_session: str | None = None) -> None:  # fmt: skip
    """Each message's delivery status, and an audit event with codes only."""
    if not outcomes:
        return
    session.execute(update(InvitationMessage), [
        dict(id=o.claim.message_id, provider=o.result.provider, provider_message_id=o.result.provider_id,
             status=o.result.status, sent_at=None if o.result.failed else now, error=_safe_error(o, link_base))
        for o in outcomes
    ])  # fmt: skip
    for o in outcomes:
        record_event(session, actor=actor, actor_user_id=actor_user_id, action="remote.message_sent",
                     entity_type="remote_invitation", entity_id=o.claim.invitation_id, app_session=app_session,
                     detail={"purpose": o.claim.purpose, "number": o.claim.number, "channel": o.claim.channel,
                             "status": o.result.status})  # fmt: skip


def _safe_error(outcome: Outcome, link_base: str) -> str | None:
    error = outcome.result.error
    if error is None:
        return None
    text = scrubbed(error, link=link_for(link_base, outcome.claim.token), destination=outcome.claim.destination)
    return scrubbed(text, link=outcome.claim.token)[:500]


def _pairs(rows: Any) -> dict[Any, Any]:
    return {key: value for key, value in rows}
