"""Review timings for service managers: flags read as `FlagTiming`s, measured by `flag_metrics`.

Design decisions:
- `require(actor, VIEW_DASHBOARD)` (managers and administrators), kept to the actor's
  sites, and to one site when asked (refused outside the scope). No patient column is
  read at all: a manager's measures need times, priorities and outcome codes only.
- Flags raised in [`since`, `until`) (UTC), psychological by default: the queue's flags.
- `review_metrics` bundles what the dashboard charts; the counts are raw, and the page
  that shows them applies small-number suppression (clinical reference s7).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Clinic, Flag, ScreeningSession
from screening.flag_review.rules.flag_metrics import (
    FlagTiming,
    PriorityMetrics,
    by_priority,
    open_and_overdue,
    outcomes_by_type,
)
from screening.policy import Action, CurrentUser, require


@dataclass(frozen=True)
class ReviewMetrics:
    priorities: tuple[PriorityMetrics, ...]
    outcomes: dict[str, int]
    open: int
    overdue: int


def flag_timings(
    session: Session, actor: CurrentUser, *, since: datetime, until: datetime, site_id: int | None = None,
    kind: str = "psychological",
) -> tuple[FlagTiming, ...]:  # fmt: skip
    require(actor, Action.VIEW_DASHBOARD, site_id)
    query = (
        select(Flag.priority, Flag.created_at, Flag.due_at, Flag.acknowledged_at, Flag.closed_at, Flag.outcome,
               Flag.referred_to)
        .join(ScreeningSession, ScreeningSession.id == Flag.session_id)
        .join(Clinic, Clinic.id == ScreeningSession.clinic_id)
        .where(Flag.kind == kind, Flag.created_at >= since, Flag.created_at < until)
        .order_by(Flag.id)
    )  # fmt: skip
    if actor.site_ids is not None:
        query = query.where(Clinic.site_id.in_(actor.site_ids))
    if site_id is not None:
        query = query.where(Clinic.site_id == site_id)
    return tuple(FlagTiming(*row) for row in session.execute(query))


def review_metrics(
    session: Session, actor: CurrentUser, *, since: datetime, until: datetime, now: datetime,
    site_id: int | None = None,
) -> ReviewMetrics:  # fmt: skip
    timings = flag_timings(session, actor, since=since, until=until, site_id=site_id)
    still_open, overdue = open_and_overdue(timings, now)
    return ReviewMetrics(by_priority(timings, now), outcomes_by_type(timings), still_open, overdue)
