"""HL7 v2 over MLLP on each database: real SIU and ADT messages sent over a socket (issue 18)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from models import Attendance, AuditEvent, Patient
from models.database import make_engine, make_sessionmaker
from screening.imports.rules.hl7_acks import frame, frames
from screening.imports.services import hl7_intake
from screening.imports.services.attendance_import import import_attendances
from screening.imports.services.hl7_listener import MllpServer
from tests import factories
from tests.import_files import NHS, attendance, csv_file, reference_data

SIU = (
    "MSH|^~\\&|PAS|GUY|SCREEN|GUY|20260301120000||SIU^{event}^SIU_S12|{control}|P|2.5.1\r"
    "SCH|PLC1|{appointment}|||||||||^^^{start}|||||||||||||||BOOKED\r"
    "PID|1||{nhs}^^^NHS^NH~H0000001^^^GUY^MR||Okafor^Ada||19900517|F|||||||^English\r"
    "RGS|1\r"
    "AIL|1||{clinic}^^^GUY\r"
)
A08 = (
    "MSH|^~\\&|PAS|GUY|SCREEN|GUY|20260305120000||ADT^A08^ADT_A01|{control}|P|2.5.1\r"
    "EVN|A08|20260305120000\r"
    "PID|1||{nhs}^^^NHS^NH||{family}^Ada||19900517|F|||||||||||||||M\r"
    "PV1|1|O\r"
)


def siu(event: str = "S12", control: str = "MSG1", appointment: str = "PAS-0001", start: str = "202603020930",
        clinic: str = "GUY-HBO", nhs: str = NHS) -> str:  # fmt: skip
    return SIU.format(event=event, control=control, appointment=appointment, start=start, clinic=clinic, nhs=nhs)


@pytest.fixture
def listener(session_factory: sessionmaker[Session], db_session: Session) -> Iterator[tuple[str, int]]:
    reference_data(db_session)
    db_session.commit()
    server = MllpServer(("127.0.0.1", 0), session_factory)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[0], server.server_address[1]
    server.shutdown()
    server.server_close()


def send(address: tuple[str, int], *messages: str) -> list[list[str]]:
    """Send the messages on one connection; each ACK's MSA fields."""
    with socket.create_connection(address, timeout=20) as connection:
        connection.sendall(b"".join(frame(m) for m in messages))
        acks: list[bytes] = []
        buffer = b""
        while len(acks) < len(messages):
            received = connection.recv(65536)
            assert received, "the listener closed the connection before answering"
            found, buffer = frames(buffer + received)
            acks += found
    return [_msa(a.decode()) for a in acks]


def _msa(ack: str) -> list[str]:
    segments = ack.strip("\r").split("\r")
    assert segments[0].startswith("MSH|^~\\&|SCREEN|GUY|PAS|GUY|")  # receiver and sender swapped
    return segments[1].split("|")


def stored(session: Session, ref: str = "PAS-0001") -> Any:
    session.expire_all()
    return session.scalar(select(Attendance).where(Attendance.source_ref == ref))


def test_a_new_appointment_is_stored_and_acknowledged(listener: tuple[str, int], db_session: Session) -> None:
    assert send(listener, siu()) == [["MSA", "AA", "MSG1", "stored."]]
    row = stored(db_session)
    assert row.status == "attended" and row.appointment_at.replace(tzinfo=UTC) == datetime(
        2026, 3, 2, 9, 30, tzinfo=UTC
    )
    audit = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "hl7.message_applied"))
    assert audit is not None and audit.detail["message_type"] == "SIU^S12" and audit.detail["control_id"] == "MSG1"
    assert NHS not in str(audit.detail)


def test_the_same_message_twice_is_acknowledged_unchanged(listener: tuple[str, int], db_session: Session) -> None:
    first, second = send(listener, siu(), siu())
    assert first[1] == second[1] == "AA" and second[3].startswith("unchanged")
    assert db_session.scalar(select(func.count()).select_from(Attendance)) == 1


def test_a_rescheduling_moves_the_appointment(listener: tuple[str, int], db_session: Session) -> None:
    send(listener, siu())
    assert send(listener, siu("S14", "MSG2", start="202606151400"))[0][1:3] == ["AA", "MSG2"]
    # 14:00 London summer time is 13:00 UTC
    assert stored(db_session).appointment_at.replace(tzinfo=UTC) == datetime(2026, 6, 15, 13, 0, tzinfo=UTC)


def test_a_cancellation_marks_the_appointment_cancelled(listener: tuple[str, int], db_session: Session) -> None:
    send(listener, siu(), siu("S15", "MSG2"))
    assert stored(db_session).status == "cancelled"


def test_a_patient_update_changes_demographics_and_keeps_the_imd_decile(
    listener: tuple[str, int], db_session: Session
) -> None:
    import_attendances(db_session, csv_file([attendance(imd_decile="3", ethnic_category="N")]))
    db_session.commit()
    assert send(listener, A08.format(control="A1", nhs=NHS, family="Mensah"))[0][1] == "AA"
    db_session.expire_all()
    patient = db_session.scalar(select(Patient))
    assert patient is not None and patient.family_name == "Mensah"
    assert (patient.imd_decile, patient.imd_version, patient.ethnic_category) == (3, "IMD2019", "N")
    assert patient.diagnosis_group == "Sickle cell disease"


