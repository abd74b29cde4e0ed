"""The clinic list's mobile, email and no_contact columns on each database (issue 17)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from models import AuditEvent, Patient, PatientContact
from screening.imports.rules.import_report import ImportResult
from screening.imports.services import import_apply, import_runs
from screening.imports.services.attendance_import import import_attendances
from tests.import_files import NHS, attendance, csv_file, patients, reference_data

MOBILE, EMAIL = "07700 900123", "ada.okafor@example.com"


@pytest.fixture(autouse=True)
def sites_and_clinics(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as session:
        reference_data(session)


def run(session: Session, rows: list[dict[str, str]], **options: object) -> ImportResult:
    return import_attendances(session, csv_file(rows), **options)  # type: ignore[arg-type]


def contact(session: Session, nhs_number: str = NHS) -> tuple[str | None, str | None, bool] | None:
    session.expire_all()
    found = session.execute(
        select(PatientContact.mobile, PatientContact.email, PatientContact.no_contact)
        .join(Patient, Patient.id == PatientContact.patient_id)
        .where(Patient.nhs_number == nhs_number)
    ).first()
    return None if found is None else (found.mobile, found.email, found.no_contact)


def audit_text(session: Session) -> str:
    return json.dumps([e.detail for e in session.scalars(select(AuditEvent))])


def test_a_mobile_email_and_no_contact_are_stored_as_checked(db_session: Session) -> None:
    result = run(db_session, [attendance(mobile="+44 7700 900123", email=" Ada.Okafor@EXAMPLE.com", no_contact="y")])
    assert result.applied and dict(result.details)["contacts_changed"] == 1
    assert contact(db_session) == ("07700900123", "Ada.Okafor@example.com", True)


def test_a_new_patient_s_contacts_are_counted_by_the_run_not_audited_one_by_one(db_session: Session) -> None:
    result = run(db_session, patients(3, mobile=MOBILE))
    assert dict(result.details)["contacts_changed"] == 3
    actions = list(db_session.scalars(select(AuditEvent.action)))
    assert "patient.contacts_updated" not in actions and actions.count("import.attendances") == 1
    run_event = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "import.attendances")).one()
    assert run_event.detail["contacts_changed"] == 3


def test_a_file_without_contact_columns_leaves_stored_contacts_untouched_and_does_not_count_them(
    db_session: Session,
) -> None:
    run(db_session, [attendance(mobile=MOBILE, email=EMAIL, no_contact="N")])
    result = run(db_session, [attendance(appointment_id="PAS-0002", family_name="Okafor-Mensah")])
    assert result.applied and "contacts_changed" not in dict(result.details)
    assert contact(db_session) == ("07700900123", EMAIL, False)


def test_a_blank_cell_clears_that_detail_and_a_missing_column_keeps_its_detail(db_session: Session) -> None:
    run(db_session, [attendance(mobile=MOBILE, email=EMAIL)])
    result = run(db_session, [attendance(mobile="")])  # the file has a mobile column, no email column
    assert dict(result.details)["contacts_changed"] == 1
    assert contact(db_session) == (None, EMAIL, False)


def test_a_patient_left_with_no_details_has_no_contact_row(db_session: Session) -> None:
    run(db_session, [attendance(mobile=MOBILE, no_contact="Y")])
    run(db_session, [attendance(mobile="", email="", no_contact="")])
    assert contact(db_session) is None
    assert db_session.scalar(select(func.count()).select_from(PatientContact)) == 0


def test_a_patient_with_only_blank_contact_cells_gets_no_row(db_session: Session) -> None:
    result = run(db_session, [attendance(mobile="", email="", no_contact="N")])
    assert result.applied and dict(result.details)["contacts_changed"] == 0
    assert db_session.scalar(select(func.count()).select_from(PatientContact)) == 0


def test_importing_the_same_contacts_twice_changes_nothing_the_second_time(db_session: Session) -> None:
    rows = patients(3, mobile=MOBILE, email=EMAIL, no_contact="N")
    run(db_session, rows)
    audited = db_session.scalar(select(func.count()).select_from(AuditEvent))
    result = run(db_session, rows)
    assert (result.inserted, result.updated, result.unchanged) == (0, 0, 3)
    assert dict(result.details)["contacts_changed"] == 0
    assert db_session.scalar(select(func.count()).select_from(AuditEvent)) == (audited or 0) + 1  # the run only


def test_a_contact_change_alone_is_applied_and_audited_naming_the_columns_never_the_values(
    db_session: Session,
) -> None:
    run(db_session, [attendance(mobile=MOBILE, email=EMAIL)])
    result = run(db_session, [attendance(mobile="07700 900456", email=EMAIL)])
    assert (result.inserted, result.updated, result.unchanged) == (0, 0, 1)
    assert dict(result.details) == {"contacts_changed": 1, "patients_created": 0, "patients_updated": 0}
    assert contact(db_session) == ("07700900456", EMAIL, False)
    events = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "patient.contacts_updated")).all()
    assert [e.detail for e in events][-1] == {"fields": ["mobile"], "import_run": result.run_id}
    text = audit_text(db_session)
    for value in ("900123", "900456", "okafor@", "example.com"):
        assert value not in text


def test_a_dry_run_counts_the_contact_changes_and_writes_none(db_session: Session) -> None:
    run(db_session, [attendance()])
    result = run(db_session, [attendance(mobile=MOBILE), *patients(3, mobile="")[1:]], dry_run=True)
    assert dict(result.details)["contacts_changed"] == 1
    assert contact(db_session) is None


@pytest.mark.parametrize(
    ("column", "cell", "reason"),
    [
        ("mobile", "020 7946 0000", "is not a UK mobile number: write it as 07 and 9 more digits, or +44 7."),
        ("mobile", "07700 90012", "is not a UK mobile number: write it as 07 and 9 more digits, or +44 7."),
        ("email", "ada.okafor", "write it as name@example.nhs.uk."),
        ("no_contact", "maybe", "must be Y or N (blank means N)."),
    ],
)
def test_a_bad_contact_value_is_the_row_s_error_and_nothing_is_imported(
    db_session: Session, column: str, cell: str, reason: str
) -> None:
    rows = patients(3, mobile="", email="", no_contact="")
    rows[1] |= {column: cell}
    result = run(db_session, rows)
    assert result.refused
    (error,) = result.errors
    assert (error.line, error.column) == (3, column) and error.reason.endswith(reason)
    assert cell not in str(error)
    assert db_session.scalar(select(func.count()).select_from(Patient)) == 0
    assert db_session.scalar(select(func.count()).select_from(PatientContact)) == 0


def test_skip_invalid_stores_the_valid_rows_contacts_only(db_session: Session) -> None:
    rows = patients(2, mobile=MOBILE)
    rows[1] |= {"mobile": "0800 123 4567"}
    result = run(db_session, rows, skip_invalid=True)
    assert result.applied and result.rejected == 1
    assert db_session.scalar(select(func.count()).select_from(PatientContact)) == 1


def test_in_short_steps_the_last_row_for_a_patient_wins_across_batches(
    session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    for module, name in ((import_runs, "BATCH"), (import_apply, "FIRST_STEP"), (import_apply, "MIN_STEP"),
                         (import_apply, "MAX_STEP")):  # fmt: skip
        monkeypatch.setattr(module, name, 2)
    first = [attendance(appointment_id=f"PAS-{n}", mobile=MOBILE) for n in range(1, 4)]
    import_attendances(session_factory, csv_file(first))
    # Line 2 changes the mobile; line 5 (the third batch) sets it back to the stored one.
    again = [attendance(appointment_id="PAS-1", mobile="07700 900456"), *patients(2, mobile=""),
             attendance(appointment_id="PAS-2", mobile=MOBILE)]  # fmt: skip
    checked = import_attendances(session_factory, csv_file(again), dry_run=True)
    result = import_attendances(session_factory, csv_file(again))
    assert dict(checked.details)["contacts_changed"] == dict(result.details)["contacts_changed"] == 2
    with session_factory() as session:
        assert contact(session) == ("07700900123", None, False)
