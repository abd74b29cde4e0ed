"""Signing in with a local account, re-checking staff at patient hand-over, signing out.

Design decisions:
- Sign-in RETURNS a `SignInResult` rather than raising on a refusal. A refusal changes the
  database (the failure counter, the lock, the audit row) and the caller's transaction
  rolls back on any exception; raising would silently undo the lockout and the audit.
  `verify_staff` returns a bool for the same reason.
- Unknown username and wrong password give the same message and the same work (one
  Argon2 verification), so usernames cannot be probed. The audit row for an unknown
  username stores a reason code only, never the typed text (it is often a password
  typed into the wrong box).
- After `max_failures` wrong secrets in a row the account locks for `lock_minutes`; the
  counter restarts then, so the user has a fresh allowance once the lock passes. A locked
  account refuses even the right secret. The message for a locked account says so (that
  reveals that the username exists, a trade-off the issue asks for: users must know
  when to try again). Password and PIN failures share one counter. The patient-mode
  hand-back box, and the staff check while a hand-over is open, do NOT count here: a
  patient may hold that tablet, so their wrong secrets count against the hand-over
  (`screening.patient_mode.services.hand_back` and `.staff_check`, issue 14), which ask this module only
  which secret was typed (`staff_secret_kind`).
- The user row is read FOR UPDATE (PostgreSQL) so two attempts at once cannot both slip
  under the limit.
- Outside demo mode a demo account's username or a published demo password is refused
  before any account is read, whatever the database holds (`screening.database.rules.demo_mode`). The
  check reads the database only when the typed text looks like a demo sign-in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models import User
from screening.access.rules.passwords import hash_password, needs_rehash, verify_password, verify_pin
from screening.access.rules.sign_in_policy import SessionPolicy, is_locked, lock_ends, locked_message
from screening.access.services.accounts import USERNAME, load_current_user
from screening.audit.services.audit import record_event
from screening.database.rules.demo_mode import DEMO_SIGN_IN_REFUSED, is_demo_credential
from screening.database.services.demo_database import demo_state
from screening.policy import CurrentUser

NOT_RIGHT = "Username or password is not right."
SWITCHED_OFF = "This account is switched off; ask an administrator."
NOT_SIGNED_IN = "not signed in"  # the audit actor of a refused attempt: nobody is proven yet
SIGN_OUT_REASONS = ("signed_out", "idle_timeout")


@dataclass(frozen=True)
class SignInResult:
    user: CurrentUser | None
    message: str | None = None  # what to show when `user` is None

    @property
    def ok(self) -> bool:
        return self.user is not None


def sign_in(
    session: Session,
    username: str,
    password: str,
    *,
    now: datetime,
    policy: SessionPolicy = SessionPolicy(),
    app_session: str | None = None,
) -> SignInResult:
    """Check a username and password; the caller commits whatever the result."""
    username = (username or "").strip().lower()
    if is_demo_credential(username, password or "") and demo_state(session) != "demo":
        verify_password(None, password)  # the same work as a real check
        _audit(session, "auth.sign_in_failed", None, app_session, reason="demo_sign_in_outside_demo")
        return SignInResult(None, DEMO_SIGN_IN_REFUSED)
    # Text no username can be (a NUL byte, 10,000 characters) never reaches the query.
    user = _locked_row(session, User.username == username) if USERNAME.fullmatch(username) else None
    if user is None:
        verify_password(None, password)  # the same work as a real check
        _audit(session, "auth.sign_in_failed", None, app_session, reason="unknown_user")
        return SignInResult(None, NOT_RIGHT)
    if is_locked(user.locked_until, now):
        verify_password(None, password)
        _audit(session, "auth.sign_in_failed", user, app_session, reason="locked")
        return SignInResult(None, locked_message(user.locked_until, now))  # type: ignore[arg-type]
    if not verify_password(user.password_hash, password):
        return SignInResult(None, _failure(session, user, now, policy, "auth.sign_in_failed", app_session))
    if not user.active:
        _audit(session, "auth.sign_in_failed", user, app_session, reason="inactive")
        return SignInResult(None, SWITCHED_OFF)
    user.failed_attempts, user.locked_until, user.last_sign_in_at = 0, None, now
    if needs_rehash(user.password_hash):  # type: ignore[arg-type]
        user.password_hash = hash_password(password)
    current = load_current_user(session, user.id)
    _audit(session, "auth.sign_in", user, app_session, actor=current)
    return SignInResult(current)


def verify_staff(
    session: Session,
    user_id: int,
    secret: str,
    *,
    now: datetime,
    policy: SessionPolicy = SessionPolicy(),
    app_session: str | None = None,
) -> bool:
    """Whether `secret` is this staff member's password or PIN, counted against the account.

    The staff check uses it only when no hand-over is open (`screening.patient_mode.services.staff_check`).
    """
    user = _locked_row(session, User.id == user_id)
    if user is None or not user.active or is_locked(user.locked_until, now):
        verify_password(None, secret)
        if user is not None:
            reason = "locked" if user.active else "inactive"
            _audit(session, "auth.staff_check_failed", user, app_session, reason=reason)
        return False
    kind = _secret_kind(user, secret)
    if kind is None:
        _failure(session, user, now, policy, "auth.staff_check_failed", app_session)
        return False
    user.failed_attempts = 0
    _audit(session, "auth.staff_verified", user, app_session, method=kind)
    return True


def staff_secret_kind(session: Session, user_id: int, secret: str) -> str | None:
    """Which secret of an active staff member `secret` is: "password", "pin" or None.

    Counts nothing, locks nothing and audits nothing: the caller decides what a wrong
    secret costs. A switched-off or unknown account matches nothing.
    """
    user = session.get(User, user_id)
    if user is None or not user.active:
        verify_password(None, secret)  # the same work as a real check
        return None
    return _secret_kind(user, secret)


def _secret_kind(user: User, secret: str) -> str | None:
    # Both are always checked so the time taken does not say which one matched.
    by_password = verify_password(user.password_hash, secret)
    by_pin = verify_pin(user.pin_hash, secret)
    return "password" if by_password else "pin" if by_pin else None


def sign_out(
    session: Session, user: CurrentUser, *, reason: str = "signed_out", app_session: str | None = None
) -> None:
    """Audit the end of a signed-in session: by the user, or by the idle timeout."""
    if reason not in SIGN_OUT_REASONS:
        raise ValueError(f"sign-out reason must be one of {SIGN_OUT_REASONS}")
    record_event(
        session,
        actor=user.username,
        actor_user_id=user.user_id,
        action="auth.sign_out",
        entity_type="user",
        entity_id=user.user_id,
        detail={"reason": reason},
        app_session=app_session,
    )


def _locked_row(session: Session, condition: Any) -> User | None:
    return session.scalar(select(User).where(condition).with_for_update())


def _failure(
    session: Session, user: User, now: datetime, policy: SessionPolicy, action: str, app_session: str | None
) -> str:
    """Count one wrong secret, lock at the limit; the message to show."""
    user.failed_attempts += 1
    _audit(session, action, user, app_session, reason="wrong_secret", failed_attempts=user.failed_attempts)
    if user.failed_attempts < policy.max_failures:
        return NOT_RIGHT
    user.failed_attempts, user.locked_until = 0, lock_ends(now, policy)
    _audit(session, "auth.locked", user, app_session, lock_minutes=policy.lock_minutes)
    return locked_message(user.locked_until, now)


def _audit(
    session: Session,
    action: str,
    user: User | None,
    app_session: str | None,
    *,
    actor: CurrentUser | None = None,
    **detail: Any,
) -> None:
    record_event(
        session,
        actor=actor.username if actor else NOT_SIGNED_IN,
        actor_user_id=actor.user_id if actor else None,
        action=action,
        entity_type="user",
        entity_id=user.id if user else None,
        detail=detail or None,
        app_session=app_session,
    )


def record_identity_sign_in(
    session: Session, user: CurrentUser | None, *, now: datetime, app_session: str | None = None
) -> None:
    """Audit a sign-in through the trust's identity provider: mapped, or refused as unknown."""
    if user is None:
        _audit(session, "auth.sign_in_failed", None, app_session, reason="unmapped_identity")
        return
    session.execute(update(User).where(User.id == user.user_id).values(last_sign_in_at=now))
    record_event(
        session,
        actor=user.username,
        actor_user_id=user.user_id,
        action="auth.sign_in",
        entity_type="user",
        entity_id=user.user_id,
        detail={"method": "identity_provider"},
        app_session=app_session,
    )
