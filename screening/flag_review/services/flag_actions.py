"""What a psychologist does with a flag: acknowledge, contact, close, reassign, reopen (issue 7).

Each function is one user action: it checks the user, the flag's version and the state
machine (`screening.flag_review.rules.flag_workflow`, `screening.flag_review.rules.flag_outcomes`), then writes the flag, its
history and the audit event through `flag_changes.change_flag`. Nothing here commits.
Notes and reasons go into the flag's history for the clinical record; the audit log gets
codes only (which outcome, which contact method, never the words).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, literal
from sqlalchemy.orm import Session

from models import Flag
from screening.errors import InvalidValue
from screening.flag_review.rules.flag_outcomes import closing
from screening.flag_review.rules.flag_workflow import (
    ACKNOWLEDGE,
    CLOSE,
    CONTACT,
    REASSIGN,
    REOPEN,
    contact_method,
    new_owner,
    note_text,
)
from screening.flag_review.services.flag_changes import FlagState, change_flag, current_flag
from screening.flag_review.services.flag_owners import flag_owners_at
from screening.policy import CurrentUser

__all__ = ["FlagState", "acknowledge_flag", "close_flag", "reassign_flag", "record_contact", "reopen_flag"]


def acknowledge_flag(
    session: Session, actor: CurrentUser, *, flag_id: int, version: int, now: datetime, app_session: str | None = None
) -> FlagState:
    """Take ownership: the flag is acknowledged and the actor owns it (first time kept)."""
    flag = current_flag(session, actor, flag_id, version, ACKNOWLEDGE, now)
    first = func.coalesce(Flag.acknowledged_at, literal(now, Flag.acknowledged_at.type))  # stored as UTC
    values = {"assignee_user_id": actor.user_id, "acknowledged_at": first}
    return change_flag(session, actor, flag, ACKNOWLEDGE, now=now, values=values, app_session=app_session)


def record_contact(
    session: Session, actor: CurrentUser, *, flag_id: int, version: int, method: str | None, note: str | None,
    now: datetime, app_session: str | None = None,
) -> FlagState:  # fmt: skip
    """A contact attempt (phone, in clinic, letter) with a note; it may be repeated."""
    flag = current_flag(session, actor, flag_id, version, CONTACT, now)
    method, note = contact_method(method), note_text("note", note)
    return change_flag(
        session, actor, flag, CONTACT, now=now, recorded={"contact_method": method, "note": note},
        audit={"contact_method": method}, app_session=app_session,
    )  # fmt: skip


def close_flag(
    session: Session, actor: CurrentUser, *, flag_id: int, version: int, outcome: str | None, note: str | None,
    referred_to: str | None = None, detail: str | None = None, now: datetime, app_session: str | None = None,
) -> FlagState:  # fmt: skip
    """Close with an outcome and a note (a destination for a referral, a reason for no action)."""
    flag = current_flag(session, actor, flag_id, version, CLOSE, now)
    done = closing(outcome, note, referred_to=referred_to, detail=detail)
    return change_flag(
        session, actor, flag, CLOSE, now=now,
        values={"outcome": done.outcome, "referred_to": done.referred_to, "outcome_detail": done.detail,
                "closed_at": now},
        recorded={"outcome": done.outcome, "referred_to": done.referred_to, "outcome_detail": done.detail,
                  "note": done.note},
        audit={"outcome": done.outcome, "referred_to": done.referred_to}, app_session=app_session,
    )  # fmt: skip


def reassign_flag(
    session: Session, actor: CurrentUser, *, flag_id: int, version: int, to_user_id: int | None,
    reason: str | None, now: datetime, app_session: str | None = None,
) -> FlagState:  # fmt: skip
    """Hand the flag to another psychologist who covers its site, with a reason."""
    flag = current_flag(session, actor, flag_id, version, REASSIGN, now)
    owner = new_owner(to_user_id, flag.assignee_user_id)
    reason = note_text("reason", reason)
    if owner not in {choice.user_id for choice in flag_owners_at(session, flag.site_id)}:
        raise InvalidValue("new owner", "is not an active psychologist at this flag's site.")
    return change_flag(
        session, actor, flag, REASSIGN, now=now, values={"assignee_user_id": owner},
        recorded={"assignee_user_id": owner, "note": reason}, audit={"to_user_id": owner},
        app_session=app_session,
    )  # fmt: skip


def reopen_flag(
    session: Session, actor: CurrentUser, *, flag_id: int, version: int, reason: str | None, now: datetime,
    app_session: str | None = None,
) -> FlagState:  # fmt: skip
    """Reopen a closed flag with a reason: acknowledged again, owned by the actor, outcome cleared."""
    flag = current_flag(session, actor, flag_id, version, REOPEN, now)
    reason = note_text("reason", reason)
    values = {"outcome": None, "referred_to": None, "outcome_detail": None, "closed_at": None,
              "assignee_user_id": actor.user_id}  # fmt: skip
    return change_flag(
        session, actor, flag, REOPEN, now=now, values=values, recorded={"note": reason}, app_session=app_session
    )
