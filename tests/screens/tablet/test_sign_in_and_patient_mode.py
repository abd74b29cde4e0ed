"""Sign-in, the role's pages, patient mode and the refusal of default secrets (issue 4)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from models import AppMeta, AuditEvent, Site
from screening.access.rules.passwords import hash_password, hash_pin
from tests import factories
from tests.screens.conftest import page_text

PASSWORD, PIN = "correct horse battery", "2468"


def staff_with_a_patient_today(db_session: Session):
    clinic = factories.clinic(db_session)
    now = datetime.now(UTC)
    visit = factories.attendance(db_session, clinic_id=clinic.id, appointment_at=now)
    staff = factories.user(
        db_session,
        username="nurse.a",
        password_hash=hash_password(PASSWORD),
        pin_hash=hash_pin(PIN),
        sites=[db_session.get(Site, clinic.site_id)],
    )
    db_session.commit()
    return staff, visit


def sign_in(app: AppTest, username: str, password: str) -> AppTest:
    app.run()
    app.text_input[0].set_value(username)
    app.text_input[1].set_value(password)
    return app.button[0].click().run()


def test_signed_out_the_app_offers_only_the_sign_in_form(app: AppTest) -> None:
    app.run()
    assert not app.exception
    assert [t.label for t in app.text_input] == ["Username", "Password"]
    assert "Who sees what" not in page_text(app)


def test_a_wrong_password_is_refused_with_the_same_words_as_an_unknown_user(app, db_session) -> None:
    staff_with_a_patient_today(db_session)
    sign_in(app, "nurse.a", "wrong password here")
    assert app.error[0].value == "Username or password is not right."
    sign_in(app, "nobody.here", "wrong password here")
    assert app.error[0].value == "Username or password is not right."


def test_staff_sign_in_and_see_their_role_and_a_sign_out(app, db_session) -> None:
    staff_with_a_patient_today(db_session)
    sign_in(app, "nurse.a", PASSWORD)
    assert not app.exception
    assert "Signed in as **Test User" in page_text(app)
    assert "Clinic staff" in page_text(app)
    app.button(key="frame_sign_out").click().run()
    assert "You have signed out." in page_text(app)
    assert [t.label for t in app.text_input] == ["Username", "Password"]


def test_a_screen_idle_past_the_timeout_signs_out(app, db_session, as_user) -> None:
    as_user()
    app.session_state["auth.last_activity"] = datetime.now(UTC) - timedelta(minutes=15)
    app.run()
    assert "signed out after a period of inactivity" in page_text(app)
    assert db_session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "auth.sign_out")).one() == {
        "reason": "idle_timeout"
    }


def test_a_switched_off_account_is_signed_out_at_the_next_click(app, db_session, as_user) -> None:
    user = as_user()
    app.run()
    user.active = False
    db_session.commit()
    app.run()
    assert "not active" in page_text(app)
    assert [t.label for t in app.text_input] == ["Username", "Password"]


def hand_over(app: AppTest, db_session: Session) -> AppTest:
    _staff, visit = staff_with_a_patient_today(db_session)
    sign_in(app, "nurse.a", PASSWORD)
    app.switch_page("app_pages/clinic_list.py").run()
    app.button(key=f"clinic_list_start_{visit.id}").click().run()  # the sitting page opens
    app.switch_page("app_pages/sitting.py").run()  # AppTest follows a page's own switch only once
    app.button(key="sitting_hand_over").click().run()
    return app


def test_handing_over_shows_the_welcome_then_one_question_with_big_answer_buttons(app, db_session) -> None:
    hand_over(app, db_session)
    assert not app.exception
    assert app.title[0].value == "Welcome"
    assert "Signed in as" not in page_text(app)
    app.button(key="pm_start").click().run()
    assert app.subheader[0].value == "Little interest or pleasure in doing things"
    answers = [b.label for b in app.button if b.key and b.key.startswith("pm_phq9_1_")]
    assert answers == [
        "Not at all",
        "Several days",
        "More than half the days",
        "Nearly every day",
        "Prefer not to answer",
    ]


def test_patient_mode_refuses_every_staff_page(app, db_session) -> None:
    hand_over(app, db_session)
    for page in ("app_pages/home.py", "app_pages/clinic_list.py", "app_pages/admin_users.py"):
        # The router registers no staff page in patient mode, so none can be reached.
        with pytest.raises(ValueError, match=r"Known pages: \['[^']*patient_screen.py'\]"):
            app.switch_page(page)
    app.run()
    assert "Signed in as" not in page_text(app)


def test_leaving_patient_mode_needs_the_staff_pin(app, db_session) -> None:
    hand_over(app, db_session)
    secret = next(t for t in app.text_input if t.label == "Staff password or PIN")
    secret.set_value("1111")
    app.button(key="FormSubmitter:patient_mode_hand_back-Unlock").click().run()
    assert app.error[0].value == "That is not right."
    assert "Signed in as" not in page_text(app)
    secret = next(t for t in app.text_input if t.label == "Staff password or PIN")
    secret.set_value(PIN)
    app.button(key="FormSubmitter:patient_mode_hand_back-Unlock").click().run()
    assert "Signed in as" in page_text(app)


def test_a_real_service_with_no_pseudonym_key_refuses_to_start(app, monkeypatch) -> None:
    monkeypatch.delenv("SCREENING_PSEUDONYM_KEY")
    app.run()
    assert "Set SCREENING_PSEUDONYM_KEY" in app.error[0].value
    assert not app.text_input  # not even the sign-in form


DEMO_STAFF = "demo.staff", "demo-staff-password"  # screening.database.rules.demo_mode.DEMO_USERS


def test_a_real_database_never_shows_the_demo_sign_ins_even_with_a_demo_account_in_it(app, db_session) -> None:
    factories.user(db_session, username=DEMO_STAFF[0], password_hash=hash_password(DEMO_STAFF[1]))
    db_session.commit()
    app.run()
    assert not app.table and not app.warning
    assert DEMO_STAFF[1] not in page_text(app)


def test_a_demo_account_copied_into_a_real_database_cannot_sign_in(app, db_session) -> None:
    factories.user(db_session, username=DEMO_STAFF[0], password_hash=hash_password(DEMO_STAFF[1]))
    db_session.commit()
    sign_in(app, *DEMO_STAFF)
    assert "Demo sign-ins work only on the demo database (`make run`)" in app.error[0].value
    assert "Signed in as" not in page_text(app)


def test_demo_data_in_a_database_not_named_as_the_demo_refuses_to_start(app, db_session, monkeypatch) -> None:
    monkeypatch.delenv("SCREENING_PSEUDONYM_KEY")
    db_session.add(AppMeta(key="demo_data", value="true"))  # a demo file renamed test.db
    db_session.commit()
    app.run()
    assert "holds the invented demo service but is not a demo database" in app.error[0].value
    assert "make run" in app.error[0].value
    assert not app.text_input and not app.table  # no sign-in form, no demo passwords
