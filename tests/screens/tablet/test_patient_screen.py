"""The patient's questionnaire under AppTest: one question a screen, saved as given (issue 6)."""

from __future__ import annotations

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from models import Answer, Flag, ScreeningSession
from tests.screens.tablet.test_sign_in_and_patient_mode import PIN, hand_over


def tap(app: AppTest, label: str) -> AppTest:
    return next(b for b in app.button if b.label == label and b.key.startswith("pm_")).click().run()


def started(app: AppTest, db_session) -> AppTest:
    hand_over(app, db_session)
    return app.button(key="pm_start").click().run()


def test_each_tap_saves_the_answer_and_shows_the_next_question(app, db_session) -> None:
    started(app, db_session)
    tap(app, "Several days")
    assert app.subheader[0].value == "Feeling down, depressed, or hopeless"
    stored = db_session.scalars(select(Answer)).one()
    assert (stored.item_id, stored.value_number, stored.answered_by_user_id) == ("phq9_1", 1.0, None)


def test_back_shows_the_previous_question_with_its_answer_marked_and_a_new_tap_replaces_it(app, db_session) -> None:
    started(app, db_session)
    tap(app, "Several days")
    app.button(key="pm_back").click().run()
    assert app.subheader[0].value == "Little interest or pleasure in doing things"
    assert app.button(key="pm_phq9_1_1").proto.type == "primary"
    tap(app, "Not at all")
    assert [a.value_number for a in db_session.scalars(select(Answer))] == [0.0]


def test_a_new_browser_session_resumes_at_the_first_unanswered_question(app, db_session) -> None:
    started(app, db_session)
    tap(app, "Several days")
    tap(app, "Prefer not to answer")
    fresh = AppTest.from_file(app._script_path, default_timeout=30)
    for key in ("auth.user_id", "auth.staff_checked", "auth.handover_id"):
        fresh.session_state[key] = app.session_state[key]
    fresh.session_state["pm_started"] = True
    fresh.run()
    assert fresh.subheader[0].value == "Trouble falling or staying asleep, or sleeping too much"


def answer_everything(app: AppTest, item9: str) -> AppTest:
    """Tap through every question: the first answer each time, `item9` for PHQ-9 item 9."""
    while not any(b.label == "Finish" for b in app.button):
        question = app.subheader[0].value
        if question.startswith("Thoughts that you would be better off"):
            tap(app, item9)
        else:
            next(
                b
                for b in app.button
                if b.key and b.key.startswith("pm_") and b.key.count("_") >= 3 and b.key not in ("pm_back", "pm_finish")
            ).click().run()
    return app


def test_item9_above_0_ends_with_the_safety_message_and_an_urgent_flag_and_no_scores(app, db_session) -> None:
    started(app, db_session)
    answer_everything(app, item9="Several days")
    app.button(key="pm_finish").click().run()
    assert app.title[0].value == "Thank you"
    assert "NHS 111 and choose option 2" in app.info[0].value
    assert "total" not in " ".join(str(m.value) for m in app.markdown).lower()
    flags = db_session.scalars(
        select(
            Flag.rule_code,
        )
    ).all()
    assert "phq9_item9_positive" in flags
    assert db_session.scalars(select(ScreeningSession.status)).one() == "completed"


def test_without_item9_the_end_screen_only_asks_for_the_tablet_back(app, db_session) -> None:
    started(app, db_session)
    answer_everything(app, item9="Not at all")
    app.button(key="pm_finish").click().run()
    assert not app.info
    assert "Please hand the tablet back" in app.subheader[0].value


def test_the_thank_you_screen_is_locked_until_staff_enter_their_pin(app, db_session) -> None:
    started(app, db_session)
    answer_everything(app, item9="Not at all")
    app.button(key="pm_finish").click().run()
    app.run()  # a reload of the same session stays on the locked screen
    assert app.title[0].value == "Thank you"
    secret = next(t for t in app.text_input if t.label == "Staff password or PIN")
    secret.set_value(PIN)
    app.button(key="FormSubmitter:patient_mode_hand_back-Unlock").click().run()
    assert any("Signed in as" in str(c.value) for c in app.caption)
