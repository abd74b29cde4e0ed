"""Opening the product's database: at head (migrating if allowed), then one transaction per action.

The app and the command line both start here, so both run on a schema at the newest
migration, on SQLite or PostgreSQL alike. A schema already at head is left alone. One
behind is migrated when the connection may change the schema (SQLite always; PostgreSQL
when connected as the owner); connected as the app's own role, which may not, the app
stops with `SchemaNotReady`, naming the command to run as the owner (issue 14).
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
    can_migrate,
    current_revision,
    database_url,
    head_revision,
    make_engine,
    make_sessionmaker,
    migrate_to_head,
    redacted,
    session_scope,
)
from screening.errors import ScreeningError


class DatabaseUnavailable(ScreeningError):
    """The database cannot be reached; the message names it without any password."""


class SchemaNotReady(ScreeningError):
    """The schema is behind this version and the connected role may not migrate it."""


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
            bring_to_head(engine)
        else:
            engine.connect().close()
    except OperationalError as error:
        engine.dispose()
        raise DatabaseUnavailable(
            f"Cannot reach the database at {redacted(url)}: check DATABASE_URL and that the server is running."
        ) from error
    return Database(url=url, engine=engine, sessions=make_sessionmaker(engine))


def bring_to_head(engine: Engine) -> None:
    """Migrate to head if behind and allowed; behind and not allowed: SchemaNotReady."""
    revision, head = current_revision(engine), head_revision()
    if revision == head:
        return
    if not can_migrate(engine):
        engine.dispose()
        raise SchemaNotReady(
            f"The database schema is at revision {revision or 'none'} and this version needs {head}; "
            "this database role may not migrate it. Run `python -m screening init-db` with "
            "DATABASE_OWNER_URL set to the schema owner's URL."
        )
    migrate_to_head(engine)


def is_empty(session: Session) -> bool:
    return session.scalar(select(Patient.id).limit(1)) is None


def is_demo(session: Session) -> bool:
    """Whether the database holds the demo service's invented data (the loader's marker)."""
    return session.get(AppMeta, "demo_data") is not None
