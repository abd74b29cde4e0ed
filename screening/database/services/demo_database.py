"""Is this database the demo? The marker the demo loader writes, and the database's name.

`screening.database.rules.demo_mode` holds the rule and its reasons: demo mode needs the demo marker in a
database named as the demo; demo data anywhere else is "misplaced" and refused.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session

from models.database import redacted
from screening.database.rules.demo_mode import MISPLACED_DEMO, is_demo_location
from screening.database.services.database import is_demo
from screening.errors import ScreeningError


class DemoDataMisplaced(ScreeningError):
    """The demo service's data in a database not named as the demo: refused for any use."""

    def __init__(self) -> None:
        super().__init__(MISPLACED_DEMO)


def is_demo_url(url: str) -> bool:
    """Whether a database URL names a demo database (`screening.database.rules.demo_mode`); False if no URL."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return False
    return is_demo_location(parsed.get_backend_name(), parsed.database)


def url_for_humans(url: str) -> str:
    """The URL with any password hidden, or a placeholder when it is not a URL."""
    try:
        return redacted(url)
    except ArgumentError:
        return "not a database URL"


DemoState = Literal["real", "demo", "misplaced"]


def demo_state(session: Session) -> DemoState:
    """ "demo": demo data in a demo database (demo mode); "misplaced": demo data anywhere else."""
    if not is_demo(session):
        return "real"
    url = session.get_bind().engine.url  # the same Engine.url; a Connection bind has no .url of its own
    return "demo" if is_demo_location(url.get_backend_name(), url.database) else "misplaced"


def demo_mode(session: Session) -> bool:
    """Demo mode: the public demo key and sign-ins are allowed. Raises on misplaced demo data."""
    state = demo_state(session)
    if state == "misplaced":
        raise DemoDataMisplaced()
    return state == "demo"
