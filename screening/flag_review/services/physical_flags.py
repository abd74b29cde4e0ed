"""The clinic team acknowledging an urgent physical-health flag (clinical reference s6, v2).

Blood pressure at 180/120 or more is an URGENT flag for the clinic team today (s5, s6).
It raises the clinic team's urgent banner, and the escalation clock runs until someone
acknowledges it (s6 v2), so the clinic team needs an acknowledgement of its own: the
psychologists' queue never holds physical flags. Acknowledging goes through the same
state machine, optimistic lock, history and audit as every other flag action
(`flag_changes.change_flag`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from screening.errors import ConflictError
from screening.flag_review.rules.flag_workflow import ACKNOWLEDGE
from screening.flag_review.services.flag_changes import Current, FlagState, change_flag, flag_at_site, stale
from screening.policy import Action, CurrentUser, require


def acknowledge_physical_flag(
    session: Session, actor: CurrentUser, *, flag_id: int, version: int, now: datetime, app_session: str | None = None
) -> FlagState:
    """The clinic team has seen the urgent physical flag and is acting on it today."""
    found = flag_at_site(session, flag_id, "reload the page")
    require(actor, Action.ACKNOWLEDGE_PHYSICAL_FLAG, found.site_id)
    if found.kind != "physical" or found.priority != "urgent":
        raise ConflictError("Only an urgent physical-health flag is acknowledged here; the rest are signposts.")
    if found.status != "open":  # a double tap, or a colleague was first: acknowledged either way
        return FlagState(found.id, found.status, found.version, found.assignee_user_id)
    if found.version != version:
        raise stale(session, flag_id, now)
    flag = Current(*found[:6])
    values = {"assignee_user_id": actor.user_id, "acknowledged_at": now}
    return change_flag(session, actor, flag, ACKNOWLEDGE, now=now, values=values, app_session=app_session)
