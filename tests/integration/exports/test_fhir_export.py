"""The FHIR export service on each database: one valid Bundle per completed sitting."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from fhir.resources.R4B.bundle import Bundle
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent, Score
from screening.errors import PermissionDenied
from screening.exports.rules.export_records import ExportRequest
from screening.exports.services.fhir_export import fhir_export
from tests.export_sittings import completed, declined, in_progress, patient, site_clinic, user

UTC = UTC
JULY = ExportRequest(date(2026, 7, 1), date(2026, 7, 31), identifiable=True, reason="Send to the EPR")


def test_each_completed_sitting_is_one_valid_bundle_named_by_sitting_id(db_session: Session) -> None:
    clinic, ada = site_clinic(db_session, "GUY"), patient(db_session)
    first = completed(db_session, ada, clinic, datetime(2026, 6, 30, 23, 0, tzinfo=UTC))  # 1 Jul 00:00 BST
    completed(db_session, ada, clinic, datetime(2026, 6, 30, 22, 59, tzinfo=UTC))  # 30 Jun: out of range
    declined(db_session, ada, clinic, datetime(2026, 7, 2, 9, 0, tzinfo=UTC), "Not today")
    in_progress(db_session, ada, clinic, datetime(2026, 7, 3, 9, 0, tzinfo=UTC))
    export = fhir_export(db_session, actor=user(db_session, "admin.ada"), request=JULY)
    files = list(export.files)
    assert (export.sittings, export.patients) == (1, 1)
    assert [name for name, _ in files] == [f"sitting-{first.id}.json"]
    bundle = json.loads(files[0][1])
    Bundle.model_validate(bundle)
    assert ada.nhs_number not in files[0][0]
    query = select(Score.total).where(Score.session_id == first.id, Score.instrument_id == "phq9")
    phq9_total = db_session.scalar(query)
    observations = {e["resource"]["code"]["coding"][0]["code"]: e["resource"] for e in bundle["entry"]
                    if e["resource"]["resourceType"] == "Observation"}  # fmt: skip
    assert observations["44261-6"]["valueInteger"] == phq9_total == 11
    assert observations["44261-6"]["subject"]["identifier"]["value"] == ada.nhs_number


def test_a_site_code_limits_the_bundles(db_session: Session) -> None:
    guy, kch, ada = site_clinic(db_session, "GUY"), site_clinic(db_session, "KCH"), patient(db_session)
    completed(db_session, ada, guy, datetime(2026, 7, 5, 9, 0, tzinfo=UTC))
    at_kch = completed(db_session, ada, kch, datetime(2026, 7, 6, 9, 0, tzinfo=UTC))
    request = ExportRequest(date(2026, 7, 1), date(2026, 7, 31), "KCH", reason="Send to the EPR")
    files = list(fhir_export(db_session, actor=user(db_session, "admin.ada"), request=request).files)
    assert [name for name, _ in files] == [f"sitting-{at_kch.id}.json"]


@pytest.mark.parametrize(("role", "reason"), [("clinic_staff", "Send"), ("psychologist", "Send"),
                                              ("administrator", None)])  # fmt: skip
def test_the_fhir_export_needs_an_administrator_and_a_reason(
    db_session: Session, role: str, reason: str | None
) -> None:
    request = ExportRequest(date(2026, 7, 1), date(2026, 7, 31), reason=reason)
    with pytest.raises(PermissionDenied):
        fhir_export(db_session, actor=user(db_session, "someone", role=role), request=request)
    with pytest.raises(PermissionDenied):
        fhir_export(db_session, actor=None, request=request)


def test_the_fhir_export_is_audited_as_identifiable_even_if_not_asked(db_session: Session) -> None:
    clinic, ada = site_clinic(db_session, "GUY"), patient(db_session)
    completed(db_session, ada, clinic, datetime(2026, 7, 5, 9, 0, tzinfo=UTC))
    admin = user(db_session, "admin.ada")
    request = ExportRequest(date(2026, 7, 1), date(2026, 7, 31), identifiable=False, reason="Send to the EPR")
    fhir_export(db_session, actor=admin, request=request)
    event = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "export.fhir")).one()
    assert (event.actor, event.entity_type) == ("admin.ada", "export")
    assert event.detail == {
        "format": "fhir", "mode": "identifiable", "from": "2026-07-01", "to": "2026-07-31", "site": "all",
        "sittings": 1, "patients": 1, "reason": "Send to the EPR",
    }  # fmt: skip
