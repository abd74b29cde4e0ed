"""Urgent flags nobody has acknowledged: the banner on every psychologist's and clinic screen.

Design decisions (issue 7: "nothing urgent can sit unseen"; clinical reference s6, s8
hazard "a flag nobody reviews"):
- An urgent psychological flag still "open" (no one has acknowledged it) at the user's
  sites. It stays on the banner until someone acknowledges it; reassigning does not
  clear it, because a reassigned flag is still unacknowledged.
- Shown to the roles who can do something about it: psychologists (they own the queue)
  and clinic staff (the patient may still be in clinic). Other roles get None, and no
  query runs for them.
- Urgent physical-health flags (blood pressure at 180/120 or more, s5 and s6 v2) are the
  clinic team's: they raise the clinic staff's banner too, never the psychologists'.
- Counts, clinics and times only: the banner is on every screen, often in a busy clinic,
  so it names no patient. The queue, one click away, shows who.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Clinic, Flag, ScreeningSession
from screening.policy import Action, CurrentUser, may

ALERTED = (Action.VIEW_FLAG_QUEUE, Action.VIEW_CLINIC_LIST)


@dataclass(frozen=True)
class UrgentAlert:
    count: int
    oldest_raised_at: datetime
    overdue: int
    clinics: tuple[str, ...]
    physical: int = 0  # of `count`, the urgent physical-health flags (clinic staff only)


def unacknowledged_urgent(session: Session, user: CurrentUser, *, now: datetime) -> UrgentAlert | None:
    """The urgent flags no one has acknowledged at the user's sites, or None when there are none."""
    if not any(may(user, action) for action in ALERTED):
        return None
    query = (
        select(Clinic.name, Flag.created_at, Flag.due_at, Flag.kind)
        .join(ScreeningSession, ScreeningSession.id == Flag.session_id)
        .join(Clinic, Clinic.id == ScreeningSession.clinic_id)
        .where(Flag.kind.in_(_kinds(user)), Flag.priority == "urgent", Flag.status == "open")
    )
    if user.site_ids is not None:
        query = query.where(Clinic.site_id.in_(user.site_ids))
    rows = session.execute(query).all()  # few: each is an emergency waiting for a person
    if not rows:
        return None
    return UrgentAlert(
        count=len(rows),
        oldest_raised_at=min(row.created_at for row in rows),
        overdue=sum(row.due_at < now for row in rows),
        clinics=tuple(sorted({row.name for row in rows})),
        physical=sum(row.kind == "physical" for row in rows),
    )


def _kinds(user: CurrentUser) -> tuple[str, ...]:
    return ("psychological", "physical") if may(user, Action.VIEW_PHYSICAL_FLAGS) else ("psychological",)
