"""Scoring a sitting that ends unfinished, and raising what it disclosed (clinical reference s1, s4 v2).

A patient may disclose risk and never reach Finish: the tablet is handed back early, the
sitting is marked abandoned after a quiet spell, or staff close it. None of these may
lose what was answered:
- closed or marked abandoned: the sitting is scored on what was answered (incomplete
  results, with the v2 threshold rule: "at least N (incomplete)"), its scores are stored
  in place of any earlier ones, and its flags raised or brought up to date, with "risk
  item unanswered" when item 9 was never reached (`screening.clinical.rules.risk_item`);
- handed back while still in progress: only the item 9 rule is judged (the sitting may
  go on with staff), so an unreached item 9 is an URGENT flag at once.
Everything happens in the caller's transaction, through the same rules and the same
flag updates as completion.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Answer, Patient, ScreeningSession
from screening.clinical.rules.flag_reconcile import family
from screening.clinical.rules.risk_item import item9_reached, unfinished_flags
from screening.sittings.rules.sitting_results import evaluate_sitting
from screening.sittings.services.completion import ANSWER_COLUMNS, replace_scores
from screening.sittings.services.flag_updates import update_flags


def judge_ended_sitting(
    session: Session,
    sitting: ScreeningSession,
    *,
    trigger: str,
    actor: str,
    actor_user_id: int | None,
    now: datetime,
    app_session: str | None = None,
) -> None:
    """Score a closed or abandoned sitting on what was answered and raise its flags."""
    rows = session.execute(select(*ANSWER_COLUMNS).where(Answer.session_id == sitting.id)).all()
    ethnic = session.scalar(select(Patient.ethnic_category).where(Patient.id == sitting.patient_id))
    results = evaluate_sitting(rows, ethnic or "99", bundle=sitting.bundle)
    replace_scores(session, sitting.id, results, now)
    reached = item9_reached((r.instrument_id, r.item_id) for r in rows)
    update_flags(
        session, sitting_id=sitting.id, patient_id=sitting.patient_id,
        raised=unfinished_flags(results.flags, item9_reached=reached), actor=actor, actor_user_id=actor_user_id,
        now=now, why="The answers given before the sitting ended no longer raise this flag.", trigger=trigger,
        app_session=app_session,
    )  # fmt: skip


def judge_handed_back(
    session: Session,
    sitting_id: int,
    *,
    actor: str,
    actor_user_id: int | None,
    now: datetime,
    app_session: str | None = None,
) -> None:
    """A tablet handed back before item 9 was reached: raise "risk item unanswered" now."""
    sitting = session.get(ScreeningSession, sitting_id)
    if sitting is None or sitting.status != "in_progress":
        return  # finished, or ended another way, which judged it then
    answered = session.execute(
        select(Answer.instrument_id, Answer.item_id).where(Answer.session_id == sitting_id)
    ).all()
    reached = item9_reached((r.instrument_id, r.item_id) for r in answered)
    if reached:
        return  # the item 9 answer raised its flag, if any, when it was stored
    update_flags(
        session, sitting_id=sitting_id, patient_id=sitting.patient_id,
        raised=unfinished_flags((), item9_reached=False), actor=actor, actor_user_id=actor_user_id, now=now,
        families=(family("phq9_item9_unanswered"),), trigger="handed_back", app_session=app_session,
    )  # fmt: skip
