"""Opening the product's database: migrate to head, then hand out one transaction per action.

The app and the command line both start here, so both run on a schema at the newest
migration, on SQLite or PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from models import AppMeta, Patient
from models.database import (
    database_url,
    make_engine,
    make_sessionmaker,
    migrate_to_head,
    redacted,
    session_scope,
)
from screening.errors import ScreeningError


class DatabaseUnavailable(ScreeningError):
    """The database cannot be reached; the message names it without any password."""


@dataclass(frozen=True)
class Database:
    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: commit at the end, roll back on error."""
        with session_scope(self.sessions) as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def configured_url() -> str:
    """DATABASE_URL, or the default SQLite file under data/."""
    return database_url()


def open_database(url: str | None = None, *, migrate: bool = True) -> Database:
    """Connect, and bring the schema to head unless told not to."""
    url = url or database_url()
    try:
        engine = make_engine(url)
    except ArgumentError as error:
        raise DatabaseUnavailable(
            "DATABASE_URL is not a database URL: use sqlite:///path/to/file.db or "
            "postgresql+psycopg://user@host:5432/name."
        ) from error
    try:
        if migrate:
            migrate_to_head(engine)
        else:
            engine.connect().close()
    except OperationalError as error:
        engine.dispose()
        raise DatabaseUnavailable(
            f"Cannot reach the database at {redacted(url)}: check DATABASE_URL and that the "
            "server is running."
        ) from error
    return Database(url=url, engine=engine, sessions=make_sessionmaker(engine))


def is_empty(session: Session) -> bool:
    return session.scalar(select(Patient.id).limit(1)) is None


def is_demo(session: Session) -> bool:
    """Whether the database holds the demo service's invented data (the loader's marker)."""
    return session.get(AppMeta, "demo_data") is not None
