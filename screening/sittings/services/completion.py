"""Completing a screening sitting: the one place stored answers become scores and flags.

Design decisions:
- Exactly once, even when two tablets (or a retry and the original) complete the same
  sitting at the same moment, or staff close it as abandoned at that moment. The sitting
  flips to completed with ONE conditional UPDATE (`... WHERE id = :id AND (status =
  'in_progress' OR status = 'abandoned' AND ended_at IS NULL)`: marked abandoned after a
  quiet spell may still be finished; closed by staff may not). The database
  lets only one transaction change that row; PostgreSQL makes the other wait and then
  finds nothing to change, SQLite serialises writers. Only the caller whose UPDATE
  changed exactly one row writes scores and flags; everyone else gets the stored result
  back, marked `already_completed`, and writes nothing (or, when a "Close as abandoned"
  won, a ConflictError saying so) (a lost or duplicated submission
  is a logged hazard, clinical reference section 8). The unique (session, rule) index on
  flags backs this up.
- The caller owns the transaction: nothing here commits, so a failure anywhere (an
  answer the rules refuse, say) rolls back the status change with everything else.
- Results and flags come from `sitting_results.evaluate_sitting`, the pure rules.
- A sitting may already have flags when it completes: the item 9 flag raised as its
  answer was stored, or the flags of an earlier abandonment (clinical reference s1 v2).
  Completion never raises a second flag in a family; it brings the stored ones up to date
  (`flag_updates`: a newer reason or a higher priority, or a note, never a withdrawal),
  and replaces any scores worked out from part of the answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from models import Answer, Flag, Patient, Score, ScreeningSession
from screening.audit.services.audit import record_event
from screening.errors import ConflictError, NotFound
from screening.flag_review.rules.due_times import DueTimePolicy
from screening.sittings.rules.sitting_endings import already_ended
from screening.sittings.rules.sitting_results import SittingResults, evaluate_sitting
from screening.sittings.services.flag_updates import update_flags
from screening.sittings.services.result_rows import score_rows

# In progress, or marked abandoned after a quiet spell but not closed by staff (`abandonment`).
COMPLETABLE = or_(
    ScreeningSession.status == "in_progress",
    and_(ScreeningSession.status == "abandoned", ScreeningSession.ended_at.is_(None)),
)
ANSWER_COLUMNS = (
    Answer.instrument_id, Answer.instrument_version, Answer.item_id,
    Answer.value_number, Answer.value_code, Answer.declined,
)  # fmt: skip


@dataclass(frozen=True)
class StoredScore:
    instrument_id: str
    total: int | None
    band: str | None
    prorated: bool
    complete: bool
    value: float | None
    detail: str | None


@dataclass(frozen=True)
class StoredFlag:
    id: int
    rule_code: str
    kind: str
    priority: str
    reason: str
    status: str
    due_at: datetime


@dataclass(frozen=True)
class CompletionResult:
    session_id: int
    already_completed: bool
    scores: tuple[StoredScore, ...]
    flags: tuple[StoredFlag, ...]


def complete_session(
    session: Session,
    screening_session_id: int,
    *,
    actor: str,
    actor_user_id: int | None,
    now: datetime,
    due_policy: DueTimePolicy = DueTimePolicy(),
) -> CompletionResult:
    """Complete the sitting and store its scores and flags, or return those already stored."""
    sitting_id = screening_session_id
    # RETURNING gives the changed rows: exactly one means this call completed the sitting.
    flipped = session.execute(
        update(ScreeningSession)
        .where(ScreeningSession.id == sitting_id, COMPLETABLE)
        .values(status="completed", completed_at=now)
        .returning(ScreeningSession.patient_id, ScreeningSession.bundle)
        .execution_options(synchronize_session=False)
    ).all()
    if len(flipped) != 1:
        return _already_completed(session, sitting_id)
    patient_id = flipped[0].patient_id
    _forget_old_status(session, sitting_id)
    patient = session.get_one(Patient, patient_id)
    # Plain rows, not ORM objects: read once, never changed here.
    rows = session.execute(select(*ANSWER_COLUMNS).where(Answer.session_id == sitting_id)).all()
    results = evaluate_sitting(rows, patient.ethnic_category, bundle=flipped[0].bundle)
    scores = replace_scores(session, sitting_id, results, now)
    update_flags(
        session,
        sitting_id=sitting_id,
        patient_id=patient_id,
        raised=results.flags,
        actor=actor,
        actor_user_id=actor_user_id,
        now=now,
        why="At completion the answers no longer raise this flag.",
        trigger="completed",
        due_policy=due_policy,
    )
    flags = list(session.scalars(select(Flag).where(Flag.session_id == sitting_id).order_by(Flag.id)))
    urgent = sum(f.priority == "urgent" for f in flags)
    record_event(
        session,
        actor=actor,
        actor_user_id=actor_user_id,
        action="session.completed",
        entity_type="screening_session",
        entity_id=sitting_id,
        detail={"scores": len(scores), "flags": len(flags), "urgent_flags": urgent},
    )
    session.flush()
    return CompletionResult(sitting_id, False, stored_scores(scores), stored_flags(flags))


def replace_scores(session: Session, sitting_id: int, results: SittingResults, now: datetime) -> list[Score]:
    """The sitting's scores, in place of any scored earlier from part of its answers."""
    session.execute(delete(Score).where(Score.session_id == sitting_id).execution_options(synchronize_session=False))
    scores = score_rows(sitting_id, results, now)
    session.add_all(scores)
    session.flush()
    return scores


def _forget_old_status(session: Session, screening_session_id: int) -> None:
    # A copy of the sitting already in this Session still says in_progress: expire it.
    cached = session.identity_map.get(identity_key(ScreeningSession, screening_session_id))
    if cached is not None:
        session.expire(cached, ["status", "completed_at", "updated_at"])


def _already_completed(session: Session, sitting_id: int) -> CompletionResult:
    found = session.execute(
        select(ScreeningSession.status, ScreeningSession.ended_at).where(ScreeningSession.id == sitting_id)
    ).first()
    if found is None:
        raise NotFound(f"Screening session {sitting_id} does not exist.")
    if found.status != "completed":
        raise ConflictError(already_ended(found.status, closed=found.ended_at is not None, refused="finished"))
    scores = session.scalars(select(Score).where(Score.session_id == sitting_id).order_by(Score.id))
    flags = session.scalars(select(Flag).where(Flag.session_id == sitting_id).order_by(Flag.id))
    return CompletionResult(sitting_id, True, stored_scores(scores), stored_flags(flags))


def stored_scores(rows: Iterable[Score]) -> tuple[StoredScore, ...]:
    return tuple(StoredScore(s.instrument_id, s.total, s.band, s.prorated, s.complete, s.value, s.detail) for s in rows)


def stored_flags(rows: Iterable[Flag]) -> tuple[StoredFlag, ...]:
    return tuple(StoredFlag(f.id, f.rule_code, f.kind, f.priority, f.reason, f.status, f.due_at) for f in rows)
