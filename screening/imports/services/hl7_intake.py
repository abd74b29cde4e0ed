"""Storing one HL7 v2 message (SIU appointment, ADT^A08 patient update) and its answer (issue 18).

Design decisions:
- One message, one transaction (`receive` opens and commits it): AA is sent only after the
  commit, so the sender resends whatever was not stored.
- An SIU goes through the clinic list import itself: the message becomes a one-row CSV
  (`hl7_rows.attendance_cells`) given to `import_attendances` in this transaction. Every
  check, the idempotence by appointment id, the refusal to move an appointment with a sitting
  to another patient, the demographic update and its audit, and the import run record are
  the CSV's, so a stored appointment is exactly what the CSV import would store.
- An ADT^A08 updates a stored patient's demographics only, found by NHS number, after the
  same row check. We hold only patients with appointments, so an A08 for a patient not held
  is acknowledged AA "not stored" (nothing to update; refusing it would make the engine resend
  it forever), and the patient arrives with their first SIU.
- Fields a message does not carry keep their stored values (see `hl7_messages`).
- Each applied message is audited (`hl7.message_applied`): type, control id and outcome, no
  patient value. A refused one is logged (type, control id, code) and answered.
- A database that is locked or unreachable, or any other fault, rolls back and answers AE "not
  stored; resend": never AA unless committed. The log line names the error's type only (an
  exception's text or traceback may hold the values of the failed statement).
"""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from models.database import session_scope
from screening.audit.services.audit import record_event
from screening.errors import InvalidValue, ScreeningError
from screening.imports.rules.attendance_rows import ATTENDANCE_COLUMNS, parse_attendance_row
from screening.imports.rules.hl7_acks import ack
from screening.imports.rules.hl7_messages import Hl7Message, MessageRefused, read_message
from screening.imports.rules.hl7_rows import attendance_cells, refusal
from screening.imports.services.attendance_import import import_attendances
from screening.imports.services.patient_records import UPDATE, KnownPatients, load_patients, patient_changes
from screening.patients.rules import nhs_number

log = logging.getLogger(__name__)
ACTOR = "hl7 listener"
NOT_STORED = "not stored: the database could not take it; resend the message."


class ContentRefused(ScreeningError):
    """A readable message whose content fails a check: acknowledged AE with the reason."""


@dataclass(frozen=True, slots=True)
class Answer:
    code: str  # AA, AE or AR
    reason: str
    label: str  # e.g. "SIU^S12"; "?" when unreadable
    control_id: str
    ack: str  # the ACK message, ER7


def receive(sessions: sessionmaker[Session], text: str) -> Answer:
    """Store one message in its own transaction and say how to acknowledge it."""
    try:
        message = read_message(text)
    except MessageRefused as error:
        return _answer(text, "AR", str(error), "?", "")
    label = f"{message.message_type}^{message.event}"
    try:
        with session_scope(sessions) as session:
            reason = _store(session, message, label)
    except ContentRefused as error:
        return _answer(text, "AE", str(error), label, message.control_id)
    except ScreeningError as error:  # e.g. the demo database refuses real data
        return _answer(text, "AE", f"not stored: {error}", label, message.control_id)
    except (SQLAlchemyError, OSError) as error:
        log.warning("HL7 %s %s not stored: %s", label, message.control_id, type(error).__name__)
        return _answer(text, "AE", NOT_STORED, label, message.control_id)
    except Exception as error:  # a fault of ours: the listener keeps serving, the sender resends
        log.error("HL7 %s %s not stored, unexpected %s", label, message.control_id, type(error).__name__)
        return _answer(text, "AE", NOT_STORED, label, message.control_id)
    return _answer(text, "AA", reason, label, message.control_id)


def _store(session: Session, message: Hl7Message, label: str) -> str:
    known = _known(session, message.nhs_number)
    stored = next(iter(known.values()))[1] if known else None
    cells = attendance_cells(message, stored)
    if message.message_type == "ADT":
        outcome = _update_patient(session, cells, known)
        run_id = None
    else:
        result = import_attendances(session, _one_row_csv(cells))
        if result.errors:
            raise ContentRefused("; ".join(refusal(e.column, e.reason) for e in result.errors))
        changed = result.inserted + result.updated + dict(result.details).get("patients_updated", 0)
        outcome, run_id = ("stored" if changed else "unchanged"), result.run_id
    if outcome != "not stored":
        record_event(session, actor=ACTOR, actor_user_id=None, action="hl7.message_applied", entity_type="hl7_message",
                     entity_id=None, detail={"message_type": label, "control_id": message.control_id,
                                             "outcome": outcome, "import_run": run_id})  # fmt: skip
    return {
        "stored": "stored.",
        "unchanged": "unchanged: already stored as the message says.",
        "not stored": "not stored: no appointment is held for this patient; they are added with their first SIU.",
    }[outcome]


def _known(session: Session, number: str) -> KnownPatients:
    try:
        return load_patients(session, [nhs_number.normalise(number)])
    except InvalidValue:
        return {}  # the row check refuses it with its reason


def _update_patient(session: Session, cells: dict[str, str], known: KnownPatients) -> str:
    row, errors = parse_attendance_row(1, cells)
    if row is None:
        raise ContentRefused("; ".join(refusal(e.column, e.reason) for e in errors))
    if not known:
        return "not stored"
    _, changed = patient_changes({row.patient.nhs_number: row.patient}, known)
    if not changed:
        return "unchanged"
    patient_id, patient, fields_changed = changed[0]
    values = {name: getattr(patient, name) for name in fields_changed}
    session.execute(UPDATE, [{"patient_id": patient_id, **values, "updated_at": datetime.now(UTC)}])
    record_event(session, actor=ACTOR, actor_user_id=None, action="patient.demographics_updated",
                 entity_type="patient", entity_id=patient_id, detail={"fields": fields_changed})  # fmt: skip
    return "stored"


def _one_row_csv(cells: dict[str, str]) -> io.BytesIO:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ATTENDANCE_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerow(cells)
    return io.BytesIO(out.getvalue().encode("utf-8"))


def _answer(text: str, code: str, reason: str, label: str, control_id: str) -> Answer:
    log.info("HL7 %s %s %s", label, control_id or "(no control id)", code)
    return Answer(code, reason, label, control_id, ack(text, code, reason))
