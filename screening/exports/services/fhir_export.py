"""The FHIR export: one R4 Bundle per completed sitting (`screening.exports.rules.fhir_bundle`).

Design decisions:
- Always identifiable: every Bundle names the patient by NHS number, so the export needs
  EXPORT_IDENTIFIABLE and a reason whatever the request says, and is audited as such.
- Completed sittings only (clinical reference, section 4: only they have results to
  send), STARTED in the Europe/London date range, as for the CSV export.
- Each file is named by the sitting's database id (`sitting-123.json`): never an NHS
  number or name in a file name. The JSON is built lazily, batch by batch.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from screening.exports.rules.export_records import ExportRequest
from screening.exports.rules.fhir_bundle import bundle_json
from screening.exports.services.export_access import audit_export, authorise_export
from screening.exports.services.export_reading import count_sittings, sitting_batches
from screening.policy import CurrentUser

FHIR_STATUSES = ("completed",)


@dataclass(frozen=True)
class FhirExport:
    sittings: int
    patients: int
    files: Iterator[tuple[str, str]]  # (file name, Bundle JSON); read it inside the transaction


def bundle_file_name(sitting_id: int) -> str:
    return f"sitting-{sitting_id}.json"


def fhir_export(
    session: Session, *, actor: CurrentUser | None, request: ExportRequest, batch_size: int = 200
) -> FhirExport:
    """Check, audit and start the export; PermissionDenied or NotFound before anything is read."""
    request = replace(request, identifiable=True)
    site_ids = authorise_export(session, actor, request)
    sittings, patients = count_sittings(session, request, site_ids, FHIR_STATUSES)
    audit_export(session, actor, request, export_format="fhir", sittings=sittings, patients=patients)
    batches = sitting_batches(session, request, site_ids, FHIR_STATUSES, with_answers=True, batch_size=batch_size)
    files = ((bundle_file_name(record.sitting_id), bundle_json(record)) for batch in batches for record in batch)
    return FhirExport(sittings, patients, files)
