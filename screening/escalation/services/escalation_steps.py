"""The escalation steps in the database: open urgent flags, the atomic claim, and the outcome.

Design decisions (clinical reference s6, v2):
- The claim is an INSERT of (flag_id, step) that does nothing on a conflict (`ON CONFLICT
  DO NOTHING`, SQLite and PostgreSQL alike), committed on its own before anything is sent.
  Only the process whose INSERT returned a row sends, so any number of app servers and
  cron runs send each step at most once. The claim's transaction starts with the INSERT,
  so on SQLite it takes the write lock first and then sees the newest flag status.
- A flag acknowledged between the read and the claim is not escalated: the claim reads the
  status after inserting and takes its row back out if the flag is no longer open.
- The outcome is recorded in a second short transaction: the escalation row's delivery
  status, an "escalated" step in the flag's history (who was told, how) and an audit
  event with codes only. A step with nobody to tell is recorded with the claim itself.
- Nothing here commits; `escalation_pass` owns the transactions.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from models import Clinic, Escalation, Flag, FlagAction, ScreeningSession
from screening.audit.services.audit import record_event
from screening.escalation.rules.escalation_rules import NOBODY, DueStep, SentStep, counts_as_failed
from screening.notifications.rules.sending import CHANNEL_LABELS, FAILED_STATUSES, SendResult

ACTOR = "escalation"  # the audit log's actor: the escalation clock, not a person
NOBODY_NOTE = "Escalation: nobody could be told (no out-of-hours contact is configured)"


@dataclass(frozen=True)
class OpenUrgentFlag:
    flag_id: int
    raised_at: datetime
    clinic_id: int
    clinic_name: str
    site_id: int
    steps: tuple[SentStep, ...]
    remote: bool = False  # raised from a sitting begun by secure link: the out-of-hours ladder (s6, s9)


def open_urgent_flags(session: Session, *, now: datetime) -> list[OpenUrgentFlag]:
    """Every urgent flag (psychological or physical) nobody has acknowledged, with its steps so far."""
    rows = session.execute(
        select(Flag.id, Flag.created_at, Clinic.id, Clinic.name, Clinic.site_id, ScreeningSession.remote)
        .join(ScreeningSession, ScreeningSession.id == Flag.session_id)
        .join(Clinic, Clinic.id == ScreeningSession.clinic_id)
        .where(Flag.priority == "urgent", Flag.status == "open")
        .order_by(Flag.created_at, Flag.id)
    ).all()
    steps: dict[int, list[SentStep]] = defaultdict(list)
    if rows:
        query = select(Escalation.flag_id, Escalation.step, Escalation.claimed_at, Escalation.status).where(
            Escalation.flag_id.in_([r[0] for r in rows])
        )
        for flag_id, step, claimed_at, status in session.execute(query):
            failed = counts_as_failed(status in FAILED_STATUSES, status, claimed_at, now)
            steps[flag_id].append(SentStep(step, claimed_at, failed))
    return [OpenUrgentFlag(fid, raised, cid, name, site, tuple(steps[fid]), bool(remote))
            for fid, raised, cid, name, site, remote in rows]  # fmt: skip


def claim_step(session: Session, flag_id: int, due: DueStep, *, now: datetime) -> int | None:
    """Take the step for this process: its escalation id, or None if another took it or the flag moved on."""
    contact = due.contact
    values = dict(
        flag_id=flag_id, step=due.step, target=due.target, contact_position=due.position,
        contact_name=contact.name if contact else None, contact_role=contact.role if contact else None,
        channel=contact.channel if contact else None, destination=contact.destination if contact else None,
        claimed_at=now, status="no_contact" if due.target == NOBODY else "claimed",
    )  # fmt: skip
    insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else pg_insert
    statement = insert(Escalation).values(**values).on_conflict_do_nothing(index_elements=["flag_id", "step"])
    escalation_id = session.scalar(statement.returning(Escalation.id))
    if escalation_id is None:
        return None
    status = session.scalar(select(Flag.status).where(Flag.id == flag_id))
    if status != "open":
        session.execute(delete(Escalation).where(Escalation.id == escalation_id))
        return None
    if due.target == NOBODY:
        _history(session, flag_id, status, NOBODY_NOTE, now)
        _audit(session, flag_id, due, None, "no_contact")
    return escalation_id


def record_outcome(session: Session, escalation_id: int, result: SendResult, *, now: datetime) -> None:
    """The delivery status on the escalation row, the flag's history and the audit log."""
    row = session.get_one(Escalation, escalation_id)
    row.provider, row.provider_message_id, row.status, row.error = (
        result.provider, result.provider_id, result.status, result.error)  # fmt: skip
    row.sent_at = None if result.failed else now
    status = session.scalar(select(Flag.status).where(Flag.id == row.flag_id)) or "open"
    how = f"{row.contact_name} ({row.contact_role}) by {CHANNEL_LABELS[row.channel or 'sms']}"
    note = f"Escalation to {how} failed ({result.status})" if result.failed else f"Escalated to {how}"
    _history(session, row.flag_id, status, note, now)
    _audit(session, row.flag_id, row, row.channel, result.status)
    session.flush()


def _history(session: Session, flag_id: int, status: str, note: str, now: datetime) -> None:
    # A row of its own: the flag (and its version, the reviewers' optimistic lock) is untouched.
    session.add(FlagAction(flag_id=flag_id, action="escalated", actor_user_id=None, at=now, from_status=status,
                           to_status=status, note=note))  # fmt: skip


def _audit(session: Session, flag_id: int, step: DueStep | Escalation, channel: str | None, status: str) -> None:
    record_event(session, actor=ACTOR, actor_user_id=None, action="flag.escalated", entity_type="flag",
                 entity_id=flag_id, detail={"step": step.step, "target": step.target, "channel": channel,
                                            "status": status})  # fmt: skip
