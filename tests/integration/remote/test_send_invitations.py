"""`send_due_invitations` on each database: what is due, what is sent and recorded, never twice (issue 17)."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from models import RemoteInvitation, RemoteLink
from screening.database.services.database import Database
from screening.remote.services.door import open_link
from screening.remote.services.invitations import InvitationRun, send_due_invitations
from screening.sittings.rules.remote_door import Door
from tests import factories
from tests.invitation_records import (
    APPOINTMENT,
    CLINIC_NAME,
    EMAIL,
    INVITE_MORNING,
    LINK_BASE,
    MOBILE,
    REMIND_MORNING,
    RecordingSender,
    audit,
    booked,
    inviting_clinic,
    messages,
)


@pytest.fixture
def database(db_engine, session_factory: sessionmaker[Session], db_url: str) -> Database:  # type: ignore[no-untyped-def]
    return Database(url=db_url, engine=db_engine, sessions=session_factory)


def run(database: Database, at, sender: RecordingSender | None = None) -> InvitationRun:  # type: ignore[no-untyped-def]
    return send_due_invitations(database, sender or RecordingSender(), now=at, link_base=LINK_BASE, batch_size=3)


def test_the_invitation_goes_by_sms_at_nine_two_days_before_with_a_link_that_opens(
    database: Database, db_session: Session
) -> None:
    attendance = booked(db_session, inviting_clinic(db_session))
    db_session.commit()
    sender = RecordingSender()
    counts = run(database, INVITE_MORNING, sender)
    assert (counts.due, counts.claimed, counts.sent, counts.failed, counts.taken) == (1, 1, 1, 0, 0)
    [sent] = sender.sent
    [token] = sender.tokens()
    assert (sent.channel, sent.destination, sent.message.template) == ("sms", MOBILE, "invitation")
    assert sent.message.body.startswith("Your clinic asks you") and f"{LINK_BASE}/?link={token}" in sent.message.body
    assert CLINIC_NAME not in sent.message.body
    [row] = messages(db_session)
    assert (row.purpose, row.number, row.channel, row.destination, row.status, row.provider) == (
        "invitation", 1, "sms", MOBILE, "delivered", "recording")  # fmt: skip
    assert row.sent_at == INVITE_MORNING and row.provider_message_id == "rec-1" and row.error is None
    invitation = db_session.get_one(RemoteInvitation, row.invitation_id)
    assert invitation.attendance_id == attendance.id
    assert open_link(db_session, token, now=INVITE_MORNING).door is Door.OPEN
    assert db_session.scalar(select(RemoteLink.token_hash).where(RemoteLink.id == row.link_id)) != token
    [event] = audit(db_session, "remote.message_sent")
    assert event.actor == "invitations"
    assert event.detail == {"purpose": "invitation", "number": 1, "channel": "sms", "status": "delivered"}


@pytest.mark.parametrize(
    "at",
    [INVITE_MORNING - timedelta(minutes=1), INVITE_MORNING.replace(hour=21), INVITE_MORNING - timedelta(days=1),
     APPOINTMENT, APPOINTMENT + timedelta(hours=3)],
    ids=["08:59 on the day", "21:00 on the day", "three days before", "at the appointment", "after the appointment"],
)  # fmt: skip
def test_nothing_goes_before_nine_from_nine_at_night_too_early_or_once_the_appointment_has_begun(
    database: Database, db_session: Session, at
) -> None:  # type: ignore[no-untyped-def]
    booked(db_session, inviting_clinic(db_session))
    db_session.commit()
    assert run(database, at).due == 0
    assert messages(db_session) == []


def test_a_screened_cancelled_or_uninvited_appointment_is_not_invited(database: Database, db_session: Session) -> None:
    clinic = inviting_clinic(db_session)
    screened = booked(db_session, clinic)
    factories.screening_session(db_session, patient_id=screened.patient_id, clinic_id=clinic.id,
                                attendance_id=screened.id, status="completed", completed_at=INVITE_MORNING,
                                ended_at=INVITE_MORNING)  # fmt: skip
    booked(db_session, clinic, status="cancelled")
    booked(db_session, factories.clinic(db_session))  # a clinic with no invitation setting
    db_session.commit()
    assert run(database, INVITE_MORNING).due == 0
    assert messages(db_session) == []


def test_no_contact_details_or_no_contact_wanted_is_skipped_and_counted(
    database: Database, db_session: Session
) -> None:
    clinic = inviting_clinic(db_session)
    booked(db_session, clinic, contact=False)
    booked(db_session, clinic, mobile=None, email=None)
    booked(db_session, clinic, email=EMAIL, no_contact=True)
    db_session.commit()
    sender = RecordingSender()
    counts = run(database, INVITE_MORNING, sender)
    assert (counts.due, counts.skipped_no_contact, counts.sent) == (0, 3, 0)
    assert sender.sent == [] and messages(db_session) == []


def test_email_is_used_when_there_is_no_mobile(database: Database, db_session: Session) -> None:
    booked(db_session, inviting_clinic(db_session), mobile=None, email=EMAIL)
    db_session.commit()
    sender = RecordingSender()
    run(database, INVITE_MORNING, sender)
    assert [(s.channel, s.destination, s.message.subject) for s in sender.sent] == [
        ("email", EMAIL, "Questions before your appointment")]  # fmt: skip


def test_the_reminder_follows_the_invitation_a_day_later_with_a_new_link_and_both_links_open(
    database: Database, db_session: Session
) -> None:
    booked(db_session, inviting_clinic(db_session))
    db_session.commit()
    sender = RecordingSender()
    run(database, INVITE_MORNING + timedelta(hours=1), sender)
    assert run(database, INVITE_MORNING + timedelta(hours=5), sender).due == 0
    assert run(database, REMIND_MORNING, sender).sent == 1
    assert run(database, REMIND_MORNING + timedelta(hours=2), sender).due == 0  # once
    first, second = sender.tokens()
    assert first != second
    assert sender.sent[1].message.body.startswith("A reminder: your clinic asks you")
    assert [(m.purpose, m.number) for m in messages(db_session)] == [("invitation", 1), ("reminder", 1)]
    for token in (first, second):
        assert open_link(db_session, token, now=REMIND_MORNING).door is Door.OPEN


def test_with_no_invitation_sent_the_reminder_day_sends_the_invitation_once_and_no_reminder(
    database: Database, db_session: Session
) -> None:
    booked(db_session, inviting_clinic(db_session))
    db_session.commit()
    sender = RecordingSender()
    run(database, REMIND_MORNING + timedelta(hours=1), sender)  # the server was down on the invitation day
    run(database, REMIND_MORNING + timedelta(hours=3), sender)
    assert [m.purpose for m in messages(db_session)] == ["invitation"]


def test_no_reminder_once_the_screening_is_finished_or_for_a_clinic_without_reminders(
    database: Database, db_session: Session
) -> None:
    clinic = inviting_clinic(db_session)
    finished = booked(db_session, clinic)
    booked(db_session, inviting_clinic(db_session, reminder=None))
    db_session.commit()
    run(database, INVITE_MORNING)
    factories.screening_session(db_session, patient_id=finished.patient_id, clinic_id=clinic.id,
                                attendance_id=finished.id, status="completed", completed_at=INVITE_MORNING,
                                ended_at=INVITE_MORNING)  # fmt: skip
    db_session.commit()
    assert run(database, REMIND_MORNING).due == 0
    assert [m.purpose for m in messages(db_session)] == ["invitation", "invitation"]


def test_a_revoked_invitation_gets_no_reminder_and_is_counted(database: Database, db_session: Session) -> None:
    booked(db_session, inviting_clinic(db_session))
    db_session.commit()
    run(database, INVITE_MORNING)
    invitation = db_session.scalars(select(RemoteInvitation)).one()
    invitation.revoked_at = INVITE_MORNING + timedelta(hours=2)
    db_session.commit()
    counts = run(database, REMIND_MORNING)
    assert (counts.due, counts.skipped_closed) == (0, 1)


def test_a_second_run_at_the_same_moment_sends_nothing_more(database: Database, db_session: Session) -> None:
    clinic = inviting_clinic(db_session)
    for _ in range(5):
        booked(db_session, clinic)
    db_session.commit()
    sender = RecordingSender()
    assert run(database, INVITE_MORNING, sender).sent == 5
    assert run(database, INVITE_MORNING, sender).due == 0
    assert len(sender.sent) == 5 and len(messages(db_session)) == 5


def test_runs_racing_in_threads_send_each_message_once(database: Database, db_session: Session) -> None:
    clinic = inviting_clinic(db_session)
    for _ in range(12):
        booked(db_session, clinic)
    db_session.commit()
    sender, runs, errors, barrier = RecordingSender(), [], [], threading.Barrier(3)

    def server() -> None:
        try:
            barrier.wait(timeout=10)
            runs.append(run(database, INVITE_MORNING, sender))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=server) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sum(r.sent for r in runs) == 12 and sum(r.claimed for r in runs) == 12
    assert len(sender.sent) == 12 and len(set(sender.tokens())) == 12
    assert len({(m.invitation_id, m.purpose, m.number) for m in messages(db_session)}) == 12
    assert len(db_session.scalars(select(RemoteInvitation)).all()) == 12


def test_a_failed_send_is_recorded_with_the_error_and_not_sent_again_automatically(
    database: Database, db_session: Session
) -> None:
    booked(db_session, inviting_clinic(db_session))
    db_session.commit()
    counts = run(database, INVITE_MORNING, RecordingSender(error="503 Request failed"))
    assert (counts.sent, counts.failed) == (0, 1)
    [row] = messages(db_session)
    assert (row.status, row.sent_at, row.error) == ("failed", None, "503 Request failed")
    assert run(database, INVITE_MORNING + timedelta(hours=1)).due == 0


class StopsAfterOne(RecordingSender):
    def send_sms(self, phone_number, message):  # type: ignore[no-untyped-def]
        if self.sent:
            raise KeyboardInterrupt  # the run is stopped half-way through a batch
        return super().send_sms(phone_number, message)


def test_a_run_stopped_half_way_records_what_went_and_marks_the_rest_not_sent(
    database: Database, db_session: Session
) -> None:
    clinic = inviting_clinic(db_session)
    for _ in range(3):
        booked(db_session, clinic)
    db_session.commit()
    with pytest.raises(KeyboardInterrupt):
        run(database, INVITE_MORNING, StopsAfterOne())
    rows = messages(db_session)
    assert [(m.status, m.error) for m in rows] == [
        ("delivered", None), ("failed", "not sent: the run stopped before this message"),
        ("failed", "not sent: the run stopped before this message")]  # fmt: skip
    assert run(database, INVITE_MORNING).due == 0  # never resent automatically: staff can send a link


def test_sending_is_paced_to_at_most_per_minute(database: Database, db_session: Session) -> None:
    clinic = inviting_clinic(db_session)
    for _ in range(4):
        booked(db_session, clinic)
    db_session.commit()
    started = time.monotonic()
    counts = send_due_invitations(database, RecordingSender(), now=INVITE_MORNING, link_base=LINK_BASE,
                                  per_minute=600)  # fmt: skip
    assert counts.sent == 4 and time.monotonic() - started >= 0.3  # 600 a minute: 0.1 s apart, 3 gaps
