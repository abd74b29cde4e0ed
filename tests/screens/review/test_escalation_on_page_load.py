"""Any staff page load runs the escalation clock, and a failure to send never breaks the page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from tests.escalation_records import FIRST_MOBILE, escalating_clinic, escalations, outbox, urgent_flag


def overdue_flag(db_session: Session) -> None:
    # Raised 40 minutes ago, in hours whenever the test runs: the clinic is open all day, every day.
    clinic = escalating_clinic(db_session, hours=(0, 1440), days=range(7))
    urgent_flag(db_session, clinic, datetime.now(UTC) - timedelta(minutes=40))
    db_session.commit()


def test_a_psychologist_opening_any_page_sends_an_overdue_escalation_to_the_outbox(app: AppTest, as_user,
                                                                                  db_session: Session) -> None:  # fmt: skip
    overdue_flag(db_session)
    as_user("psychologist")
    app.run()
    assert not app.exception
    db_session.expire_all()
    assert [m.destination for m in outbox(db_session)] == [FIRST_MOBILE]


def test_notify_misconfigured_leaves_the_page_working_and_sends_nothing(app: AppTest, as_user, db_session: Session,
                                                                       monkeypatch) -> None:  # fmt: skip
    monkeypatch.setenv("SCREENING_NOTIFY_API_KEY", "not-a-key")
    overdue_flag(db_session)
    as_user("clinic_staff")
    app.run()
    assert not app.exception
    assert any("urgent flag" in e.value for e in app.error)  # the urgent banner still shows
    assert escalations(db_session) == [] and outbox(db_session) == []
