"""The benchmark's own PostgreSQL database, made and dropped on the server DATABASE_URL names.

The benchmark never writes into the database DATABASE_URL points at: it makes a database
of its own beside it (`mb_bench_<size>_<months>`), through the server's `postgres`
database, and drops it afterwards unless asked to keep it.
"""

from __future__ import annotations

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def server_database(server: str, name: str, *, reuse: bool) -> tuple[str, bool]:
    """(URL of database `name` on the server, whether it already existed and is kept)."""
    admin = create_engine(make_url(server).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}) is not None
        if exists and not reuse:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        if not (exists and reuse):
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False), exists and reuse


def drop_server_database(url: str) -> None:
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()
