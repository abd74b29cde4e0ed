"""One clinic-list row checked column by column (issue 5; clinical reference, section 7)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from screening.clinical.rules.codes import ETHNIC_CATEGORIES
from screening.imports.rules.attendance_rows import ATTENDANCE_COLUMNS, AttendanceRow, parse_attendance_row
from screening.imports.rules.import_report import RowError
from tests.import_files import BAD_CHECK_DIGIT, attendance


def parsed(**fields: str) -> AttendanceRow:
    row, errors = parse_attendance_row(2, attendance(**fields))
    assert errors == [] and row is not None
    return row


def refused(**fields: str) -> list[RowError]:
    row, errors = parse_attendance_row(7, attendance(**fields))
    assert row is None and errors
    return errors


def columns(errors: list[RowError]) -> list[str]:
    return [e.column for e in errors]


def test_a_complete_row_becomes_typed_values() -> None:
    row = parsed()
    assert row.appointment_id == "PAS-0001" and row.status == "attended"
    assert (row.site_code, row.clinic_code) == ("GUY", "GUY-HBO")
    assert row.patient.date_of_birth == date(1990, 5, 17)
    assert (row.patient.imd_decile, row.patient.imd_version) == (3, "IMD2019")
    assert row.patient.interpreter_needed is False


def test_the_columns_are_exactly_the_seventeen_the_issue_names() -> None:
    assert len(ATTENDANCE_COLUMNS) == 17 and set(ATTENDANCE_COLUMNS) == set(attendance())


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2026-03-02T09:30", datetime(2026, 3, 2, 9, 30, tzinfo=UTC)),  # GMT in March: UTC+0
        ("2026-07-02T09:30", datetime(2026, 7, 2, 8, 30, tzinfo=UTC)),  # BST: 09:30 London = 08:30 UTC
        ("2026-07-02", datetime(2026, 7, 1, 23, 0, tzinfo=UTC)),  # a date alone: midnight London
        ("2026-07-02T09:30:00Z", datetime(2026, 7, 2, 9, 30, tzinfo=UTC)),  # an offset is kept
        ("2026-07-02 09:30", datetime(2026, 7, 2, 8, 30, tzinfo=UTC)),
    ],
)
def test_appointment_times_without_an_offset_are_london_wall_clock(cell: str, expected: datetime) -> None:
    assert parsed(appointment_at=cell).appointment_at == expected


@pytest.mark.parametrize(("cell", "decile"), [("1", 1), ("10", 10), ("", None), (" 4 ", 4)])
def test_imd_decile_1_to_10_or_blank_is_accepted(cell: str, decile: int | None) -> None:
    assert parsed(imd_decile=cell).patient.imd_decile == decile


@pytest.mark.parametrize("cell", ["0", "11", "-1", "3.0", "three"])
def test_imd_decile_outside_1_to_10_is_refused(cell: str) -> None:
    assert columns(refused(imd_decile=cell)) == ["imd_decile"]


def test_a_decile_needs_its_imd_version() -> None:
    errors = refused(imd_version="")
    assert columns(errors) == ["imd_version"] and "IMD2019 or IMD2025" in errors[0].reason


def test_an_imd_version_without_a_decile_is_dropped() -> None:
    patient = parsed(imd_decile="", imd_version="IMD2025").patient
    assert (patient.imd_decile, patient.imd_version) == (None, None)


def test_an_unknown_imd_version_is_refused() -> None:
    assert columns(refused(imd_version="IMD2015")) == ["imd_version"]


@pytest.mark.parametrize(("cell", "code"), [("1", "1"), ("2", "2"), ("9", "9"), ("X", "X"), ("x", "X")])
def test_person_stated_gender_codes_are_accepted(cell: str, code: str) -> None:
    assert parsed(gender_code=cell).patient.gender_code == code


@pytest.mark.parametrize("cell", ["0", "3", "M", "F", ""])
def test_other_gender_values_are_refused(cell: str) -> None:
    errors = refused(gender_code=cell)
    assert columns(errors) == ["gender_code"] and errors[0].reason == "must be 1, 2, 9 or X."


@pytest.mark.parametrize("code", list(ETHNIC_CATEGORIES))
def test_every_nhs_ethnic_category_is_accepted(code: str) -> None:
    assert parsed(ethnic_category=code.lower()).patient.ethnic_category == code


def test_a_blank_ethnic_category_is_stored_as_99_not_known() -> None:
    assert parsed(ethnic_category="").patient.ethnic_category == "99"


@pytest.mark.parametrize("cell", ["Q", "I", "O", "White British", "98"])
def test_an_unknown_ethnic_category_is_refused(cell: str) -> None:
    assert columns(refused(ethnic_category=cell)) == ["ethnic_category"]


@pytest.mark.parametrize("cell", ["17/05/1990", "1990-02-30", "", "yesterday"])
def test_a_date_of_birth_that_is_not_an_iso_date_is_refused(cell: str) -> None:
    errors = refused(date_of_birth=cell)
    assert columns(errors) == ["date_of_birth"] and "YYYY-MM-DD" in errors[0].reason


def test_a_date_of_birth_after_the_appointment_is_refused() -> None:
    assert columns(refused(date_of_birth="2026-03-03")) == ["date_of_birth"]


@pytest.mark.parametrize("cell", ["02/03/2026 09:30", "2026-13-01", "", "next Tuesday"])
def test_an_appointment_time_that_is_not_iso_8601_is_refused(cell: str) -> None:
    assert columns(refused(appointment_at=cell)) == ["appointment_at"]


def test_an_nhs_number_failing_the_check_digit_is_refused_without_echoing_it() -> None:
    errors = refused(nhs_number=BAD_CHECK_DIGIT)
    assert columns(errors) == ["nhs_number"] and "Modulus 11" in errors[0].reason
    assert BAD_CHECK_DIGIT not in str(errors[0])


@pytest.mark.parametrize("cell", ["943476591", "94347659190", "", "943476591X"])
def test_an_nhs_number_that_is_not_ten_digits_is_refused(cell: str) -> None:
    assert columns(refused(nhs_number=cell)) == ["nhs_number"]


def test_spaces_in_an_nhs_number_are_ignored() -> None:
    assert parsed(nhs_number="943 476 5919").patient.nhs_number == "9434765919"


@pytest.mark.parametrize("column", ["family_name", "given_name", "appointment_id", "site_code", "clinic_code"])
def test_a_required_text_column_left_blank_is_refused(column: str) -> None:
    assert columns(refused(**{column: "  "})) == [column]


def test_a_name_over_100_characters_is_refused_without_echoing_it() -> None:
    name = "Okafor" * 17
    errors = refused(family_name=name)
    assert columns(errors) == ["family_name"] and name not in str(errors[0])


def test_optional_columns_left_blank_take_the_patient_defaults() -> None:
    patient = parsed(hospital_number="", preferred_language="", diagnosis_group="").patient
    assert (patient.hospital_number, patient.preferred_language, patient.diagnosis_group) == (
        None, "English", "Not recorded",
    )  # fmt: skip


@pytest.mark.parametrize(("cell", "needed"), [("Y", True), ("N", False), ("y", True)])
def test_interpreter_needed_is_y_or_n(cell: str, needed: bool) -> None:
    assert parsed(interpreter_needed=cell).patient.interpreter_needed is needed


@pytest.mark.parametrize("cell", ["yes", "", "1"])
def test_other_interpreter_values_are_refused(cell: str) -> None:
    assert columns(refused(interpreter_needed=cell)) == ["interpreter_needed"]


@pytest.mark.parametrize("cell", ["attended", "did_not_attend", "cancelled", "Cancelled"])
def test_the_three_attendance_statuses_are_accepted(cell: str) -> None:
    assert parsed(attendance_status=cell).status == cell.lower()


@pytest.mark.parametrize("cell", ["DNA", "did not attend", ""])
def test_other_attendance_statuses_are_refused(cell: str) -> None:
    assert columns(refused(attendance_status=cell)) == ["attendance_status"]


def test_site_and_clinic_codes_are_matched_in_capitals() -> None:
    row = parsed(site_code="guy", clinic_code="guy-hbo")
    assert (row.site_code, row.clinic_code) == ("GUY", "GUY-HBO")


def test_every_problem_in_a_row_is_reported_with_its_line() -> None:
    errors = refused(imd_decile="11", gender_code="M", nhs_number=BAD_CHECK_DIGIT, attendance_status="DNA")
    assert sorted(columns(errors)) == ["attendance_status", "gender_code", "imd_decile", "nhs_number"]
    assert {e.line for e in errors} == {7}


@pytest.mark.parametrize("column", ["family_name", "given_name", "hospital_number"])
def test_a_hidden_right_to_left_override_in_a_name_or_number_refuses_the_row_naming_the_column(column: str) -> None:
    errors = refused(**{column: "Okafor\u202e9191"})
    assert errors == [RowError(7, column, "contains a hidden text-direction control (U+202E), which can disguise the "
                                          "characters beside it; remove it in the source system or file and import "
                                          "the row again.")]  # fmt: skip


def test_a_zero_width_space_in_a_name_is_refused_as_an_invisible_control() -> None:
    assert "invisible control character (U+200B)" in refused(given_name="Ada\u200b").pop().reason


def test_an_arabic_name_is_accepted_as_typed() -> None:
    row = parsed(family_name="عبد الله", given_name="محمد")
    assert (row.patient.family_name, row.patient.given_name) == ("عبد الله", "محمد")
