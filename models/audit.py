"""The append-only audit log and small operational tables.

No code path updates or deletes audit rows; the migration adds a trigger on both
databases that refuses UPDATE and DELETE, so the rule holds even outside the app.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Timestamped, UTCDateTime, enum_column, utcnow

_BIG_ID = BigInteger().with_variant(Integer(), "sqlite")


class AuditEvent(Base):
    """Who did what to which record, when, from which app session.

    `detail` holds codes and counts only: never answer values or patient identifiers.
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_entity_type_entity_id", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(_BIG_ID, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"), index=True)
    actor: Mapped[str] = mapped_column(String(60))
    app_session: Mapped[Optional[str]] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(60), index=True)
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[Optional[str]] = mapped_column(String(40))
    detail: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)


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
    actor_user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    dry_run: Mapped[bool] = mapped_column(default=False)
    rows_read: Mapped[int] = mapped_column(default=0)
    inserted: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    rejected: Mapped[int] = mapped_column(default=0)
    # "checking" (reading the file, staging its rows), "applying" (decided: the staged rows
    # go in, in short steps, finished by the next import if this one is stopped), "done".
    state: Mapped[str] = mapped_column(String(16), default="done", server_default="done")
    options: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)  # what a resumed run needs: codes only