def test_a_patient_update_for_a_patient_not_held_stores_nothing(listener: tuple[str, int], db_session: Session) -> None:
    answer = send(listener, A08.format(control="A1", nhs=NHS, family="Mensah"))[0]
    assert answer[1] == "AA" and answer[3].startswith("not stored")
    assert db_session.scalar(select(func.count()).select_from(Patient)) == 0


def test_an_unknown_clinic_is_refused_with_the_reason(listener: tuple[str, int], db_session: Session) -> None:
    answer = send(listener, siu(clinic="NOPE"))[0]
    assert answer[1:3] == ["AE", "MSG1"]
    assert "clinic_code (AIL-3.1): no clinic has this code" in answer[3] and "add-clinic" in answer[3]
    assert stored(db_session) is None


def test_an_appointment_with_a_sitting_is_not_moved_to_another_patient(
    listener: tuple[str, int], db_session: Session
) -> None:
    send(listener, siu())
    row = stored(db_session)
    factories.screening_session(db_session, patient_id=row.patient_id, clinic_id=row.clinic_id, attendance_id=row.id)
    db_session.commit()
    answer = send(listener, siu("S14", "MSG2", nhs=factories.nhs_number(7)))[0]
    assert answer[1] == "AE" and "correct it in the PAS" in answer[3]


@pytest.mark.parametrize(
    "message",
    [
        "this is not HL7",
        "MSH|^~\\&|PAS|GUY|SCREEN|GUY|20260301||ORU^R01^ORU_R01|MSG9|P|2.5.1\rPID|1\r",
        "MSH|^~\\&|PAS|GUY|SCREEN|GUY|20260301||SIU^S12^SIU_S12|MSG9|P|9.9\r",
    ],
    ids=["garbage", "unsupported type", "unknown version"],
)
def test_an_unreadable_or_unsupported_message_is_rejected(listener: tuple[str, int], message: str) -> None:
    with socket.create_connection(listener, timeout=20) as connection:
        connection.sendall(frame(message))
        ack = connection.recv(65536)
    msa = ack.decode().strip("\x0b\x1c\r").split("\r")[1].split("|")
    assert msa[1] == "AR"


def test_several_messages_on_one_connection_are_each_acknowledged_in_order(listener: tuple[str, int]) -> None:
    answers = send(listener, siu(control="C1"), siu("S15", "C2"), siu(control="C3", clinic="NOPE"))
    assert [(a[1], a[2]) for a in answers] == [("AA", "C1"), ("AA", "C2"), ("AE", "C3")]


def test_an_appointment_is_stored_as_the_csv_import_would_store_it(
    listener: tuple[str, int], db_session: Session
) -> None:
    send(listener, siu())
    by_hl7 = _snapshot(db_session)
    same = attendance(imd_decile="", imd_version="", ethnic_category="", diagnosis_group="")
    result = import_attendances(db_session, csv_file([same]))
    db_session.commit()
    assert (result.inserted, result.updated, result.unchanged) == (0, 0, 1)  # the CSV finds it stored as it says
    assert dict(result.details).get("patients_updated") == 0
    assert _snapshot(db_session) == by_hl7


def _snapshot(session: Session) -> tuple[Any, ...]:
    session.expire_all()
    patient = session.scalar(select(Patient))
    row = stored(session)
    columns = ("nhs_number", "hospital_number", "family_name", "given_name", "date_of_birth", "gender_code",
               "ethnic_category", "imd_decile", "imd_version", "preferred_language", "interpreter_needed",
               "diagnosis_group")  # fmt: skip
    return (tuple(getattr(patient, c) for c in columns), row.clinic_id, row.appointment_at, row.status, row.patient_id)


@pytest.mark.parametrize(
    "fault",
    [OperationalError("INSERT", {}, Exception("database is locked")), RuntimeError("a bug")],
    ids=["locked", "bug"],
)
def test_a_message_that_cannot_be_stored_is_answered_not_stored_resend(
    listener: tuple[str, int], db_session: Session, monkeypatch: pytest.MonkeyPatch, fault: Exception
) -> None:
    def failing(*args: object, **kwargs: object) -> None:
        raise fault

    monkeypatch.setattr(hl7_intake, "import_attendances", failing)
    answer = send(listener, siu())[0]
    assert answer[1:4] == ["AE", "MSG1", "not stored: the database could not take it; resend the message."]
    assert stored(db_session) is None


def test_a_database_that_cannot_be_reached_is_answered_not_stored_resend(tmp_path: Any) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'no-such-folder' / 'x.db'}")  # cannot be opened
    server = MllpServer(("127.0.0.1", 0), make_sessionmaker(engine))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        answer = send((server.server_address[0], server.server_address[1]), siu())[0]
    finally:
        server.shutdown()
        server.server_close()
        engine.dispose()
    assert answer[1:3] == ["AE", "MSG1"] and answer[3].endswith("resend the message.")
