"""The append-only, hash-chained audit log and small operational tables.

No code path updates or deletes audit rows; the migration adds a trigger on both
databases that refuses UPDATE and DELETE, so the rule holds even outside the app, and on
PostgreSQL the app's own role may only SELECT and INSERT (`setup-roles`).

Every row is chained (issue 14; the rule is `screening.audit.rules.audit_chain`): a `before_insert`
hook on `AuditEvent`, so every path that adds a row through the ORM chains it, takes the
single-row chain head with SELECT ... FOR UPDATE (on PostgreSQL that row lock serialises
auditing transactions until they commit, so the chain stays linear; on SQLite a no-op
UPDATE of the head first takes the database's single write lock), gives the row its id (the table's sequence on PostgreSQL; on SQLite one
past both the largest id and the head's, so an id is never reused), hashes it after the
head's hash and moves the head on. Rows inserted with Core statements would bypass the
hook: there are none, and `verify-audit` would report them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Connection,
    ForeignKey,
    Index,
    Integer,
    String,
    event,
    func,
    select,
    text,
    update,
)
from sqlalchemy.orm import Mapped, Mapper, mapped_column

from models.base import Base, Timestamped, UTCDateTime, enum_column, utcnow
from screening.audit.rules.audit_chain import GENESIS, canonical_fields, chain_hash

_BIG_ID = BigInteger().with_variant(Integer(), "sqlite")


class AuditEvent(Base):
    """Who did what to which record, when, from which app session.

    `detail` holds codes and counts only: never answer values or patient identifiers.
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_entity_type_entity_id", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(_BIG_ID, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    actor: Mapped[str] = mapped_column(String(60))
    app_session: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(60), index=True)
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(40))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    row_hash: Mapped[str] = mapped_column(String(64))


class AuditChainHead(Base):
    """The one row naming the last chained audit row: what the next row is chained after."""

    __tablename__ = "audit_chain_head"
    __table_args__ = (CheckConstraint("id = 1", name="only_one"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_id: Mapped[int] = mapped_column(_BIG_ID)
    last_hash: Mapped[str] = mapped_column(String(64))


@event.listens_for(AuditEvent, "before_insert")
def _chain_the_row(_mapper: Mapper[Any], connection: Connection, row: AuditEvent) -> None:
    """Give the row its id and its hash after the chain head's, and move the head on."""
    head = AuditChainHead.__table__
    if connection.dialect.name == "postgresql":  # one round trip: the locked head and the next id
        last_id, last_hash, next_id = connection.execute(
            select(head.c.last_id, head.c.last_hash, text("nextval('audit_events_id_seq')"))
            .where(head.c.id == 1).with_for_update()
        ).one()  # fmt: skip
    else:
        # SQLite: a write first, so the driver's BEGIN takes the write lock (waiting for
        # another writer's commit) before the head is read; a read first could see a head
        # another connection is about to move on. The id is one past both the largest id
        # and the head's, so no id is ever reused.
        connection.execute(update(head).where(head.c.id == 1).values(last_id=head.c.last_id))
        largest = select(func.max(AuditEvent.__table__.c.id)).scalar_subquery()
        last_id, last_hash, largest_id = connection.execute(
            select(head.c.last_id, head.c.last_hash, largest).where(head.c.id == 1)
        ).one()
        next_id = max(largest_id or 0, last_id) + 1
    if row.id is None:
        row.id = next_id
    if row.at is None:
        row.at = utcnow()
    row.row_hash = chain_hash(last_hash or GENESIS, canonical_fields(
        id=row.id, at=row.at, actor_user_id=row.actor_user_id, actor=row.actor, app_session=row.app_session,
        action=row.action, entity_type=row.entity_type, entity_id=row.entity_id, detail=row.detail,
    ))  # fmt: skip
    connection.execute(update(head).where(head.c.id == 1).values(last_id=row.id, last_hash=row.row_hash))


class AppMeta(Base):
    """Key-value facts about this installation, e.g. that it holds demo data."""

    __tablename__ = "app_meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class ImportRun(Timestamped, Base):
    """One run of a CSV import: what was read and what it changed."""

    __tablename__ = "import_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(enum_column("import_kind", ("attendances", "screenings")))
    file_sha256: Mapped[str] = mapped_column(String(64))
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    dry_run: Mapped[bool] = mapped_column(default=False)
    rows_read: Mapped[int] = mapped_column(default=0)
    inserted: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    rejected: Mapped[int] = mapped_column(default=0)
    # "checking" (reading the file, staging its rows), "applying" (decided: the staged rows
    # go in, in short steps, finished by the next import if this one is stopped), "done".
    state: Mapped[str] = mapped_column(String(16), default="done", server_default="done")
    options: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # what a resumed run needs: codes only
