"""The app's database handle, opened (and migrated) once per process and URL.

The `Database` in the cache is never mutated: pages only ask it for a new transaction
per user action, so no Session or ORM object outlives one script run.
"""

from __future__ import annotations

import streamlit as st

from screening.services.database import Database, configured_url, open_database


@st.cache_resource(ttl="12h", show_spinner="Opening the database…")
def _database(url: str) -> Database:
    return open_database(url)


def database() -> Database:
    """The database DATABASE_URL names (the URL is the cache key, so tests can switch)."""
    return _database(configured_url())
