"""The full clinic list row for an HL7 message: its cells over what is stored (issue 18).

Design decisions:
- What a message does not carry is never wiped: IMD decile and version, interpreter, diagnosis
  group and contact details are not HL7 fields, and an empty PID field says nothing. For a
  stored patient those cells are the stored values (`stored`); for a new one they are blank,
  so the CSV's defaults apply, and interpreter "N" (the one required column HL7 cannot fill).
  No contact columns are given, so contact details are left alone.
- An ADT^A08 carries no appointment: `PLACEHOLDER` cells (never stored) let it go through the
  same row check, so its demographics are checked exactly as the CSV's.
- A refusal names the HL7 field to correct beside the column (`SOURCE_FIELDS`).

Pure module: no database.
"""

from __future__ import annotations

from screening.imports.rules.attendance_rows import PatientFields
from screening.imports.rules.hl7_messages import Hl7Message

SOURCE_FIELDS = {
    "appointment_id": "SCH-2", "appointment_at": "SCH-11.4", "clinic_code": "AIL-3.1", "site_code": "AIL-3.4",
    "nhs_number": "PID-3 (NH)", "hospital_number": "PID-3 (MR)", "family_name": "PID-5.1", "given_name": "PID-5.2",
    "date_of_birth": "PID-7", "gender_code": "PID-8", "ethnic_category": "PID-22", "preferred_language": "PID-15",
}  # fmt: skip
NEW_PATIENT = {"interpreter_needed": "N"}  # the one CSV column without a blank default: no interpreter recorded
PLACEHOLDER = {"appointment_id": "ADT", "site_code": "ADT", "clinic_code": "ADT",
               "appointment_at": "2999-12-31", "attendance_status": "attended"}  # fmt: skip


def refusal(column: str, reason: str) -> str:
    """A row check's reason with the HL7 field it concerns, e.g. "clinic_code (AIL-3.1): ..."."""
    source = SOURCE_FIELDS.get(column)
    return f"{column} ({source}): {reason}" if source else f"{column}: {reason}"


def attendance_cells(message: Hl7Message, stored: PatientFields | None) -> dict[str, str]:
    """The full CSV row for `parse_attendance_row`: the message's cells over the stored patient's."""
    kept = _stored_cells(stored) if stored is not None else NEW_PATIENT
    appointment = PLACEHOLDER if message.message_type == "ADT" else {}
    return {**kept, **appointment, **message.cells}


def _stored_cells(patient: PatientFields) -> dict[str, str]:
    return {
        "nhs_number": patient.nhs_number, "hospital_number": patient.hospital_number or "",
        "family_name": patient.family_name, "given_name": patient.given_name,
        "date_of_birth": patient.date_of_birth.isoformat(), "gender_code": patient.gender_code,
        "ethnic_category": patient.ethnic_category, "imd_decile": str(patient.imd_decile or ""),
        "imd_version": patient.imd_version or "", "preferred_language": patient.preferred_language,
        "interpreter_needed": "Y" if patient.interpreter_needed else "N", "diagnosis_group": patient.diagnosis_group,
    }  # fmt: skip
