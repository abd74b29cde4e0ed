"""The psychologists' review queue: open psychological flags at the user's sites (issue 7).

Design decisions:
- `require(actor, VIEW_FLAG_QUEUE)` before anything is read, and the rows are kept to
  the actor's sites in the query itself; asking for a site outside the scope is refused
  rather than answered with an empty list, so a wrong filter is never mistaken for a
  clear queue.
- Only psychological flags that are not closed (clinical reference s6: physical flags go
  to the clinic team). Most pressing first: priority (urgent, high, routine), then the
  due time, soonest or longest overdue first, then the oldest flag.
- Counts cover every row the filters match, not only the rows shown, so "3 overdue" is
  true even when the list is capped. Psychologists may see identity, so rows carry the
  patient's name and hospital number (issue 7); they are plain frozen rows, never ORM
  objects, and nothing here writes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVarTuple

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from models import Clinic, Flag, Patient, ScreeningSession, Site, User
from screening.flag_review.services.flag_queue_rows import QueueFilters, QueueRow, queue_rows
from screening.policy import Action, CurrentUser, require

__all__ = ["FlagQueue", "QueueCounts", "QueueFilters", "QueueRow", "flag_queue", "in_scope"]

Columns = TypeVarTuple("Columns")
PRIORITY_ORDER = case({"urgent": 0, "high": 1, "routine": 2}, value=Flag.priority, else_=3)


@dataclass(frozen=True)
class QueueCounts:
    total: int = 0
    by_priority: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    unacknowledged: int = 0
    mine: int = 0


@dataclass(frozen=True)
class FlagQueue:
    rows: tuple[QueueRow, ...]
    counts: QueueCounts

    @property
    def capped(self) -> bool:
        return len(self.rows) < self.counts.total


def in_scope(query: Select[*Columns], actor: CurrentUser) -> Select[*Columns]:
    """Keep a query joined to Clinic to the actor's sites."""
    return query if actor.site_ids is None else query.where(Clinic.site_id.in_(actor.site_ids))


def _matching(query: Select[*Columns], actor: CurrentUser, filters: QueueFilters, now: datetime) -> Select[*Columns]:
    query = query.join(ScreeningSession, ScreeningSession.id == Flag.session_id).join(
        Clinic, Clinic.id == ScreeningSession.clinic_id
    )
    query = in_scope(query, actor).where(Flag.kind == "psychological", Flag.status != "closed")
    if filters.site_id is not None:
        query = query.where(Clinic.site_id == filters.site_id)
    if filters.clinic_id is not None:
        query = query.where(Clinic.id == filters.clinic_id)
    if filters.priority is not None:
        query = query.where(Flag.priority == filters.priority)
    if filters.status is not None:
        query = query.where(Flag.status == filters.status)
    if filters.mine:
        query = query.where(Flag.assignee_user_id == actor.user_id)
    if filters.overdue:
        query = query.where(Flag.due_at < now)
    return query


def flag_queue(
    session: Session, actor: CurrentUser, filters: QueueFilters, *, now: datetime, limit: int = 300
) -> FlagQueue:
    """The rows the filters match (at most `limit`), most pressing first, and their counts."""
    require(actor, Action.VIEW_FLAG_QUEUE, filters.site_id)
    columns = (
        Flag.id, Flag.version, Flag.session_id, Flag.patient_id, Patient.given_name, Patient.family_name,
        Patient.hospital_number, Clinic.name, Site.code, ScreeningSession.completed_at,
        ScreeningSession.started_at, Flag.rule_code, Flag.reason, Flag.priority, Flag.status,
        User.display_name, Flag.assignee_user_id, Flag.due_at,
    )  # fmt: skip
    query = (
        _matching(select(*columns), actor, filters, now)
        .join(Patient, Patient.id == Flag.patient_id)
        .join(Site, Site.id == Clinic.site_id)
        .outerjoin(User, User.id == Flag.assignee_user_id)
        .order_by(PRIORITY_ORDER, Flag.due_at, Flag.id)
        .limit(limit)
    )
    rows = queue_rows(session, session.execute(query).all(), now)
    return FlagQueue(rows, _counts(session, actor, filters, now))


def _counts(session: Session, actor: CurrentUser, filters: QueueFilters, now: datetime) -> QueueCounts:
    overdue = case((Flag.due_at < now, 1), else_=0)
    mine = case((Flag.assignee_user_id == actor.user_id, 1), else_=0)
    query = _matching(select(Flag.priority, Flag.status, overdue, mine, func.count()), actor, filters, now).group_by(
        Flag.priority, Flag.status, overdue, mine
    )
    by_priority: Counter[str] = Counter()
    total = late = unacknowledged = owned = 0
    for priority, status, is_overdue, is_mine, n in session.execute(query):
        by_priority[priority] += n
        total += n
        late += n * is_overdue
        unacknowledged += n * (status == "open")
        owned += n * is_mine
    return QueueCounts(total, dict(by_priority), late, unacknowledged, owned)
