"""Staff sessions that survive a reload (issue 14): rotation, idle end, sign-out, hashing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent, Handover, Site, StaffSession, User
from screening.access.rules.sign_in_policy import SessionPolicy
from screening.access.services.accounts import load_current_user
from screening.clinic_day.services.clinic_day import begin_self_screen
from screening.patient_mode.rules.staff_session_rules import MAX_AGE, TICKET_LIFE, digest
from screening.patient_mode.services import staff_sessions
from tests import factories

NOW = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
POLICY = SessionPolicy(idle_timeout_minutes=15)


@pytest.fixture
def staff_id(db_session: Session) -> int:
    user = factories.user(db_session)
    db_session.commit()
    return user.id


def signed_in(db_session: Session, user_id: int, old_token: str | None = None, at: datetime = NOW) -> str:
    """Sign in and swap the ticket for a cookie token, as the browser does."""
    started = staff_sessions.start(db_session, user_id, now=at, app_session="tab-1")
    token = staff_sessions.redeem_ticket(db_session, started.ticket, old_token=old_token, now=at)
    db_session.commit()
    assert token is not None
    return token


def resume(db_session: Session, token: str, at: datetime) -> staff_sessions.Resumed | None:
    found = staff_sessions.resume(db_session, token, now=at, policy=POLICY, app_session="tab-2")
    db_session.commit()
    return found


def actions(db_session: Session) -> list[str]:
    return list(db_session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_a_reload_within_the_idle_timeout_resumes_the_signed_in_user(db_session, staff_id) -> None:
    token = signed_in(db_session, staff_id)
    found = resume(db_session, token, NOW + timedelta(minutes=14))
    assert found is not None and found.ok and found.user_id == staff_id and found.handover_id is None
    assert actions(db_session) == ["auth.session_started", "auth.session_cookie_issued", "auth.session_resumed"]


def test_neither_the_token_nor_the_ticket_is_stored_only_their_digests(db_session, staff_id) -> None:
    started = staff_sessions.start(db_session, staff_id, now=NOW, app_session="tab-1")
    row = db_session.get(StaffSession, started.staff_session_id)
    assert row.ticket_hash == digest(started.ticket) and row.token_hash is None
    token = staff_sessions.redeem_ticket(db_session, started.ticket, old_token=None, now=NOW)
    db_session.commit()
    stored = db_session.execute(select(StaffSession.__table__)).one()
    assert token not in [str(v) for v in stored] and started.ticket not in [str(v) for v in stored]
    assert stored.token_hash == digest(token) and stored.ticket_hash is None
    assert token not in str([e.detail for e in db_session.scalars(select(AuditEvent))])


def test_the_ticket_sets_a_cookie_once_and_only_within_its_life(db_session, staff_id) -> None:
    started = staff_sessions.start(db_session, staff_id, now=NOW, app_session="tab-1")
    late = staff_sessions.redeem_ticket(db_session, started.ticket, old_token=None, now=NOW + TICKET_LIFE)
    assert late is None
    again = staff_sessions.start(db_session, staff_id, now=NOW, app_session="tab-1")
    first = staff_sessions.redeem_ticket(db_session, again.ticket, old_token=None, now=NOW)
    second = staff_sessions.redeem_ticket(db_session, again.ticket, old_token=None, now=NOW)
    assert first is not None and second is None
    assert staff_sessions.redeem_ticket(db_session, "not a ticket", old_token=None, now=NOW) is None


def test_signing_in_again_rotates_the_token_and_ends_the_old_session(db_session, staff_id) -> None:
    old = signed_in(db_session, staff_id)
    new = signed_in(db_session, staff_id, old_token=old, at=NOW + timedelta(minutes=1))
    assert new != old
    assert resume(db_session, old, NOW + timedelta(minutes=2)) is None
    assert resume(db_session, new, NOW + timedelta(minutes=2)).ok
    ends = db_session.scalars(select(StaffSession.end_reason).order_by(StaffSession.id)).all()
    assert ends == ["replaced", None]


def test_a_token_from_before_the_sign_in_never_becomes_a_signed_in_one(db_session, staff_id) -> None:
    planted = "p" * 43  # a well-formed token the server never issued
    token = signed_in(db_session, staff_id, old_token=planted)
    assert token != planted
    assert resume(db_session, planted, NOW) is None


@pytest.mark.parametrize(
    "idle, resumes",
    [
        (timedelta(minutes=14, seconds=59), True),  # one second inside the 15-minute timeout
        (timedelta(minutes=15), False),  # exactly the timeout: expired (sign_in_policy)
    ],
)
def test_a_reload_after_the_idle_timeout_ends_the_session(db_session, staff_id, idle, resumes) -> None:
    token = signed_in(db_session, staff_id)
    found = resume(db_session, token, NOW + idle)
    assert found.ok is resumes
    if not resumes:
        assert found.ended == "idle_timeout"
        assert resume(db_session, token, NOW + idle) is None  # ended for good
        assert actions(db_session)[-1] == "auth.session_ended"


def test_activity_keeps_a_session_alive_but_not_past_its_maximum_age(db_session, staff_id) -> None:
    token = signed_in(db_session, staff_id)
    found = resume(db_session, token, NOW)
    for minutes in range(10, 12 * 60, 10):
        staff_sessions.touch(db_session, found.staff_session_id, now=NOW + timedelta(minutes=minutes))
    db_session.commit()
    assert resume(db_session, token, NOW + MAX_AGE - timedelta(minutes=1)).ok
    assert resume(db_session, token, NOW + MAX_AGE).ended == "expired"


def test_sign_out_ends_the_session_so_a_reload_is_signed_out(db_session, staff_id) -> None:
    token = signed_in(db_session, staff_id)
    found = resume(db_session, token, NOW)
    staff_sessions.end(db_session, found.staff_session_id, reason="signed_out", now=NOW)
    db_session.commit()
    assert resume(db_session, token, NOW + timedelta(seconds=1)) is None
    last = db_session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (last.action, last.detail) == ("auth.session_ended", {"reason": "signed_out"})


def test_a_switched_off_account_is_not_resumed(db_session, staff_id) -> None:
    token = signed_in(db_session, staff_id)
    db_session.get(User, staff_id).active = False
    db_session.commit()
    assert resume(db_session, token, NOW).ended == "refused"


def test_a_reload_in_patient_mode_returns_the_hand_over_however_long_the_patient_takes(db_session) -> None:
    clinic = factories.clinic(db_session)
    visit = factories.attendance(db_session, clinic_id=clinic.id, appointment_at=NOW)
    user = factories.user(db_session, sites=[db_session.get(Site, clinic.site_id)])
    db_session.commit()
    token = signed_in(db_session, user.id)
    found = resume(db_session, token, NOW)
    handover = begin_self_screen(
        db_session,
        actor=load_current_user(db_session, user.id),
        attendance_id=visit.id,
        idempotency_key="k",
        app_session="tab-1",
        now=NOW,
    )
    staff_sessions.bind_handover(db_session, found.staff_session_id, handover.handover_id, now=NOW)
    db_session.commit()
    later = resume(db_session, token, NOW + timedelta(minutes=40))  # past the idle timeout
    assert later.ok and later.handover_id == handover.handover_id
    db_session.get(Handover, handover.handover_id).ended_at = NOW + timedelta(minutes=41)
    db_session.get(Handover, handover.handover_id).end_reason = "staff_check"
    db_session.commit()
    assert resume(db_session, token, NOW + timedelta(minutes=42)).handover_id is None
