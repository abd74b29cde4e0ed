"""A reload in patient mode (issue 14): only "hand the tablet to staff" and the staff check."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from models import Handover, Site
from screening.access.rules.passwords import hash_pin
from screening.access.services.accounts import load_current_user
from screening.clinic_day.services.clinic_day import begin_self_screen
from tests import factories
from tests.screens.conftest import page_text

PIN = "2468"


def locked_in_patient_mode(app: AppTest, db_session: Session) -> int:
    """The state a reload in patient mode leaves (ui.shell.auth._resume with a bound hand-over)."""
    clinic = factories.clinic(db_session)
    visit = factories.attendance(db_session, clinic_id=clinic.id, appointment_at=datetime.now(UTC))
    staff = factories.user(db_session, pin_hash=hash_pin(PIN), sites=[db_session.get(Site, clinic.site_id)])
    db_session.commit()
    handover = begin_self_screen(
        db_session,
        actor=load_current_user(db_session, staff.id),
        attendance_id=visit.id,
        idempotency_key="k",
        app_session="tab-1",
        now=datetime.now(UTC),
    )
    db_session.commit()
    app.session_state["auth.user_id"] = staff.id
    app.session_state["auth.staff_checked"] = True
    app.session_state["auth.handover_id"] = handover.handover_id
    app.session_state["auth.hand_to_staff"] = True
    return handover.handover_id


def test_a_reload_in_patient_mode_shows_only_the_hand_to_staff_screen(app: AppTest, db_session) -> None:
    locked_in_patient_mode(app, db_session)
    app.run()
    assert not app.exception
    assert app.title[0].value == "Please hand the tablet to a member of staff."
    assert [t.label for t in app.text_input] == ["Staff password or PIN"]
    text = page_text(app)
    for words in ("Signed in as", "Who sees what", "Welcome", "Username", "Demo sign-ins"):
        assert words not in text


def test_staff_take_the_tablet_back_with_their_pin_and_the_hand_over_ends(app: AppTest, db_session) -> None:
    handover_id = locked_in_patient_mode(app, db_session)
    app.run()
    app.text_input[0].set_value("0000")
    app.button[0].click().run()
    assert app.error[0].value == "That is not right."
    app.text_input[0].set_value(PIN)
    app.button[0].click().run()
    assert not app.exception
    assert "Signed in as" in "\n".join(c.value for c in app.caption)
    db_session.expire_all()
    assert db_session.scalar(select(Handover.end_reason).where(Handover.id == handover_id)) == "staff_check"
