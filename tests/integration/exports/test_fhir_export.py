"""The FHIR export service on each database: one valid Bundle per completed sitting, and per
abandoned sitting staff closed with answers; flags, status, source and the canonical base."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent, Flag, Score
from questionnaires import load_instrument
from screening.errors import InvalidValue, PermissionDenied
from screening.exports.rules.export_records import ExportRequest
from screening.exports.services.fhir_export import fhir_export
from screening.sittings.services.abandonment import close_sitting
from screening.sittings.services.sittings import record_answers
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


def _bundle_of(db_session: Session, sitting_id: int, **kwargs: Any) -> dict[str, Any]:
    export = fhir_export(db_session, actor=user(db_session, "admin.ada"), request=JULY, **kwargs)
    files = dict(export.files)
    bundle: dict[str, Any] = json.loads(files[f"sitting-{sitting_id}.json"])
    Bundle.model_validate(bundle)
    return bundle


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_a_positive_item_9_reaches_the_bundle_as_its_urgent_flag_with_the_stored_reason(db_session: Session) -> None:
    clinic, ada = site_clinic(db_session, "GUY"), patient(db_session)
    first = completed(db_session, ada, clinic, datetime(2026, 7, 5, 9, 0, tzinfo=UTC), phq9=(1, 2, 1, 2, 1, 2, 1, 1, 2))
    stored = db_session.scalars(select(Flag).where(Flag.session_id == first.id).order_by(Flag.id)).all()
    bundle = _bundle_of(db_session, first.id)
    flags = _resources(bundle, "Flag")
    assert [f["code"]["coding"][0]["code"] for f in flags] == [f.rule_code for f in stored]
    (item9,) = [f for f in flags if f["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] == "PH"]
    row = next(f for f in stored if f.priority == "urgent")
    assert item9["code"]["text"] == row.reason and item9["status"] == "active"
    assert item9["period"] == {"start": row.created_at.isoformat()}
    assert item9["subject"]["identifier"]["value"] == ada.nhs_number


def test_a_closed_flag_is_inactive_with_the_period_ending_when_it_was_closed(db_session: Session) -> None:
    clinic, ada = site_clinic(db_session, "GUY"), patient(db_session)
    first = completed(db_session, ada, clinic, datetime(2026, 7, 5, 9, 0, tzinfo=UTC), phq9=(1, 2, 1, 2, 1, 2, 1, 1, 2))
    row = db_session.scalars(select(Flag).where(Flag.session_id == first.id, Flag.priority == "urgent")).one()
    row.status, row.outcome, row.closed_at = "closed", "already_under_care", datetime(2026, 7, 5, 10, 0, tzinfo=UTC)
    db_session.flush()
    (item9,) = [f for f in _resources(_bundle_of(db_session, first.id), "Flag") if f["status"] == "inactive"]
    assert item9["period"]["end"] == "2026-07-05T10:00:00+00:00"


def test_a_completed_sitting_answered_alone_is_completed_with_the_patient_as_source(db_session: Session) -> None:
    clinic, ada = site_clinic(db_session, "GUY"), patient(db_session)
    first = completed(db_session, ada, clinic, datetime(2026, 7, 5, 9, 0, tzinfo=UTC))
    responses = _resources(_bundle_of(db_session, first.id), "QuestionnaireResponse")
    assert [r["status"] for r in responses] == ["completed", "completed"]
    assert all(r["source"] == r["subject"] and "author" not in r for r in responses)


def test_an_abandoned_sitting_closed_by_staff_is_sent_as_stopped_only_when_it_holds_answers(
    db_session: Session,
) -> None:
    clinic, ada = site_clinic(db_session, "GUY"), patient(db_session)
    closed = in_progress(db_session, ada, clinic, datetime(2026, 7, 5, 9, 0, tzinfo=UTC))
    values = {f"phq9_{n}": v for n, v in enumerate((1, 1, 1, 1, 1, 1, 1, 1, 1), start=1)}
    record_answers(db_session, closed.id, values, instrument_id="phq9", instrument_version=load_instrument("phq9").version,
                   actor_user_id=None)  # fmt: skip
    swept = in_progress(db_session, ada, clinic, datetime(2026, 7, 6, 9, 0, tzinfo=UTC))
    record_answers(db_session, swept.id, {"phq9_1": 1}, instrument_id="phq9",
                   instrument_version=load_instrument("phq9").version, actor_user_id=None)  # fmt: skip
    swept.status = "abandoned"  # marked idle, not closed: it may still be resumed
    empty = in_progress(db_session, ada, clinic, datetime(2026, 7, 7, 9, 0, tzinfo=UTC))
    empty.status, empty.ended_at = "abandoned", datetime(2026, 7, 7, 9, 30, tzinfo=UTC)
    db_session.flush()
    staff = user(db_session, "staff.bo", role="clinic_staff", sites=["GUY"])
    close_sitting(db_session, actor=staff, sitting_id=closed.id, now=datetime(2026, 7, 5, 11, 0, tzinfo=UTC))
    export = fhir_export(db_session, actor=user(db_session, "admin.ada"), request=JULY)
    files = dict(export.files)
    assert (export.sittings, list(files)) == (1, [f"sitting-{closed.id}.json"])
    bundle = json.loads(files[f"sitting-{closed.id}.json"])
    Bundle.model_validate(bundle)
    (response,) = _resources(bundle, "QuestionnaireResponse")
    assert response["status"] == "stopped" and response["authored"] == "2026-07-05T11:00:00+00:00"
    assert "PH" in [f["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] for f in _resources(bundle, "Flag")]


def test_the_canonical_base_comes_from_screening_fhir_base(db_session: Session) -> None:
    clinic, ada = site_clinic(db_session, "GUY"), patient(db_session)
    first = completed(db_session, ada, clinic, datetime(2026, 7, 5, 9, 0, tzinfo=UTC))
    base = "https://fhir.example-trust.nhs.uk/R4"
    bundle = _bundle_of(db_session, first.id, environ={"SCREENING_FHIR_BASE": base})
    assert all(q["url"].startswith(f"{base}/Questionnaire/") for q in _resources(bundle, "Questionnaire"))


def test_an_unusable_canonical_base_is_refused_before_anything_is_audited(db_session: Session) -> None:
    with pytest.raises(InvalidValue, match="SCREENING_FHIR_BASE"):
        fhir_export(db_session, actor=user(db_session, "admin.ada"), request=JULY,
                    environ={"SCREENING_FHIR_BASE": "not a url"})  # fmt: skip
    assert db_session.scalars(select(AuditEvent).where(AuditEvent.action == "export.fhir")).all() == []
