"""Reading the audit log, for administrators, and exporting it to CSV (itself audited).

Design decisions:
- Both functions check `require(actor, VIEW_AUDIT_LOG)` before reading anything: hiding
  the page is not the control.
- Rows are frozen `AuditRow`s, never ORM objects, with the detail as compact JSON text
  (sorted keys, no spaces): one readable cell, the same text from SQLite and PostgreSQL.
- Newest first, ties broken by id, so rows written in one transaction keep a stable order.
- The screen is capped (`limit`, default 500) so a wide range cannot flood a page; the
  CSV has no cap, because an export that silently dropped rows would mislead whoever
  investigates with it.
- Every CSV cell goes through `safe_cell` (formula injection): an actor, entity id or
  app session of `=HYPERLINK(...)` reaches the spreadsheet as text. Times are written in
  London time with their UTC offset, so they are unambiguous across clock changes.
- The export records `audit.exported` in the caller's transaction, with the row count
  and the filter codes only (`AuditFilters.export_detail`): the file and its record
  commit together or not at all. That event is added after the rows are read, so it is
  not in the file it describes.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from models import AuditEvent
from screening.audit.rules.audit_filters import LONDON, AuditFilters, check_limit
from screening.audit.services.audit import record_event
from screening.csv_safety import safe_cell
from screening.policy import Action, CurrentUser, require

CSV_COLUMNS = (
    "event_id",
    "at",
    "actor",
    "actor_user_id",
    "app_session",
    "action",
    "entity_type",
    "entity_id",
    "detail",
)


@dataclass(frozen=True)
class AuditRow:
    event_id: int
    at: datetime  # timezone-aware UTC
    actor: str
    actor_user_id: int | None
    app_session: str | None
    action: str
    entity_type: str
    entity_id: str | None
    detail: str  # compact JSON, "" when there is none


def compact_detail(detail: dict[str, Any] | None) -> str:
    if not detail:
        return ""
    return json.dumps(detail, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def audit_events(
    session: Session, actor: CurrentUser, *, date_from: date, date_to: date, actor_name: str | None = None,
    action_prefix: str | None = None, entity_type: str | None = None, limit: int = 500,
) -> tuple[AuditRow, ...]:  # fmt: skip
    """The newest `limit` events matching the filters (dates are whole London days)."""
    require(actor, Action.VIEW_AUDIT_LOG)
    filters = AuditFilters(date_from, date_to, actor_name, action_prefix, entity_type)
    return _read(session, _query(filters).limit(check_limit(limit)))


def audit_csv(
    session: Session, actor: CurrentUser, *, date_from: date, date_to: date, actor_name: str | None = None,
    action_prefix: str | None = None, entity_type: str | None = None, app_session: str | None = None,
) -> str:  # fmt: skip
    """Every event matching the filters as CSV text; the export itself is audited."""
    require(actor, Action.VIEW_AUDIT_LOG)
    filters = AuditFilters(date_from, date_to, actor_name, action_prefix, entity_type)
    rows = _read(session, _query(filters))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        at = row.at.astimezone(LONDON).isoformat(timespec="seconds")
        cells = (row.event_id, at, row.actor, row.actor_user_id, row.app_session, row.action,
                 row.entity_type, row.entity_id, row.detail)  # fmt: skip
        writer.writerow([safe_cell(cell) for cell in cells])
    record_event(
        session, actor=actor.username, actor_user_id=actor.user_id, action="audit.exported",
        entity_type="audit_log", entity_id=None, detail={"rows": len(rows), **filters.export_detail()},
        app_session=app_session,
    )  # fmt: skip
    return out.getvalue()


def _query(filters: AuditFilters) -> Select[AuditEvent]:
    start, end = filters.utc_bounds()
    query = select(AuditEvent).where(AuditEvent.at >= start, AuditEvent.at < end)
    if filters.actor_name is not None:
        query = query.where(func.lower(AuditEvent.actor) == filters.actor_name)
    if filters.action_prefix is not None:  # autoescape: "_" in a code is not a wildcard
        query = query.where(AuditEvent.action.startswith(filters.action_prefix, autoescape=True))
    if filters.entity_type is not None:
        query = query.where(AuditEvent.entity_type == filters.entity_type)
    return query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())


def _read(session: Session, query: Select[AuditEvent]) -> tuple[AuditRow, ...]:
    return tuple(
        AuditRow(
            e.id,
            e.at,
            e.actor,
            e.actor_user_id,
            e.app_session,
            e.action,
            e.entity_type,
            e.entity_id,
            compact_detail(e.detail),
        )
        for e in session.scalars(query)
    )
