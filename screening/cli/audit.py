"""`python -m screening verify-audit` and `setup-roles`: the tamper-evident audit log (issue 14).

Design decisions:
- `verify-audit` walks the hash chain as DATABASE_URL (SELECT only, so the app role can)
  and prints "N rows, chain intact" with the last hash (worth recording elsewhere: a
  rewritten log cannot match it), or the first broken row by id and time, exit code 1.
- `setup-roles` (PostgreSQL) connects as DATABASE_OWNER_URL, brings the schema to head,
  creates the app's login role if missing (by default the user in DATABASE_URL, with its
  password) and grants it row rights only (`screening.database.services.database_roles`). Idempotent.
- Registered on `screening.cli.group.main` when imported (`screening.cli` imports it).
"""

from __future__ import annotations

import sys

import click
from sqlalchemy.engine import make_url

from screening.cli.group import main, one_line_errors
from screening.database.services.database import open_database
from screening.errors import InvalidValue


@main.command("verify-audit")
@one_line_errors
def verify_audit() -> None:
    """Walk the audit log's hash chain; exit 1 at the first broken link."""
    from screening.audit.rules.audit_chain import describe
    from screening.audit.services.audit_integrity import check_audit_chain

    database = open_database()
    with database.transaction() as session:
        report = check_audit_chain(session)
    database.dispose()
    click.echo(describe(report))
    if not report.intact:
        sys.exit(1)


@main.command("setup-roles")
@click.option("--app-role", help="The app's login role (default: the user in DATABASE_URL).")
@one_line_errors
def setup_roles(app_role: str | None) -> None:
    """PostgreSQL: make the app's own role, with row rights only (run with DATABASE_OWNER_URL)."""
    from models.database import database_url, owner_database_url
    from screening.database.services.database_roles import ensure_app_role, grant_app_role

    app_url = make_url(database_url())
    name = app_role or app_url.username
    password = app_url.password if name == app_url.username else None
    owner = open_database(owner_database_url())
    if owner.engine.dialect.name != "postgresql":
        owner.dispose()
        raise InvalidValue("setup-roles", "PostgreSQL only: SQLite has no database roles")
    if not name:
        owner.dispose()
        raise InvalidValue("app role", "give --app-role, or a user in DATABASE_URL")
    with owner.engine.begin() as connection:
        made = ensure_app_role(connection, name, None if password is None else str(password))
        grant_app_role(connection, name)
    owner.dispose()
    click.echo(f"App role {name} {'created' if made else 'already existed'}; granted row rights "
               "(audit_events: SELECT and INSERT only).")  # fmt: skip
