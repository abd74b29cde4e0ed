"""Local accounts: creating users and changing their role, sites, PIN and state.

Design decisions:
- Every change checks `policy.require(actor, MANAGE_USERS)` here, in the service, so no
  page can skip it. `create_user` alone also accepts `actor=None`: the command line that
  makes the first administrator, run by someone with access to the server itself.
- Every change is audited with codes only (role, site codes, whether a PIN is set): never
  a password, PIN or name in the detail. The user is the entity; the actor is who did it.
- The last active administrator cannot be demoted or switched off, so the installation
  can never lose the only role that manages users.
- Services never commit: the caller's transaction is the unit of work.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from models import Site, User, user_sites
from screening.access.rules.passwords import check_password_policy, check_pin_policy, hash_password, hash_pin
from screening.audit.services.audit import record_event
from screening.clinical.rules.codes import USER_ROLES
from screening.errors import ConflictError, InvalidValue, NotFound, PermissionDenied
from screening.policy import Action, CurrentUser, require
from screening.text_safety import refuse_unsafe

USERNAME = re.compile(r"[a-z0-9._-]{3,60}")
ALL_SITES = "ALL"
COMMAND_LINE = "command line"  # the audit actor when no signed-in user made the change


def create_user(
    session: Session,
    *,
    username: str,
    display_name: str,
    role: str,
    password: str,
    site_codes: list[str] | None,
    pin: str | None = None,
    actor: CurrentUser | None,
    oidc_subject: str | None = None,
) -> User:
    """Add a local account; `site_codes` None or ["ALL"] gives every site.

    `oidc_subject` also links the trust identity provider account with that subject
    (`sub` claim), as `map_identity` does, so the user can sign in through it.
    """
    if actor is not None:
        require(actor, Action.MANAGE_USERS)
    username = (username or "").strip().lower()  # usernames are case-insensitive
    if not USERNAME.fullmatch(username):
        raise InvalidValue("username", "must be 3-60 of a-z, 0-9, '.', '_' or '-'.")
    display_name = (display_name or "").strip()
    if not 1 <= len(display_name) <= 120:
        raise InvalidValue("name", "must be 1-120 characters.")
    refuse_unsafe("name", display_name)  # hazard H5: no hidden direction or control characters
    _check_role(role)
    check_password_policy(password, username=username)
    if pin is not None:
        check_pin_policy(pin)
    all_sites, sites = _resolve_sites(session, site_codes)
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise ConflictError(f"A user named {username} already exists; choose another username.")
    subject = _free_subject(session, oidc_subject, None)
    user = User(
        username=username,
        display_name=display_name,
        role=role,
        all_sites=all_sites,
        sites=sites,
        password_hash=hash_password(password),
        pin_hash=hash_pin(pin) if pin is not None else None,
    )
    session.add(user)
    session.flush()
    _audit(session, actor, "user.created", user, role=role, sites=_codes(user), pin_set=pin is not None)
    if subject is not None:
        user.oidc_subject = subject
        _audit(session, actor, "user.identity_linked", user)
    return user


def change_role(session: Session, *, actor: CurrentUser, user_id: int, role: str) -> User:
    require(actor, Action.MANAGE_USERS)
    _check_role(role)
    user = _get(session, user_id)
    if user.role != role:
        if user.role == "administrator":
            _keep_an_administrator(session, user)
        previous, user.role = user.role, role
        _audit(session, actor, "user.role_changed", user, previous=previous, role=role)
    return user


def set_sites(session: Session, *, actor: CurrentUser, user_id: int, site_codes: list[str] | None) -> User:
    require(actor, Action.MANAGE_USERS)
    user = session.scalar(select(User).where(User.id == user_id).options(selectinload(User.sites)))
    if user is None:
        raise NotFound("No such user.")
    previous = _codes(user)
    user.all_sites, user.sites = _resolve_sites(session, site_codes)
    _audit(session, actor, "user.sites_changed", user, previous=previous, sites=_codes(user))
    return user


def deactivate_user(session: Session, *, actor: CurrentUser, user_id: int) -> User:
    require(actor, Action.MANAGE_USERS)
    user = _get(session, user_id)
    if user.active:
        if user.role == "administrator":
            _keep_an_administrator(session, user)
        user.active = False
        _audit(session, actor, "user.deactivated", user)
    return user


def reactivate_user(session: Session, *, actor: CurrentUser, user_id: int) -> User:
    """Switch a deactivated account back on, with the role and sites it had."""
    require(actor, Action.MANAGE_USERS)
    user = _get(session, user_id)
    if not user.active:
        user.active = True
        _audit(session, actor, "user.reactivated", user)
    return user


def unlock_user(session: Session, *, actor: CurrentUser, user_id: int) -> User:
    """Lift a sign-in lockout before it passes (the locked message tells users to ask)."""
    require(actor, Action.MANAGE_USERS)
    user = _get(session, user_id)
    user.failed_attempts, user.locked_until = 0, None
    _audit(session, actor, "user.unlocked", user)
    return user


def set_pin(session: Session, *, actor: CurrentUser, user_id: int, pin: str | None) -> User:
    """Set the staff PIN for leaving patient mode; None removes it."""
    require(actor, Action.MANAGE_USERS)
    user = _get(session, user_id)
    user.pin_hash = None if pin is None else hash_pin(pin)
    _audit(session, actor, "user.pin_set" if pin is not None else "user.pin_cleared", user)
    return user


def load_current_user(session: Session, user_id: int) -> CurrentUser:
    """The signed-in user as of now: call per action so role and site changes apply at once."""
    user = session.get(User, user_id)
    if user is None or not user.active:
        raise PermissionDenied("Your account is not active; ask an administrator.")
    site_ids = (
        None
        if user.all_sites
        else frozenset(session.scalars(select(user_sites.c.site_id).where(user_sites.c.user_id == user.id)))
    )
    return CurrentUser(user.id, user.username, user.display_name, user.role, site_ids)


def _check_role(role: str) -> None:
    if role not in USER_ROLES:
        raise InvalidValue("role", f"'{role}' is not one of {', '.join(USER_ROLES)}.")


def _get(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    return user


def _resolve_sites(session: Session, site_codes: list[str] | None) -> tuple[bool, list[Site]]:
    """(all sites?, the named sites); an unknown code says how to create it."""
    given = [ALL_SITES] if site_codes is None else site_codes  # [] is a mistake, not "all"
    codes = list(dict.fromkeys(c.strip().upper() for c in given if c.strip()))
    if codes == [ALL_SITES]:
        return True, []
    if not codes or ALL_SITES in codes:
        raise InvalidValue("sites", "give site codes separated by commas, or ALL on its own.")
    found = {s.code: s for s in session.scalars(select(Site).where(Site.code.in_(codes)))}
    missing = [code for code in codes if code not in found]
    if missing:
        raise NotFound(
            f"No site with code {', '.join(missing)}: create it with `python -m screening add-site CODE NAME`."
        )
    return False, [found[code] for code in codes]


def _codes(user: User) -> list[str]:
    return [ALL_SITES] if user.all_sites else sorted(site.code for site in user.sites)


def _keep_an_administrator(session: Session, leaving: User) -> None:
    others = session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == "administrator", User.active.is_(True), User.id != leaving.id)
    )
    if not others:
        raise ConflictError("This is the last active administrator; make another one first.")


def _audit(session: Session, actor: CurrentUser | None, action: str, user: User, **detail: Any) -> None:
    record_event(
        session,
        actor=actor.username if actor else COMMAND_LINE,
        actor_user_id=actor.user_id if actor else None,
        action=action,
        entity_type="user",
        entity_id=user.id,
        detail=detail or None,
    )


def map_identity(session: Session, *, actor: CurrentUser, user_id: int, subject: str | None) -> User:
    """Link (or unlink, with None) a trust identity provider account to a user."""
    require(actor, Action.MANAGE_USERS)
    user = _get(session, user_id)
    subject = _free_subject(session, subject, user_id)
    if user.oidc_subject != subject:
        user.oidc_subject = subject
        _audit(session, actor, "user.identity_linked" if subject else "user.identity_unlinked", user)
    return user


def _free_subject(session: Session, subject: str | None, user_id: int | None) -> str | None:
    """The trimmed subject (None when blank), refused when too long or linked to another user."""
    subject = (subject or "").strip() or None
    if subject is None:
        return None
    if len(subject) > 200:
        raise InvalidValue("identity", "must be at most 200 characters.")
    if session.scalar(select(User.id).where(User.oidc_subject == subject, User.id != user_id)) is not None:
        raise ConflictError("That identity is already linked to another user; unlink it there first.")
    return subject


def user_for_identity(session: Session, subject: str) -> CurrentUser | None:
    """The active user an administrator mapped to this identity, or None."""
    user_id = session.scalar(select(User.id).where(User.oidc_subject == subject, User.active.is_(True)))
    return None if user_id is None else load_current_user(session, user_id)
