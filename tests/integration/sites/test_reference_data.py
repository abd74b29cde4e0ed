"""Sites and clinics, and who may add them or run an import, on each database (issue 5)."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent, Clinic, ImportRun
from screening.access.services import accounts
from screening.errors import ConflictError, InvalidValue, NotFound, PermissionDenied
from screening.imports.services.attendance_import import import_attendances
from screening.policy import CurrentUser
from screening.sites.services.reference_data import add_clinic, add_site, reference_codes
from tests.import_files import csv_file, patients


def user(session: Session, role: str) -> CurrentUser:
    made = accounts.create_user(session, username=f"{role}.one", display_name="Ada Okafor", role=role,
                                password="lilac-teapot-harbour", site_codes=None, actor=None)  # fmt: skip
    return accounts.load_current_user(session, made.id)


def test_a_site_and_its_clinic_are_added_and_audited_by_code(db_session: Session) -> None:
    site = add_site(db_session, " guy ", "Guy's Hospital")
    clinic = add_clinic(db_session, "guy", "guy-hbo", "Haemoglobinopathy", specialty="haemoglobinopathy",
                        bundle="gateway")  # fmt: skip
    assert (site.code, clinic.code, clinic.site_id, clinic.bundle) == ("GUY", "GUY-HBO", site.id, "gateway")
    events = db_session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor, e.detail) for e in events] == [
        ("site.created", "command line", {"code": "GUY"}),
        ("clinic.created", "command line",
         {"code": "GUY-HBO", "site": "GUY", "specialty": "haemoglobinopathy", "bundle": "gateway"}),
    ]  # fmt: skip


def test_a_second_site_with_the_same_code_is_a_conflict(db_session: Session) -> None:
    add_site(db_session, "GUY", "Guy's Hospital")
    with pytest.raises(ConflictError, match="already exists"):
        add_site(db_session, "guy", "Another")


def test_a_second_clinic_with_the_same_code_is_a_conflict(db_session: Session) -> None:
    add_site(db_session, "GUY", "Guy's Hospital")
    add_clinic(db_session, "GUY", "GUY-HBO", "Haemoglobinopathy", specialty="haemoglobinopathy")
    with pytest.raises(ConflictError, match="A clinic with code GUY-HBO already exists"):
        add_clinic(db_session, "GUY", "GUY-HBO", "Again", specialty="haemato_oncology")


def test_a_clinic_at_an_unknown_site_says_how_to_create_the_site(db_session: Session) -> None:
    with pytest.raises(NotFound, match=r"No site with code KCH: create it with `python -m screening add-site"):
        add_clinic(db_session, "KCH", "KCH-ONC", "Haemato-oncology", specialty="haemato_oncology")


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"specialty": "cardiology"}, "specialty"), ({"bundle": "phq2"}, "bundle"),
        ({"code": "GUY HBO"}, "clinic code"), ({"name": ""}, "name"),
    ],
)  # fmt: skip
def test_a_clinic_with_a_bad_field_is_refused_naming_it(db_session: Session, fields: dict, problem: str) -> None:
    add_site(db_session, "GUY", "Guy's Hospital")
    values = {"code": "GUY-HBO", "name": "Haemoglobinopathy", "specialty": "haemoglobinopathy", **fields}
    with pytest.raises(InvalidValue, match=problem):
        add_clinic(db_session, "GUY", values.pop("code"), values.pop("name"), **values)
    assert db_session.scalar(select(Clinic.id)) is None


def test_only_a_role_that_manages_sites_may_add_them(db_session: Session) -> None:
    with pytest.raises(PermissionDenied, match="cannot manage sites and clinics"):
        add_site(db_session, "GUY", "Guy's Hospital", actor=user(db_session, "clinic_staff"))
    admin = user(db_session, "administrator")
    add_site(db_session, "GUY", "Guy's Hospital", actor=admin)
    event = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "site.created"))
    assert event is not None and (event.actor, event.actor_user_id) == ("administrator.one", admin.user_id)


def test_only_a_role_that_runs_imports_may_import_and_the_run_names_them(db_session: Session) -> None:
    add_site(db_session, "GUY", "Guy's Hospital")
    add_clinic(db_session, "GUY", "GUY-HBO", "Haemoglobinopathy", specialty="haemoglobinopathy")
    with pytest.raises(PermissionDenied, match="cannot run imports"):
        import_attendances(db_session, csv_file(patients(1)), actor=user(db_session, "psychologist"))
    admin = user(db_session, "administrator")
    result = import_attendances(db_session, csv_file(patients(1)), actor=admin)
    run = db_session.get(ImportRun, result.run_id)
    assert run is not None and run.actor_user_id == admin.user_id


def test_reference_codes_give_each_clinic_its_site_and_bundle(db_session: Session) -> None:
    add_site(db_session, "GUY", "Guy's Hospital")
    clinic = add_clinic(db_session, "GUY", "GUY-HBO", "Haemoglobinopathy", specialty="haemoglobinopathy")
    codes = reference_codes(db_session)
    assert codes.sites == {"GUY"}
    assert (codes.clinics["GUY-HBO"].id, codes.clinics["GUY-HBO"].site_code) == (clinic.id, "GUY")


def test_nothing_is_asked_of_the_file_before_the_permission_check(db_session: Session) -> None:
    with pytest.raises(PermissionDenied):
        import_attendances(db_session, io.BytesIO(b"not even csv"), actor=user(db_session, "service_manager"))
