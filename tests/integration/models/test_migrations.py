"""One Alembic migration set builds the schema the models describe, on every backend."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from models import Base
from models.database import alembic_config, current_revision, head_revision, migrate_to_head


def schema_differences(engine: Engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)


def test_migrations_and_models_agree(db_engine: Engine) -> None:
    assert schema_differences(db_engine) == []


def test_the_database_is_at_the_head_revision(db_engine: Engine) -> None:
    assert current_revision(db_engine) == head_revision() is not None


def test_downgrade_to_nothing_and_back_rebuilds_the_same_schema(db_engine: Engine) -> None:
    command.downgrade(alembic_config(db_engine), "base")
    assert set(inspect(db_engine).get_table_names()) <= {"alembic_version"}
    migrate_to_head(db_engine)
    assert schema_differences(db_engine) == []


def test_migrating_twice_is_harmless(db_engine: Engine) -> None:
    migrate_to_head(db_engine)
    assert current_revision(db_engine) == head_revision()


def test_sqlite_runs_with_foreign_keys_and_wal(db_engine: Engine, backend: str) -> None:
    if backend != "sqlite":
        return  # PostgreSQL always enforces foreign keys and has no journal mode.
    with db_engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
