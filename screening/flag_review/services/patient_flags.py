"""A patient's psychological flags and every action taken on them, for the patient view.

Design decisions:
- Psychological flags only (clinical reference s6: physical flags are the clinic team's),
  and only those raised at sittings the viewer may see (the caller passes their ids).
- Every action is listed, oldest first, with who and when; notes only for a role that may
  read psychology notes (`Action.VIEW_PSYCHOLOGY_NOTES`), else None.
- Unfinished flags first, most pressing first, then closed flags newest first: the work
  is at the top, the history below it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from models import Flag, FlagAction, User
from screening.clinical.rules.flag_codes import FLAG_DESCRIPTIONS, priority_rank
from screening.flag_review.rules.flag_outcomes import describe_outcome
from screening.flag_review.rules.flag_workflow import ACTION_LABELS, CONTACT_METHOD_LABELS

RULES = "Screening rules"  # who raised a flag: the rules, at completion


@dataclass(frozen=True)
class ActionView:
    at: datetime
    actor: str
    action: str  # in words
    from_status: str | None
    to_status: str
    contact_method: str | None
    outcome: str | None
    assignee: str | None
    note: str | None


@dataclass(frozen=True)
class FlagView:
    flag_id: int
    version: int
    session_id: int
    rule_code: str
    description: str
    reason: str
    priority: str
    status: str
    owner: str | None
    owner_id: int | None
    raised_at: datetime
    due_at: datetime
    overdue: bool
    outcome: str
    actions: tuple[ActionView, ...]


def flag_views(
    session: Session, session_ids: Sequence[int], *, now: datetime, notes_visible: bool
) -> tuple[FlagView, ...]:
    if not session_ids:
        return ()
    owner = aliased(User)
    flags = session.execute(
        select(Flag, owner.display_name)
        .outerjoin(owner, owner.id == Flag.assignee_user_id)
        .where(Flag.session_id.in_(session_ids), Flag.kind == "psychological")
    ).all()
    history = _actions(session, [f.id for f, _ in flags], notes_visible)
    views = [
        FlagView(
            f.id,
            f.version,
            f.session_id,
            f.rule_code,
            FLAG_DESCRIPTIONS.get(f.rule_code, f.rule_code),
            f.reason,
            f.priority,
            f.status,
            name,
            f.assignee_user_id,
            f.created_at,
            f.due_at,
            f.status != "closed" and f.due_at < now,
            describe_outcome(f.outcome, f.referred_to, f.outcome_detail),
            tuple(history.get(f.id, [])),
        )
        for f, name in flags
    ]
    unfinished = sorted((v for v in views if v.status != "closed"),
                        key=lambda v: (priority_rank(v.priority), v.due_at))  # fmt: skip
    closed = sorted((v for v in views if v.status == "closed"), key=lambda v: v.raised_at, reverse=True)
    return tuple(unfinished + closed)


# Who took a step no person took: the rules raising or updating a flag, the escalation pass.
SYSTEM_ACTORS = {"created": RULES, "rules_updated": RULES, "escalated": "Escalation"}


def _actions(session: Session, flag_ids: list[int], notes_visible: bool) -> dict[int, list[ActionView]]:
    actor, assignee = aliased(User), aliased(User)
    rows = session.execute(
        select(FlagAction, actor.display_name, assignee.display_name)
        .outerjoin(actor, actor.id == FlagAction.actor_user_id)
        .outerjoin(assignee, assignee.id == FlagAction.assignee_user_id)
        .where(FlagAction.flag_id.in_(flag_ids))
        .order_by(FlagAction.at, FlagAction.id)
    ).all() if flag_ids else []  # fmt: skip
    found: dict[int, list[ActionView]] = {}
    for a, actor_name, assignee_name in rows:
        who = actor_name or SYSTEM_ACTORS.get(a.action, "Not recorded")
        found.setdefault(a.flag_id, []).append(ActionView(
            a.at, who, ACTION_LABELS.get(a.action, a.action), a.from_status, a.to_status,
            CONTACT_METHOD_LABELS.get(a.contact_method) if a.contact_method else None,
            describe_outcome(a.outcome, a.referred_to, a.outcome_detail) or None, assignee_name,
            a.note if notes_visible else None,
        ))  # fmt: skip
    return found
