"""One row of a clinic list (attendance extract) checked into typed values (issue 5).

Design decisions:
- The columns are exactly `ATTENDANCE_COLUMNS` (order free); the header check is in
  `csv_source`. Each row is checked column by column and every problem is reported.
- Codes follow the clinical reference, section 7: gender 1/2/9/X; ethnic category the
  NHS codes, with blank stored as 99 (not known: nobody asked); IMD decile 1-10 or blank.
- An IMD decile needs its IMD version (deciles from different releases are not
  comparable, s7). A version given without a decile is dropped: there is nothing for it
  to qualify, and the database keeps decile and version both set or both empty.
- Blank `preferred_language` and `diagnosis_group` take the model's own defaults
  ("English", "Not recorded"), as a row typed in on the app would.
- Whether the site and clinic codes exist is a database question: the service checks it.
- Optional columns `mobile`, `email` and `no_contact` (issue 17) carry the patient's
  contact details: their format, and what a blank cell or a missing column means, are in
  `contact_columns`. A row's `contact` is None when its file has none of them.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from screening.clinical.rules.codes import (
    ATTENDANCE_STATUSES,
    ETHNIC_CATEGORIES,
    ETHNIC_NOT_KNOWN,
    GENDER_CODES,
    IMD_VERSIONS,
)
from screening.imports.rules import import_fields as cell
from screening.imports.rules.contact_columns import CONTACT_COLUMNS, ContactFields, contact_fields
from screening.imports.rules.import_fields import RowChecker
from screening.imports.rules.import_report import RowError

ATTENDANCE_COLUMNS: tuple[str, ...] = (
    "appointment_id", "nhs_number", "hospital_number", "family_name", "given_name", "date_of_birth",
    "gender_code", "ethnic_category", "imd_decile", "imd_version", "preferred_language",
    "interpreter_needed", "diagnosis_group", "site_code", "clinic_code", "appointment_at",
    "attendance_status",
)  # fmt: skip
OPTIONAL_COLUMNS: tuple[str, ...] = CONTACT_COLUMNS
YES_NO = ("Y", "N")


@dataclass(frozen=True, slots=True)
class PatientFields:
    """A patient's demographics as the latest extract gives them (names as `Patient`)."""

    nhs_number: str
    hospital_number: str | None
    family_name: str
    given_name: str
    date_of_birth: date
    gender_code: str
    ethnic_category: str
    imd_decile: int | None
    imd_version: str | None
    preferred_language: str
    interpreter_needed: bool
    diagnosis_group: str


@dataclass(frozen=True, slots=True)
class AttendanceRow:
    appointment_id: str
    patient: PatientFields
    site_code: str
    clinic_code: str
    appointment_at: datetime  # aware UTC
    status: str
    contact: ContactFields | None = None  # None: the file has no contact column


APPOINTMENT_ID = cell.Text(64)
HOSPITAL_NUMBER = cell.Text(20, optional=True)
NAME = cell.Text(100)
GENDER = cell.Codes(GENDER_CODES)
ETHNIC = cell.Codes(ETHNIC_CATEGORIES, blank=ETHNIC_NOT_KNOWN)
IMD_DECILE = cell.WholeNumber(1, 10)
IMD_VERSION = cell.Codes(IMD_VERSIONS, blank="")
LANGUAGE = cell.Text(40, default="English")
DIAGNOSIS = cell.Text(60, default="Not recorded")
INTERPRETER = cell.Codes(YES_NO)
STATUS = cell.Codes(ATTENDANCE_STATUSES)
CODE = cell.Text(20)


def parse_attendance_row(line: int, values: Mapping[str, str]) -> tuple[AttendanceRow | None, list[RowError]]:
    """The checked row, or None and every problem found in it."""
    row = RowChecker(line, values)
    take = row.take
    appointment_id = take("appointment_id", APPOINTMENT_ID)
    decile = take("imd_decile", IMD_DECILE)
    version = take("imd_version", IMD_VERSION)
    if decile is not None and version == "":
        row.refuse("imd_version", f"is required with an IMD decile: {' or '.join(IMD_VERSIONS)}.")
    born = take("date_of_birth", cell.iso_date)
    appointment_at = take("appointment_at", cell.iso_moment)
    if born is not None and appointment_at is not None and born > appointment_at.date():
        row.refuse("date_of_birth", "is after the appointment; check the date of birth.")
    nhs_number = take("nhs_number", cell.nhs)
    hospital_number = take("hospital_number", HOSPITAL_NUMBER)
    family_name, given_name = take("family_name", NAME), take("given_name", NAME)
    gender_code, ethnic_category = take("gender_code", GENDER), take("ethnic_category", ETHNIC)
    preferred_language = take("preferred_language", LANGUAGE)
    interpreter = take("interpreter_needed", INTERPRETER)
    diagnosis_group = take("diagnosis_group", DIAGNOSIS)
    site_code, clinic_code = take("site_code", CODE), take("clinic_code", CODE)
    status = take("attendance_status", STATUS)
    contact = contact_fields(row)
    if row.errors:
        return None, row.errors
    # No error, so every reader gave a value (only the hospital number may be blank, as None).
    assert appointment_id is not None and nhs_number is not None and born is not None
    assert family_name is not None and given_name is not None and appointment_at is not None
    assert gender_code is not None and ethnic_category is not None and status is not None
    assert preferred_language is not None and diagnosis_group is not None
    assert site_code is not None and clinic_code is not None
    patient = PatientFields(
        nhs_number=nhs_number,
        hospital_number=hospital_number,
        family_name=family_name,
        given_name=given_name,
        date_of_birth=born,
        gender_code=gender_code,
        ethnic_category=ethnic_category,
        imd_decile=decile,
        imd_version=version if decile is not None else None,
        preferred_language=preferred_language,
        interpreter_needed=interpreter == "Y",
        diagnosis_group=diagnosis_group,
    )
    place = (site_code.upper(), clinic_code.upper())
    return AttendanceRow(appointment_id, patient, *place, appointment_at, status, contact), []
