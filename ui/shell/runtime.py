"""The app's database handle, opened (and migrated) once per process and URL.

The `Database` in the cache is never mutated: pages only ask it for a new transaction
per user action, so no Session or ORM object outlives one script run.
"""

from __future__ import annotations

import os
from typing import Any

import streamlit as st

from screening.access.rules.app_secrets import check_secrets
from screening.database.services.database import Database, configured_url, open_database
from screening.database.services.demo_database import DemoDataMisplaced, DemoState, demo_state


@st.cache_resource(ttl="12h", show_spinner="Opening the database…")
def _database(url: str) -> Database:
    return open_database(url)


def database() -> Database:
    """The database DATABASE_URL names (the URL is the cache key, so tests can switch)."""
    return _database(configured_url())


@st.cache_data(ttl="60s", show_spinner=False)
def _demo_state(url: str) -> DemoState:
    with _database(url).transaction() as session:
        return demo_state(session)


def demo_mode() -> bool:
    """Whether this is the demo database: demo data in a database named as the demo (cached a minute)."""
    return _demo_state(configured_url()) == "demo"


def file_secrets() -> dict[str, Any]:
    try:
        return st.secrets.to_dict()
    except Exception:
        return {}


def check_startup_secrets() -> None:
    """Refuse misplaced demo data, and a real service on a missing, default or weak secret."""
    state = _demo_state(configured_url())
    if state == "misplaced":
        raise DemoDataMisplaced()
    check_secrets(os.environ, file_secrets(), configured_url(), demo=state == "demo")
