"""The clinic list under AppTest (issue 17): screening at home on a patient's row, and stopping a link in two taps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from models import AuditEvent, RemoteInvitation
from screening.sittings.services.completion import complete_session
from tests.remote_links import begun_at_home, contact, message
from tests.screens.conftest import page_text
from tests.screens.tablet.test_clinic_list_page import clinic_today, open_list


def badges(app) -> str:
    return " ".join(str(b) for b in app.get("badge")) + page_text(app)


def test_a_row_says_started_at_home_and_when_the_link_was_sent_without_contact_details(app, db_session,
                                                                                          as_user) -> None:  # fmt: skip
    visit, _ = clinic_today(db_session, as_user)
    contact(db_session, visit, mobile="07700900123")
    sent = datetime.now(UTC) - timedelta(minutes=30)
    message(db_session, visit, sent)
    begun_at_home(db_session, visit, datetime.now(UTC) - timedelta(minutes=10))
    db_session.commit()
    open_list(app)
    assert not app.exception
    assert "Started at home" in badges(app)
    assert "Secure link: Link sent by SMS," in page_text(app)
    assert "07700" not in page_text(app)
    assert app.button(key=f"clinic_list_start_{visit.id}").label == "Resume screen"


def test_resume_screen_opens_the_sitting_begun_at_home_and_hands_it_over(app, db_session, as_user) -> None:
    visit, _ = clinic_today(db_session, as_user)
    sitting_id = begun_at_home(db_session, visit, datetime.now(UTC) - timedelta(minutes=10))
    db_session.commit()
    open_list(app)
    app.button(key=f"clinic_list_start_{visit.id}").click().run()
    assert not app.exception
    assert app.session_state["sitting_selected_id"] == sitting_id
    app.switch_page("app_pages/sitting.py").run()  # AppTest keeps the page it was told, not the one switched to
    app.button(key="sitting_hand_over").click().run()  # begun with no member of staff: handed over all the same
    assert not app.exception
    assert app.session_state["auth.handover_id"] is not None


def test_stop_link_asks_first_then_stops_every_link_and_is_audited(app, db_session, as_user) -> None:
    visit, _ = clinic_today(db_session, as_user)
    begun_at_home(db_session, visit, datetime.now(UTC) - timedelta(minutes=10))
    db_session.commit()
    open_list(app)
    app.button(key=f"clinic_list_stop_link_{visit.id}").click().run()  # tap 1: nothing stopped yet
    assert "Stop this patient's link?" in page_text(app)
    assert db_session.scalars(select(RemoteInvitation.revoked_at)).one() is None
    app.button(key=f"clinic_list_stop_link_yes_{visit.id}").click().run()  # tap 2
    assert not app.exception
    assert "Link stopped." in [s.value for s in app.success]
    db_session.expire_all()
    assert db_session.scalars(select(RemoteInvitation.revoked_at)).one() is not None
    assert db_session.scalars(select(AuditEvent.action).where(AuditEvent.action == "remote.revoked")).all() == [
        "remote.revoked"]  # fmt: skip
    assert "Secure link: Link stopped" in page_text(app)
    assert not [b for b in app.button if b.key == f"clinic_list_stop_link_{visit.id}"]


def test_keep_the_link_changes_nothing(app, db_session, as_user) -> None:
    visit, _ = clinic_today(db_session, as_user)
    begun_at_home(db_session, visit, datetime.now(UTC) - timedelta(minutes=10))
    db_session.commit()
    open_list(app)
    app.button(key=f"clinic_list_stop_link_{visit.id}").click().run()
    app.button(key=f"clinic_list_stop_link_no_{visit.id}").click().run()
    assert "Stop this patient's link?" not in page_text(app)
    assert db_session.scalars(select(RemoteInvitation.revoked_at)).one() is None


def test_a_patient_who_completed_at_home_shows_completed_at_home_and_view_summary(app, db_session, as_user) -> None:
    visit, _ = clinic_today(db_session, as_user)
    sitting_id = begun_at_home(db_session, visit, datetime.now(UTC) - timedelta(minutes=10))
    complete_session(db_session, sitting_id, actor="patient", actor_user_id=None, now=datetime.now(UTC))
    db_session.commit()
    open_list(app)
    assert not app.exception
    assert "Completed at home" in badges(app)
    assert app.button(key=f"clinic_list_view_{visit.id}").label == "View summary"
    assert not [b for b in app.button if b.key == f"clinic_list_stop_link_{visit.id}"]
