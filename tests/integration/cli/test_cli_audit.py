"""`verify-audit` and `setup-roles`: the chain checked from the command line, the app role made."""

from __future__ import annotations

import uuid

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.orm import Session, sessionmaker

from screening.cli.group import main
from tests.integration.audit.test_audit_chain import as_owner, five_events


def run(args: list[str], **env: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, args, env=env)
    return result.exit_code, result.stdout, result.stderr


def test_verify_audit_reports_the_row_count_when_the_chain_is_intact(
    db_url: str, session_factory: sessionmaker[Session]
) -> None:
    five_events(session_factory)
    code, out, _ = run(["verify-audit"], DATABASE_URL=db_url)
    assert code == 0 and out.startswith("5 rows, chain intact (last hash ")


def test_verify_audit_names_the_first_broken_row_by_id_and_time_and_fails(
    db_url: str, db_engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    ids = five_events(session_factory)
    as_owner(db_engine, f"UPDATE audit_events SET action = 'user.viewed' WHERE id = {ids[1]}")
    code, out, _ = run(["verify-audit"], DATABASE_URL=db_url)
    assert code == 1 and out.startswith(f"Audit chain broken at row {ids[1]} (20")
    assert "user.viewed" not in out and "ada" not in out  # where, never what


def test_setup_roles_is_for_postgresql_only(db_url: str, backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("the SQLite refusal")
    code, _, err = run(["setup-roles", "--app-role", "screening_app"], DATABASE_URL=db_url)
    assert code == 1 and "PostgreSQL only" in err


def test_setup_roles_makes_the_app_role_once_and_init_db_regrants_it(
    db_url: str, db_engine: Engine, backend: str
) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite has no database roles")
    role = f"mb_test_setup_{uuid.uuid4().hex[:8]}"
    app_url = make_url(db_url).set(username=role).render_as_string(hide_password=False)
    env = {"DATABASE_URL": app_url, "DATABASE_OWNER_URL": db_url}
    try:
        assert run(["setup-roles"], **env)[:2] == (0, f"App role {role} created; granted row rights "
                                                      "(audit_events: SELECT and INSERT only).\n")  # fmt: skip
        assert "already existed" in run(["setup-roles"], **env)[1]
        code, out, _ = run(["init-db"], **env)
        assert code == 0 and f"Granted the app role {role} its rights" in out
        assert run(["verify-audit"], **env)[:2] == (0, run(["verify-audit"], DATABASE_URL=db_url)[1])
        app = create_engine(app_url)
        with pytest.raises(ProgrammingError), app.begin() as connection:
            connection.execute(text("TRUNCATE audit_events"))
        app.dispose()
    finally:
        with db_engine.begin() as connection:
            connection.execute(text(f'DROP OWNED BY "{role}"'))
            connection.execute(text(f'DROP ROLE IF EXISTS "{role}"'))


def test_setup_roles_refuses_to_make_the_owner_the_app_role(db_url: str, backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite has no database roles")
    code, _, err = run(["setup-roles", "--app-role", "postgres"], DATABASE_URL=db_url)
    assert code == 1 and "schema owner or a superuser" in err
