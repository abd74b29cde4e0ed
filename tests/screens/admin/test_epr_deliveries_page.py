"""The EPR deliveries page: whether pushing is on, the counts, what failed and why, and resending (issue 18)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from models import AuditEvent, FhirDelivery
from tests import export_sittings as make

PAGE = "app_pages/admin_fhir.py"
STARTED = datetime(2026, 12, 3, 10, 15, tzinfo=UTC)


def open_page(app: AppTest, as_user, role: str = "administrator") -> AppTest:  # type: ignore[no-untyped-def]
    as_user(role)
    app.run()
    return app.switch_page(PAGE).run()


def deliveries(db: Session, *states: str) -> list[int]:
    clinic = make.site_clinic(db, "RJ1")
    ids = []
    for n, state in enumerate(states):
        patient = make.patient(db, family_name="Okonkwo", given_name="Adaeze")
        sitting = make.completed(db, patient, clinic, STARTED + timedelta(minutes=n))
        row = FhirDelivery(screening_session_id=sitting.id, status=state, attempts=1,
                           last_attempt_at=STARTED + timedelta(hours=1),
                           delivered_at=STARTED if state == "delivered" else None,
                           last_error="HTTP 401: login (error)" if state == "failed" else None)  # fmt: skip
        db.add(row)
        db.flush()
        ids.append(row.id)
    db.commit()
    return ids


def test_the_page_says_pushing_is_off_and_how_to_turn_it_on(app, as_user, monkeypatch) -> None:
    monkeypatch.delenv("SCREENING_FHIR_PUSH_URL", raising=False)
    open_page(app, as_user)
    assert not app.exception
    [info] = [i.value for i in app.info]
    assert "Pushing to the EPR is off" in info and "SCREENING_FHIR_PUSH_URL" in info and "push-fhir" in info
    assert [s.value for s in app.success] == ["Nothing needs attention: no delivery has failed or is being retried."]


def test_an_unusable_address_is_shown_as_an_error_that_says_why(app, as_user, monkeypatch) -> None:
    monkeypatch.setenv("SCREENING_FHIR_PUSH_URL", "http://engine.example.nhs.uk/fhir")
    open_page(app, as_user)
    [error] = [e.value for e in app.error]
    assert error.startswith("Pushing to the EPR cannot start") and "https" in error


def test_failed_deliveries_come_first_with_their_reason_and_no_patient_named(
    app, as_user, db_session: Session, monkeypatch
) -> None:
    monkeypatch.setenv("SCREENING_FHIR_PUSH_URL", "https://engine.example.nhs.uk/fhir/R4")
    deliveries(db_session, "delivered", "failed", "failed")
    open_page(app, as_user)
    assert not app.exception
    assert any("https://engine.example.nhs.uk/fhir/R4" in c.value for c in app.caption)
    assert {m.label: m.value for m in app.metric}["Failed"] == "2"
    [table] = [f.value for f in app.dataframe]
    assert list(table["State"]) == ["failed: needs resending"] * 2
    assert list(table["Last error"]) == ["HTTP 401: login (error)"] * 2
    assert list(table["Sitting started"]) == ["03 Dec 2026 10:16", "03 Dec 2026 10:17"]
    everything = str(table.to_dict()) + " ".join(m.value for m in app.markdown)
    assert "Okonkwo" not in everything and "Adaeze" not in everything
    assert "did not reach the EPR" in app.warning[0].value


def test_resending_every_failed_one_puts_them_back_to_send_and_is_audited(
    app, as_user, db_session: Session, monkeypatch
) -> None:
    monkeypatch.setenv("SCREENING_FHIR_PUSH_URL", "https://engine.example.nhs.uk/fhir/R4")
    deliveries(db_session, "failed", "failed", "delivered")
    open_page(app, as_user)
    assert app.button(key="fhir_resend_selected").disabled  # nothing chosen yet
    app.button(key="fhir_resend_all").click().run()
    assert not app.exception
    db_session.expire_all()
    assert sorted(d.status for d in db_session.scalars(select(FhirDelivery))) == ["delivered", "waiting", "waiting"]
    [event] = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "fhir.resent")).all()
    assert event.detail["count"] == 2
    assert [s.value for s in app.success] == ["Nothing needs attention: no delivery has failed or is being retried."]
