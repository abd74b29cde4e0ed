"""The flag queue screen, driven headless with AppTest (issue 7)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from models import AuditEvent, Flag
from screening.flag_review.services.flag_actions import acknowledge_flag
from tests import factories
from tests.review_records import ITEM9_SEVERAL_DAYS, MODERATE, SEVERE, new_patient, reviewer, screened
from tests.screens.conftest import page_text

QUEUE, VIEW = "app_pages/flag_queue.py", "app_pages/patient_view.py"


def open_queue(app: AppTest) -> AppTest:
    app.run()
    return app.switch_page(QUEUE).run()


def metrics(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


def three_flags(db: Session) -> None:
    now = datetime.now(UTC)
    clinic = factories.clinic(db, name="Sickle cell clinic")
    screened(db, clinic=clinic, phq9=MODERATE, at=now - timedelta(days=30))  # routine, overdue
    screened(db, clinic=clinic, phq9=SEVERE, at=now - timedelta(hours=2))  # high, in time
    patient = new_patient(db, given_name="Ada", family_name="Okafor")
    screened(db, clinic=clinic, patient=patient, phq9=ITEM9_SEVERAL_DAYS, at=now - timedelta(hours=1))
    db.commit()


def test_the_queue_shows_counts_and_puts_the_urgent_flag_first(app: AppTest, as_user, db_session: Session) -> None:
    as_user("psychologist")
    three_flags(db_session)
    open_queue(app)
    assert not app.exception
    assert metrics(app) == {"Open": "3", "Urgent": "1", "High": "1", "Routine": "1", "Overdue": "1",
                            "Unacknowledged": "3", "Mine": "0"}  # fmt: skip
    table = app.dataframe[0].value
    assert list(table["Priority"]) == ["URGENT", "HIGH", "ROUTINE"]
    assert table["Patient"][0] == "\u2068Ada Okafor\u2069"  # bidi-isolated (hazard H5)
    assert table["Rule"][0] == "PHQ-9 item 9: thoughts of being better off dead or of self-harm, several days"
    assert table["Due"][2].startswith("OVERDUE · ")
    assert (
        app.selectbox(key="flag_queue_row")
        .format_func(app.selectbox(key="flag_queue_row").value)
        .startswith("URGENT · \u2068Ada Okafor\u2069")
    )  # bidi-isolated (hazard H5)
    assert "1 urgent flag not yet acknowledged" in page_text(app)


def test_the_patient_picker_lists_a_patient_once_under_their_most_pressing_flag(
    app: AppTest, as_user, db_session: Session
) -> None:
    as_user("psychologist")
    now = datetime.now(UTC)
    clinic = factories.clinic(db_session, name="Sickle cell clinic")
    ada = new_patient(db_session, given_name="Ada", family_name="Okafor")
    screened(db_session, clinic=clinic, patient=ada, phq9=MODERATE, at=now - timedelta(days=30))  # routine
    screened(db_session, clinic=clinic, patient=ada, phq9=ITEM9_SEVERAL_DAYS, at=now - timedelta(hours=1))
    screened(db_session, clinic=clinic, phq9=SEVERE, at=now - timedelta(hours=2))  # another patient, high
    db_session.commit()
    open_queue(app)
    assert not app.exception
    assert list(app.dataframe[0].value["Priority"]) == ["URGENT", "HIGH", "ROUTINE"]  # the table keeps every flag
    picker = app.selectbox(key="flag_queue_row")
    labels = list(picker.options)  # as shown: each option through format_func
    assert len(labels) == 2  # Ada once, the other patient once
    # The count comes before the reason: a narrow picker cuts the end of a label.
    assert labels[0].startswith("URGENT · \u2068Ada Okafor\u2069 (") and ") + 1 other flag · " in labels[0]
    assert labels[1].startswith("HIGH · ") and "other flag" not in labels[1]
    assert picker.value == ada.id


def test_the_filters_narrow_the_queue_and_its_counts(app: AppTest, as_user, db_session: Session) -> None:
    as_user("psychologist")
    three_flags(db_session)
    open_queue(app)
    app.selectbox(key="flag_queue_priority").set_value("high")
    app.button(key="FormSubmitter:flag_queue_filters-Show").click().run()
    assert list(app.dataframe[0].value["Priority"]) == ["HIGH"]
    assert metrics(app)["Open"] == "1"
    app.selectbox(key="flag_queue_priority").set_value(None)
    app.checkbox(key="flag_queue_overdue").check()
    app.button(key="FormSubmitter:flag_queue_filters-Show").click().run()
    assert list(app.dataframe[0].value["Priority"]) == ["ROUTINE"]


def test_an_empty_queue_says_so(app: AppTest, as_user) -> None:
    as_user("psychologist")
    open_queue(app)
    assert not app.exception
    assert "No open flags match these filters." in [s.value for s in app.success]


def test_opening_a_patient_shows_the_patient_view_and_audits_the_opening(
    app: AppTest, as_user, db_session: Session
) -> None:
    user = as_user("psychologist")
    three_flags(db_session)
    open_queue(app)
    next(b for b in app.button if b.label == "Open patient").click().run()
    assert not app.exception
    assert [t.value for t in app.title] == ["Ada Okafor"]
    app.run()  # a rerun of the open view is not a new opening
    db_session.expire_all()
    events = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "patient.history_viewed")).all()
    assert [(e.actor_user_id, e.detail) for e in events] == [(user.id, {"sittings": 1, "flags": 1})]


def test_clinic_staff_see_the_urgent_banner_until_a_psychologist_acknowledges(
    app: AppTest, as_user, db_session: Session
) -> None:
    as_user("clinic_staff")
    three_flags(db_session)
    app.run()
    assert "1 urgent flag not yet acknowledged" in app.error[0].value
    assert "Tell the duty psychologist now" in app.error[0].value
    assert "Ada" not in app.error[0].value  # the banner names no patient
    urgent = db_session.scalars(select(Flag).where(Flag.priority == "urgent")).one()
    acknowledge_flag(db_session, reviewer(db_session), flag_id=urgent.id, version=1, now=datetime.now(UTC))
    db_session.commit()
    app.run()
    assert not app.error


def test_managers_and_administrators_get_no_banner(app: AppTest, as_user, db_session: Session) -> None:
    as_user("service_manager")
    three_flags(db_session)
    app.run()
    assert not app.exception and not app.error
