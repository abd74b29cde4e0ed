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
  checked by `screening.attendance_rows`, and the database constraints back that up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from models import Patient
from models.patients import new_pseudo_id
from screening.attendance_rows import PatientFields
from screening.services.audit import record_event
from screening.services.bulk_rows import insert_returning_ids, one_of
from screening.services.import_runs import RunContext

FIELDS = tuple(f.name for f in fields(PatientFields))
KnownPatients = dict[str, tuple[int, PatientFields]]
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
) -> dict[str, int]:
    """Insert new patients and update changed ones; the id of every patient given."""
    by_number = {patient.nhs_number: patient for patient in latest}  # the last row wins
    ids = {number: known[number][0] for number in by_number if number in known}
    new = [{**_values(p), "pseudo_id": new_pseudo_id(), "created_at": run.now, "updated_at": run.now}
           for number, p in by_number.items() if number not in known]  # fmt: skip
    new_ids = insert_returning_ids(session, PATIENTS, new)
    ids.update({row["nhs_number"]: patient_id for row, patient_id in zip(new, new_ids, strict=True)})
    changes = []
    for number, patient in by_number.items():
        if number in known and known[number][1] != patient:
            patient_id, stored = known[number]
            changed = [name for name in FIELDS if getattr(stored, name) != getattr(patient, name)]
            changes.append({"patient_id": patient_id, **_values(patient), "updated_at": run.now})
            record_event(
                session, actor=run.actor, actor_user_id=run.actor_user_id, action="patient.demographics_updated",
                entity_type="patient", entity_id=patient_id, detail={"fields": changed, "import_run": run.run_id},
            )  # fmt: skip
    if changes:
        session.execute(UPDATE, changes)
    run.details["patients_created"] += len(new)
    run.details["patients_updated"] += len(changes)
    return ids


def _values(patient: PatientFields) -> dict[str, Any]:
    return {name: getattr(patient, name) for name in FIELDS}  # not asdict: it deep-copies each value
