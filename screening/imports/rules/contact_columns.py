"""A clinic list's optional contact columns: mobile, email, no_contact (issue 17).

The CSV format: three optional columns, in any order among the others.
- `mobile`: a UK mobile, written any usual way (07700 900123, +44 7700 900123,
  07700-900123); stored as 07 and nine digits.
- `email`: an email address (name@example.nhs.uk); stored with its domain lower-cased.
- `no_contact`: Y when the patient asked not to be sent messages, N or blank otherwise
  (yes/no, true/false and 1/0 are read too).
A bad value is the row's error, naming the line and the column and saying how to write
it, never repeating the value.

Design decisions:
- A file without a column leaves that detail as stored: a PAS extract that never had
  contacts cannot wipe them. A file with the column sets it on every row, so a blank
  cell clears that detail (the PAS is the truth, and a number removed there must stop
  receiving messages). So `ContactFields.given` names the columns the file has.
- The details belong to the patient, not the appointment: the last row for a patient
  wins, as for demographics.
- A patient left with no mobile, no email and no "no contact" has no row at all (data
  kept to the minimum), so "nothing stored" and "all blank" are one state, `NONE`.
- The checks are `screening.patients.rules.contact_details`, the one UK-mobile and
  email rule of the product.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

from screening.imports.rules.import_fields import RowChecker
from screening.patients.rules.contact_details import email_address, no_contact, uk_mobile

CONTACT_COLUMNS: tuple[str, ...] = ("mobile", "email", "no_contact")


@dataclass(frozen=True, slots=True)
class ContactDetails:
    """What `patient_contacts` holds for a patient (names as `PatientContact`)."""

    mobile: str | None = None
    email: str | None = None
    no_contact: bool = False


NONE = ContactDetails()  # no row stored


@dataclass(frozen=True, slots=True)
class ContactFields:
    """A row's contact details; only the columns in `given` (those its file has) count."""

    given: frozenset[str]
    details: ContactDetails

    def over(self, stored: ContactDetails | None) -> ContactDetails:
        """The details once this row is applied over what is stored (None: nothing stored)."""
        before = stored or NONE
        return ContactDetails(*(getattr(self.details if c in self.given else before, c) for c in CONTACT_COLUMNS))


def changed_columns(before: ContactDetails | None, after: ContactDetails) -> list[str]:
    """The contact columns that differ (codes, safe for the audit log)."""
    return [c for c in CONTACT_COLUMNS if getattr(before or NONE, c) != getattr(after, c)]


def _mobile(column: str, cell: str) -> str | None:
    return uk_mobile(cell)


def _email(column: str, cell: str) -> str | None:
    return email_address(cell)


def _no_contact(column: str, cell: str) -> bool:
    return no_contact(cell)


def contact_fields(row: RowChecker) -> ContactFields | None:
    """The row's contact details, or None when its file has none of the contact columns.

    Errors go to `row` (each names its column); the values read are then never used."""
    given = frozenset(c for c in CONTACT_COLUMNS if c in row.values)
    if not given:
        return None
    mobile = row.take("mobile", _mobile) if "mobile" in given else None
    email = row.take("email", _email) if "email" in given else None
    refuses = row.take("no_contact", _no_contact) if "no_contact" in given else False
    return ContactFields(given, ContactDetails(mobile, email, bool(refuses)))
