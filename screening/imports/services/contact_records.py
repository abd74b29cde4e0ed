"""Storing the contact details a clinic list gives (issue 17): `patient_contacts`, one row per patient.

Design decisions:
- What a row means (a missing column keeps the detail, a blank cell clears it) is the
  pure `screening.imports.rules.contact_columns`; here the batch's details are compared
  with what is stored and only what differs is written: new rows in one bulk INSERT,
  changed ones in one executemany UPDATE, and a patient left with nothing in one DELETE.
  A re-imported file so writes nothing.
- Every change to a known patient's details is audited, one event per patient
  (`patient.contacts_updated`) naming the columns that changed and the import run, never
  a number or an address; a patient the import creates gets none, as for demographics
  (a first extract of 100,000 patients is not 100,000 events). The run's own event
  counts them all (`contacts_changed`), counted only when the file has a contact column.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping
from typing import Any, TypeVar

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from models import PatientContact
from screening.audit.services.audit import record_event
from screening.imports.rules.contact_columns import NONE, ContactDetails, ContactFields, changed_columns
from screening.imports.services.bulk_rows import insert_rows, one_of
from screening.imports.services.import_context import RunContext

K = TypeVar("K", bound=Hashable)
CONTACTS = PatientContact.__table__
UPDATE = update(CONTACTS).where(CONTACTS.c.patient_id == bindparam("contact_patient_id"))
COUNT = "contacts_changed"


def load_contacts(session: Session, patient_ids: Iterable[int | None]) -> dict[int, ContactDetails]:
    """The stored contact details of these patients (those with a row)."""
    wanted = sorted({i for i in patient_ids if i is not None})
    if not wanted:
        return {}
    query = select(CONTACTS.c.patient_id, CONTACTS.c.mobile, CONTACTS.c.email, CONTACTS.c.no_contact)
    rows = session.execute(query.where(one_of(session, CONTACTS.c.patient_id, wanted)))
    return {row.patient_id: ContactDetails(row.mobile, row.email, bool(row.no_contact)) for row in rows}


def contact_changes(
    latest: Mapping[K, ContactFields], stored: Mapping[K, ContactDetails]
) -> list[tuple[K, ContactDetails, list[str]]]:
    """(key, details after, columns changed) for each patient whose details the rows change.

    Keyed by patient id when applying, by NHS number in the read-only check (where a
    patient met earlier in the file is not stored yet)."""
    changes = []
    for key, fields in latest.items():
        after = fields.over(stored.get(key))
        if changed := changed_columns(stored.get(key), after):
            changes.append((key, after, changed))
    return changes


def save_contacts(
    session: Session, latest: Mapping[str, ContactFields], ids: Mapping[str, int | None], run: RunContext,
    *, created: Collection[str] = (),
) -> None:  # fmt: skip
    """Bring the batch's patients' contact details to what the file says (NHS number -> the last row's);
    `created`: the NHS numbers of the patients this step has just added."""
    if not latest:
        return  # the file has no contact column: contacts are left as stored, and not counted
    new_patients = {ids[number] for number in created if number in ids}
    by_id: dict[int, ContactFields] = {}
    for number, fields in latest.items():
        if (patient_id := ids[number]) is not None:
            by_id[patient_id] = fields
    stored = load_contacts(session, by_id)
    changes = contact_changes(by_id, stored)
    new, changed, cleared = [], [], []
    for patient_id, after, columns in changes:
        if patient_id not in new_patients:
            record_event(
                session, actor=run.actor, actor_user_id=run.actor_user_id, action="patient.contacts_updated",
                entity_type="patient", entity_id=patient_id, detail={"fields": columns, "import_run": run.run_id},
            )  # fmt: skip
        values: dict[str, Any] = {"mobile": after.mobile, "email": after.email, "no_contact": after.no_contact,
                                  "updated_at": run.now}  # fmt: skip
        if after == NONE:
            cleared.append(patient_id)
        elif patient_id in stored:
            changed.append({"contact_patient_id": patient_id, **values})
        else:
            new.append({"patient_id": patient_id, **values})
    insert_rows(session, CONTACTS, new)
    if changed:
        session.execute(UPDATE, changed)
    if cleared:
        session.execute(delete(CONTACTS).where(CONTACTS.c.patient_id.in_(cleared)))
    run.details[COUNT] += len(changes)
