"""PostgreSQL roles: the schema owner migrates, the app's own role only reads and writes rows.

Design decisions (issue 14):
- The owner role (DATABASE_OWNER_URL) owns every table and runs the migrations. The app
  role (DATABASE_URL) owns nothing, so it cannot ALTER, DISABLE TRIGGER or DROP anything;
  it may SELECT, INSERT, UPDATE and DELETE rows in the product's tables and use their
  sequences, with three exceptions: `audit_events` SELECT and INSERT only (no UPDATE,
  DELETE or TRUNCATE), `audit_chain_head` SELECT and UPDATE only, `alembic_version`
  SELECT only. Nobody but the owner may CREATE in the schema.
- Grants follow new tables twice over: ALTER DEFAULT PRIVILEGES for what the owner
  creates, and `grant_app_role` again after every `init-db`, which re-applies the three
  exceptions whatever a migration did.
- Every statement is idempotent, so `setup-roles` and `init-db` may run any number of
  times. Role names are checked against a strict pattern before they reach SQL.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import make_url

from screening.errors import InvalidValue

_ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")

# Table -> the only privileges the app role holds on it; every other table gets ROW_DML.
ROW_DML = "SELECT, INSERT, UPDATE, DELETE"
RESTRICTED: dict[str, str] = {
    "audit_events": "SELECT, INSERT",
    "audit_chain_head": "SELECT, UPDATE",
    "alembic_version": "SELECT",
}


def checked_role(name: str) -> str:
    """The role name, double-quoted for SQL, once it matches [a-z_][a-z0-9_]*."""
    if not _ROLE_NAME.fullmatch(name):
        raise InvalidValue("app role", "use lower-case letters, digits and _ (at most 63), starting with a letter")
    return f'"{name}"'


def ensure_app_role(connection: Connection, name: str, password: str | None = None) -> bool:
    """Create the app's login role unless it exists (True when made); set its password if given.

    Refuses a role that is the connected owner or a superuser: it would keep every right."""
    role = checked_role(name)
    found = connection.execute(
        text("SELECT rolsuper, rolname = current_user FROM pg_roles WHERE rolname = :name"), {"name": name}
    ).first()
    if found is not None and (found[0] or found[1]):
        raise InvalidValue("app role", f"{name} is the schema owner or a superuser; name a role of its own")
    if found is None:
        connection.execute(text(f"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE"))
    if password:  # DDL takes no bind parameters: a literal, quotes doubled
        connection.execute(text(f"ALTER ROLE {role} PASSWORD " + "'" + password.replace("'", "''") + "'"))
    return found is None


def grant_app_role(connection: Connection, name: str) -> None:
    """Row rights on every table in the schema, narrower rights on the audit tables."""
    role = checked_role(name)
    tables = set(connection.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).scalars())  # fmt: skip
    statements = [
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT {ROW_DML} ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT {ROW_DML} ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role}",
    ]
    for table, rights in RESTRICTED.items():
        if table in tables:
            statements += [f"REVOKE ALL ON {table} FROM {role}", f"GRANT {rights} ON {table} TO {role}"]
    for statement in statements:
        connection.execute(text(statement))


def role_exists(connection: Connection, name: str) -> bool:
    return connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :name"), {"name": name}).first() is not None


def grant_configured_app_role(engine: Engine, app_url: str) -> str | None:
    """After migrating as the owner: re-grant the app role named in `app_url` (DATABASE_URL)
    if it is a different, existing role on PostgreSQL. The role's name, or None."""
    name = make_url(app_url).username
    if engine.dialect.name != "postgresql" or not name or name == engine.url.username:
        return None
    with engine.begin() as connection:
        if not role_exists(connection, name):
            return None
        grant_app_role(connection, name)
    return name
