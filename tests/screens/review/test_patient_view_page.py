"""The patient view screen and its action forms, driven headless with AppTest (issue 7)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from models import Flag, FlagAction
from screening.flag_review.services.flag_actions import acknowledge_flag
from tests import factories
from tests.review_records import MODERATE, SEVERE, flag_of, new_patient, reviewer, screened
from tests.screens.conftest import page_text
from ui.shell.text import plain
from ui.tablet.patient_choice import PATIENT

VIEW = "app_pages/patient_view.py"


@pytest.fixture
def urgent_flag(db_session: Session) -> Flag:
    """Ada: PHQ-9 12 sixty days ago (routine), then 22 with item 9 "several days" (urgent and high)."""
    now = datetime.now(UTC)
    clinic, patient = factories.clinic(db_session), new_patient(db_session, given_name="Ada", family_name="Okafor")
    screened(db_session, clinic=clinic, patient=patient, phq9=MODERATE, at=now - timedelta(days=60))
    sitting = screened(db_session, clinic=clinic, patient=patient, phq9=(3, 3, 3, 3, 3, 3, 2, 1, 1),
                       at=now - timedelta(hours=1))  # fmt: skip
    db_session.commit()
    return flag_of(db_session, sitting, "phq9_item9_positive")


def open_view(app: AppTest, patient_id: int | None) -> AppTest:
    app.run()
    if patient_id is not None:
        app.session_state[PATIENT] = patient_id
    return app.switch_page(VIEW).run()


def key(flag: Flag, name: str) -> str:
    return f"patient_view_{flag.id}_0_{name}"


def button(app: AppTest, label: str):
    return next(b for b in app.button if b.label == label)


def stored(db: Session, flag: Flag) -> Flag:
    db.expire_all()
    return db.get_one(Flag, flag.id)


def test_without_a_chosen_patient_the_view_points_to_the_queue(app: AppTest, as_user) -> None:
    as_user("psychologist")
    open_view(app, None)
    assert not app.exception
    assert "Choose a patient in the flag queue" in app.info[0].value


def test_the_view_shows_flags_totals_reliable_change_charts_and_item_9(
    app: AppTest, as_user, urgent_flag: Flag
) -> None:
    as_user("psychologist")
    open_view(app, urgent_flag.patient_id)
    assert not app.exception
    text = page_text(app)
    assert [t.value for t in app.title] == ["Ada Okafor"]
    assert "Flags (3 open, 0 closed)" in text
    assert ":red-badge[URGENT]" in text and ":orange-badge[HIGH]" in text
    assert (
        ":orange-badge[PHQ-9 reliable deterioration (6 or more points): 10 points worse (12 to 22)]" in text
    )  # 12 -> 22
    charts = [json.loads(c.proto.spec) for c in app.get("vega_lite_chart")]
    assert [c["title"] for c in charts] == ["PHQ-9 over time", "GAD-7 over time"]
    rules = next(layer for layer in charts[0]["layer"] if layer["mark"]["type"] == "rule")
    assert [v["at"] for v in rules["data"]["values"]] == [5, 10, 15, 20]  # PHQ-9 band thresholds (s1)
    answers = next(d.value for d in app.dataframe if "Question" in d.value.columns)  # newest sitting's PHQ-9
    assert answers.iloc[8].tolist() == ["9", "Thoughts that you would be better off dead or of hurting yourself in "
                                        "some way", "⚠ Several days"]  # fmt: skip


def test_a_psychologist_acknowledges_records_a_contact_and_closes_through_the_forms(
    app: AppTest, as_user, db_session: Session, urgent_flag: Flag
) -> None:
    as_user("psychologist", display_name="Dr Ama Boateng")
    open_view(app, urgent_flag.patient_id)
    app.button(key=key(urgent_flag, "acknowledge_go")).click().run()
    assert [s.value for s in app.success] == ["Acknowledged: you own this flag."]
    assert stored(db_session, urgent_flag).status == "acknowledged"

    generation = f"patient_view_{urgent_flag.id}_1"  # the forms start empty after each success
    app.radio(key=f"{generation}_method").set_value("phone")
    app.text_area(key=f"{generation}_contact_note").set_value("Spoke to Ada; safe tonight.")
    app.button(key=f"{generation}_contact_attempt_go").click().run()
    assert [s.value for s in app.success] == ["Contact recorded."]

    generation = f"patient_view_{urgent_flag.id}_2"
    app.selectbox(key=f"{generation}_outcome").set_value("referred")
    app.selectbox(key=f"{generation}_referred_to").set_value("crisis_team")
    app.text_area(key=f"{generation}_close_note").set_value("Crisis team to visit today.")
    app.button(key=f"{generation}_close_go").click().run()
    assert not app.exception
    assert [s.value for s in app.success] == ["Flag closed with its outcome."]
    flag = stored(db_session, urgent_flag)
    assert (flag.status, flag.outcome, flag.referred_to, flag.version) == ("closed", "referred", "crisis_team", 4)
    assert "Flags (2 open, 1 closed)" in page_text(app)


def test_closing_without_a_note_says_what_is_missing_and_saves_nothing(
    app: AppTest, as_user, db_session: Session, urgent_flag: Flag
) -> None:
    user = as_user("psychologist")
    acknowledge_flag(db_session, reviewer_of(db_session, user), flag_id=urgent_flag.id, version=1,
                     now=datetime.now(UTC))  # fmt: skip
    db_session.commit()
    open_view(app, urgent_flag.patient_id)
    app.selectbox(key=key(urgent_flag, "outcome")).set_value("declined_by_patient")
    app.button(key=key(urgent_flag, "close_go")).click().run()
    assert [e.value for e in app.error] == ["note: is needed: write a few words for the record."]
    assert stored(db_session, urgent_flag).status == "acknowledged"
    assert app.selectbox(key=key(urgent_flag, "outcome")).value == "declined_by_patient"  # kept for the retry


def test_a_flag_changed_by_someone_else_after_it_was_shown_is_refused_with_who_and_when(
    app: AppTest, as_user, db_session: Session, urgent_flag: Flag
) -> None:
    as_user("psychologist")
    open_view(app, urgent_flag.patient_id)  # shows version 1
    colleague = reviewer(db_session, name="Sam Patel")
    acknowledge_flag(db_session, colleague, flag_id=urgent_flag.id, version=1, now=datetime.now(UTC))
    db_session.commit()
    app.button(key=key(urgent_flag, "acknowledge_go")).click().run()
    assert not app.exception
    (error,) = [e.value for e in app.error]
    assert error.startswith("This flag was updated by Sam Patel at ") and error.endswith(", reload to see the change.")
    assert stored(db_session, urgent_flag).assignee_user_id == colleague.user_id  # nothing overwritten
    assert len(db_session.scalars(select(FlagAction).where(FlagAction.action == "acknowledge")).all()) == 1


def test_typed_names_are_shown_as_typed_not_as_markup(app: AppTest, as_user, db_session: Session) -> None:
    as_user("psychologist")
    patient = new_patient(db_session, given_name="[click](http://evil.example)", family_name="**Bold**")
    screened(db_session, clinic=factories.clinic(db_session), patient=patient, phq9=SEVERE)
    db_session.commit()
    open_view(app, patient.id)
    assert [t.value for t in app.title] == [plain("[click](http://evil.example) **Bold**")]


def reviewer_of(db: Session, user):
    from screening.access.services.accounts import load_current_user

    return load_current_user(db, user.id)
