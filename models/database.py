"""Engine, sessions and migrations.

`DATABASE_URL` selects the database; without it the app uses a SQLite file under
`data/`. On PostgreSQL it may name the app's own role, which owns nothing; then
`DATABASE_OWNER_URL` (or `MIGRATION_DATABASE_URL`) names the schema owner, which runs the
migrations (`init-db`), and the app only checks that the schema is at head. SQLite runs with foreign keys on and WAL mode so a reader never blocks the
tablet that is saving answers. One user action is one transaction: `session_scope()`
commits when the block ends and rolls back on any error.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DEFAULT_SQLITE_PATH = ROOT / "data" / "screening.db"


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    return url or f"sqlite:///{DEFAULT_SQLITE_PATH}"


def owner_database_url() -> str:
    """The URL migrations run with: DATABASE_OWNER_URL, MIGRATION_DATABASE_URL, else DATABASE_URL."""
    for name in ("DATABASE_OWNER_URL", "MIGRATION_DATABASE_URL"):
        url = os.environ.get(name, "").strip()
        if url:
            return url
    return database_url()


def redacted(url: str) -> str:
    """The URL with any password hidden, for printing."""
    return make_url(url).render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # A server that silently drops packets must not freeze a tablet's tap until TCP gives
    # up: five seconds to connect, then the outage path (answers kept on the tablet) takes over.
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20, connect_args={"connect_timeout": 5})


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One user action, one transaction: commit at the end, roll back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(engine: Engine | None = None) -> Config:
    """Alembic's configuration for our migration set, bound to `engine` when given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def migrate_to_head(engine: Engine) -> None:
    """Bring the schema to the newest migration (safe to call on every start)."""
    command.upgrade(alembic_config(engine), "head")


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def can_migrate(engine: Engine) -> bool:
    """May this connection change the schema? Always on SQLite; on PostgreSQL only a role
    that may CREATE in the schema and owns (or belongs to the owner of) alembic_version."""
    if engine.dialect.name != "postgresql":
        return True
    with engine.connect() as connection:
        return bool(connection.execute(text(
            "SELECT has_schema_privilege(current_schema(), 'CREATE') AND coalesce("
            "(SELECT pg_has_role(relowner, 'USAGE') FROM pg_class WHERE oid = to_regclass('alembic_version')), true)"
        )).scalar())  # fmt: skip
