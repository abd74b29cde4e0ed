"""One change to one flag under optimistic locking: the mechanics every review action shares.

Design decisions (issue 7, "nothing is silently overwritten"):
- Every action names the `version` of the flag the reviewer was looking at. A flag now
  at another version is refused at once with who changed it and when
  (`flag_workflow.updated_by_message`): the reviewer decided on a picture that is gone.
- The write is ONE conditional UPDATE: `... SET version = v + 1 WHERE id = :id AND
  version = v`. When two reviewers act at the same moment, both read version v; the
  database lets one UPDATE change the row (PostgreSQL makes the other wait for the first
  to commit, then re-checks its WHERE and finds nothing; SQLite serialises writers), and
  the one that changed no row raises the same "updated by" refusal. The failed UPDATE
  leaves the transaction usable, so the refusal can name the winner, and the caller's
  rollback undoes nothing of the winner's work. The mapper's `version_id_col` stays as
  the backstop for any ORM write.
- Each change appends a FlagAction (who, when, from and to, what was recorded) and an
  audit event with codes only, never the note (services/audit.py), in the same
  transaction: the change, its history and its audit commit together or not at all.
- Checks run in the order a reviewer can act on: does the flag exist; may this user act
  at its site; is it a psychological flag (s6: physical flags are the clinic team's); has
  it changed since it was shown; does its status allow the action (`flag_workflow`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from models import Clinic, Flag, FlagAction, ScreeningSession, User
from screening.audit.services.audit import record_event
from screening.errors import ConflictError, NotFound
from screening.flag_review.rules.flag_workflow import next_status, updated_by_message
from screening.policy import Action, CurrentUser, require

# Audit action codes, past tense like the rest of the log ("session.completed").
AUDIT_ACTIONS = {
    "acknowledge": "flag.acknowledged", "contact_attempt": "flag.contact_attempted", "close": "flag.closed",
    "reassign": "flag.reassigned", "reopen": "flag.reopened",
}  # fmt: skip


@dataclass(frozen=True)
class Current:
    """The flag as the action found it (plain values, not an ORM object)."""

    id: int
    status: str
    version: int
    priority: str
    assignee_user_id: int | None
    site_id: int


@dataclass(frozen=True)
class FlagState:
    """The flag after the action: the page shows it, and the next action names `version`."""

    flag_id: int
    status: str
    version: int
    assignee_user_id: int | None


def current_flag(
    session: Session, actor: CurrentUser, flag_id: int, version: int, action: str, now: datetime
) -> Current:
    """The flag, once the actor may do `action` to it at the version they saw."""
    found = flag_at_site(session, flag_id, "reload the queue")
    require(actor, Action.ACT_ON_FLAG, found.site_id)
    if found.kind != "psychological":
        raise NotFound("That is a physical-health flag for the clinic team, not the review queue.")
    if found.version != version:
        raise stale(session, flag_id, now)
    next_status(action, found.status)  # refused before any note is checked: the move comes first
    return Current(*found[:6])


def flag_at_site(session: Session, flag_id: int, then: str) -> Row[int, str, int, str, int | None, int, str]:
    """(id, status, version, priority, assignee, site id, kind) of a flag; NotFound says `then`."""
    found = session.execute(
        select(Flag.id, Flag.status, Flag.version, Flag.priority, Flag.assignee_user_id, Clinic.site_id, Flag.kind)
        .join(ScreeningSession, ScreeningSession.id == Flag.session_id)
        .join(Clinic, Clinic.id == ScreeningSession.clinic_id)
        .where(Flag.id == flag_id)
    ).one_or_none()
    if found is None:
        raise NotFound(f"That flag does not exist; {then}.")
    return found


def stale(session: Session, flag_id: int, now: datetime) -> ConflictError:
    """The refusal naming the last person to change the flag, from the newest committed action."""
    last = session.execute(
        select(FlagAction.at, User.display_name)
        .outerjoin(User, User.id == FlagAction.actor_user_id)
        .where(FlagAction.flag_id == flag_id)
        .order_by(FlagAction.id.desc())
        .limit(1)
    ).one_or_none()
    at, name = (last.at, last.display_name) if last is not None else (now, None)
    return ConflictError(updated_by_message(name, at, now))


def change_flag(
    session: Session, actor: CurrentUser, flag: Current, action: str, *, now: datetime,
    values: dict[str, Any] | None = None, recorded: dict[str, Any] | None = None,
    audit: dict[str, Any] | None = None, app_session: str | None = None,
) -> FlagState:  # fmt: skip
    """Move `flag` by `action`: the flag's new `values`, what the action `recorded`, audit codes."""
    to_status = next_status(action, flag.status)
    changes = {"status": to_status, **(values or {})}
    written = session.execute(
        update(Flag)
        .where(Flag.id == flag.id, Flag.version == flag.version)
        .values(**changes, version=flag.version + 1, updated_at=now)
        .returning(Flag.version, Flag.assignee_user_id)
        .execution_options(synchronize_session=False)
    ).one_or_none()
    if written is None:
        raise stale(session, flag.id, now)
    cached = session.identity_map.get(identity_key(Flag, flag.id))
    if cached is not None:
        session.expire(cached)  # a copy loaded earlier in this Session is now out of date
    session.add(FlagAction(
        flag_id=flag.id, action=action, actor_user_id=actor.user_id, at=now, from_status=flag.status,
        to_status=to_status, **(recorded or {}),
    ))  # fmt: skip
    record_event(
        session, actor=actor.username, actor_user_id=actor.user_id, action=AUDIT_ACTIONS[action],
        entity_type="flag", entity_id=flag.id, app_session=app_session,
        detail={"priority": flag.priority, "from_status": flag.status, "to_status": to_status,
                **{key: code for key, code in (audit or {}).items() if code is not None}},
    )  # fmt: skip
    session.flush()
    return FlagState(flag.id, to_status, written.version, written.assignee_user_id)
