"""The staff sitting page under AppTest: Vital 5, hand-over or assisted, abandoned, summary (issue 6)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from models import Answer, AuditEvent, Flag, ScreeningSession, Site
from questionnaires import load_instrument
from screening.access.services.accounts import load_current_user
from screening.patient_mode.services.sitting_start import start_or_resume
from screening.sittings.services.abandonment import mark_abandoned
from screening.sittings.services.completion import complete_session
from screening.sittings.services.sittings import record_answers
from tests import factories
from tests.screens.conftest import page_text


@pytest.fixture
def sitting(db_session: Session, as_user) -> int:
    clinic = factories.clinic(db_session)
    person = factories.patient(db_session, family_name="Okafor", given_name="Ada", hospital_number="H0042")
    visit = factories.attendance(db_session, clinic_id=clinic.id, patient_id=person.id,
                                 appointment_at=datetime.now(UTC))  # fmt: skip
    staff = load_current_user(db_session, as_user(sites=[db_session.get(Site, clinic.site_id)]).id)
    sitting_id = start_or_resume(db_session, actor=staff, attendance_id=visit.id, mode=None, idempotency_key="k",
                                 now=datetime.now(UTC))  # fmt: skip
    db_session.commit()
    return sitting_id


def open_sitting(app: AppTest, sitting_id: int) -> AppTest:
    app.run()
    app.session_state["sitting_selected_id"] = sitting_id
    return app.switch_page("app_pages/sitting.py").run()


def vital5(app: AppTest, sitting_id: int, **values: object) -> AppTest:
    key = f"sitting_{sitting_id}_vital5"
    for name, value in values.items():
        if name == "smoking":
            app.radio(key=f"{key}_smoking").set_value(value)
        else:
            app.number_input(key=f"{key}_{name}").set_value(value)
    return app.button(key=f"FormSubmitter:{key}-Save measurements").click().run()  # same run as the values


def test_without_a_chosen_sitting_the_page_points_to_the_clinic_list(app, as_user) -> None:
    as_user()
    app.run()
    app.switch_page("app_pages/sitting.py").run()
    assert "Choose a patient on today's clinic list first." in page_text(app)


def test_the_page_names_the_patient_and_offers_the_vital5_form_and_both_ways_to_answer(app, sitting) -> None:
    open_sitting(app, sitting)
    assert not app.exception
    assert app.title[0].value.replace("\\", "") == "OKAFOR, Ada"
    assert "H0042" in page_text(app)
    assert app.button(key="sitting_hand_over").label == "Hand over to the patient"
    assert app.button(key="sitting_assisted").label == "Fill in with the patient (assisted)"


def test_half_a_reading_is_refused_and_nothing_is_stored(app, db_session, sitting) -> None:
    open_sitting(app, sitting)
    vital5(app, sitting, bp_systolic_1=150)
    assert "Blood pressure reading 1: enter both the systolic and the diastolic number" in app.error[0].value
    assert db_session.scalars(select(Answer)).all() == []


def test_an_implausible_value_is_refused_with_the_accepted_range(app, sitting) -> None:
    open_sitting(app, sitting)
    vital5(app, sitting, weight_kg=450.0)
    assert app.error[0].value == "Weight: 450 kg is outside the accepted range (2 to 400 kg)"


def test_the_measures_are_saved_and_shown_again(app, db_session, sitting) -> None:
    open_sitting(app, sitting)
    vital5(app, sitting, bp_systolic_1=150, bp_diastolic_1=95, height_m=1.7, weight_kg=81.0, smoking="4")
    assert "Saved: 5 measures recorded." in [s.value for s in app.success]
    assert {a.item_id for a in db_session.scalars(select(Answer))} == {
        "bp_systolic_1",
        "bp_diastolic_1",
        "height_m",
        "weight_kg",
        "smoking_status",
    }
    fresh = open_sitting(app, sitting)
    assert fresh.number_input(key=f"sitting_{sitting}_vital5_bp_systolic_1").value == 150


def test_hand_over_puts_this_browser_into_patient_mode(app, db_session, sitting) -> None:
    open_sitting(app, sitting)
    app.button(key="sitting_hand_over").click().run()
    assert not app.exception
    assert app.session_state["auth.handover_id"] is not None
    assert "Signed in as" not in page_text(app)
    assert db_session.get_one(ScreeningSession, sitting).mode == "self"


def test_assisted_shows_the_first_question_here(app, db_session, sitting) -> None:
    open_sitting(app, sitting)
    app.button(key="sitting_assisted").click().run()
    assert not app.exception
    assert "Little interest or pleasure in doing things" in [s.value for s in app.subheader]
    assert db_session.get_one(ScreeningSession, sitting).mode == "assisted"


def abandon(db_session: Session, sitting_id: int) -> None:
    row = db_session.get_one(ScreeningSession, sitting_id)
    staff = load_current_user(db_session, row.staff_user_id)
    mark_abandoned(db_session, actor=staff, now=datetime.now(UTC) + timedelta(hours=3))
    db_session.commit()


@pytest.mark.parametrize(("button", "status", "audited"), [
    ("sitting_resume_sitting", "in_progress", "session.resumed"),
    ("sitting_close_sitting", "abandoned", "session.closed"),
])  # fmt: skip
def test_an_abandoned_sitting_can_be_resumed_or_closed(app, db_session, sitting, button, status, audited) -> None:
    abandon(db_session, sitting)
    open_sitting(app, sitting)
    assert "marked abandoned" in page_text(app)
    app.button(key=button).click().run()
    assert not app.exception
    db_session.expire_all()
    assert db_session.get_one(ScreeningSession, sitting).status == status
    assert db_session.scalar(select(AuditEvent.id).where(AuditEvent.action == audited))


def test_a_completed_sitting_shows_urgent_flags_first_in_plain_words_and_a_printable_summary(
    app, db_session, sitting
) -> None:
    phq9 = {f"phq9_{i}": 0 for i in range(1, 9)} | {"phq9_9": 2, "phq9_10": 0}
    record_answers(
        db_session,
        sitting,
        phq9,
        instrument_id="phq9",
        instrument_version=load_instrument("phq9").version,
        actor_user_id=None,
    )
    complete_session(db_session, sitting, actor="t", actor_user_id=None, now=datetime.now(UTC))
    db_session.commit()
    open_sitting(app, sitting)
    assert not app.exception
    urgent = [e.value for e in app.error if e.value.startswith("**URGENT:")]  # the frame may add its own banner
    assert len(urgent) == 1 and urgent[0].startswith("**URGENT: PHQ")
    assert "Before the patient leaves today" in urgent[0]
    assert "Next step:" in page_text(app)
    assert app.get("download_button")


def test_a_completed_sittings_summary_offers_the_pdf_beside_the_printable_copy(app, db_session, sitting) -> None:
    complete_session(db_session, sitting, actor="t", actor_user_id=None, now=datetime.now(UTC))
    db_session.commit()
    open_sitting(app, sitting)
    assert not app.exception
    labels = [button.proto.label for button in app.get("download_button")]
    assert labels == ["Printable summary", "Download PDF"]
    (pdf,) = [button for button in app.get("download_button") if button.proto.label == "Download PDF"]
    assert pdf.proto.help.startswith("One page for the patient record")
    assert pdf.proto.deferred_file_id and not pdf.proto.url  # drawn when pressed, not on every rerun


def test_an_urgent_blood_pressure_is_acknowledged_by_the_clinic_team_on_the_summary_and_leaves_the_banner(
    app, db_session, sitting
) -> None:
    # 186/124 then 184/122: the lower of the last two is 184/122, severe (s5): URGENT for the clinic team.
    bp = {"bp_systolic_1": 186, "bp_diastolic_1": 124, "bp_systolic_2": 184, "bp_diastolic_2": 122}
    record_answers(db_session, sitting, bp, instrument_id="vital5", instrument_version=load_instrument("vital5").version,
                   actor_user_id=None)  # fmt: skip
    complete_session(db_session, sitting, actor="t", actor_user_id=None, now=datetime.now(UTC))
    db_session.commit()
    open_sitting(app, sitting)
    assert any("urgent flag not yet acknowledged" in e.value and "blood pressure" in e.value for e in app.error)
    flag = db_session.scalars(select(Flag).where(Flag.session_id == sitting)).one()
    app.button(key=f"sitting_ack_{flag.id}").click().run()
    assert not app.exception
    db_session.expire_all()
    assert (flag.status, flag.acknowledged_at is not None) == ("acknowledged", True)
    assert not any("not yet acknowledged" in e.value for e in app.error)  # the banner has gone
    assert not [b for b in app.button if b.key == f"sitting_ack_{flag.id}"]  # and so has the button
    assert db_session.scalar(select(AuditEvent.id).where(AuditEvent.action == "flag.acknowledged"))
