"""The CSV export: one row per finished sitting, pseudonymised unless asked otherwise.

Design decisions:
- Which sittings: those STARTED in the Europe/London date range that are finished:
  completed, declined or abandoned. A sitting still in progress is left out (its results
  are not final and a later export would disagree).
- Order of work: check access (`export_access`), count, audit, then stream. The rows
  come back as a lazy iterator, batch by batch (`export_reading`), so a year of a busy
  service never sits in memory; the caller consumes it inside the same transaction.
- Every row has already been through `safe_row` (formula injection neutralised), so no
  caller (command line or download page) can forget it.
- The pseudonym key is a parameter: callers get it from `screening.access.rules.app_secrets`, the one
  place that reads it. A service never reads the environment.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from screening.csv_safety import safe_row
from screening.exports.rules.export_columns import columns, export_row
from screening.exports.rules.export_records import ExportRequest
from screening.exports.services.export_access import audit_export, authorise_export
from screening.exports.services.export_reading import count_sittings, sitting_batches
from screening.policy import CurrentUser

CSV_STATUSES = ("completed", "declined", "abandoned")


@dataclass(frozen=True)
class CsvExport:
    columns: tuple[str, ...]
    sittings: int
    patients: int
    rows: Iterator[dict[str, Any]]  # CSV-safe; read it before the transaction ends


def csv_export(
    session: Session,
    *,
    actor: CurrentUser | None,
    request: ExportRequest,
    key: str,
    batch_size: int = 1000,
) -> CsvExport:
    """Check, audit and start the export; PermissionDenied or NotFound before anything is read."""
    site_ids = authorise_export(session, actor, request)
    sittings, patients = count_sittings(session, request, site_ids, CSV_STATUSES)
    audit_export(session, actor, request, export_format="csv", sittings=sittings, patients=patients)
    batches = sitting_batches(session, request, site_ids, CSV_STATUSES, batch_size=batch_size)
    rows = (
        safe_row(export_row(record, key=key, identifiable=request.identifiable))
        for batch in batches
        for record in batch
    )
    return CsvExport(columns(identifiable=request.identifiable), sittings, patients, rows)
