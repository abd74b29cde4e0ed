"""Storing a new run of the flag rules over one sitting: raise, rewrite or note, never lose.

The plan comes from `screening.clinical.rules.flag_reconcile` (pure); this module reads the sitting's
stored flags and applies the plan in the caller's transaction. Every step is audited
(the flag id, its rule code and priority: never an answer or a patient detail) and
leaves a step in the flag's own history, so a reviewer sees why a flag says what it says.
Used by the real-time item 9 rule (`risk_flags`), completion and the end of an
unfinished sitting (`unfinished_sittings`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import Flag, FlagAction
from screening.audit.services.audit import record_event
from screening.clinical.rules.flag_codes import Flag as RaisedFlag
from screening.clinical.rules.flag_reconcile import Raise, Rewrite, Step, StoredFlag, reconcile
from screening.flag_review.rules.due_times import DueTimePolicy, due_at
from screening.sittings.services.result_rows import new_flag_row


def stored_flags(session: Session, sitting_id: int) -> list[StoredFlag]:
    """The sitting's flags as the plan reads them, each with the newest note the rules left."""
    newest = (
        select(FlagAction.flag_id, func.max(FlagAction.id).label("action_id"))
        .where(FlagAction.action == "rules_updated")
        .group_by(FlagAction.flag_id)
        .subquery()
    )
    rows = session.execute(
        select(Flag.id, Flag.rule_code, Flag.priority, Flag.reason, Flag.status, FlagAction.note)
        .outerjoin(newest, newest.c.flag_id == Flag.id)
        .outerjoin(FlagAction, FlagAction.id == newest.c.action_id)
        .where(Flag.session_id == sitting_id)
        .order_by(Flag.id)
    ).all()
    return [StoredFlag(r.id, r.rule_code, r.priority, r.reason, r.status == "closed", r.note) for r in rows]


def update_flags(
    session: Session,
    *,
    sitting_id: int,
    patient_id: int,
    raised: Iterable[RaisedFlag],
    actor: str,
    actor_user_id: int | None,
    now: datetime,
    families: Iterable[str] | None = None,
    why: str = "The answers no longer raise this flag.",
    trigger: str,
    due_policy: DueTimePolicy = DueTimePolicy(),
    app_session: str | None = None,
) -> tuple[Step, ...]:
    """Bring the sitting's stored flags up to date with `raised`; return the steps taken.

    `trigger` names what ran the rules ("answer_saved", "completed", "abandoned", ...),
    for the audit trail.
    """
    steps = reconcile(stored_flags(session, sitting_id), raised, families=families, why=why)
    for step in steps:
        if isinstance(step, Raise):
            row = new_flag_row(sitting_id, patient_id, step.flag, now=now, actor_user_id=actor_user_id,
                               due_policy=due_policy)  # fmt: skip
            try:
                with session.begin_nested():  # a savepoint: losing a race keeps the caller's transaction
                    session.add(row)
            except IntegrityError:
                continue  # two tablets saved item 9 at once: the other raised this flag, and it stands
            action, flag_id, rule, priority = "flag.raised", row.id, step.flag.code, step.flag.priority
        else:
            flag = session.get_one(Flag, step.flag_id)
            note = step.note
            if isinstance(step, Rewrite):
                flag.rule_code, flag.priority, flag.reason = step.flag.code, step.flag.priority, step.flag.reason
                flag.due_at = min(flag.due_at, due_at(step.flag.priority, now, due_policy))
                flag.updated_at = now
            session.add(FlagAction(flag_id=flag.id, action="rules_updated", actor_user_id=actor_user_id, at=now,
                                   from_status=flag.status, to_status=flag.status, note=note))  # fmt: skip
            action, flag_id, rule, priority = "flag.rules_updated", flag.id, flag.rule_code, flag.priority
        record_event(
            session, actor=actor, actor_user_id=actor_user_id, action=action, entity_type="flag",
            entity_id=flag_id, app_session=app_session,
            detail={"rule": rule, "priority": priority, "trigger": trigger,
                    "step": type(step).__name__.lower()},
        )  # fmt: skip
    session.flush()
    return steps
