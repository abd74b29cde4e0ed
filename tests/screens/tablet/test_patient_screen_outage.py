"""A database outage mid-sitting under AppTest: the patient carries on, nothing is lost (issue 14).

The outage is the engine failing: every `Database.transaction` raises the driver's
connection error, as a stopped PostgreSQL does; a second case points DATABASE_URL at a
port where nothing listens, so even opening the database fails.
"""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from streamlit.testing.v1 import AppTest

from models import Answer, Flag, ScreeningSession
from screening.database.services.database import Database
from tests.screens.conftest import page_text
from tests.screens.tablet.test_patient_screen import answer_everything, started, tap
from tests.screens.tablet.test_sign_in_and_patient_mode import PIN


@pytest.fixture
def outage(monkeypatch: pytest.MonkeyPatch):
    """`outage.start()` makes every transaction fail as an unreachable server does; `outage.end()` mends it."""
    working = Database.transaction

    def refused(self):
        raise OperationalError("connect", {}, ConnectionRefusedError("connection refused"))

    class Switch:
        def start(self) -> None:
            monkeypatch.setattr(Database, "transaction", refused)

        def end(self) -> None:
            monkeypatch.setattr(Database, "transaction", working)

    return Switch()


def stored(db_session) -> Counter:
    db_session.expire_all()
    return Counter((a.instrument_id, a.item_id) for a in db_session.scalars(select(Answer)))


def saving_line(app: AppTest) -> str:
    return " ".join(str(i.value) for i in app.info)


def test_answers_tapped_while_the_database_is_down_wait_on_the_tablet_and_are_stored_once_when_it_is_back(
    app, db_session, outage
) -> None:
    started(app, db_session)
    tap(app, "Several days")
    tap(app, "Not at all")
    outage.start()
    for label in ("Nearly every day", "Several days", "Not at all"):
        tap(app, label)
    assert not app.exception and not app.error
    assert app.subheader[0].value.startswith("Feeling bad about yourself")  # question 6: the patient carried on
    assert "3 answers are waiting to be saved." in saving_line(app)
    assert "Please hand the tablet to a member of staff" not in saving_line(app)  # only if they want to stop
    assert sum(stored(db_session).values()) == 2

    outage.end()
    app.run()
    answers = stored(db_session)
    assert sum(answers.values()) == 5 and set(answers.values()) == {1}  # every tap stored, each once
    assert "All your answers are saved." in saving_line(app)
    assert app.subheader[0].value.startswith("Feeling bad about yourself")


def test_a_waiting_answer_changed_with_back_is_stored_with_its_last_value_only(app, db_session, outage) -> None:
    started(app, db_session)
    outage.start()
    tap(app, "Several days")
    app.button(key="pm_back").click().run()
    tap(app, "Nearly every day")
    assert "1 answer is waiting to be saved." in saving_line(app)
    outage.end()
    app.run()
    assert [(a.item_id, a.value_number) for a in db_session.scalars(select(Answer))] == [("phq9_1", 3.0)]


def test_finish_waits_for_the_queue_and_a_waiting_item9_answer_shows_the_safety_message_then_raises_its_flag(
    app, db_session, outage
) -> None:
    started(app, db_session)
    outage.start()
    answer_everything(app, item9="Several days")
    finish = app.button(key="pm_finish")
    assert finish.disabled
    assert "still being saved" in saving_line(app)
    assert "NHS 111 and choose option 2" in saving_line(app)  # the safety message cannot wait
    assert db_session.scalars(select(Flag)).all() == []

    outage.end()
    app.run()
    assert not app.button(key="pm_finish").disabled
    app.button(key="pm_finish").click().run()
    assert app.title[0].value == "Thank you"
    db_session.expire_all()
    assert "phq9_item9_positive" in db_session.scalars(select(Flag.rule_code)).all()
    assert db_session.scalars(select(ScreeningSession.status)).one() == "completed"
    assert set(stored(db_session).values()) == {1}


def test_staff_taking_the_tablet_back_read_when_the_database_failed_and_when_the_kept_answers_were_saved(
    app, db_session, outage
) -> None:
    started(app, db_session)
    outage.start()
    tap(app, "Several days")
    tap(app, "Several days")
    outage.end()
    app.run()
    assert "2 answers were kept on this tablet and saved at" in " ".join(str(e.value) for e in app.markdown)
    secret = next(t for t in app.text_input if t.label == "Staff password or PIN")
    secret.set_value(PIN)
    app.button(key="FormSubmitter:patient_mode_hand_back-Unlock").click().run()
    notice = " ".join(str(w.value) for w in app.warning)
    assert "The database could not be reached at" in notice
    assert "2 answers were kept on this tablet and saved at" in notice


def staff_box_place(app: AppTest) -> int:
    """Where the hand-back box is among the page's top-level elements: the browser draws an
    element anew (an expander closed, a half-typed PIN gone) when its place changes."""
    return next(place for place, element in app.main.children.items()
                if getattr(element, "label", None) == "For staff: take the tablet back")  # fmt: skip


def test_the_staff_box_keeps_its_place_when_the_account_of_an_outage_appears_and_when_answers_are_stored(
    app, db_session, outage
) -> None:
    started(app, db_session)
    place = staff_box_place(app)
    outage.start()
    tap(app, "Several days")  # the save gives way: staff's account of it is drawn from now on
    assert "For staff: what happened" in [e.label for e in app.expander]
    assert staff_box_place(app) == place
    outage.end()
    app.run()
    assert "All your answers are saved." in saving_line(app)
    assert staff_box_place(app) == place


def test_with_no_form_read_yet_an_outage_shows_the_calm_screen_and_the_hand_back(app, db_session, monkeypatch) -> None:
    from tests.screens.tablet.test_sign_in_and_patient_mode import hand_over

    hand_over(app, db_session)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:9/nowhere")  # nothing listens
    app.button(key="pm_start").click().run()
    assert not app.exception and not app.error
    assert "Please hand the tablet to a member of staff." in saving_line(app)
    assert any(t.label == "Staff password or PIN" for t in app.text_input)


def test_a_staff_page_during_an_outage_says_what_to_do_instead_of_a_traceback(app, db_session, as_user,
                                                                           outage) -> None:  # fmt: skip
    as_user()
    app.run()
    outage.start()
    app.switch_page("app_pages/clinic_list.py").run()
    assert not app.exception
    assert "The database cannot be reached" in page_text(app)
    assert "reload the page" in page_text(app)
