"""Importing a clinic list (PAS attendance extract): `import_attendances` (issue 5).

Design decisions:
- Idempotent by `appointment_id` (stored as `Attendance.source_ref`, unique): a row
  already stored with the same patient, clinic, time and status is "unchanged"; one
  that differs is "updated" to the file; a new id is "inserted". Importing a file twice
  changes nothing the second time.
- Site and clinic codes must exist, and the clinic must belong to the site given; an
  unknown code is the row's error and says how to create it.
- An appointment that already has a screening sitting is never moved to a different
  patient by an import: the sitting would then show against the wrong person (a logged
  hazard, clinical reference section 8). That row is refused; the PAS must be corrected.
- Per batch: one query for the batch's patients, one for its appointments, bulk inserts
  and bulk updates; the site and clinic codes are loaded once per import.
- Callable from a page: `progress(read, expected)` after each batch, and an
  `ImportResult` to show as tables. See `import_runs` for all-or-nothing and dry runs.
- `check` decides every row as `apply` would, with reads only (issue 14): the patients
  met earlier in the file are remembered (`_met`, id None when new), since they are not
  stored until the rows are applied; both share `_decide` and `patient_changes`.
- Given a sessionmaker rather than a Session, the import commits in short steps itself
  (`import_steps`): SQLite's write lock is then held for one step at a time.
- Contact details (issue 17; the columns are `rules.contact_columns`) are stored by
  `contact_records` after the patients; the check remembers the details it has met
  (`_contacts`) as it does the patients, and a row whose contact details would change
  anything is staged even when its appointment and patient are stored as it says.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, BinaryIO, NamedTuple, TextIO

from sqlalchemy import Row, bindparam, select, update
from sqlalchemy.orm import Session, sessionmaker

from models import Attendance, ScreeningSession
from screening.imports.rules.attendance_rows import (
    ATTENDANCE_COLUMNS,
    OPTIONAL_COLUMNS,
    AttendanceRow,
    parse_attendance_row,
)
from screening.imports.rules.contact_columns import NONE, ContactDetails, ContactFields
from screening.imports.rules.import_batches import Parsed
from screening.imports.rules.import_report import ImportResult, RowError
from screening.imports.services.bulk_rows import insert_rows, one_of
from screening.imports.services.contact_records import COUNT, contact_changes, load_contacts, save_contacts
from screening.imports.services.import_context import IMPORTERS
from screening.imports.services.import_runs import Progress, RunContext, run_import
from screening.imports.services.patient_records import KnownPatients, load_patients, patient_changes, save_patients
from screening.policy import CurrentUser
from screening.sites.services.reference_data import ADD_CLINIC_HINT, ADD_SITE_HINT, ReferenceCodes, reference_codes

MOVED = "this appointment has a screening sitting for a different patient; correct it in the PAS, not by import."
Placed = tuple[Parsed[AttendanceRow], int]  # a row and its clinic id
ATTENDANCES = Attendance.__table__  # Core statements: see bulk_rows
UPDATE = update(ATTENDANCES).where(ATTENDANCES.c.id == bindparam("attendance_id"))


def import_attendances(
    session: Session | sessionmaker[Session], binary: BinaryIO, *, actor: CurrentUser | None = None,
    skip_invalid: bool = False, dry_run: bool = False, rejected: TextIO | None = None, progress: Progress | None = None,
) -> ImportResult:  # fmt: skip
    """Import a clinic list CSV (see `ATTENDANCE_COLUMNS`): in the caller's transaction (a
    Session, the caller commits) or in short ones it commits itself (a sessionmaker; see `import_runs`)."""
    return run_import(session, binary, AttendanceImporter(), actor=actor, skip_invalid=skip_invalid,
                      dry_run=dry_run, rejected=rejected, progress=progress)  # fmt: skip


class AttendanceImporter:
    kind = "attendances"
    key_column = "appointment_id"
    required_columns = ATTENDANCE_COLUMNS
    optional_columns: tuple[str, ...] = OPTIONAL_COLUMNS

    def __init__(self) -> None:
        self._codes: ReferenceCodes | None = None
        self._met: KnownPatients = {}  # the check's patients met earlier in the file (id None: new)
        self._contacts: dict[str, ContactDetails] = {}  # the check's contact details as rows met so far leave them

    def options(self) -> dict[str, Any]:
        return {}

    def parse(self, line: int, values: Mapping[str, str]) -> tuple[AttendanceRow | None, list[RowError]]:
        return parse_attendance_row(line, values)

    def key(self, row: AttendanceRow) -> str:
        return row.appointment_id

    def check(self, session: Session, rows: list[Parsed[AttendanceRow]], run: RunContext) -> list[RowError]:
        """Count what `apply` would do to this batch, reading only."""
        numbers = {p.row.patient.nhs_number for p in rows}
        known = load_patients(session, numbers - self._met.keys())
        known.update({number: self._met[number] for number in numbers if number in self._met})
        decided = self._decide(session, rows, known)
        new, changed = patient_changes(decided.latest, known)
        run.details["patients_created"] += len(new)
        run.details["patients_updated"] += len(changed)
        self._met.update({n: (known[n][0] if n in known else None, p) for n, p in decided.latest.items()})
        ids = {number: self._met[number][0] for number in decided.latest}
        before = self._contacts_before(session, decided.contacts, ids, run)
        new_rows, changed_rows, same = _attendance_rows(decided, ids, run)
        run.inserted, run.updated = run.inserted + len(new_rows), run.updated + len(changed_rows)
        # A row needs no write when its appointment is stored as it says and every row of
        # the batch for its patient gives the stored fields (so applying the batch's other
        # rows alone cannot change which row is the patient's last): a re-imported extract
        # is then only read.
        stored_as_given: dict[str, bool] = {}
        for parsed, _ in decided.placed:
            number = parsed.row.patient.nhs_number
            stored_as_given[number] = (
                stored_as_given.get(number, True)
                and number in known
                and known[number][0] is not None
                and known[number][1] == parsed.row.patient
                and _contact_as_stored(parsed.row.contact, before.get(number))
            )
        run.settled.update(p.line for p in same if stored_as_given[p.row.patient.nhs_number])
        return decided.errors

    def _contacts_before(
        self, session: Session, latest: Mapping[str, ContactFields], ids: Mapping[str, int | None], run: RunContext
    ) -> dict[str, ContactDetails]:
        """The batch's patients' contact details before it (as stored, or as the rows met earlier
        leave them); counts the changes and remembers the details after it."""
        if not latest:
            return {}  # no contact column: contacts are left alone, and not counted
        unmet = {ids[n]: n for n in latest if n not in self._contacts and ids[n] is not None}
        stored = {unmet[i]: details for i, details in load_contacts(session, unmet).items()}
        before = {n: self._contacts.get(n) or stored.get(n) or NONE for n in latest}
        run.details[COUNT] += len(contact_changes(latest, before))
        self._contacts.update({n: fields.over(before[n]) for n, fields in latest.items()})
        return before

    def apply(self, session: Session, rows: list[Parsed[AttendanceRow]], run: RunContext) -> list[RowError]:
        known = load_patients(session, (p.row.patient.nhs_number for p in rows))
        decided = self._decide(session, rows, known)
        ids = save_patients(session, decided.latest.values(), known, run)
        save_contacts(session, decided.contacts, ids, run, created=decided.latest.keys() - known.keys())
        new, changed, _ = _attendance_rows(decided, ids, run)
        insert_rows(session, ATTENDANCES, new)
        if changed:
            session.execute(UPDATE, changed)
        run.inserted, run.updated = run.inserted + len(new), run.updated + len(changed)
        return decided.errors

    def _decide(self, session: Session, rows: list[Parsed[AttendanceRow]], known: KnownPatients) -> Decided:
        if self._codes is None:
            self._codes = reference_codes(session)
        placed, errors = _place(rows, self._codes)
        stored = _stored(session, [p.row.appointment_id for p, _ in placed])
        placed, refused = _keep_sittings_with_their_patient(session, placed, known, stored)
        latest = {p.row.patient.nhs_number: p.row.patient for p, _ in placed}  # the last row wins
        contacts = {p.row.patient.nhs_number: p.row.contact for p, _ in placed if p.row.contact is not None}
        return Decided(placed, stored, latest, contacts, errors + refused)


class Decided(NamedTuple):
    placed: list[Placed]
    stored: dict[str, Row[*tuple[Any, ...]]]
    latest: dict[str, Any]  # NHS number -> PatientFields
    contacts: dict[str, ContactFields]  # NHS number -> the last row's contact details (none: no contact column)
    errors: list[RowError]


def _attendance_rows(
    decided: Decided, ids: Mapping[str, int | None], run: RunContext
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[Parsed[AttendanceRow]]]:
    """The attendances to insert and to update, and the rows already stored as they say (counted in `run`)."""
    new, changed, same = [], [], []
    for parsed, clinic_id in decided.placed:
        row = parsed.row
        state = {"patient_id": ids[row.patient.nhs_number], "clinic_id": clinic_id,
                 "appointment_at": row.appointment_at, "status": row.status}  # fmt: skip
        old = decided.stored.get(row.appointment_id)
        if old is None:
            new.append({**state, "source_ref": row.appointment_id, "created_at": run.now, "updated_at": run.now})
        elif tuple(state.values()) == (old.patient_id, old.clinic_id, old.appointment_at, old.status):
            run.unchanged += 1
            same.append(parsed)
        else:
            changed.append({"attendance_id": old.id, **state, "updated_at": run.now})
    return new, changed, same


def _contact_as_stored(contact: ContactFields | None, before: ContactDetails | None) -> bool:
    """Whether applying the row would leave the patient's contact details as they are."""
    return contact is None or contact.over(before) == (before or NONE)


