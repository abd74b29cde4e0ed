"""Database fixtures shared by every test: one fixture, parametrised over the backends.

`TEST_DATABASES` (default "sqlite,postgresql") names the backends. Each test that asks
for `db_url`, `db_engine` or `db_session` gets a fresh database at the newest migration,
cloned from a template migrated once per run: a file copy on SQLite, `CREATE DATABASE
... TEMPLATE` on PostgreSQL. `TEST_POSTGRES_URL` names the PostgreSQL database to use as
that template (CI makes a fresh one per run); without it a template database is made on
127.0.0.1:5432 and dropped at the end. Where PostgreSQL is missing the tests are skipped
with the reason shown, except under CI=true, where it is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from models.database import make_engine, make_sessionmaker
from tests.browser.servers import drop_demo_seeds
from tests.databases import BACKENDS, Templates, shared_temp_folder
from tests.password_cost import PRODUCTION, use_test_cost

# The app refuses a real (non-demo) database without a strong pseudonymisation key; test
# databases are not demo databases, so the tests (and the servers they start) get a random
# test key (about 200 bits estimated: screening.access.rules.secret_strength).
os.environ.setdefault("SCREENING_PSEUDONYM_KEY", "tEst-0nly_k3y-Zq8vW2xR9mLp4Nc7Hs5Gd1Jb6Fy")

# Argon2 at test cost in this process (tests/password_cost.py); production cost is untouched.
use_test_cost()


@pytest.fixture
def production_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """The production Argon2 parameters for this test (a test about the strength itself)."""
    from screening.access.rules import passwords

    monkeypatch.setattr(passwords, "_HASHER", PRODUCTION)


@pytest.fixture(scope="session")
def database_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Templates]:
    templates = Templates(tmp_path_factory.mktemp("templates"))
    yield templates
    templates.close()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, database_templates: Templates, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh database at the newest migration, on each backend in turn."""
    if request.param == "sqlite":
        yield database_templates.sqlite_copy(tmp_path / "test.db")
    elif request.param == "postgresql":
        url, name = database_templates.postgres_clone()
        yield url
        database_templates.discard_postgres(name)
    else:
        raise ValueError(f"unknown backend in TEST_DATABASES: {request.param}")


@pytest.fixture(params=BACKENDS)
def demo_db_url(request: pytest.FixtureRequest, database_templates: Templates, tmp_path: Path) -> Iterator[str]:
    """Like `db_url`, but named as a demo database (a file demo.db, a database ending in _demo)."""
    if request.param == "sqlite":
        yield database_templates.sqlite_copy(tmp_path / "demo.db")
    elif request.param == "postgresql":
        url, name = database_templates.postgres_clone(suffix="_demo")
        yield url
        database_templates.discard_postgres(name)
    else:
        raise ValueError(f"unknown backend in TEST_DATABASES: {request.param}")


@pytest.fixture
def app_db_url(db_url: str, database_templates: Templates) -> str:
    """The same fresh database reached as the app's own role: on PostgreSQL a role with row
    rights only (`setup-roles`), on SQLite (no roles) the same URL."""
    if make_url(db_url).get_backend_name() == "postgresql":
        return database_templates.as_app_role(db_url)
    return db_url


@pytest.fixture
def backend(db_url: str) -> str:
    return make_url(db_url).get_backend_name()


@pytest.fixture
def db_engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session_factory(db_engine: Engine) -> sessionmaker[Session]:
    return make_sessionmaker(db_engine)


@pytest.fixture
def db_session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    session = session_factory()
    yield session
    session.rollback()
    session.close()


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """`--dist loadscope` keeps the shared-server browser journeys together (tests/scheduling.py)."""
    if config.getoption("dist") != "loadscope":
        return None
    from tests.scheduling import SharedServerScheduling

    return SharedServerScheduling(config, log)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """At the very end of the run (in xdist's controller, after every worker), drop the seeded
    demo database the browser tests' servers were copied from (tests/browser/servers.py)."""
    if not hasattr(session.config, "workerinput"):
        drop_demo_seeds(shared_temp_folder(session.config._tmp_path_factory))  # type: ignore[attr-defined]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if {"db_url", "demo_db_url"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.db)
