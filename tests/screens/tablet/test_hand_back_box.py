"""The hand-back box and the staff check lock the hand-over after five wrong tries, then take only the password."""

from __future__ import annotations

from datetime import UTC, datetime

from streamlit.testing.v1 import AppTest

from screening.access.services.accounts import load_current_user
from screening.clinic_day.services.clinic_day import begin_self_screen
from tests.screens.conftest import page_text
from tests.screens.tablet.test_sign_in_and_patient_mode import PASSWORD, PIN, hand_over, staff_with_a_patient_today
from tests.screens.test_identity_sign_in import SUBJECT, with_identity_provider

UNLOCK = "FormSubmitter:patient_mode_hand_back-Unlock"


def type_secret(app: AppTest, secret: str) -> AppTest:
    box = next(t for t in app.text_input if t.label.startswith("Staff password"))
    box.set_value(secret)
    return app.button(key=UNLOCK).click().run()


def test_five_wrong_tries_lock_the_box_calmly_and_only_the_password_unlocks_it(app, db_session) -> None:
    hand_over(app, db_session)
    for wrong in ("1111", "2222", "3333", "4444"):
        type_secret(app, wrong)
        assert app.error[0].value == "That is not right."
    assert "locked" not in page_text(app)
    type_secret(app, "5555")
    assert not app.exception
    assert "This tablet is locked" in page_text(app)
    assert "must type their password" in page_text(app)
    assert [t.label for t in app.text_input if t.label.startswith("Staff")] == ["Staff password"]
    type_secret(app, PIN)  # the right PIN no longer takes the tablet back
    assert "Signed in as" not in page_text(app)
    assert app.error[0].value == "That is not right."
    type_secret(app, PASSWORD)
    assert "Signed in as" in page_text(app)


def test_the_staff_check_after_a_reload_locks_the_hand_over_not_the_account(app, db_session) -> None:
    staff, visit = staff_with_a_patient_today(db_session)
    staff.oidc_subject = SUBJECT
    begin_self_screen(db_session, actor=load_current_user(db_session, staff.id), attendance_id=visit.id,
                      idempotency_key="tap", app_session="tablet", now=datetime.now(UTC))  # fmt: skip
    db_session.commit()
    with_identity_provider(app, SUBJECT).run()  # the patient reloaded the tablet: the staff check shows
    assert app.title[0].value == "Staff check"
    for wrong in ("1111", "2222", "3333", "4444", "5555"):
        app.text_input[0].set_value(wrong)
        app.button(key="FormSubmitter:staff_check_form-Continue").click().run()
    assert not app.exception
    assert "This tablet is locked" in page_text(app)
    assert [t.label for t in app.text_input] == ["Staff password"]
    db_session.refresh(staff)
    assert staff.locked_until is None  # the account is not locked
    app.text_input[0].set_value(PIN)
    app.button(key="FormSubmitter:staff_check_form-Continue").click().run()
    assert "Signed in as" not in page_text(app)
    app.text_input[0].set_value(PASSWORD)
    app.button(key="FormSubmitter:staff_check_form-Continue").click().run()
    assert "Signed in as" in page_text(app)
