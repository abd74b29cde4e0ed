"""The clinic-list import on each database: all or nothing, idempotent, audited (issue 5)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Attendance, AuditEvent, ImportRun, Patient
from screening.errors import ConflictError
from screening.imports.rules.csv_encoding import ImportFileRefused
from screening.imports.rules.import_report import ImportResult
from screening.imports.services.attendance_import import import_attendances
from tests import factories
from tests.import_files import BAD_CHECK_DIGIT, NHS, attendance, csv_file, patients, reference_data


@pytest.fixture(autouse=True)
def sites_and_clinics(db_session: Session) -> None:
    reference_data(db_session)


def run(session: Session, rows: list[dict[str, str]], **options: object) -> ImportResult:
    return import_attendances(session, csv_file(rows), **options)  # type: ignore[arg-type]


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def counts(result: ImportResult) -> tuple[int, int, int, int, int]:
    return result.rows_read, result.inserted, result.updated, result.unchanged, result.rejected


def test_a_valid_file_inserts_its_patients_and_attendances(db_session: Session) -> None:
    result = run(db_session, [*patients(3), attendance(appointment_id="PAS-0009", nhs_number=NHS)])
    assert counts(result) == (4, 4, 0, 0, 0) and result.applied
    assert dict(result.details) == {"patients_created": 4, "patients_updated": 0}
    assert count(db_session, Patient) == 4 and count(db_session, Attendance) == 4
    stored = db_session.scalar(select(Attendance).where(Attendance.source_ref == "PAS-0009"))
    assert stored is not None and stored.status == "attended"


def test_importing_the_same_file_twice_changes_nothing_the_second_time(db_session: Session) -> None:
    rows = patients(5)
    run(db_session, rows)
    audited = count(db_session, AuditEvent)
    result = run(db_session, rows)
    assert counts(result) == (5, 0, 0, 5, 0)
    assert count(db_session, Attendance) == 5 and count(db_session, Patient) == 5
    assert count(db_session, AuditEvent) == audited + 1  # only the run itself


def test_a_changed_row_for_a_known_appointment_updates_it(db_session: Session) -> None:
    run(db_session, patients(2))
    result = run(db_session, [*patients(2)[:1], patients(2)[1] | {"attendance_status": "did_not_attend"}])
    assert counts(result) == (2, 0, 1, 1, 0)
    stored = db_session.scalar(select(Attendance.status).where(Attendance.source_ref == "PAS-0002"))
    assert stored == "did_not_attend"


def test_a_demographic_change_updates_the_patient_and_is_audited_without_the_values(db_session: Session) -> None:
    run(db_session, [attendance()])
    moved = attendance(appointment_id="PAS-0002", family_name="Okafor-Mensah", imd_decile="7")
    result = run(db_session, [moved])
    assert dict(result.details)["patients_updated"] == 1
    patient = db_session.scalar(select(Patient).where(Patient.nhs_number == NHS))
    assert patient is not None and (patient.family_name, patient.imd_decile) == ("Okafor-Mensah", 7)
    event = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "patient.demographics_updated"))
    assert event is not None and event.entity_id == str(patient.id)
    assert event.detail == {"fields": ["family_name", "imd_decile"], "import_run": result.run_id}
    assert "Okafor" not in json.dumps(event.detail) and NHS not in json.dumps(event.detail)


def test_one_invalid_row_means_nothing_is_imported_and_every_invalid_row_is_reported(db_session: Session) -> None:
    rows = patients(4)
    rows[1] |= {"gender_code": "M"}
    rows[3] |= {"imd_decile": "11", "nhs_number": BAD_CHECK_DIGIT}
    result = run(db_session, rows)
    assert result.refused and counts(result) == (4, 0, 0, 0, 2)
    assert [(e.line, e.column) for e in result.errors] == [(3, "gender_code"), (5, "imd_decile"), (5, "nhs_number")]
    assert count(db_session, Patient) == 0 and count(db_session, Attendance) == 0
    stored = db_session.get(ImportRun, result.run_id)
    assert stored is not None and (stored.rows_read, stored.inserted, stored.rejected) == (4, 0, 2)


def test_skip_invalid_imports_the_valid_rows_and_writes_the_rejected_ones_with_a_reason(db_session: Session) -> None:
    rows = patients(3)
    rows[1] |= {"gender_code": "M", "family_name": "=1+2"}
    rejected = io.StringIO()
    result = run(db_session, rows, skip_invalid=True, rejected=rejected)
    assert counts(result) == (3, 2, 0, 0, 1) and result.applied
    assert count(db_session, Attendance) == 2
    (written,) = list(csv.DictReader(io.StringIO(rejected.getvalue())))
    assert (written["line"], written["appointment_id"], written["family_name"]) == ("3", "PAS-0002", "'=1+2")
    assert written["reason"] == "gender_code: must be 1, 2, 9 or X"


def test_a_dry_run_writes_nothing_but_counts_what_it_would_do(db_session: Session) -> None:
    run(db_session, patients(1))
    result = run(db_session, patients(3), dry_run=True)
    assert counts(result) == (3, 2, 0, 1, 0) and not result.applied
    assert count(db_session, Attendance) == 1 and count(db_session, Patient) == 1
    stored = db_session.get(ImportRun, result.run_id)
    assert stored is not None and stored.dry_run


@pytest.mark.parametrize(
    ("encoding", "newline"), [("utf-8-sig", "\r\n"), ("utf-8", "\r\n"), ("latin-1", "\n"), ("cp1252", "\r\n")]
)
def test_bom_windows_line_endings_and_latin_1_names_import_correctly(
    db_session: Session, encoding: str, newline: str
) -> None:
    rows = [attendance(family_name="Núñez", given_name="Zoë")]
    result = import_attendances(db_session, csv_file(rows, encoding=encoding, newline=newline))
    assert counts(result) == (1, 1, 0, 0, 0)
    assert db_session.scalar(select(Patient.given_name)) == "Zoë"
    assert db_session.scalar(select(Patient.family_name)) == "Núñez"


def test_a_file_that_is_not_csv_is_refused_with_one_message_and_nothing_written(db_session: Session) -> None:
    with pytest.raises(ImportFileRefused, match="spreadsheet"):
        import_attendances(db_session, io.BytesIO(b"PK\x03\x04 an xlsx workbook"))
    assert count(db_session, ImportRun) == 0


def test_an_unknown_clinic_says_how_to_create_it(db_session: Session) -> None:
    result = run(db_session, [attendance(clinic_code="GUY-XYZ")])
    (error,) = result.errors
    assert error.column == "clinic_code" and "python -m screening add-clinic" in error.reason


def test_an_unknown_site_says_how_to_create_it(db_session: Session) -> None:
    (error,) = run(db_session, [attendance(site_code="STH")]).errors
    assert error.column == "site_code" and "python -m screening add-site CODE NAME" in error.reason


def test_a_clinic_at_another_site_is_refused(db_session: Session) -> None:
    (error,) = run(db_session, [attendance(clinic_code="KCH-ONC")]).errors
    assert (error.column, error.reason) == ("clinic_code", "belongs to site KCH, not to site_code.")


def test_an_appointment_id_twice_in_one_file_is_refused_naming_the_first_line(db_session: Session) -> None:
    rows = patients(2)
    rows[1] |= {"appointment_id": "PAS-0001"}
    (error,) = run(db_session, rows).errors
    assert (error.line, error.column) == (3, "appointment_id") and "first on line 2" in error.reason


def test_an_appointment_with_a_sitting_is_never_moved_to_another_patient(db_session: Session) -> None:
    run(db_session, [attendance()])
    stored = db_session.scalar(select(Attendance))
    assert stored is not None
    factories.screening_session(db_session, patient_id=stored.patient_id, attendance_id=stored.id,
                                clinic_id=stored.clinic_id)  # fmt: skip
    result = run(db_session, [attendance(nhs_number=factories.nhs_number(1))], skip_invalid=True)
    (error,) = result.errors
    assert error.column == "nhs_number" and "different patient" in error.reason
    assert db_session.scalar(select(Attendance.patient_id)) == stored.patient_id


def test_a_moved_appointment_without_a_sitting_follows_the_extract(db_session: Session) -> None:
    run(db_session, [attendance()])
    result = run(db_session, [attendance(nhs_number=factories.nhs_number(1))])
    assert counts(result) == (1, 0, 1, 0, 0)


def test_progress_is_reported_after_each_batch(db_session: Session) -> None:
    seen: list[tuple[int, int, str]] = []
    run(db_session, patients(3), progress=lambda done, expected, stage="reading": seen.append((done, expected, stage)))
    assert seen == [(3, 3, "reading"), (3, 3, "applying")]


def test_row_errors_never_echo_an_nhs_number_or_a_name(db_session: Session) -> None:
    rows = [attendance(nhs_number=BAD_CHECK_DIGIT, given_name="Ada" * 40, date_of_birth="17/05/1990")]
    reasons = " ".join(e.reason for e in run(db_session, rows).errors)
    assert BAD_CHECK_DIGIT not in reasons and "AdaAda" not in reasons and "1990" not in reasons


def test_a_row_the_database_refuses_mid_import_is_one_clear_conflict(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two new patients given the same pseudonymous id: the unique index refuses the batch,
    # as it would a concurrent import of the same patients.
    monkeypatch.setattr("screening.imports.services.patient_records.new_pseudo_id", lambda: "0123456789abcdef")
    with pytest.raises(ConflictError, match="nothing was imported: run it again"):
        run(db_session, patients(2))
    assert count(db_session, Patient) == 0
