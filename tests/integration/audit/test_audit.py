"""The audit log: who did what to which record, with codes and counts, never identifiers."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent
from screening.audit.services.audit import record_event


def test_an_event_is_added_with_its_actor_entity_and_detail(db_session: Session) -> None:
    record_event(
        db_session, actor="tablet", actor_user_id=None, action="session.completed",
        entity_type="screening_session", entity_id=42, detail={"flags": 2}, app_session="abc",
    )  # fmt: skip
    db_session.flush()

    event = db_session.scalars(select(AuditEvent)).one()
    assert (event.actor, event.action, event.entity_type, event.entity_id) == (
        "tablet", "session.completed", "screening_session", "42",
    )  # fmt: skip
    assert event.detail == {"flags": 2} and event.app_session == "abc" and event.at is not None


@pytest.mark.parametrize(
    "detail",
    [
        {"nhs_number": "9434765919"},
        {"family_name": "x"},
        {"Date_Of_Birth": "x"},  # keys are compared case-blind
        {"counts": {"hospital_number": "x"}},  # and inside nested detail
        {"answers": {"phq9_9": 1}},
    ],
)
def test_detail_naming_a_patient_identifier_or_answers_is_refused(db_session: Session, detail: dict) -> None:
    with pytest.raises(ValueError, match="codes and counts only"):
        record_event(
            db_session, actor="x", actor_user_id=None, action="a", entity_type="t", entity_id=None,
            detail=detail,
        )  # fmt: skip
    assert db_session.scalars(select(AuditEvent)).all() == []
