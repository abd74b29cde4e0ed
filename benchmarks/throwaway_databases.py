"""A fresh database for one benchmark run: a SQLite file, or a PostgreSQL database made and dropped."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from screening.database.services.database import Database, open_database


def fresh_database(backend: str, folder: Path, server: str) -> tuple[str, str | None]:
    """(URL, PostgreSQL database name to drop afterwards, or None for SQLite)."""
    if backend == "sqlite":
        return f"sqlite:///{folder / 'bench.db'}", None
    name = f"mb_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(make_url(server).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False), name


def drop_database(server: str, name: str) -> None:
    admin = create_engine(make_url(server).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def backends(text: str) -> list[str]:
    """ "sqlite,postgresql" as a list, blanks dropped."""
    return [b.strip() for b in text.split(",") if b.strip()]


@contextmanager
def throwaway(backend: str, folder: Path, server: str) -> Iterator[str]:
    """The URL of a fresh database for one benchmark run, dropped afterwards (PostgreSQL)."""
    url, name = fresh_database(backend, folder, server)
    try:
        yield url
    finally:
        if name is not None:
            drop_database(server, name)


@contextmanager
def throwaway_database(backend: str, folder: Path, server: str) -> Iterator[Database]:
    """A fresh database opened (migrated to head) for one run, disposed and dropped afterwards."""
    with throwaway(backend, folder, server) as url:
        database = open_database(url)
        try:
            yield database
        finally:
            database.dispose()
