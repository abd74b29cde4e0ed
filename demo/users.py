"""One demo account per role, so a trainer can show every screen of the demo service.

The credentials are fixed and public on purpose: they exist only in a database that holds
the demo service (`load_demo_data` refuses any other), `demo-data` prints them, and the
sign-in page shows them on the demo database only. Outside demo mode sign-in refuses them
(`screening.database.rules.demo_mode`, which holds the accounts). A real installation makes its users with
`create-user` or the Users page; the app refuses default secrets outside demo mode.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from screening.access.services.accounts import create_user
from screening.clinical.rules.codes import USER_ROLES
from screening.database.rules.demo_mode import DEMO_USERS


def add_demo_users(session: Session) -> int:
    for user in DEMO_USERS:
        create_user(
            session,
            username=user.username,
            display_name=user.name,
            role=user.role,
            password=user.password,
            site_codes=user.sites,
            pin=user.pin,
            actor=None,
        )
    return len(DEMO_USERS)


def demo_credentials() -> list[tuple[str, str, str, str]]:
    """(role label, username, password, PIN) for the banner and the command line."""
    return [(USER_ROLES[u.role], u.username, u.password, u.pin or "-") for u in DEMO_USERS]
