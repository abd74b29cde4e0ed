"""When demo mode applies: the rule that keeps the invented demo service apart from real data.

Design decisions:
- The demo service lives in a database of its own, named as one: a SQLite file `demo.db`
  (or `<anything>-demo.db` / `_demo.db`), or a PostgreSQL database named `demo` or ending
  in `_demo` / `-demo`. `make run` uses data/demo.db; with DATABASE_URL unset the app and
  the commands use data/screening.db, which is never a demo database.
- Demo mode (the public demo pseudonym key, the demo sign-ins shown and accepted) needs
  BOTH that name AND the marker the demo loader writes (AppMeta "demo_data"). The name
  alone is not enough: an empty demo.db, or real data put in one, is not the demo. The
  marker alone is not enough either: a demo file renamed to screening.db, or restored
  under a real name, is "misplaced" demo data, and the app refuses to start on it.
- Demo accounts are known by two public facts, not by a column: their `demo.` username
  prefix and their published passwords. Outside demo mode both are refused at sign-in,
  so a demo account copied into a real database, or a real user given a published demo
  password, cannot sign in.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import NamedTuple

DEMO_FILE = "data/demo.db"
DEMO_DATABASE_URL = f"sqlite:///{DEMO_FILE}"
DEMO_NAME = "demo"
DEMO_SUFFIXES = ("_demo", "-demo")
DEMO_USERNAME_PREFIX = "demo."
WHERE_THE_DEMO_LIVES = (
    f"The demo lives in its own database: `make run` uses {DEMO_FILE}; elsewhere name a SQLite file "
    "demo.db (or ending in -demo.db) or a PostgreSQL database ending in _demo, and set DATABASE_URL to it."
)
NOT_A_DEMO_DATABASE = (
    "Demo data goes only into a demo database, never into one meant for patients. " + WHERE_THE_DEMO_LIVES
)
MISPLACED_DEMO = (
    "This database holds the invented demo service but is not a demo database (was a demo file renamed "
    "or copied?). Do not use it for patients. For the demo, run `make run`; for real use, point "
    "DATABASE_URL at a database made with `python -m screening init-db`."
)
DEMO_SIGN_IN_REFUSED = (
    "Demo sign-ins work only on the demo database (`make run`). Sign in with your own account; if an "
    "administrator gave you one of the published demo passwords, ask them to set a new one."
)


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
DEMO_PASSWORDS: frozenset[str] = frozenset(user.password for user in DEMO_USERS)


def is_demo_name(name: str) -> bool:
    name = name.lower()
    return name == DEMO_NAME or name.endswith(DEMO_SUFFIXES)


def is_demo_location(backend: str, database: str | None) -> bool:
    """Whether a database (backend name, SQLite file path or database name) is named as the demo."""
    if not database:
        return False
    if backend == "sqlite":
        path = PurePath(database)
        return path.suffix == ".db" and is_demo_name(path.stem)
    return backend == "postgresql" and is_demo_name(database)


def is_demo_credential(username: str, password: str) -> bool:
    """A demo account's username or any published demo password (refused outside demo mode)."""
    return username.strip().lower().startswith(DEMO_USERNAME_PREFIX) or password in DEMO_PASSWORDS
