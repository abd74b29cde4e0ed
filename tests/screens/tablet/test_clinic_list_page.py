"""The clinic list under AppTest: statuses, search, start a screen, decline in two taps (issue 6)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from models import Attendance, AuditEvent, ScreeningSession, Site
from questionnaires import load_instrument
from screening.access.services.accounts import load_current_user
from screening.patient_mode.services.sitting_start import start_or_resume
from screening.policy import CurrentUser
from screening.sittings.services.completion import complete_session
from screening.sittings.services.sittings import record_answers
from tests import factories
from tests.screens.conftest import page_text


def clinic_today(db: Session, as_user, **patient: object) -> tuple[Attendance, CurrentUser]:
    clinic = factories.clinic(db, name="Red cell clinic")
    person = factories.patient(db, **patient)
    now = datetime.now(UTC)
    visit = factories.attendance(db, clinic_id=clinic.id, patient_id=person.id, appointment_at=now)
    staff = as_user(sites=[db.get(Site, clinic.site_id)])
    return visit, load_current_user(db, staff.id)


def open_list(app: AppTest) -> AppTest:
    app.run()
    return app.switch_page("app_pages/clinic_list.py").run()


def test_each_patient_shows_their_status_and_when_last_screened(app, db_session, as_user) -> None:
    visit, _staff = clinic_today(db_session, as_user, family_name="Okafor", given_name="Ada")
    earlier = factories.screening_session(db_session, patient_id=visit.patient_id, clinic_id=visit.clinic_id,
                                          started_at=datetime.now(UTC) - timedelta(days=30))  # fmt: skip
    complete_session(db_session, earlier.id, actor="t", actor_user_id=None, now=earlier.started_at)
    db_session.commit()
    open_list(app)
    assert not app.exception
    text = page_text(app)
    assert "**\u2068OKAFOR, Ada\u2069**" in text.replace("\\", "")  # bidi-isolated (hazard H5)
    assert "screening: **not offered**" in text and "last screened" in text
    assert "Screened recently" in text
    assert app.button(key=f"clinic_list_start_{visit.id}").label == "Start screen"


def test_search_by_nhs_number_with_spaces_finds_the_patient(app, db_session, as_user) -> None:
    visit, _ = clinic_today(db_session, as_user, nhs_number="9434765919")
    factories.attendance(db_session, clinic_id=visit.clinic_id, appointment_at=visit.appointment_at)
    db_session.commit()
    open_list(app)
    assert len([b for b in app.button if b.key.startswith("clinic_list_start_")]) == 2
    app.text_input(key="clinic_list_search").set_value("943 476 5919").run()
    assert [b.key for b in app.button if b.key.startswith("clinic_list_start_")] == [f"clinic_list_start_{visit.id}"]
    app.text_input(key="clinic_list_search").set_value("nobody like this").run()
    assert "No patient matches the search." in page_text(app)


def test_start_screen_opens_the_sitting_page_for_that_patient(app, db_session, as_user) -> None:
    visit, _ = clinic_today(db_session, as_user, family_name="Mensah", given_name="Kwame")
    open_list(app)
    app.button(key=f"clinic_list_start_{visit.id}").click().run()
    assert not app.exception
    sitting = db_session.scalars(select(ScreeningSession)).one()
    assert app.session_state["sitting_selected_id"] == sitting.id  # in the session, never in the URL
    assert app.title[0].value.replace("\\", "") == "MENSAH, Kwame"


def test_decline_takes_two_taps_and_keeps_the_reason_and_typed_words(app, db_session, as_user) -> None:
    visit, _ = clinic_today(db_session, as_user)
    open_list(app)
    app.button(key=f"clinic_list_decline_{visit.id}").click().run()  # tap 1
    app.text_input(key=f"clinic_list_words_{visit.id}").set_value("will ask his GP")
    app.button(key=f"clinic_list_reason_{visit.id}_unwell").click().run()  # tap 2
    assert "Decline recorded." in [s.value for s in app.success]
    sitting = db_session.scalars(select(ScreeningSession)).one()
    assert (sitting.status, sitting.decline_reason) == ("declined", "Not today – feeling unwell – will ask his GP")
    assert "screening: **declined**" in page_text(app)
    detail = db_session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "session.declined")).one()
    assert detail == {"reason": "unwell", "typed_words": True}


def test_a_sitting_idle_for_two_hours_is_marked_abandoned_when_the_list_loads(app, db_session, as_user) -> None:
    visit, staff = clinic_today(db_session, as_user)
    three_hours_ago = datetime.now(UTC) - timedelta(hours=3)
    start_or_resume(db_session, actor=staff, attendance_id=visit.id, mode=None, idempotency_key="k",
                    now=three_hours_ago)  # fmt: skip
    db_session.commit()
    open_list(app)
    assert "1 sitting left idle was marked abandoned" in page_text(app)
    assert "screening: **abandoned**" in page_text(app)
    assert app.button(key=f"clinic_list_start_{visit.id}").label == "Resume screen"


def test_the_site_or_clinic_filter_narrows_the_list(app, db_session, as_user) -> None:
    visit, staff = clinic_today(db_session, as_user)
    [site_id] = staff.site_ids
    code = db_session.get_one(Site, site_id).code
    other = factories.clinic(db_session, site_id=site_id, name="Haemostasis")
    there = factories.attendance(db_session, clinic_id=other.id, appointment_at=visit.appointment_at)
    db_session.commit()
    open_list(app)
    place = app.selectbox(key="clinic_list_place")
    assert place.options == [
        "All my clinics",
        f"{code} · all clinics",
        f"{code} · Haemostasis",
        f"{code} · Red cell clinic",
    ]
    place.set_value(f"clinic:{other.id}").run()
    assert [b.key for b in app.button if b.key.startswith("clinic_list_start_")] == [f"clinic_list_start_{there.id}"]


def test_an_item9_answer_shows_an_urgent_flag_on_the_patients_row_while_the_sitting_is_in_progress(
    app, db_session, as_user
) -> None:
    visit, staff = clinic_today(db_session, as_user, family_name="Okafor", given_name="Ada")
    sitting_id = start_or_resume(db_session, actor=staff, attendance_id=visit.id, mode=None, idempotency_key="k",
                                 now=datetime.now(UTC))  # fmt: skip
    record_answers(db_session, sitting_id, {"phq9_9": 1}, instrument_id="phq9",
                   instrument_version=load_instrument("phq9").version, actor_user_id=None)  # fmt: skip
    db_session.commit()
    open_list(app)
    assert not app.exception
    assert "screening: **in progress**" in page_text(app)
    badges = [str(b) for b in app.get("badge")] or [page_text(app)]
    assert any("Urgent flag: tell the clinician running the clinic today" in b for b in badges)
