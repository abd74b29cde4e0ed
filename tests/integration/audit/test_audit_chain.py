"""The audit log's hash chain on each database: every insert chains, tampering by the owner shows."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from models import AuditChainHead, AuditEvent
from models.database import alembic_config, migrate_to_head
from screening.audit.rules.audit_chain import GENESIS, ROW_CHANGED, TAIL_MISSING
from screening.audit.services.audit import record_event
from screening.audit.services.audit_integrity import check_audit_chain


def audit(session: Session, n: int) -> None:
    record_event(session, actor="ada", actor_user_id=None, action="user.created", entity_type="user",
                 entity_id=n, detail={"count": n}, app_session="s1")  # fmt: skip


def five_events(sessions: sessionmaker[Session]) -> list[int]:
    """Five events, each in its own transaction as five user actions would write them."""
    for n in range(5):
        with sessions.begin() as session:
            audit(session, n)
    with sessions() as session:
        return list(session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)))


def verdict(sessions: sessionmaker[Session]):
    with sessions() as session:
        return check_audit_chain(session)


def as_owner(engine: Engine, *statements: str) -> None:
    """Run SQL as the schema owner, with the append-only guard set aside as an owner could."""
    guard_off = {
        "postgresql": ["ALTER TABLE audit_events DISABLE TRIGGER USER"],
        "sqlite": ["DROP TRIGGER IF EXISTS audit_events_no_update", "DROP TRIGGER IF EXISTS audit_events_no_delete"],
    }[engine.dialect.name]
    with engine.begin() as connection:
        for statement in (*guard_off, *statements):
            connection.execute(text(statement))


def test_every_event_is_chained_and_the_chain_is_intact(session_factory: sessionmaker[Session]) -> None:
    ids = five_events(session_factory)
    report = verdict(session_factory)
    assert report.intact and report.rows == 5
    with session_factory() as session:
        head = session.get(AuditChainHead, 1)
        assert (head.last_id, head.last_hash) == (ids[-1], report.last_hash) and report.last_hash != GENESIS


def test_several_events_in_one_transaction_chain_one_after_another(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as session:
        for n in range(3):
            audit(session, n)
    with session_factory.begin() as session:  # rows added directly, as some tests and tools do
        session.add_all([AuditEvent(actor="x", action="a.b", entity_type="t") for _ in range(2)])
    assert verdict(session_factory).rows == 5 and verdict(session_factory).intact


def test_an_owner_changing_a_rows_action_is_found_at_that_row(
    db_engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    ids = five_events(session_factory)
    as_owner(db_engine, f"UPDATE audit_events SET action = 'user.viewed' WHERE id = {ids[2]}")
    report = verdict(session_factory)
    assert (report.intact, report.broken_id, report.reason) == (False, ids[2], ROW_CHANGED)


def test_an_owner_changing_a_rows_time_is_found_at_that_row(
    db_engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    ids = five_events(session_factory)
    shift = {"postgresql": "at - interval '1 hour'", "sqlite": "datetime(at, '-1 hour')"}[db_engine.dialect.name]
    as_owner(db_engine, f"UPDATE audit_events SET at = {shift} WHERE id = {ids[1]}")
    assert verdict(session_factory).broken_id == ids[1]


def test_an_owner_deleting_a_middle_row_is_found_at_the_row_after_it(
    db_engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    ids = five_events(session_factory)
    as_owner(db_engine, f"DELETE FROM audit_events WHERE id = {ids[2]}")
    report = verdict(session_factory)
    assert (report.broken_id, report.rows, report.reason) == (ids[3], 3, ROW_CHANGED)


def test_an_owner_deleting_the_last_rows_is_found_by_the_chain_head(
    db_engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    ids = five_events(session_factory)
    as_owner(db_engine, f"DELETE FROM audit_events WHERE id >= {ids[3]}")
    report = verdict(session_factory)
    assert (report.broken_id, report.rows, report.reason) == (ids[4], 3, TAIL_MISSING)


def test_an_owner_emptying_the_log_and_reinserting_all_but_one_row_is_found(
    db_engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    ids = five_events(session_factory)
    columns = "id, at, actor_user_id, actor, app_session, action, entity_type, entity_id, detail, row_hash"
    empty = {"postgresql": "TRUNCATE audit_events", "sqlite": "DELETE FROM audit_events"}[db_engine.dialect.name]
    as_owner(db_engine, f"CREATE TEMPORARY TABLE kept AS SELECT {columns} FROM audit_events WHERE id <> {ids[1]}",
             empty, f"INSERT INTO audit_events ({columns}) SELECT {columns} FROM kept")  # fmt: skip
    assert verdict(session_factory).broken_id == ids[2]


def test_an_owner_emptying_the_log_then_the_app_writing_on_is_found_at_the_first_new_row(
    db_engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    five_events(session_factory)
    empty = {"postgresql": "TRUNCATE audit_events", "sqlite": "DELETE FROM audit_events"}[db_engine.dialect.name]
    as_owner(db_engine, empty)
    assert verdict(session_factory).reason == TAIL_MISSING
    with session_factory.begin() as session:
        audit(session, 9)
    with session_factory() as session:
        first_new = session.scalar(select(AuditEvent.id))
    report = verdict(session_factory)
    assert (report.broken_id, report.reason) == (first_new, ROW_CHANGED)


def test_the_migration_chains_the_rows_already_in_the_log(
    db_engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    command.downgrade(alembic_config(db_engine), "0007")
    with db_engine.begin() as connection:
        for n in range(3):
            connection.execute(text(
                "INSERT INTO audit_events (at, actor, action, entity_type, entity_id, detail) "
                "VALUES (:at, 'ada', 'user.created', 'user', :n, :detail)"
            ), {"at": f"2026-11-0{n + 1} 10:00:00.000123+00:00", "n": str(n), "detail": '{"count": 1}'})  # fmt: skip
    migrate_to_head(db_engine)
    with session_factory.begin() as session:
        audit(session, 4)
    report = verdict(session_factory)
    assert report.intact and report.rows == 4
