"""Matching imported patients by NHS number and bringing their demographics up to date.

Design decisions:
- The NHS number is the match (it is unique in `patients`); the latest extract is the
  truth for demographics, so a known patient whose fields differ is updated to the file.
  Within one batch the last row for a patient wins.
- Every update is audited, one event per patient, naming the fields that changed
  (column names are codes) and the import run: never the old or new values, which
  would copy identifiers into the audit log.
- Bulk: one query loads the batch's known patients; new ones go in as one multi-row
  INSERT (see `bulk_rows`), changed ones as one executemany UPDATE by primary key. The
  model's field checks do not run on these statements: rows reach here already
  checked by `screening.imports.rules.attendance_rows`, and the database constraints back that up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from models import Patient
from models.patients import new_pseudo_id
from screening.audit.services.audit import record_event
from screening.imports.rules.attendance_rows import PatientFields
from screening.imports.services.bulk_rows import insert_returning_ids, one_of
from screening.imports.services.import_context import RunContext

FIELDS = tuple(f.name for f in fields(PatientFields))
KnownPatients = dict[str, tuple[int | None, PatientFields]]  # the check keeps patients met earlier in the file: id None
PATIENTS = Patient.__table__
UPDATE = update(PATIENTS).where(PATIENTS.c.id == bindparam("patient_id"))  # values: the row's fields


def load_patients(session: Session, nhs_numbers: Iterable[str]) -> KnownPatients:
    """The stored patients among these NHS numbers: id and demographics."""
    wanted = sorted(set(nhs_numbers))
    if not wanted:
        return {}
    columns = [getattr(Patient, name) for name in FIELDS]
    rows = session.execute(select(Patient.id, *columns).where(one_of(session, Patient.nhs_number, wanted)))
    return {row.nhs_number: (row.id, PatientFields(*row[1:])) for row in rows}


def save_patients(
    session: Session, latest: Iterable[PatientFields], known: KnownPatients, run: RunContext
) -> dict[str, int | None]:
    """Insert new patients and update changed ones; the id of every patient given."""
    by_number = {patient.nhs_number: patient for patient in latest}  # the last row wins
    new, changed = patient_changes(by_number, known)
    ids = {number: known[number][0] for number in by_number if number in known}
    rows = [{**_values(p), "pseudo_id": new_pseudo_id(), "created_at": run.now, "updated_at": run.now} for p in new]
    new_ids = insert_returning_ids(session, PATIENTS, rows)
    ids.update({row["nhs_number"]: patient_id for row, patient_id in zip(rows, new_ids, strict=True)})
    for patient_id, _, fields_changed in changed:
        record_event(
            session, actor=run.actor, actor_user_id=run.actor_user_id, action="patient.demographics_updated",
            entity_type="patient", entity_id=patient_id, detail={"fields": fields_changed, "import_run": run.run_id},
        )  # fmt: skip
    if changed:
        session.execute(UPDATE, [{"patient_id": i, **_values(p), "updated_at": run.now} for i, p, _ in changed])
    run.details["patients_created"] += len(new)
    run.details["patients_updated"] += len(changed)
    return ids


def patient_changes(
    by_number: dict[str, PatientFields], known: KnownPatients
) -> tuple[list[PatientFields], list[tuple[Any, PatientFields, list[str]]]]:
    """The new patients, and the known ones whose fields differ: (id, latest fields, changed field names).

    Shared by the import's read-only check (where a patient met earlier in the file has no
    id yet) and `save_patients`, so both count the same."""
    new = [patient for number, patient in by_number.items() if number not in known]
    changed = []
    for number, patient in by_number.items():
        if number in known and known[number][1] != patient:
            patient_id, stored = known[number]
            changed.append((patient_id, patient, [n for n in FIELDS if getattr(stored, n) != getattr(patient, n)]))
    return new, changed


def _values(patient: PatientFields) -> dict[str, Any]:
    return {name: getattr(patient, name) for name in FIELDS}  # not asdict: it deep-copies each value
