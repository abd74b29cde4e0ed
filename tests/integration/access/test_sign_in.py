"""Signing in, lockout, staff re-checks and signing out, on each database."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher, Type
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from models import AppMeta, AuditEvent, User
from models.database import make_engine
from screening.access.services import accounts
from screening.access.services.sign_in import NOT_RIGHT, sign_in, sign_out, verify_staff
from tests import factories

PASSWORD = "lilac-teapot-harbour"
NOW = datetime(2026, 1, 14, 9, 0, tzinfo=UTC)


@pytest.fixture
def nurse(db_session: Session) -> User:
    site = factories.site(db_session)
    return accounts.create_user(
        db_session,
        username="nurse.ada",
        display_name="Ada Okafor",
        role="clinic_staff",
        password=PASSWORD,
        site_codes=[site.code],
        pin="4821",
        actor=None,
    )


def actions(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def everything_audited(session: Session) -> str:
    rows = session.scalars(select(AuditEvent))
    return json.dumps([[e.actor, e.action, e.entity_id, e.detail, e.app_session] for e in rows])


def fail(session: Session, times: int, at: datetime = NOW) -> str | None:
    message = None
    for _ in range(times):
        message = sign_in(session, "nurse.ada", "wrong-password-here", now=at).message
    return message


def test_the_right_password_signs_in_as_the_current_user_and_is_audited(db_session: Session, nurse: User) -> None:
    result = sign_in(db_session, " Nurse.Ada ", PASSWORD, now=NOW, app_session="tab-1")
    assert result.ok and result.user is not None
    assert (result.user.username, result.user.role, result.user.site_ids) == (
        "nurse.ada",
        "clinic_staff",
        frozenset(s.id for s in nurse.sites),
    )
    assert nurse.last_sign_in_at == NOW
    event = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "auth.sign_in")).one()
    assert (event.actor_user_id, event.entity_id, event.app_session) == (nurse.id, str(nurse.id), "tab-1")


def test_an_unknown_user_and_a_wrong_password_read_exactly_the_same(db_session: Session, nurse: User) -> None:
    unknown = sign_in(db_session, "no.such.person", PASSWORD, now=NOW)
    wrong = sign_in(db_session, "nurse.ada", "wrong-password-here", now=NOW)
    assert unknown.message == wrong.message == NOT_RIGHT == "Username or password is not right."
    assert not unknown.ok and not wrong.ok


def test_a_failed_sign_in_is_audited_without_the_password_or_the_typed_username(
    db_session: Session, nurse: User
) -> None:
    sign_in(db_session, "someone.typed.this", PASSWORD, now=NOW)
    sign_in(db_session, "nurse.ada", "Typed-Secret-123", now=NOW)
    failed = select(AuditEvent).where(AuditEvent.action == "auth.sign_in_failed").order_by(AuditEvent.id)
    unknown, wrong = db_session.scalars(failed).all()
    assert (unknown.entity_id, unknown.actor_user_id) == (None, None)
    assert unknown.detail == {"reason": "unknown_user"}
    assert wrong.detail == {"reason": "wrong_secret", "failed_attempts": 1}
    text = everything_audited(db_session)
    assert "someone.typed.this" not in text and "Typed-Secret-123" not in text and PASSWORD not in text


def test_the_fourth_failure_does_not_lock_but_the_fifth_does_for_fifteen_minutes(
    db_session: Session, nurse: User
) -> None:
    assert fail(db_session, 4) == NOT_RIGHT and nurse.locked_until is None
    message = fail(db_session, 1)
    assert nurse.locked_until == NOW + timedelta(minutes=15)
    assert message is not None and "locked" in message and "Try again in 15 minutes" in message
    assert "ask an administrator" in message
    assert actions(db_session)[-2:] == ["auth.sign_in_failed", "auth.locked"]


def test_a_locked_account_refuses_the_right_password_until_the_lock_passes(db_session: Session, nurse: User) -> None:
    fail(db_session, 5)
    still_locked = sign_in(db_session, "nurse.ada", PASSWORD, now=NOW + timedelta(minutes=14, seconds=59))
    assert not still_locked.ok and "Try again in 1 minute" in (still_locked.message or "")
    assert sign_in(db_session, "nurse.ada", PASSWORD, now=NOW + timedelta(minutes=15)).ok


def test_a_success_resets_the_count_of_failures(db_session: Session, nurse: User) -> None:
    fail(db_session, 4)
    assert sign_in(db_session, "nurse.ada", PASSWORD, now=NOW).ok
    assert fail(db_session, 4) == NOT_RIGHT and nurse.locked_until is None


def test_an_administrator_can_lift_a_lock_early(db_session: Session, nurse: User) -> None:
    admin = accounts.create_user(
        db_session,
        username="admin",
        display_name="A",
        role="administrator",
        password=PASSWORD,
        site_codes=None,
        actor=None,
    )
    fail(db_session, 5)
    accounts.unlock_user(db_session, actor=accounts.load_current_user(db_session, admin.id), user_id=nurse.id)
    assert sign_in(db_session, "nurse.ada", PASSWORD, now=NOW).ok


def test_a_switched_off_user_is_refused_even_with_the_right_password(db_session: Session, nurse: User) -> None:
    nurse.active = False
    result = sign_in(db_session, "nurse.ada", PASSWORD, now=NOW)
    assert not result.ok and result.message == "This account is switched off; ask an administrator."


def test_a_hash_made_with_weaker_parameters_is_upgraded_at_sign_in(
    db_session: Session, nurse: User, production_argon2: None
) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, type=Type.ID)
    nurse.password_hash = weak.hash(PASSWORD)
    assert sign_in(db_session, "nurse.ada", PASSWORD, now=NOW).ok
    assert "m=65536" in nurse.password_hash


@pytest.mark.parametrize("secret", [PASSWORD, "4821"])
def test_staff_leave_patient_mode_with_their_password_or_pin(db_session: Session, nurse: User, secret: str) -> None:
    assert verify_staff(db_session, nurse.id, secret, now=NOW) is True
    assert actions(db_session)[-1] == "auth.staff_verified"


def test_wrong_staff_secrets_share_the_sign_in_lockout(db_session: Session, nurse: User) -> None:
    fail(db_session, 3)
    assert verify_staff(db_session, nurse.id, "1111", now=NOW) is False
    assert verify_staff(db_session, nurse.id, "2222", now=NOW) is False
    assert nurse.locked_until == NOW + timedelta(minutes=15)
    assert verify_staff(db_session, nurse.id, "4821", now=NOW) is False  # right PIN, but locked
    assert "4821" not in everything_audited(db_session)


@pytest.mark.parametrize("reason", ["signed_out", "idle_timeout"])
def test_signing_out_is_audited_with_its_reason(db_session: Session, nurse: User, reason: str) -> None:
    user = sign_in(db_session, "nurse.ada", PASSWORD, now=NOW).user
    assert user is not None
    sign_out(db_session, user, reason=reason)
    event = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "auth.sign_out")).one()
    assert (event.actor_user_id, event.detail) == (nurse.id, {"reason": reason})


def test_failures_and_the_lock_persist_through_the_callers_one_transaction(
    session_factory: sessionmaker[Session],
) -> None:
    # sign_in returns its refusal instead of raising, so `with transaction(): sign_in(...)`
    # commits the counter, the lock and the audit rows rather than rolling them back.
    with session_factory.begin() as session:
        accounts.create_user(
            session,
            username="nurse.ada",
            display_name="Ada",
            role="clinic_staff",
            password=PASSWORD,
            site_codes=None,
            actor=None,
        )
    for _ in range(5):
        with session_factory.begin() as session:
            assert not sign_in(session, "nurse.ada", "wrong-password-here", now=NOW).ok
    with session_factory() as session:
        user = session.scalars(select(User).where(User.username == "nurse.ada")).one()
        assert user.locked_until == NOW + timedelta(minutes=15)
        assert actions(session).count("auth.sign_in_failed") == 5


DEMO_STAFF = "demo.staff", "demo-staff-password"  # screening.database.rules.demo_mode.DEMO_USERS


def demo_account(session: Session) -> User:
    return accounts.create_user(
        session,
        username=DEMO_STAFF[0],
        display_name="Demo Clinic Nurse",
        role="clinic_staff",
        password=DEMO_STAFF[1],
        site_codes=None,
        actor=None,
    )


def test_a_demo_account_in_a_real_database_is_refused_with_what_to_do_and_audited(db_session: Session) -> None:
    account = demo_account(db_session)
    result = sign_in(db_session, " Demo.Staff ", DEMO_STAFF[1], now=NOW)
    assert not result.ok and "Demo sign-ins work only on the demo database" in (result.message or "")
    assert account.last_sign_in_at is None and account.failed_attempts == 0
    assert '"reason": "demo_sign_in_outside_demo"' in everything_audited(db_session)
    assert DEMO_STAFF[1] not in everything_audited(db_session)


def test_a_real_user_given_a_published_demo_password_is_refused(db_session: Session) -> None:
    accounts.create_user(
        db_session,
        username="nurse.bea",
        display_name="Bea",
        role="clinic_staff",
        password="demo-admin-password",
        site_codes=None,
        actor=None,
    )
    result = sign_in(db_session, "nurse.bea", "demo-admin-password", now=NOW)
    assert not result.ok and "ask them to set a new one" in (result.message or "")


def test_demo_data_in_a_database_not_named_as_the_demo_still_refuses_demo_sign_ins(db_session: Session) -> None:
    demo_account(db_session)
    db_session.add(AppMeta(key="demo_data", value="true"))  # a renamed demo file
    assert not sign_in(db_session, *DEMO_STAFF, now=NOW).ok


def test_on_the_demo_database_a_demo_account_signs_in(demo_db_url: str) -> None:
    engine = make_engine(demo_db_url)
    with Session(engine) as session:
        demo_account(session)
        session.add(AppMeta(key="demo_data", value="true"))
        assert sign_in(session, *DEMO_STAFF, now=NOW).ok
        session.rollback()
    engine.dispose()


def test_on_a_demo_named_database_without_demo_data_a_demo_account_is_refused(demo_db_url: str) -> None:
    engine = make_engine(demo_db_url)
    with Session(engine) as session:
        demo_account(session)
        assert not sign_in(session, *DEMO_STAFF, now=NOW).ok
        session.rollback()
    engine.dispose()
