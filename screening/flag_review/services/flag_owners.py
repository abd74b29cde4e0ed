"""Who may own a flag at a site: active users whose role acts on flags and who cover the site.

A reassignment offers exactly these people and the service refuses anyone else, so a flag
can never be handed to someone who cannot see it (site scope) or act on it (role).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from models import User, user_sites
from screening.policy import ROLE_ACTIONS, Action

FLAG_ROLES = tuple(role for role, actions in ROLE_ACTIONS.items() if Action.ACT_ON_FLAG in actions)


@dataclass(frozen=True)
class Owner:
    user_id: int
    display_name: str


def flag_owners_at(session: Session, site_id: int) -> tuple[Owner, ...]:
    covers = or_(
        User.all_sites.is_(True),
        User.id.in_(select(user_sites.c.user_id).where(user_sites.c.site_id == site_id)),
    )
    query = (
        select(User.id, User.display_name)
        .where(User.active.is_(True), User.role.in_(FLAG_ROLES), covers)
        .order_by(User.display_name, User.id)
    )
    return tuple(Owner(i, name) for i, name in session.execute(query))
