"""Template databases for the tests: migrated once per run, cloned per test.

A file copy on SQLite; `CREATE DATABASE ... TEMPLATE` on PostgreSQL (see tests/conftest.py).
Under pytest-xdist each worker has its own templates: SQLite files in the worker's own
temporary folder, and on PostgreSQL a template database named after the worker (with
TEST_POSTGRES_URL, the given database's name plus "_gw0", "_gw1", ...; made and dropped
by the worker, the given database itself left empty).
On PostgreSQL the template also grants a login role of this run's own (`app_role`) the
app's rights (`setup-roles`), so every clone can be reached as the app's role too; the
role is dropped at the end of the run.
"""

from __future__ import annotations

import os
import shutil
import uuid
import warnings
from concurrent.futures import Future, ThreadPoolExecutor
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
# pytest-xdist's worker id ("gw0", "gw1", ...), or "" in a run without workers.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


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
        self._admin_engine: Engine | None = None
        # PostgreSQL's slow steps off the tests' path: the next plain copy is made, and used
        # copies are dropped, by two threads while the tests run.
        self._background = ThreadPoolExecutor(max_workers=2, thread_name_prefix="test-databases")
        self._next: Future[str] | None = None
        self._drops: list[Future[None]] = []

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
        """The engine for CREATE and DROP DATABASE, its connections kept for the run."""
        if self._admin_engine is None:
            self._admin_engine = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT",
                                               pool_size=3)  # fmt: skip
        return self._admin_engine

    def _postgres_template(self) -> tuple[URL, str, bool]:
        if self._pg is not None:
            return self._pg
        if self._pg_error is not None:
            _missing_postgres(self._pg_error)
        given = os.environ.get("TEST_POSTGRES_URL", "").strip()
        server = make_url(given or DEFAULT_POSTGRES)
        assert server.database or not given, "TEST_POSTGRES_URL must name a database"
        if not given:
            name, ours = f"mb_test_{uuid.uuid4().hex[:10]}", True
        elif WORKER:  # each xdist worker migrates a template of its own, named after the given one
            name, ours = f"{server.database}_{WORKER}", True
        else:
            name, ours = str(server.database), False
        try:
            with self._admin(server).connect() as connection:
                if ours:
                    connection.execute(text(f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)"))
                    connection.execute(text(f"CREATE DATABASE {_quote(name)}"))
        except OperationalError as error:
            self._pg_error = f"PostgreSQL not reachable at {server.render_as_string()}: {error.orig}"
            _missing_postgres(self._pg_error)
        engine = make_engine(server.set(database=name).render_as_string(hide_password=False))
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        migrate_to_head(engine)
        with engine.begin() as connection:
            ensure_app_role(connection, self.app_role)
            grant_app_role(connection, self.app_role)
        engine.dispose()
        self._pg = (server, name, ours)
        return self._pg

    def postgres_clone(self, suffix: str = "", source: str | None = None) -> tuple[str, str]:
        """(URL, name) of a fresh copy of the template (or of the database `source`);
        `suffix="_demo"` names it as a demo database."""
        server, _, _ = self._postgres_template()
        if suffix or source:
            name = self._create_clone(suffix, source)
        else:  # the copy made in the background while the last test ran; the next one starts now
            name = (self._next or self._background.submit(self._create_clone, "")).result()
            self._next = self._background.submit(self._create_clone, "")
        return server.set(database=name).render_as_string(hide_password=False), name

    def _create_clone(self, suffix: str, source: str | None = None) -> str:
        server, template, _ = self._postgres_template()
        clone = f"{template}_{uuid.uuid4().hex[:8]}{suffix}"
        with self._admin(server).connect() as connection:
            connection.execute(text(f"CREATE DATABASE {_quote(clone)} TEMPLATE {_quote(source or template)}"))
        return clone

    def drop_postgres(self, name: str) -> None:
        """Drop a copy now."""
        server, _, _ = self._postgres_template()
        with self._admin(server).connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)"))

    def discard_postgres(self, name: str) -> None:
        """Drop a copy in the background (a DROP DATABASE waits for a checkpoint); `close` waits for it."""
        self._drops.append(self._background.submit(self.drop_postgres, name))

    def as_app_role(self, url: str) -> str:
        """The same PostgreSQL database, reached as this run's app role."""
        return make_url(url).set(username=self.app_role, password=None).render_as_string(hide_password=False)

    def close(self) -> None:
        if self._next is not None and self._next.exception() is None:
            self.discard_postgres(self._next.result())  # the copy made for a test that never came
        self._background.shutdown(wait=True)
        failed = [str(drop.exception()) for drop in self._drops if drop.exception() is not None]
        if failed:
            warnings.warn(f"{len(failed)} test databases not dropped: {failed[0]}", stacklevel=1)
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
        try:
            with self._admin(server).connect() as connection:
                connection.execute(text(f"DROP ROLE IF EXISTS {_quote(self.app_role)}"))
        except DBAPIError as error:  # a clone a crashed test left behind still names it
            warnings.warn(f"test role {self.app_role} not dropped: {error.orig}", stacklevel=1)
        finally:
            self._admin(server).dispose()


def shared_temp_folder(factory: pytest.TempPathFactory) -> Path:
    """This run's temporary folder, the same for every xdist worker (each has its own below it)."""
    base = factory.getbasetemp()
    return base.parent if WORKER else base


def _missing_postgres(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: PostgreSQL is required)", pytrace=False)
    pytest.skip(reason)
