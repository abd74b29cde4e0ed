"""Reaching one sitting by its id, only at a site in the user's scope.

Every staff action on a sitting (resume, close, hand over, Vital 5, summary) names it by
id; the id comes from the browser session, so it is checked here on every call: the
sitting exists, and the user may do the action at its clinic's site (`policy.require`).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Clinic, ScreeningSession
from screening.errors import NotFound
from screening.policy import Action, CurrentUser, require


def sitting_at_my_site(
    session: Session,
    actor: CurrentUser,
    sitting_id: int,
    action: Action = Action.RUN_SCREENING,
    *,
    lock: bool = False,
) -> tuple[ScreeningSession, Clinic]:
    """The sitting and its clinic; `lock` holds the row until the transaction ends (PostgreSQL)."""
    query = select(ScreeningSession).where(ScreeningSession.id == sitting_id)
    if lock:  # and read the row afresh: a copy in this Session may be out of date
        query = query.with_for_update().execution_options(populate_existing=True)
    sitting = session.scalar(query)
    if sitting is None:
        raise NotFound("That sitting does not exist any more; open it again from the clinic list.")
    clinic = session.get_one(Clinic, sitting.clinic_id)
    require(actor, action, clinic.site_id)
    return sitting, clinic
