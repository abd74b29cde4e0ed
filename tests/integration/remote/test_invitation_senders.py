"""Invitations through the outbox (demo only) and GOV.UK Notify (a local fake); no token in any log (issue 17)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from screening.database.services.database import Database, open_database
from screening.notifications.services.notify_sender import NotifyMisconfigured, NotifySender
from screening.notifications.services.outbox import OutboxSender
from screening.notifications.services.senders import InvitationsNeedNotify, invitation_sender
from screening.remote.services.door import open_link
from screening.remote.services.invitations import link_base, send_due_invitations, send_link
from screening.sittings.rules.remote_door import Door
from tests.fake_notify import (
    API_KEY,
    EMAIL_TEMPLATE,
    INVITATION_EMAIL_TEMPLATE,
    INVITATION_SMS_TEMPLATE,
    SMS_TEMPLATE,
    fake_notify,
)
from tests.invitation_records import (
    CLINIC_NAME,
    EMAIL,
    INVITE_MORNING,
    LINK_BASE,
    MOBILE,
    booked,
    inviting_clinic,
    mark_demo,
    messages,
    outbox,
    staff_at,
)

NOTIFY_ENV = {"SCREENING_NOTIFY_API_KEY": API_KEY, "SCREENING_NOTIFY_SMS_TEMPLATE": SMS_TEMPLATE,
              "SCREENING_NOTIFY_EMAIL_TEMPLATE": EMAIL_TEMPLATE,
              "SCREENING_NOTIFY_INVITATION_SMS_TEMPLATE": INVITATION_SMS_TEMPLATE,
              "SCREENING_NOTIFY_INVITATION_EMAIL_TEMPLATE": INVITATION_EMAIL_TEMPLATE}  # fmt: skip


@pytest.fixture
def database(db_engine, session_factory: sessionmaker[Session], db_url: str) -> Database:  # type: ignore[no-untyped-def]
    return Database(url=db_url, engine=db_engine, sessions=session_factory)


@pytest.fixture
def demo(demo_db_url: str) -> Iterator[Database]:
    database = open_database(demo_db_url)
    with database.transaction() as session:
        mark_demo(session)
    yield database
    database.dispose()


def test_in_the_demo_invitations_go_to_the_outbox_with_the_link_and_no_clinic_name(demo: Database) -> None:
    with demo.transaction() as session:
        booked(session, inviting_clinic(session))
        base = link_base(session, {})
    assert base == "http://localhost:8502"
    sender = invitation_sender(demo, timeout=2, environ={})
    assert isinstance(sender, OutboxSender)
    assert send_due_invitations(demo, sender, now=INVITE_MORNING, link_base=base).sent == 1
    with demo.transaction() as session:
        [kept] = outbox(session)
        [row] = messages(session)
        assert (kept.channel, kept.destination, kept.subject) == ("sms", MOBILE, "Questions before your appointment")
        assert CLINIC_NAME not in kept.body and "http://localhost:8502/?link=" in kept.body
        token = kept.body.split("?link=")[1].split()[0]
        assert open_link(session, token, now=INVITE_MORNING).door is Door.OPEN
        assert (row.provider, row.status, row.provider_message_id) == ("outbox", "delivered", f"outbox-{kept.id}")


def test_outside_the_demo_the_outbox_is_refused_for_invitations_naming_what_to_set(
    database: Database, db_session: Session
) -> None:
    clinic = inviting_clinic(db_session)
    attendance = booked(db_session, clinic)
    staff = staff_at(db_session, clinic)
    db_session.commit()
    with pytest.raises(InvitationsNeedNotify, match="SCREENING_NOTIFY_INVITATION_SMS_TEMPLATE"):
        invitation_sender(database, timeout=2, environ={})
    outbox_sender = OutboxSender(database.sessions)
    with pytest.raises(InvitationsNeedNotify, match="never kept in the outbox"):
        send_due_invitations(database, outbox_sender, now=INVITE_MORNING, link_base=LINK_BASE)
    with pytest.raises(InvitationsNeedNotify):
        send_link(database, outbox_sender, staff, attendance.id, now=INVITE_MORNING, link_base=LINK_BASE)
    assert messages(db_session) == [] and outbox(db_session) == []
    with pytest.raises(Exception, match="SCREENING_REMOTE_URL must be set"):
        link_base(db_session, {})


def test_notify_without_invitation_templates_is_refused_before_anything_is_claimed(
    database: Database, db_session: Session
) -> None:
    booked(db_session, inviting_clinic(db_session))
    db_session.commit()
    escalation_only = {k: v for k, v in NOTIFY_ENV.items() if "INVITATION" not in k}
    with pytest.raises(NotifyMisconfigured, match="SCREENING_NOTIFY_INVITATION_SMS_TEMPLATE and "):
        invitation_sender(database, timeout=2, environ={**escalation_only, "SCREENING_NOTIFY_BASE_URL": "http://x"})
    assert messages(db_session) == []


def test_invitations_reach_notify_with_the_invitation_templates_and_a_refusal_leaves_no_token_in_logs_or_rows(
    database: Database, db_session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    clinic = inviting_clinic(db_session)
    booked(db_session, clinic)
    booked(db_session, clinic, mobile=None, email=EMAIL)
    echoed = booked(db_session, clinic)
    staff = staff_at(db_session, clinic)
    db_session.commit()
    caplog.set_level(logging.DEBUG)
    with fake_notify() as notify:
        sender = invitation_sender(database, timeout=2, environ={**NOTIFY_ENV, "SCREENING_NOTIFY_BASE_URL": notify.url})
        assert isinstance(sender, NotifySender)
        counts = send_due_invitations(database, sender, now=INVITE_MORNING, link_base=LINK_BASE)
        notify.echo_personalisation = True  # Notify now refuses, repeating what it was sent
        failed = send_link(database, sender, staff, echoed.id, now=INVITE_MORNING + timedelta(hours=1),
                           link_base=LINK_BASE)  # fmt: skip
    assert (counts.sent, counts.failed) == (3, 0) and failed.failed
    assert [(m["channel"], m["template_id"]) for m in notify.received] == [
        ("sms", INVITATION_SMS_TEMPLATE), ("email", INVITATION_EMAIL_TEMPLATE), ("sms", INVITATION_SMS_TEMPLATE)]  # fmt: skip
    links = [m["personalisation"]["link"] for m in notify.received]
    tokens = [link.split("?link=")[1] for link in links]
    assert len(notify.refused) == 1  # and the fake's refusal repeats the staff link's token:
    echoed_link = notify.refused[0][1].split("'link': '")[1].split("'")[0]
    tokens.append(echoed_link.split("?link=")[1])
    rows = messages(db_session)
    assert [(m.provider, m.status) for m in rows] == [("notify", "created")] * 3 + [("notify", "failed")]
    assert rows[0].provider_message_id == notify.received[0]["id"]
    stored_error = rows[-1].error or ""
    assert "[link]" in stored_error and MOBILE not in stored_error
    for token in tokens:
        assert token not in caplog.text, "a token reached the log"
        assert token not in stored_error
    assert "refused or could not be reached" in caplog.text
