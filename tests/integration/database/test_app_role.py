"""PostgreSQL: the app's own role writes rows and audit events, but cannot empty or rewrite the log."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.exc import ProgrammingError

from models import AuditEvent, Site
from models.database import alembic_config
from screening.audit.services.audit_integrity import check_audit_chain
from screening.database.services.database import SchemaNotReady, open_database
from screening.sites.services.reference_data import add_clinic, add_site


@pytest.fixture
def app_engine(app_db_url: str, backend: str) -> Engine:
    if backend != "postgresql":
        pytest.skip("SQLite has no database roles")
    engine = create_engine(app_db_url)
    yield engine
    engine.dispose()


@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE audit_events",
        "DELETE FROM audit_events",
        "UPDATE audit_events SET action = 'user.viewed'",
        "ALTER TABLE audit_events DISABLE TRIGGER USER",
        "DROP TRIGGER audit_events_no_update_delete ON audit_events",
        "DROP TABLE audit_events CASCADE",
        "DELETE FROM audit_chain_head",
        "TRUNCATE audit_chain_head",
        "UPDATE alembic_version SET version_num = '0001'",
        "CREATE TABLE audit_events_copy (id int)",
    ],
)
def test_the_app_role_is_refused_anything_that_would_empty_or_rewrite_the_log(
    app_engine: Engine, statement: str
) -> None:
    with pytest.raises(ProgrammingError) as refused, app_engine.begin() as connection:
        connection.execute(text(statement))
    assert refused.value.orig.sqlstate == "42501"  # insufficient_privilege (or "must be owner")


def test_the_app_role_opens_the_database_at_head_and_does_its_work_audited(app_engine: Engine, app_db_url: str) -> None:
    database = open_database(app_db_url)
    try:
        with database.transaction() as session:
            site = add_site(session, "APPROLE", "App role site")
            add_clinic(session, site.code, "APPROLE-1", "App role clinic", specialty="haemoglobinopathy")
        with database.transaction() as session:
            assert session.scalar(select(func.count()).select_from(Site)) == 1
            assert session.scalar(select(func.count()).select_from(AuditEvent)) == 2
            report = check_audit_chain(session)
        assert report.intact and report.rows == 2
    finally:
        database.dispose()


def test_the_app_role_will_not_migrate_and_names_the_owner_command_instead(
    app_engine: Engine, db_engine: Engine, app_db_url: str
) -> None:
    command.downgrade(alembic_config(db_engine), "0007")
    with pytest.raises(SchemaNotReady, match="init-db` with DATABASE_OWNER_URL"):
        open_database(app_db_url)
    with db_engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0007"


REMOTE_TABLES = ("patient_contacts", "remote_links", "remote_invitations", "invitation_messages")


def test_only_the_owner_and_the_app_role_may_read_contacts_and_links(app_engine: Engine, db_engine: Engine) -> None:
    # Issue 17: no reporting or read-only role, and not PUBLIC, holds any right on these tables.
    with db_engine.connect() as connection:
        owner = connection.execute(text("SELECT current_user")).scalar()
        grantees = set(connection.execute(text(
            "SELECT DISTINCT grantee FROM information_schema.role_table_grants "
            "WHERE table_schema = current_schema() AND table_name = ANY(:tables)"
        ), {"tables": list(REMOTE_TABLES)}).scalars())  # fmt: skip
        public = [t for t in REMOTE_TABLES if connection.execute(
            text("SELECT has_table_privilege('public', :table, 'SELECT')"), {"table": t}).scalar()]  # fmt: skip
    assert grantees <= {owner, app_engine.url.username} and public == []
