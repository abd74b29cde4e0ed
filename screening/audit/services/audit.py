"""Writing the append-only audit log.

The audit log says who did what to which record; it must never become a second copy
of the clinical record. So `detail` holds codes and counts only, and a key that names a
patient identifier is refused outright (ValueError: a programming error, not a user
one). The deny-list cannot catch a value hidden under an innocent key, which is why
callers pass counts and codes they build themselves, never a row or a form's contents.
Rows are only ever added; the database refuses UPDATE and DELETE on the table.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from models import AuditEvent
from screening.policy import Respondent

# Keys that would put a patient identifier or an answer into the log.
DENIED_DETAIL_KEYS: frozenset[str] = frozenset(
    {
        "nhs_number",
        "family_name",
        "given_name",
        "name",
        "date_of_birth",
        "dob",
        "hospital_number",
        "address",
        "postcode",
        "phone",
        "email",
        "answers",
        "answer_values",
        "note",
        "free_text",
    }
)


def _check_detail(detail: Mapping[str, Any], path: str = "") -> None:
    for key, value in detail.items():
        if str(key).lower() in DENIED_DETAIL_KEYS:
            raise ValueError(f"audit detail may not hold {path}{key!r}: codes and counts only")
        if isinstance(value, Mapping):
            _check_detail(value, f"{path}{key}.")


def record_event(
    session: Session,
    *,
    actor: str,
    actor_user_id: int | None,
    action: str,
    entity_type: str,
    entity_id: str | int | None,
    detail: dict[str, Any] | None = None,
    app_session: str | None = None,
) -> AuditEvent:
    """Add one audit row to the session's transaction (the caller commits)."""
    if detail:
        _check_detail(detail)
    event = AuditEvent(
        actor=actor,
        actor_user_id=actor_user_id,
        action=action,
        entity_type=entity_type,
        entity_id=None if entity_id is None else str(entity_id),
        detail=dict(detail) if detail else None,
        app_session=app_session,
    )
    session.add(event)
    return event


def record_sitting_event(
    session: Session,
    actor: Respondent,
    action: str,
    sitting_id: int,
    *,
    app_session: str | None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """One audit row for something a signed-in user (or a patient by secure link) did to a sitting (start, hand-over, close...)."""
    return record_event(
        session,
        actor=actor.username,
        actor_user_id=actor.user_id,
        action=action,
        entity_type="screening_session",
        entity_id=sitting_id,
        detail=detail,
        app_session=app_session,
    )
