"""Wrong secrets in the hand-back box or the staff check lock the hand-over, never the staff account (issue 14)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent, Handover, Site, User
from screening.access.rules.passwords import hash_password, hash_pin
from screening.access.services.accounts import load_current_user
from screening.access.services.sign_in import sign_in
from screening.clinic_day.services.clinic_day import begin_self_screen
from screening.errors import NotFound
from screening.patient_mode.services.hand_back import HandBack, end_handover, hand_back_locked
from screening.patient_mode.services.handovers import open_handovers
from screening.patient_mode.services.staff_check import check_staff, staff_check_locked
from tests import factories

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
PASSWORD, PIN = "lilac-teapot-harbour", "2468"
WRONG = ["1111", "2222", "3333", "4444", "5555", "6666"]


@pytest.fixture
def staff(db_session: Session):
    clinic = factories.clinic(db_session)
    staff = factories.user(
        db_session,
        username="nurse.ada",
        password_hash=hash_password(PASSWORD),
        pin_hash=hash_pin(PIN),
        sites=[db_session.get(Site, clinic.site_id)],
    )
    db_session.commit()
    return load_current_user(db_session, staff.id), clinic


def hand_over(db_session: Session, staff, app_session: str = "tablet-a") -> int:
    actor, clinic = staff
    visit = factories.attendance(db_session, clinic_id=clinic.id, appointment_at=NOW - timedelta(hours=1))
    handover = begin_self_screen(
        db_session, actor=actor, attendance_id=visit.id, idempotency_key=app_session, app_session=app_session, now=NOW
    )
    db_session.commit()
    return handover.handover_id


def attempt(db_session: Session, staff, handover_id: int, secret: str) -> HandBack:
    result = end_handover(
        db_session, actor=staff[0], handover_id=handover_id, secret=secret, now=NOW, app_session="tablet-a"
    )
    db_session.commit()  # the caller's one transaction per tap
    return result


def hand_back_audit(db_session: Session) -> list[tuple[str, dict | None]]:
    rows = db_session.execute(
        select(AuditEvent.action, AuditEvent.detail)
        .where(AuditEvent.action.like("patient_mode.%"), AuditEvent.action != "patient_mode.started")
        .order_by(AuditEvent.id)
    )
    return [tuple(row) for row in rows]


def test_four_wrong_secrets_then_the_right_pin_takes_the_tablet_back(db_session, staff) -> None:
    handover_id = hand_over(db_session, staff)
    assert [attempt(db_session, staff, handover_id, w) for w in WRONG[:4]] == [HandBack.WRONG] * 4
    assert hand_back_locked(db_session, actor=staff[0], handover_id=handover_id) is False
    assert attempt(db_session, staff, handover_id, PIN) is HandBack.ACCEPTED
    assert open_handovers(db_session, staff[0].user_id, now=NOW) == []
    assert hand_back_audit(db_session) == [
        ("patient_mode.hand_back_failed", {"reason": "wrong_secret", "failed_attempts": n}) for n in (1, 2, 3, 4)
    ] + [("patient_mode.ended", {"method": "pin"})]


def test_the_fifth_wrong_secret_locks_the_hand_over_and_then_the_pin_is_refused(db_session, staff) -> None:
    handover_id = hand_over(db_session, staff)
    results = [attempt(db_session, staff, handover_id, w) for w in WRONG[:5]]
    assert results == [HandBack.WRONG] * 4 + [HandBack.LOCKED]
    assert hand_back_locked(db_session, actor=staff[0], handover_id=handover_id) is True
    assert attempt(db_session, staff, handover_id, PIN) is HandBack.LOCKED  # the right PIN no longer works
    assert db_session.get(Handover, handover_id).ended_at is None
    assert hand_back_audit(db_session)[-3:] == [
        ("patient_mode.hand_back_failed", {"reason": "wrong_secret", "failed_attempts": 5}),
        ("patient_mode.locked", {"failed_attempts": 5}),
        ("patient_mode.hand_back_failed", {"reason": "locked", "failed_attempts": 6}),
    ]


def test_the_staff_password_unlocks_a_locked_hand_over_and_ends_it(db_session, staff) -> None:
    handover_id = hand_over(db_session, staff)
    for wrong in WRONG[:5]:
        attempt(db_session, staff, handover_id, wrong)
    assert attempt(db_session, staff, handover_id, PASSWORD) is HandBack.ACCEPTED
    row = db_session.get(Handover, handover_id)
    assert (row.locked_at, row.end_reason, row.failed_attempts) == (None, "staff_check", 5)
    assert [action for action, _ in hand_back_audit(db_session)[-2:]] == ["patient_mode.unlocked", "patient_mode.ended"]
    assert hand_back_audit(db_session)[-1] == ("patient_mode.ended", {"method": "password"})


def test_a_locked_hand_over_leaves_the_account_free_to_sign_in_with_its_password(db_session, staff) -> None:
    handover_id = hand_over(db_session, staff)
    for wrong in WRONG:
        attempt(db_session, staff, handover_id, wrong)
    user = db_session.get(User, staff[0].user_id)
    assert (user.failed_attempts, user.locked_until) == (0, None)
    assert sign_in(db_session, "nurse.ada", PASSWORD, now=NOW).ok


def test_the_lock_belongs_to_one_hand_over_and_another_still_takes_the_pin(db_session, staff) -> None:
    locked_id, other_id = hand_over(db_session, staff, "tablet-a"), hand_over(db_session, staff, "tablet-b")
    for wrong in WRONG[:5]:
        attempt(db_session, staff, locked_id, wrong)
    assert hand_back_locked(db_session, actor=staff[0], handover_id=other_id) is False
    assert attempt(db_session, staff, other_id, PIN) is HandBack.ACCEPTED
    assert hand_back_locked(db_session, actor=staff[0], handover_id=locked_id) is True


def test_an_account_locked_at_the_sign_in_form_can_still_take_its_tablet_back(db_session, staff) -> None:
    handover_id = hand_over(db_session, staff)
    for wrong in WRONG[:5]:
        sign_in(db_session, "nurse.ada", wrong, now=NOW)
    db_session.commit()
    assert db_session.get(User, staff[0].user_id).locked_until is not None
    assert attempt(db_session, staff, handover_id, PIN) is HandBack.ACCEPTED


def test_nothing_typed_reaches_the_audit_log(db_session, staff) -> None:
    handover_id = hand_over(db_session, staff)
    for secret in [*WRONG, PIN, PASSWORD]:
        attempt(db_session, staff, handover_id, secret)
    audited = " ".join(str(row) for row in db_session.execute(select(AuditEvent.detail, AuditEvent.actor)))
    assert not any(secret in audited for secret in [*WRONG, PIN, PASSWORD])


def test_only_the_staff_member_who_handed_over_can_take_it_back(db_session, staff) -> None:
    handover_id = hand_over(db_session, staff)
    colleague = load_current_user(db_session, factories.user(db_session).id)
    with pytest.raises(NotFound):
        end_handover(db_session, actor=colleague, handover_id=handover_id, secret=PIN, now=NOW, app_session="x")
    with pytest.raises(NotFound):
        hand_back_locked(db_session, actor=colleague, handover_id=handover_id)


def staff_check(db_session: Session, staff, secret: str) -> HandBack:
    result = check_staff(db_session, actor=staff[0], secret=secret, now=NOW, app_session="reloaded")
    db_session.commit()
    return result


def test_four_wrong_tries_at_the_staff_check_after_a_reload_then_the_pin_passes(db_session, staff) -> None:
    hand_over(db_session, staff)
    assert [staff_check(db_session, staff, w) for w in WRONG[:4]] == [HandBack.WRONG] * 4
    assert staff_check(db_session, staff, PIN) is HandBack.ACCEPTED
    user = db_session.get(User, staff[0].user_id)
    assert (user.failed_attempts, user.locked_until) == (0, None)


def test_five_wrong_tries_at_the_staff_check_lock_the_open_hand_over_not_the_account(db_session, staff) -> None:
    handover_id = hand_over(db_session, staff)
    assert [staff_check(db_session, staff, w) for w in WRONG[:5]] == [HandBack.WRONG] * 4 + [HandBack.LOCKED]
    assert staff_check_locked(db_session, staff[0].user_id) is True
    assert hand_back_locked(db_session, actor=staff[0], handover_id=handover_id) is True  # the tablet's box too
    assert staff_check(db_session, staff, PIN) is HandBack.LOCKED
    assert db_session.get(User, staff[0].user_id).locked_until is None
    assert sign_in(db_session, "nurse.ada", PASSWORD, now=NOW).ok
    assert staff_check(db_session, staff, PASSWORD) is HandBack.ACCEPTED
    assert staff_check_locked(db_session, staff[0].user_id) is False
    assert db_session.get(Handover, handover_id).ended_at is None  # passing the check does not end it
    assert [a for a, _ in hand_back_audit(db_session)][-2:] == ["patient_mode.hand_back_failed",
                                                                "patient_mode.unlocked"]  # fmt: skip


def test_the_staff_check_with_no_hand_over_open_counts_against_the_account_as_before(db_session, staff) -> None:
    assert staff_check(db_session, staff, WRONG[0]) is HandBack.WRONG
    assert db_session.get(User, staff[0].user_id).failed_attempts == 1
    assert staff_check(db_session, staff, PIN) is HandBack.ACCEPTED
