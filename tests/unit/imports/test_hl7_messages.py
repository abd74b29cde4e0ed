"""HL7 v2 SIU and ADT messages read into the clinic list's columns, pure (issue 18)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from screening.imports.rules.attendance_rows import PatientFields, parse_attendance_row
from screening.imports.rules.hl7_messages import MessageRefused, read_message
from screening.imports.rules.hl7_rows import attendance_cells, refusal

NHS = "9434765919"
MSH = "MSH|^~\\&|PAS|GUY|SCREEN|GUY|20260301120000||{type}|MSG1|P|2.5.1\r"


def siu(event: str = "S12", sch: str = "PLC1|PAS-0001|||||||||^^^202603020930", pid: str | None = None,
        extra: str = "AIL|1||GUY-HBO^^^GUY\r") -> str:  # fmt: skip
    pid = pid if pid is not None else f"PID|1||{NHS}^^^NHS^NH~H1^^^GUY^MR||Okafor^Ada||19900517|F\r"
    return MSH.format(type=f"SIU^{event}^SIU_S12") + f"SCH|{sch}\r" + pid + extra


STORED = PatientFields(
    nhs_number=NHS, hospital_number=None, family_name="Okafor", given_name="Ada", date_of_birth=date(1990, 5, 17),
    gender_code="2", ethnic_category="N", imd_decile=3, imd_version="IMD2019", preferred_language="Yoruba",
    interpreter_needed=True, diagnosis_group="Sickle cell disease",
)  # fmt: skip


def test_a_new_appointment_becomes_the_clinic_list_row_the_csv_would_give() -> None:
    message = read_message(siu())
    assert (message.message_type, message.event, message.control_id) == ("SIU", "S12", "MSG1")
    row, errors = parse_attendance_row(1, attendance_cells(message, None))
    assert errors == [] and row is not None
    assert (row.appointment_id, row.site_code, row.clinic_code, row.status) == (
        "PAS-0001",
        "GUY",
        "GUY-HBO",
        "attended",
    )
    assert row.appointment_at == datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # GMT in March: London = UTC
    assert (row.patient.nhs_number, row.patient.hospital_number, row.patient.gender_code) == (NHS, "H1", "2")
    # a new patient gets the CSV's blanks and defaults
    assert (row.patient.ethnic_category, row.patient.imd_decile, row.patient.interpreter_needed) == ("99", None, False)
    assert (row.patient.preferred_language, row.patient.diagnosis_group) == ("English", "Not recorded")


@pytest.mark.parametrize(
    ("event", "status"),
    [("S12", "attended"), ("S13", "attended"), ("S14", "attended"), ("S15", "cancelled"), ("S26", "did_not_attend")],
)
def test_each_scheduling_event_gives_its_attendance_status(event: str, status: str) -> None:
    assert read_message(siu(event)).cells["attendance_status"] == status


def test_what_the_message_does_not_carry_keeps_the_stored_values() -> None:
    cells = attendance_cells(read_message(siu()), STORED)
    assert (cells["imd_decile"], cells["imd_version"], cells["interpreter_needed"]) == ("3", "IMD2019", "Y")
    assert (cells["ethnic_category"], cells["preferred_language"]) == ("N", "Yoruba")  # PID-22, PID-15 empty
    assert cells["hospital_number"] == "H1"  # carried: the message wins


def test_a_stored_patient_without_a_decile_or_interpreter_keeps_blanks() -> None:
    plain = PatientFields(**{**{f: getattr(STORED, f) for f in STORED.__slots__}, "imd_decile": None,
                             "imd_version": None, "interpreter_needed": False})  # fmt: skip
    cells = attendance_cells(read_message(siu()), plain)
    assert (cells["imd_decile"], cells["imd_version"], cells["interpreter_needed"]) == ("", "", "N")


@pytest.mark.parametrize(
    ("sex", "gender"), [("M", "1"), ("F", "2"), ("A", "9"), ("O", "X"), ("U", "X"), ("N", "X"), ("f", "2"), ("Q", "Q")]
)
def test_administrative_sex_maps_to_a_stated_gender_code(sex: str, gender: str) -> None:
    pid = f"PID|1||{NHS}^^^NHS^NH||Okafor^Ada||19900517|{sex}\r"
    assert read_message(siu(pid=pid)).cells["gender_code"] == gender


def test_an_unmapped_sex_is_refused_by_the_csv_gender_check() -> None:
    pid = f"PID|1||{NHS}^^^NHS^NH||Okafor^Ada||19900517|Q\r"
    _, errors = parse_attendance_row(1, attendance_cells(read_message(siu(pid=pid)), None))
    assert [e.column for e in errors] == ["gender_code"]


@pytest.mark.parametrize(
    ("identifiers", "nhs", "hospital"),
    [
        (f"{NHS}^^^NHS", NHS, None),  # authority NHS, no type
        (f"X1^^^LAB^XX~{NHS}^^^^NH~9999999999^^^^NH", NHS, None),  # another type skipped; the first NHS number
        (f"P7^^^GUY^PI~{NHS}^^^NHS^NH", NHS, "P7"),  # PI is a hospital number too
    ],
)
def test_the_nhs_and_hospital_numbers_come_from_pid_3_by_type(identifiers: str, nhs: str, hospital: str | None) -> None:
    cells = read_message(siu(pid=f"PID|1||{identifiers}||Okafor^Ada||19900517|F\r")).cells
    assert (cells.get("nhs_number"), cells.get("hospital_number")) == (nhs, hospital)


def test_ethnic_group_and_language_come_from_pid_22_and_pid_15() -> None:
    pid = f"PID|1||{NHS}^^^NHS^NH||Okafor^Ada||19900517|F|||||||ENG^English|||||||N^Black African\r"
    cells = read_message(siu(pid=pid)).cells
    assert (cells["ethnic_category"], cells["preferred_language"]) == ("N", "English")
    coded = f"PID|1||{NHS}^^^NHS^NH||Okafor^Ada||19900517|F|||||||yor\r"
    assert read_message(siu(pid=coded)).cells["preferred_language"] == "yor"  # no text: the code


def test_the_placer_id_and_the_resource_start_are_used_when_the_filler_fields_are_empty() -> None:
    message = read_message(siu(sch="PLC-9", extra="RGS|1\rAIS|1||HBO|20260615140000+0100\rAIL|1||GUY-HBO^^^GUY\r"))
    assert message.cells["appointment_id"] == "PLC-9"
    assert message.cells["appointment_at"] == "2026-06-15T14:00:00+01:00"


def test_an_appointment_without_schedule_or_location_lacks_those_columns() -> None:
    text = MSH.format(type="SIU^S12^SIU_S12") + f"PID|1||{NHS}^^^NHS^NH||Okafor^Ada||19900517|F\r"
    _, errors = parse_attendance_row(1, attendance_cells(read_message(text), None))
    assert {e.column for e in errors} == {"appointment_id", "appointment_at", "site_code", "clinic_code"}


def test_a_patient_update_passes_the_row_check_with_a_placeholder_appointment() -> None:
    text = MSH.format(type="ADT^A08^ADT_A01") + f"EVN|A08\rPID|1||{NHS}^^^NHS^NH||Mensah^Ada||19900517|F\r"
    message = read_message(text)
    assert message.nhs_number == NHS and "attendance_status" not in message.cells
    row, errors = parse_attendance_row(1, attendance_cells(message, STORED))
    assert errors == [] and row is not None and row.patient.family_name == "Mensah" and row.patient.imd_decile == 3


def test_a_message_without_a_patient_has_no_nhs_number() -> None:
    message = read_message(MSH.format(type="ADT^A08^ADT_A01") + "EVN|A08\r")
    assert message.nhs_number == "" and message.cells == {}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("not HL7 at all", "not a readable HL7 v2 message"),
        (MSH.format(type="ORU^R01^ORU_R01"), "ORU^R01 is not taken here"),
        (MSH.format(type="ADT^A01^ADT_A01"), "ADT^A01 is not taken here"),
        (MSH.format(type="SIU^S12^SIU_S12").replace("2.5.1", "9.9"), "not a readable HL7 v2 message"),
    ],
)
def test_an_unreadable_or_unsupported_message_is_refused(text: str, reason: str) -> None:
    with pytest.raises(MessageRefused, match=reason.replace("^", r"\^")):
        read_message(text)


def test_a_refusal_names_the_hl7_field_to_correct() -> None:
    assert refusal("clinic_code", "no clinic has this code.") == "clinic_code (AIL-3.1): no clinic has this code."
    assert refusal("imd_version", "is required.") == "imd_version: is required."
