"""One demo account per role, so a trainer can show every screen of the demo service.

The credentials are fixed and public on purpose: they exist only in a database that holds
the demo service (`load_demo_data` refuses any other), `demo-data` prints them, and the
demo banner shows them. A real installation makes its users with `create-user` or the
Users page; the app refuses default secrets outside demo mode.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy.orm import Session

from screening.codes import USER_ROLES
from screening.services.accounts import create_user


class DemoUser(NamedTuple):
    username: str
    name: str
    role: str
    sites: list[str] | None  # None = all sites
    password: str
    pin: str | None


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("demo.staff", "Demo Clinic Nurse", "clinic_staff", ["GUY"], "demo-staff-password", "2468"),
    DemoUser("demo.psychologist", "Demo Psychologist", "psychologist", None, "demo-psych-password", "1357"),
    DemoUser("demo.manager", "Demo Service Manager", "service_manager", None, "demo-manager-password", None),
    DemoUser("demo.admin", "Demo Administrator", "administrator", None, "demo-admin-password", None),
)


def add_demo_users(session: Session) -> int:
    for user in DEMO_USERS:
        create_user(
            session, username=user.username, display_name=user.name, role=user.role,
            password=user.password, site_codes=user.sites, pin=user.pin, actor=None,
        )
    return len(DEMO_USERS)


def demo_credentials() -> list[tuple[str, str, str, str]]:
    """(role label, username, password, PIN) for the banner and the command line."""
    return [(USER_ROLES[u.role], u.username, u.password, u.pin or "-") for u in DEMO_USERS]
