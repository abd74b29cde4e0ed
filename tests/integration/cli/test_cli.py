"""`python -m screening`: set-up commands, help everywhere, one-line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.engine import make_url

from screening.cli import main

ROOT = Path(__file__).resolve().parents[3]


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
        [sys.executable, "-m", "screening", "check"], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Revision:" in done.stdout
