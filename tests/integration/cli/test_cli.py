"""`python -m screening`: set-up commands, help everywhere, one-line errors."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from models import AppMeta
from models.database import make_engine, make_sessionmaker
from screening.cli.group import main
from tests import factories

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def session_factory_for() -> Iterator[Callable[[str], sessionmaker[Session]]]:
    engines = []

    def factory(url: str) -> sessionmaker[Session]:
        engines.append(make_engine(url))
        return make_sessionmaker(engines[-1])

    yield factory
    for engine in engines:
        engine.dispose()


def run(args: list[str], url: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, args, env={"DATABASE_URL": url})
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("command", [[], ["init-db"], ["demo-data"], ["check"]])
def test_every_command_has_help(command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.stdout


def test_check_reports_revision_and_counts(db_url: str) -> None:
    code, out, _ = run(["check"], db_url)
    assert code == 0
    assert "(up to date)" in out
    assert "Demo data: no" in out
    assert "patients" in out and "audit_events" in out


def test_check_hides_the_database_password(db_url: str, backend: str) -> None:
    if backend != "postgresql":
        return  # SQLite URLs carry no password.
    with_password = make_url(db_url).set(password="s3cret-pw").render_as_string(hide_password=False)
    code, out, _ = run(["check"], with_password)
    assert code == 0, out
    assert "s3cret-pw" not in out
    assert "***" in out


def test_check_says_whether_the_postgresql_server_vacuums_by_itself(db_url: str, backend: str) -> None:
    code, out, _ = run(["check"], db_url)
    assert code == 0
    if backend != "postgresql":
        assert "Autovacuum" not in out  # SQLite updates in place: nothing to vacuum
        return
    engine = make_engine(db_url)
    with engine.connect() as connection:
        setting = connection.exec_driver_sql("SHOW autovacuum").scalar()
    engine.dispose()
    if setting == "on":
        assert "Autovacuum: on" in out
    else:  # this machine's server runs with it off
        assert "Autovacuum: OFF on this server" in out
        assert "turn autovacuum on" in out and "VACUUM ANALYZE" in out


def test_init_db_on_a_fresh_database_migrates_it(tmp_path: Path) -> None:
    code, out, _ = run(["init-db"], f"sqlite:///{tmp_path / 'fresh.db'}")
    assert code == 0
    assert "newest schema revision" in out


def test_an_unreachable_database_is_one_clear_line_and_exit_1() -> None:
    url = "postgresql+psycopg://postgres:pw@127.0.0.1:1/none"
    code, out, err = run(["check"], url)
    assert code == 1
    assert err.strip().count("\n") == 0
    assert err.startswith("Error: Cannot reach the database at postgresql+psycopg://postgres:***@")
    assert "Traceback" not in err + out and "pw@" not in err


def test_a_malformed_database_url_says_what_a_url_looks_like() -> None:
    code, _, err = run(["check"], "not-a-url")
    assert code == 1
    assert "DATABASE_URL is not a database URL" in err


def test_the_module_runs_as_python_dash_m(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'm.db'}", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "screening", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Revision:" in done.stdout


def test_init_db_demo_refuses_a_database_not_named_as_the_demo_and_loads_nothing(db_url: str) -> None:
    code, _out, err = run(["init-db", "--demo"], db_url)
    assert code == 1 and "Traceback" not in err
    assert "is not a demo database" in err and "`make run` uses data/demo.db" in err
    assert "Demo data: no" in run(["check"], db_url)[1]


@pytest.mark.parametrize("command", [["demo-data", "--patients", "10"], ["init-db", "--demo-if-empty"]])
def test_demo_data_and_the_old_flag_refuse_the_default_database_for_real_use(
    command: list[str], tmp_path: Path
) -> None:
    code, _, err = run(command, f"sqlite:///{tmp_path / 'screening.db'}")
    assert code == 1 and "Demo data goes only into a demo database" in err


def test_a_malformed_url_is_refused_as_a_demo_database_without_a_traceback() -> None:
    code, _, err = run(["init-db", "--demo"], "not-a-url")
    assert code == 1 and "(not a database URL) is not a demo database" in err


def test_the_demo_database_is_loaded_once_then_reported_as_the_demo(demo_db_url: str) -> None:
    code, out, err = run(["demo-data", "--patients", "10", "--seed", "2"], demo_db_url)
    assert code == 0, err
    assert "Demo data loaded into" in out and "demo.staff" in out
    code, out, _ = run(["init-db", "--demo"], demo_db_url)
    assert code == 0 and "already holds the demo service: demo data not loaded again" in out
    assert "Demo data: yes (the demo database" in run(["check"], demo_db_url)[1]


def test_init_db_demo_refuses_a_demo_named_database_holding_other_data(
    demo_db_url: str, session_factory_for: Callable[[str], sessionmaker[Session]]
) -> None:
    with session_factory_for(demo_db_url).begin() as session:
        factories.patient(session)
    code, _, err = run(["init-db", "--demo"], demo_db_url)
    assert code == 1 and "holds data that is not the demo service; move that file" in err


def test_check_calls_demo_data_outside_a_demo_database_misplaced(
    db_url: str, session_factory_for: Callable[[str], sessionmaker[Session]]
) -> None:
    with session_factory_for(db_url).begin() as session:
        session.add(AppMeta(key="demo_data", value="true"))
    assert "Demo data: yes, MISPLACED. This database holds the invented demo service" in run(["check"], db_url)[1]
