"""Administrators edit a clinic's escalation hours, delay and contacts, and the out-of-hours contact."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from models import AuditEvent, EscalationContact, OutOfHoursContact
from tests import factories
from tests.screens.conftest import page_text
from ui.shell.text import plain

PAGE = "app_pages/admin_sites.py"


def open_sites(app: AppTest, as_user, db_session: Session) -> int:
    clinic = factories.clinic(db_session, code="GUY-HBO", name="Guy's: Haemoglobinopathy")
    db_session.commit()
    as_user("administrator")
    app.run()
    app.switch_page(PAGE).run()
    assert not app.exception
    return clinic.id


def fill_clinic(app: AppTest, clinic_id: int, *, monday: str, mobile: str) -> AppTest:
    key = f"admin_sites_escalation_{clinic_id}"
    app.text_input(key=f"{key}_day_0").set_value(monday)
    app.number_input(key=f"{key}_delay").set_value(20)
    for field, value in {"name": "Dr Ada Hart", "role": "Consultant", "mobile": mobile}.items():
        app.text_input(key=f"{key}_c1_{field}").set_value(value)
    app.button(key=f"FormSubmitter:{key}-Save escalation").click().run()
    assert not app.exception
    return app


def test_with_no_out_of_hours_contact_the_page_warns_that_urgent_flags_would_reach_nobody(
    app, as_user, db_session
) -> None:
    open_sites(app, as_user, db_session)
    assert any("No out-of-hours contact is set" in w.value for w in app.warning)


def test_an_administrator_sets_a_clinic_s_hours_delay_and_first_contact(app, as_user, db_session) -> None:
    clinic_id = open_sites(app, as_user, db_session)
    fill_clinic(app, clinic_id, monday="09:00-17:00", mobile="07700 900123")
    assert [s.value for s in app.success] == [f"Saved escalation for {plain('GUY-HBO')}."]  # markdown-escaped
    db_session.expire_all()
    contact = db_session.scalars(select(EscalationContact)).one()
    assert (contact.position, contact.name, contact.mobile) == (1, "Dr Ada Hart", "07700900123")
    assert app.text_input(key=f"admin_sites_escalation_{clinic_id}_day_0").value == "09:00-17:00"  # read back
    assert app.text_input(key=f"admin_sites_escalation_{clinic_id}_c1_mobile").value == "07700 900123"
    event = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "clinic.escalation_updated")).one()
    assert event.detail == {"code": "GUY-HBO", "open_days": 1, "delay_minutes": 20, "contacts": 1}


def test_a_landline_is_refused_with_an_example_and_the_form_keeps_what_was_typed(app, as_user, db_session) -> None:
    clinic_id = open_sites(app, as_user, db_session)
    fill_clinic(app, clinic_id, monday="09:00-17:00", mobile="020 7946 0000")
    assert [e.value for e in app.error] == [
        "Contact 1 mobile: write a UK mobile number like 07700 900123, or leave it blank."]  # fmt: skip
    assert app.text_input(key=f"admin_sites_escalation_{clinic_id}_c1_mobile").value == "020 7946 0000"
    assert db_session.scalars(select(EscalationContact)).all() == []


def test_hours_typed_wrongly_are_refused_with_how_to_write_them(app, as_user, db_session) -> None:
    clinic_id = open_sites(app, as_user, db_session)
    fill_clinic(app, clinic_id, monday="9 to 5", mobile="07700 900123")
    assert app.error[0].value.startswith("Monday: write the hours as 09:00-17:00")


def test_an_administrator_sets_the_out_of_hours_contact_and_the_warning_goes(app, as_user, db_session) -> None:
    open_sites(app, as_user, db_session)
    for field, value in {"name": "On-call psychiatrist", "role": "Liaison psychiatry",
                         "email": "oncall@example.nhs.uk"}.items():  # fmt: skip
        app.text_input(key=f"admin_sites_ooh_{field}").set_value(value)
    app.button(key="FormSubmitter:admin_sites_ooh-Save out-of-hours contact").click().run()
    assert not app.exception
    assert [s.value for s in app.success] == ["Saved the out-of-hours contact."]
    assert "No out-of-hours contact is set" not in page_text(app)
    db_session.expire_all()
    assert db_session.get(OutOfHoursContact, 1).email == "oncall@example.nhs.uk"
