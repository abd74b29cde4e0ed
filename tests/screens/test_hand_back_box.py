"""The patient-mode hand-back box locks after five wrong tries and then takes only the password (issue 14)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.screens.conftest import page_text
from tests.screens.test_sign_in_and_patient_mode import PASSWORD, PIN, hand_over

UNLOCK = "FormSubmitter:patient_mode_hand_back-Unlock"


def type_secret(app: AppTest, secret: str) -> AppTest:
    box = [t for t in app.text_input if t.label.startswith("Staff password")][0]
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
