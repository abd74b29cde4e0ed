"""A patient's mobile and email never leave in an export (issue 17): contacts are for invitations only."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from models import PatientContact
from screening.exports.rules.export_files import write_csv
from screening.exports.rules.export_records import ExportRequest
from screening.exports.services.csv_export import csv_export
from screening.exports.services.fhir_export import fhir_export
from tests.export_sittings import completed, patient, site_clinic, user

KEY = "k" * 40
MOBILE, EMAIL = "07700900123", "ada.okafor@example.com"
JULY = ExportRequest(date(2026, 7, 1), date(2026, 7, 31))


@pytest.fixture(autouse=True)
def sitting_of_a_patient_with_contacts(db_session: Session) -> None:
    ada = patient(db_session, family_name="Okafor", given_name="Ada")
    db_session.add(PatientContact(patient_id=ada.id, mobile=MOBILE, email=EMAIL, no_contact=False))
    completed(db_session, ada, site_clinic(db_session, "GUY"), datetime(2026, 7, 5, 9, 0, tzinfo=UTC))
    db_session.flush()


def assert_no_contacts(text: str) -> None:
    for value in (MOBILE, MOBILE[1:], "7700 900123", EMAIL, "okafor@", "example.com"):
        assert value not in text


def test_a_pseudonymised_csv_export_holds_neither_the_mobile_nor_the_email(db_session: Session, tmp_path: Path) -> None:
    export = csv_export(db_session, actor=None, request=JULY, key=KEY)
    out = tmp_path / "export.csv"
    write_csv(out, export.columns, export.rows)
    text = out.read_text(encoding="utf-8-sig")
    assert text.count("\n") == 2  # the header and the one sitting
    assert_no_contacts(text)


def test_even_an_identifiable_export_holds_no_contact_details(db_session: Session, tmp_path: Path) -> None:
    admin = user(db_session, "admin.ada")
    request = ExportRequest(date(2026, 7, 1), date(2026, 7, 31), identifiable=True, reason="Audit")
    export = csv_export(db_session, actor=admin, request=request, key=KEY)
    out = tmp_path / "identifiable.csv"
    write_csv(out, export.columns, export.rows)
    text = out.read_text(encoding="utf-8-sig")
    assert "Okafor" in text  # identifiable indeed
    assert_no_contacts(text)
    bundles = list(fhir_export(db_session, actor=admin, request=ExportRequest(date(2026, 7, 1), date(2026, 7, 31),
                                                                             reason="Send to the EPR")).files)  # fmt: skip
    assert len(bundles) == 1
    assert_no_contacts(json.dumps([content for _, content in bundles]))
