"""Template databases for the tests: migrated once per run, cloned per test.

A file copy on SQLite; `CREATE DATABASE ... TEMPLATE` on PostgreSQL (see tests/conftest.py).
On PostgreSQL the template also grants a login role of this run's own (`app_role`) the
app's rights (`setup-roles`), so every clone can be reached as the app's role too; the
role is dropped at the end of the run.
"""

from __future__ import annotations

import os
import shutil
import uuid
import warnings
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from models.database import make_engine, migrate_to_head
from screening.database.services.database_roles import ensure_app_role, grant_app_role

BACKENDS = tuple(b.strip() for b in os.environ.get("TEST_DATABASES", "sqlite,postgresql").split(",") if b.strip())
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class Templates:
    """Migrated template databases, built on first use, one per backend."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._sqlite: Path | None = None
        self._pg: tuple[URL, str, bool] | None = None  # (server URL, template, made by us)
        self._pg_error: str | None = None
        self.app_role = f"mb_test_app_{uuid.uuid4().hex[:10]}"

    def sqlite_copy(self, target: Path) -> str:
        if self._sqlite is None:
            path = self.folder / "template.db"
            engine = make_engine(f"sqlite:///{path}")
            migrate_to_head(engine)
            with engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            engine.dispose()
            self._sqlite = path
        shutil.copyfile(self._sqlite, target)
        return f"sqlite:///{target}"

    def _admin(self, server: URL) -> Engine:
        return create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")

    def _postgres_template(self) -> tuple[URL, str, bool]:
        if self._pg is not None:
            return self._pg
        if self._pg_error is not None:
            _missing_postgres(self._pg_error)
        given = os.environ.get("TEST_POSTGRES_URL", "").strip()
        server = make_url(given or DEFAULT_POSTGRES)
        name = server.database if given else f"mb_test_{uuid.uuid4().hex[:10]}"
        assert name, "TEST_POSTGRES_URL must name a database"
        admin = self._admin(server)
        try:
            with admin.connect() as connection:
                if not given:
                    connection.execute(text(f"CREATE DATABASE {_quote(name)}"))
        except OperationalError as error:
            self._pg_error = f"PostgreSQL not reachable at {server.render_as_string()}: {error.orig}"
            _missing_postgres(self._pg_error)
        finally:
            admin.dispose()
        engine = make_engine(server.set(database=name).render_as_string(hide_password=False))
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        migrate_to_head(engine)
        with engine.begin() as connection:
            ensure_app_role(connection, self.app_role)
            grant_app_role(connection, self.app_role)
        engine.dispose()
        self._pg = (server, name, not given)
        return self._pg

    def postgres_clone(self, suffix: str = "") -> tuple[str, str]:
        """(URL, name) of a fresh copy; `suffix="_demo"` names it as a demo database."""
        server, template, _ = self._postgres_template()
        clone = f"{template}_{uuid.uuid4().hex[:8]}{suffix}"
        admin = self._admin(server)
        with admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {_quote(clone)} TEMPLATE {_quote(template)}"))
        admin.dispose()
        return server.set(database=clone).render_as_string(hide_password=False), clone

    def drop_postgres(self, name: str) -> None:
        server, _, _ = self._postgres_template()
        admin = self._admin(server)
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)"))
        admin.dispose()

    def as_app_role(self, url: str) -> str:
        """The same PostgreSQL database, reached as this run's app role."""
        return make_url(url).set(username=self.app_role, password=None).render_as_string(hide_password=False)

    def close(self) -> None:
        if self._pg is None:
            return
        server, template, ours = self._pg
        if ours:
            self.drop_postgres(template)
        else:  # CI's own database outlives the run: take the role's grants out of it first
            engine = create_engine(server.set(database=template))
            with engine.begin() as connection:
                connection.execute(text(f"DROP OWNED BY {_quote(self.app_role)}"))
            engine.dispose()
        admin = self._admin(server)
        try:
            with admin.connect() as connection:
                connection.execute(text(f"DROP ROLE IF EXISTS {_quote(self.app_role)}"))
        except DBAPIError as error:  # a clone a crashed test left behind still names it
            warnings.warn(f"test role {self.app_role} not dropped: {error.orig}", stacklevel=1)
        finally:
            admin.dispose()


def _missing_postgres(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: PostgreSQL is required)", pytrace=False)
    pytest.skip(reason)