def _stored(session: Session, refs: list[str]) -> dict[str, Row[*tuple[Any, ...]]]:
    """The batch's appointments already stored, by appointment id."""
    if not refs:
        return {}
    query = select(
        Attendance.id,
        Attendance.source_ref,
        Attendance.patient_id,
        Attendance.clinic_id,
        Attendance.appointment_at,
        Attendance.status,
    ).where(one_of(session, Attendance.source_ref, refs))
    return {row.source_ref: row for row in session.execute(query)}  # fmt: skip


def _place(rows: list[Parsed[AttendanceRow]], codes: ReferenceCodes) -> tuple[list[Placed], list[RowError]]:
    placed, errors = [], []
    for parsed in rows:
        row, line = parsed.row, parsed.line
        clinic = codes.clinics.get(row.clinic_code)
        if row.site_code not in codes.sites:
            errors.append(RowError(line, "site_code", f"no site has this code: {ADD_SITE_HINT}."))
        elif clinic is None:
            errors.append(RowError(line, "clinic_code", f"no clinic has this code: {ADD_CLINIC_HINT}."))
        elif clinic.site_code != row.site_code:
            errors.append(RowError(line, "clinic_code", f"belongs to site {clinic.site_code}, not to site_code."))
        else:
            placed.append((parsed, clinic.id))
    return placed, errors


def _keep_sittings_with_their_patient(
    session: Session, placed: list[Placed], known: KnownPatients, stored: dict[str, Row[*tuple[Any, ...]]]
) -> tuple[list[Placed], list[RowError]]:
    moving = {}
    for parsed, _ in placed:
        old = stored.get(parsed.row.appointment_id)
        patient = known.get(parsed.row.patient.nhs_number)
        if old is not None and (patient is None or patient[0] != old.patient_id):
            moving[old.id] = parsed.line
    if not moving:
        return placed, []
    screened = set(session.scalars(
        select(ScreeningSession.attendance_id).where(ScreeningSession.attendance_id.in_(list(moving)))
    ))  # fmt: skip
    refused = {line for attendance_id, line in moving.items() if attendance_id in screened}
    kept = [(parsed, clinic) for parsed, clinic in placed if parsed.line not in refused]
    return kept, [RowError(line, "nhs_number", MOVED) for line in sorted(refused)]


IMPORTERS[AttendanceImporter.kind] = lambda options: AttendanceImporter()
