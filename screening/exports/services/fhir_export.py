"""The FHIR export: one R4 Bundle per finished sitting (`screening.exports.rules.fhir_bundle`).

Design decisions:
- Always identifiable: every Bundle names the patient by NHS number, so the export needs
  EXPORT_IDENTIFIABLE and a reason whatever the request says, and is audited as such.
- Completed sittings, and abandoned ones that staff closed for good holding an answer or
  a flag (their responses "stopped": a partial sitting's item 9 flag must reach the EPR,
  clinical reference s1 v2), STARTED in the Europe/London date range, as for the CSV
  export. Not sittings in progress, nor abandoned ones that may still be resumed: their
  Bundle would change. Declined sittings have nothing to send.
- The canonical base is SCREENING_FHIR_BASE (`fhir_questionnaires.canonical_base`,
  docs/fhir.md), read when the export starts; an unusable value is refused before
  anything is read or audited.
- Each file is named by the sitting's database id (`sitting-123.json`): never an NHS
  number or name in a file name. The JSON is built lazily, batch by batch.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from screening.exports.rules.export_records import ExportRequest
from screening.exports.rules.fhir_bundle import bundle_json
from screening.exports.rules.fhir_questionnaires import canonical_base
from screening.exports.services.export_access import audit_export, authorise_export
from screening.exports.services.export_reading import FHIR_STATUSES, count_sittings, sitting_batches
from screening.policy import CurrentUser


@dataclass(frozen=True)
class FhirExport:
    sittings: int
    patients: int
    files: Iterator[tuple[str, str]]  # (file name, Bundle JSON); read it inside the transaction


def bundle_file_name(sitting_id: int) -> str:
    return f"sitting-{sitting_id}.json"


def fhir_export(
    session: Session,
    *,
    actor: CurrentUser | None,
    request: ExportRequest,
    batch_size: int = 200,
    environ: Mapping[str, str] | None = None,
) -> FhirExport:
    """Check, audit and start the export; PermissionDenied, NotFound or InvalidValue (the
    canonical base; `environ` defaults to the process environment) before anything is read."""
    base = canonical_base(os.environ if environ is None else environ)
    request = replace(request, identifiable=True)
    site_ids = authorise_export(session, actor, request)
    sittings, patients = count_sittings(session, request, site_ids, FHIR_STATUSES, finished_abandoned=True)
    audit_export(session, actor, request, export_format="fhir", sittings=sittings, patients=patients)
    batches = sitting_batches(session, request, site_ids, FHIR_STATUSES, with_answers=True, finished_abandoned=True,
                              batch_size=batch_size)  # fmt: skip
    files = ((bundle_file_name(record.sitting_id), bundle_json(record, base)) for batch in batches for record in batch)
    return FhirExport(sittings, patients, files)
