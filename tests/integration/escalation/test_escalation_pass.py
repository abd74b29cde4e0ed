"""The escalation pass on each database: what is sent, to whom, and what is recorded (s6, v2)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from models import Flag, FlagAction, ScreeningSession
from screening.database.services.database import Database
from screening.escalation.rules.escalation_contacts import Contact
from screening.escalation.rules.escalation_rules import DueStep
from screening.escalation.services.escalation_pass import run_escalation_pass
from screening.escalation.services.escalation_steps import claim_step
from screening.notifications.services.notify_sender import NotifySender
from screening.notifications.services.outbox import OutboxSender
from tests.concurrency import race
from tests.escalation_records import (
    FIRST_MOBILE,
    IN_HOURS,
    NIGHT_MOBILE,
    OUT_OF_HOURS,
    SECOND_EMAIL,
    escalating_clinic,
    escalation_audit,
    escalations,
    outbox,
    urgent_flag,
)
from tests.fake_notify import API_KEY, EMAIL_TEMPLATE, fake_notify

MESSAGE = "An urgent screening flag at Guy's: Haemoglobinopathy needs acknowledging: open the flag queue"


@pytest.fixture
def database(db_engine, session_factory: sessionmaker[Session], db_url: str) -> Database:
    return Database(url=db_url, engine=db_engine, sessions=session_factory)


def run(database: Database, at, sender=None):  # type: ignore[no-untyped-def]
    return run_escalation_pass(database, sender or OutboxSender(database.sessions), now=at)


def test_an_unacknowledged_in_hours_flag_reaches_the_first_contact_after_thirty_minutes(
    database: Database, db_session: Session
) -> None:
    flag = urgent_flag(db_session, escalating_clinic(db_session), IN_HOURS)
    db_session.commit()
    assert run(database, IN_HOURS + timedelta(minutes=29, seconds=59)).steps == 0
    counts = run(database, IN_HOURS + timedelta(minutes=30))
    assert (counts.flags, counts.sent, counts.failed) == (1, 1, 0)
    db_session.expire_all()
    [message] = outbox(db_session)
    assert (message.channel, message.destination, message.body) == ("sms", FIRST_MOBILE, MESSAGE)
    [row] = escalations(db_session)
    assert (row.step, row.target, row.contact_name, row.channel, row.status) == (
        1, "clinic_contact", "Dr Ada Hart", "sms", "delivered")  # fmt: skip
    assert row.provider == "outbox" and row.provider_message_id == f"outbox-{message.id}"
    action = db_session.scalars(select(FlagAction).where(FlagAction.action == "escalated")).one()
    assert (action.flag_id, action.to_status) == (flag.id, "open")
    assert action.note == "Escalated to Dr Ada Hart (Consultant haematologist) by SMS"
    [event] = escalation_audit(db_session)
    assert event.detail == {"step": 1, "target": "clinic_contact", "channel": "sms", "status": "delivered"}
    assert db_session.get(Flag, flag.id).version == flag.version  # reviewers' lock untouched


def test_a_second_run_at_the_same_moment_sends_nothing_more(database: Database, db_session: Session) -> None:
    urgent_flag(db_session, escalating_clinic(db_session), IN_HOURS)
    db_session.commit()
    at = IN_HOURS + timedelta(minutes=45)
    assert run(database, at).sent == 1
    assert run(database, at).sent == 0
    assert len(outbox(db_session)) == 1


def test_the_list_is_walked_every_delay_then_the_out_of_hours_contact_then_nothing(
    database: Database, db_session: Session
) -> None:
    urgent_flag(db_session, escalating_clinic(db_session), IN_HOURS)
    db_session.commit()
    for minutes in (30, 59, 60, 90, 120, 600):
        run(database, IN_HOURS + timedelta(minutes=minutes))
    assert [m.destination for m in outbox(db_session)] == [FIRST_MOBILE, SECOND_EMAIL, NIGHT_MOBILE]
    assert [(e.step, e.channel) for e in escalations(db_session)] == [(1, "sms"), (2, "email"), (3, "sms")]


def test_an_acknowledged_or_non_urgent_flag_is_never_escalated(database: Database, db_session: Session) -> None:
    clinic = escalating_clinic(db_session)
    urgent_flag(db_session, clinic, IN_HOURS, status="acknowledged")
    urgent_flag(db_session, clinic, IN_HOURS, priority="high")
    db_session.commit()
    assert run(database, IN_HOURS + timedelta(hours=5)).flags == 0
    assert outbox(db_session) == [] and escalations(db_session) == []


def test_an_urgent_physical_flag_raised_out_of_hours_goes_at_once_to_the_out_of_hours_contact(
    database: Database, db_session: Session
) -> None:
    urgent_flag(db_session, escalating_clinic(db_session), OUT_OF_HOURS, kind="physical")
    db_session.commit()
    assert run(database, OUT_OF_HOURS).sent == 1
    [message] = outbox(db_session)
    assert message.destination == NIGHT_MOBILE
    assert escalations(db_session)[0].target == "out_of_hours"


def test_an_urgent_flag_from_a_remote_sitting_goes_at_once_to_the_out_of_hours_contact_even_in_clinic_hours(
    database: Database, db_session: Session
) -> None:
    flag = urgent_flag(db_session, escalating_clinic(db_session), IN_HOURS)
    db_session.get_one(ScreeningSession, flag.session_id).remote = True
    db_session.commit()
    assert run(database, IN_HOURS).sent == 1
    [message] = outbox(db_session)
    assert message.destination == NIGHT_MOBILE
    assert escalations(db_session)[0].target == "out_of_hours"


def test_with_no_out_of_hours_contact_the_flag_records_that_nobody_could_be_told(
    database: Database, db_session: Session
) -> None:
    urgent_flag(db_session, escalating_clinic(db_session, out_of_hours=False), OUT_OF_HOURS)
    db_session.commit()
    counts = run(database, OUT_OF_HOURS + timedelta(minutes=1))
    assert (counts.sent, counts.nobody) == (0, 1)
    [row] = escalations(db_session)
    assert (row.target, row.status, row.channel, row.destination) == ("nobody", "no_contact", None, None)
    note = db_session.scalars(select(FlagAction.note).where(FlagAction.action == "escalated")).one()
    assert note == "Escalation: nobody could be told (no out-of-hours contact is configured)"
    assert outbox(db_session) == []
    assert run(database, OUT_OF_HOURS + timedelta(days=1)).steps == 0


def test_a_send_notify_refuses_is_recorded_as_failed_and_the_next_contact_is_told_at_once(
    database: Database, db_session: Session
) -> None:
    urgent_flag(db_session, escalating_clinic(db_session), IN_HOURS)
    db_session.commit()
    with fake_notify() as notify:
        sender = NotifySender(API_KEY, sms_template="11111111-2222-4333-8444-555555555555",
                              email_template=EMAIL_TEMPLATE, base_url=notify.url, timeout=2)  # fmt: skip
        counts = run(database, IN_HOURS + timedelta(minutes=30), sender)
    assert (counts.failed, counts.sent) == (1, 1)
    first, second = escalations(db_session)
    assert (first.status, first.error, first.sent_at) == ("failed", "400 BadRequestError: Template not found", None)
    assert (second.step, second.channel, second.status, second.provider) == (2, "email", "created", "notify")
    assert [m["email_address"] for m in notify.received] == [SECOND_EMAIL]
    notes = db_session.scalars(select(FlagAction.note).where(FlagAction.action == "escalated").order_by(FlagAction.id))
    assert list(notes) == ["Escalation to Dr Ada Hart (Consultant haematologist) by SMS failed (failed)",
                           "Escalated to Sam Okafor (Clinic nurse lead) by email"]  # fmt: skip


DUE = DueStep(1, "clinic_contact", Contact("Dr Ada Hart", "Consultant", "07700900001"), 1, IN_HOURS)


def test_two_transactions_claiming_one_step_at_once_get_it_once(
    session_factory: sessionmaker[Session], db_session: Session
) -> None:
    flag = urgent_flag(db_session, escalating_clinic(db_session), IN_HOURS)
    db_session.commit()
    claims = race(session_factory, lambda db: claim_step(db, flag.id, DUE, now=IN_HOURS + timedelta(minutes=30)))
    assert sorted(claim is None for claim in claims) == [False, True]  # one id, one refusal
    assert len(escalations(db_session)) == 1


def test_a_flag_acknowledged_before_the_claim_is_not_claimed(db_session: Session) -> None:
    flag = urgent_flag(db_session, escalating_clinic(db_session), IN_HOURS, status="acknowledged")
    assert claim_step(db_session, flag.id, DUE, now=IN_HOURS + timedelta(minutes=30)) is None
    assert escalations(db_session) == []
