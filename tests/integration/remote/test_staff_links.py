"""Staff send or resend an appointment's link from the clinic list; the clinic list reads its status (issue 17)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from models import RemoteInvitation
from screening.database.services.database import Database
from screening.errors import ConflictError, PermissionDenied
from screening.remote.services.door import open_link
from screening.remote.services.invitation_status import invitation_statuses
from screening.remote.services.invitations import send_due_invitations, send_link
from screening.sittings.rules.remote_door import Door
from tests import factories
from tests.invitation_records import (
    APPOINTMENT,
    EMAIL,
    INVITE_MORNING,
    LINK_BASE,
    MOBILE,
    RecordingSender,
    audit,
    booked,
    inviting_clinic,
    messages,
    staff_at,
)

LATER = INVITE_MORNING + timedelta(hours=3)


@pytest.fixture
def database(db_engine, session_factory: sessionmaker[Session], db_url: str) -> Database:  # type: ignore[no-untyped-def]
    return Database(url=db_url, engine=db_engine, sessions=session_factory)


def test_a_staff_resend_revokes_the_old_link_and_sends_a_new_one_that_opens(
    database: Database, db_session: Session
) -> None:
    clinic = inviting_clinic(db_session)
    attendance = booked(db_session, clinic)
    staff = staff_at(db_session, clinic)
    db_session.commit()
    sender = RecordingSender()
    send_due_invitations(database, sender, now=INVITE_MORNING, link_base=LINK_BASE)
    sent = send_link(database, sender, staff, attendance.id, now=LATER, link_base=LINK_BASE, app_session="tab-1")
    assert (sent.number, sent.channel, sent.status, sent.status_label, sent.failed) == (
        1, "sms", "delivered", "Delivered", False)  # fmt: skip
    old, new = sender.tokens()
    assert open_link(db_session, old, now=LATER).door is Door.REVOKED
    assert open_link(db_session, new, now=LATER).door is Door.OPEN
    assert sender.sent[1].message.body.startswith("Your clinic asks you")
    staff_row = messages(db_session)[-1]
    assert (staff_row.purpose, staff_row.number, staff_row.sent_by_user_id, staff_row.destination) == (
        "staff", 1, staff.user_id, MOBILE)  # fmt: skip
    assert [e.actor for e in audit(db_session, "remote.reissued")] == [staff.username]
    event = audit(db_session, "remote.message_sent")[-1]
    assert (event.actor, event.app_session) == (staff.username, "tab-1")
    assert event.detail == {"purpose": "staff", "number": 1, "channel": "sms", "status": "delivered"}
    assert send_link(database, sender, staff, attendance.id, now=LATER, link_base=LINK_BASE).number == 2


def test_a_resend_unlocks_a_locked_link(database: Database, db_session: Session) -> None:
    clinic = inviting_clinic(db_session)
    attendance = booked(db_session, clinic, mobile=None, email=EMAIL)
    staff = staff_at(db_session, clinic)
    db_session.commit()
    sender = RecordingSender()
    send_link(database, sender, staff, attendance.id, now=LATER, link_base=LINK_BASE)
    invitation = db_session.query(RemoteInvitation).one()
    invitation.wrong_birth_dates, invitation.locked_at = 5, LATER
    db_session.commit()
    assert invitation_statuses(db_session, [attendance.id], now=LATER)[attendance.id].locked
    sent = send_link(database, sender, staff, attendance.id, now=LATER, link_base=LINK_BASE)
    assert (sent.channel, sent.number) == ("email", 2)
    db_session.expire_all()
    assert open_link(db_session, sender.tokens()[-1], now=LATER).door is Door.OPEN


@pytest.mark.parametrize(
    ("contact", "words"),
    [
        ({"contact": False}, "There is no mobile number or email address for this patient"),
        ({"mobile": None, "email": None}, "There is no mobile number or email address for this patient"),
        ({"no_contact": True}, "This patient asked not to be sent messages"),
        ({"status": "cancelled"}, "This appointment was cancelled or missed"),
    ],
)
def test_staff_are_told_plainly_when_a_link_cannot_be_sent(
    database: Database, db_session: Session, contact: dict, words: str
) -> None:  # type: ignore[type-arg]
    clinic = inviting_clinic(db_session)
    attendance = booked(db_session, clinic, **contact)
    staff = staff_at(db_session, clinic)
    db_session.commit()
    sender = RecordingSender()
    with pytest.raises(ConflictError, match=words):
        send_link(database, sender, staff, attendance.id, now=LATER, link_base=LINK_BASE)
    assert sender.sent == [] and messages(db_session) == []


def test_no_link_once_the_appointment_day_is_over_or_the_screening_is_done(
    database: Database, db_session: Session
) -> None:
    clinic = inviting_clinic(db_session)
    attendance, screened = booked(db_session, clinic), booked(db_session, clinic)
    factories.screening_session(db_session, patient_id=screened.patient_id, clinic_id=clinic.id,
                                attendance_id=screened.id, status="completed", completed_at=LATER,
                                ended_at=LATER)  # fmt: skip
    staff = staff_at(db_session, clinic)
    db_session.commit()
    sender = RecordingSender()
    with pytest.raises(ConflictError, match="The appointment day is over"):
        send_link(database, sender, staff, attendance.id, now=APPOINTMENT + timedelta(hours=14), link_base=LINK_BASE)
    with pytest.raises(ConflictError, match="already finished or declined"):
        send_link(database, sender, staff, screened.id, now=LATER, link_base=LINK_BASE)
    assert sender.sent == []


def test_staff_at_another_site_cannot_send_a_link(database: Database, db_session: Session) -> None:
    attendance = booked(db_session, inviting_clinic(db_session))
    elsewhere = staff_at(db_session, factories.clinic(db_session))
    db_session.commit()
    with pytest.raises(PermissionDenied):
        send_link(database, RecordingSender(), elsewhere, attendance.id, now=LATER, link_base=LINK_BASE)


def test_the_clinic_list_reads_the_last_message_and_the_remote_sitting(database: Database, db_session: Session) -> None:
    clinic = inviting_clinic(db_session)
    sent, failed = booked(db_session, clinic), booked(db_session, clinic)
    untouched = booked(db_session, factories.clinic(db_session))  # its clinic does not invite
    db_session.commit()
    send_due_invitations(database, RecordingSender(), now=INVITE_MORNING, link_base=LINK_BASE)
    failing = RecordingSender(error="400 BadRequestError: phone_number Not a UK mobile number")
    staff = staff_at(db_session, clinic)
    db_session.commit()
    send_link(database, failing, staff, failed.id, now=LATER, link_base=LINK_BASE)
    invitation = db_session.query(RemoteInvitation).filter_by(attendance_id=sent.id).one()
    sitting = factories.screening_session(db_session, patient_id=sent.patient_id, clinic_id=clinic.id,
                                          attendance_id=sent.id, remote=True)  # fmt: skip
    invitation.screening_session_id = sitting.id
    db_session.commit()
    statuses = invitation_statuses(db_session, [sent.id, failed.id, untouched.id, 999_999], now=LATER)
    assert set(statuses) == {sent.id, failed.id}  # no invitation, no answer
    first = statuses[sent.id]
    assert (first.purpose, first.channel, first.status, first.status_label, first.sent_at, first.messages) == (
        "invitation", "sms", "delivered", "Delivered", INVITE_MORNING, 1)  # fmt: skip
    assert (first.remote_started, first.remote_completed, first.locked, first.revoked, first.expired) == (
        True, False, False, False, False)  # fmt: skip
    second = statuses[failed.id]
    assert (second.purpose, second.status, second.status_label, second.sent_at, second.messages) == (
        "staff", "failed", "Failed to send", None, 2)  # fmt: skip
    assert invitation_statuses(db_session, [sent.id], now=APPOINTMENT + timedelta(days=1))[sent.id].expired
    assert invitation_statuses(db_session, []) == {}
