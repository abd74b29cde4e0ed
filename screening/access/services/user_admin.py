"""What the Users page reads: every account as a frozen row, and the sites to choose from.

Design decisions:
- Both functions check `require(actor, MANAGE_USERS)` themselves; changes go through
  `screening.access.services.accounts`, which checks and audits each one.
- A row says whether a PIN or an identity-provider link is set, never the hash or the
  subject itself: the page needs the yes/no, and nothing more leaves the service.
- `locked_until` is given only while the lock is still running (a lock that has passed
  means nothing to an administrator), judged against `now`, which tests pass in.
- Reading is not audited: the list holds staff accounts, not patient data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Site, User
from screening.access.rules.sign_in_policy import is_locked
from screening.clinical.rules.codes import USER_ROLES
from screening.policy import Action, CurrentUser, require

ALL_SITES = "ALL"  # as `accounts.create_user` and `set_sites` take it


@dataclass(frozen=True)
class UserRow:
    user_id: int
    username: str
    name: str
    role: str
    role_label: str
    site_codes: tuple[str, ...]  # ("ALL",) for every site
    active: bool
    locked_until: datetime | None  # only while the lock still holds
    pin_set: bool
    identity_linked: bool
    last_sign_in: datetime | None


@dataclass(frozen=True)
class SiteChoice:
    code: str
    name: str


def list_users(session: Session, actor: CurrentUser, *, now: datetime | None = None) -> tuple[UserRow, ...]:
    """Every account, by username, switched-off ones included (they can be switched back on)."""
    require(actor, Action.MANAGE_USERS)
    now = now or datetime.now(UTC)
    users = session.scalars(select(User).options(selectinload(User.sites)).order_by(User.username))
    return tuple(
        UserRow(
            user_id=u.id,
            username=u.username,
            name=u.display_name,
            role=u.role,
            role_label=USER_ROLES[u.role],
            site_codes=(ALL_SITES,) if u.all_sites else tuple(sorted(s.code for s in u.sites)),
            active=u.active,
            locked_until=u.locked_until if is_locked(u.locked_until, now) else None,
            pin_set=u.pin_hash is not None,
            identity_linked=u.oidc_subject is not None,
            last_sign_in=u.last_sign_in_at,
        )
        for u in users
    )


def site_choices(session: Session, actor: CurrentUser) -> tuple[SiteChoice, ...]:
    """Every site by code, for the site-scope picker."""
    require(actor, Action.MANAGE_USERS)
    rows = session.execute(select(Site.code, Site.name).order_by(Site.code))
    return tuple(SiteChoice(code, name) for code, name in rows)
