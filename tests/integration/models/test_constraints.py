"""Bad values are refused by the model layer with a message naming the field, and the
database's own constraints refuse what slips past Python (raw SQL, another client)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import insert, select, text, update
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models import Answer, Attendance, AuditEvent, Flag, Patient, ScreeningSession
from screening.errors import InvalidValue
from tests import factories


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nhs_number", "9876544321", "NHS number: fails the Modulus 11 check digit"),
        ("nhs_number", "94347659", "NHS number: must be exactly 10 digits"),
        ("ethnic_category", "Q", "ethnic category: 'Q' is not an NHS ethnic category code"),
        ("imd_decile", 11, "IMD decile: 11 is outside 1-10"),
        ("imd_decile", 0, "IMD decile: 0 is outside 1-10"),
        ("gender_code", "M", "gender code: 'M' is not one of 1, 2, 9, X"),
        ("family_name", "  ", "family name: is empty"),
    ],
)
def test_a_bad_patient_value_is_refused_naming_the_field(
    db_session: Session, field: str, value: object, message: str
) -> None:
    with pytest.raises(InvalidValue) as refused:
        factories.patient(db_session, **{field: value})
    assert str(refused.value).startswith(message)
    assert db_session.scalar(select(Patient.id)) is None


def test_nhs_numbers_typed_with_spaces_are_stored_as_ten_digits(db_session: Session) -> None:
    assert factories.patient(db_session, nhs_number="943 476 5919").nhs_number == "9434765919"


def test_imd_deciles_one_and_ten_are_accepted(db_session: Session) -> None:
    factories.patient(db_session, imd_decile=1, imd_version="IMD2019")
    factories.patient(db_session, imd_decile=10, imd_version="IMD2025")


def test_the_database_refuses_an_imd_decile_out_of_range_from_raw_sql(db_session: Session) -> None:
    patient = factories.patient(db_session, imd_decile=5, imd_version="IMD2019")
    with pytest.raises(IntegrityError):
        db_session.execute(text("UPDATE patients SET imd_decile = 11 WHERE id = :id"), {"id": patient.id})


def test_the_database_refuses_an_imd_decile_without_its_version(db_session: Session) -> None:
    patient = factories.patient(db_session)
    with pytest.raises(IntegrityError):
        db_session.execute(text("UPDATE patients SET imd_decile = 3 WHERE id = :id"), {"id": patient.id})


def test_the_database_refuses_an_unknown_ethnic_code_from_raw_sql(db_session: Session) -> None:
    patient = factories.patient(db_session)
    with pytest.raises(IntegrityError):
        db_session.execute(text("UPDATE patients SET ethnic_category = 'Q' WHERE id = :id"), {"id": patient.id})


def test_two_patients_cannot_share_an_nhs_number(db_session: Session) -> None:
    first = factories.patient(db_session)
    with pytest.raises(IntegrityError):
        factories.patient(db_session, nhs_number=first.nhs_number)


def test_an_attendance_source_reference_is_unique(db_session: Session) -> None:
    factories.attendance(db_session, source_ref="PAS-1")
    with pytest.raises(IntegrityError):
        factories.attendance(db_session, source_ref="PAS-1")


def test_an_unknown_attendance_status_is_refused(db_session: Session) -> None:
    with pytest.raises(InvalidValue, match="attendance status: 'booked'"):
        factories.attendance(db_session, status="booked")


def test_an_attendance_needs_an_existing_clinic(db_session: Session) -> None:
    patient = factories.patient(db_session)
    with pytest.raises(IntegrityError):
        db_session.execute(
            insert(Attendance).values(
                patient_id=patient.id,
                clinic_id=999_999,
                status="attended",
                source_ref="X",
                appointment_at=datetime(2026, 1, 1, tzinfo=UTC),
                created_at=datetime(2026, 1, 1, tzinfo=UTC),
                updated_at=datetime(2026, 1, 1, tzinfo=UTC),
            )
        )


def test_timestamps_come_back_timezone_aware(db_session: Session) -> None:
    row = factories.attendance(db_session)
    db_session.commit()
    db_session.expire_all()
    stored = db_session.get(Attendance, row.id)
    assert stored.appointment_at == datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    assert stored.appointment_at.utcoffset().total_seconds() == 0


def test_a_naive_timestamp_is_refused(db_session: Session) -> None:
    with pytest.raises(StatementError, match="timezone-aware"):
        factories.attendance(db_session, appointment_at=datetime(2026, 11, 20, 9, 30))


def test_an_item_is_answered_at_most_once_per_session(db_session: Session) -> None:
    sitting = factories.screening_session(db_session)
    for _ in range(2):
        db_session.add(
            Answer(
                session_id=sitting.id, instrument_id="phq9", instrument_version="1", item_id="phq9_1", value_number=1
            )
        )
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_an_answer_holds_exactly_one_of_a_value_a_code_or_declined(db_session: Session) -> None:
    sitting = factories.screening_session(db_session)
    db_session.add(
        Answer(
            session_id=sitting.id,
            instrument_id="phq9",
            instrument_version="1",
            item_id="phq9_1",
            value_number=1,
            declined=True,
        )
    )
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_a_completed_session_must_have_a_completion_time(db_session: Session) -> None:
    sitting = factories.screening_session(db_session)
    with pytest.raises(IntegrityError):
        db_session.execute(update(ScreeningSession).where(ScreeningSession.id == sitting.id).values(status="completed"))


def test_a_declined_session_must_have_a_reason(db_session: Session) -> None:
    with pytest.raises(IntegrityError):
        factories.screening_session(db_session, status="declined")


def test_a_session_idempotency_key_is_used_once(db_session: Session) -> None:
    factories.screening_session(db_session, idempotency_key="tablet-1-abc")
    with pytest.raises(IntegrityError):
        factories.screening_session(db_session, idempotency_key="tablet-1-abc")


def _flag(db_session: Session) -> Flag:
    sitting = factories.screening_session(db_session)
    flag = Flag(
        session_id=sitting.id,
        patient_id=sitting.patient_id,
        kind="psychological",
        rule_code="phq9_item9_positive",
        priority="urgent",
        reason="PHQ-9 item 9",
        due_at=datetime(2026, 11, 20, 13, 0, tzinfo=UTC),
    )
    db_session.add(flag)
    db_session.flush()
    return flag


def test_a_flag_is_closed_only_with_an_outcome(db_session: Session) -> None:
    flag = _flag(db_session)
    flag.status = "closed"
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_the_same_rule_cannot_flag_one_session_twice(db_session: Session) -> None:
    flag = _flag(db_session)
    db_session.add(
        Flag(
            session_id=flag.session_id,
            patient_id=flag.patient_id,
            kind="psychological",
            rule_code=flag.rule_code,
            priority="urgent",
            reason="again",
            due_at=flag.due_at,
        )
    )
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_a_stale_flag_update_is_refused_not_overwritten(session_factory) -> None:
    with session_factory() as setup:
        flag_id = _flag(setup).id
        setup.commit()
    first, second = session_factory(), session_factory()
    mine, theirs = first.get(Flag, flag_id), second.get(Flag, flag_id)
    mine.status = "acknowledged"
    first.commit()
    theirs.status = "contact_attempted"
    with pytest.raises(StaleDataError):
        second.commit()
    second.rollback()
    with session_factory() as check:
        stored = check.get(Flag, flag_id)
        assert (stored.status, stored.version) == ("acknowledged", 2)
    first.close()
    second.close()


def test_the_audit_log_refuses_updates_and_deletes(session_factory) -> None:
    with session_factory() as session:
        session.add(AuditEvent(actor="system", action="test.event", entity_type="test"))
        session.commit()
    for statement in ("UPDATE audit_events SET action = 'changed'", "DELETE FROM audit_events"):
        with session_factory() as session, pytest.raises(Exception, match="append-only"):
            session.execute(text(statement))
            session.commit()
    with session_factory() as session:
        assert session.scalars(select(AuditEvent.action)).all() == ["test.event"]


@pytest.mark.parametrize(
    ("item", "fields", "message"),
    [
        ("phq9_9", {"value_number": 4}, "phq9_9: 4 is not an accepted answer"),
        ("phq9_12", {"value_number": 1}, "phq9_12: is not an item of"),
        ("bp_systolic_1", {"value_number": 400}, "outside the accepted range"),
    ],
)
def test_an_answer_outside_its_item_is_refused_before_it_is_stored(
    db_session: Session, item: str, fields: dict, message: str
) -> None:
    sitting = factories.screening_session(db_session)
    instrument = "vital5" if item.startswith("bp_") else "phq9"
    db_session.add(
        Answer(session_id=sitting.id, instrument_id=instrument, instrument_version="1", item_id=item, **fields)
    )
    with pytest.raises(InvalidValue, match=message):
        db_session.flush()
    db_session.rollback()
    assert db_session.scalar(select(Answer.id)) is None
