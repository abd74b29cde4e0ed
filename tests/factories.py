"""Small builders for model rows in tests: valid by default, overridable per field."""

from __future__ import annotations

from datetime import UTC, date, datetime
from itertools import count
from typing import Any

from sqlalchemy.orm import Session

from models import Attendance, Clinic, Patient, ScreeningSession, Site, User
from screening.patients.rules.nhs_number import check_digit

_serial = count(1)


def nhs_number(n: int) -> str:
    """A valid NHS number, different for every n below 1,000,000: 999 000 000 + n, or, when
    that stem has no check digit, the same n under 998, 997, ... (never a neighbour's number)."""
    assert 0 <= n < 1_000_000
    prefix = 999
    while check_digit(str(prefix * 1_000_000 + n)) is None:
        prefix -= 1
    stem = str(prefix * 1_000_000 + n)
    return f"{stem}{check_digit(stem)}"


def site(session: Session, **fields: Any) -> Site:
    n = next(_serial)
    row = Site(**{"code": f"S{n}", "name": f"Site {n}", **fields})
    session.add(row)
    session.flush()
    return row


def clinic(session: Session, **fields: Any) -> Clinic:
    n = next(_serial)
    if "site_id" not in fields:
        fields["site_id"] = site(session).id
    row = Clinic(**{"code": f"C{n}", "name": f"Clinic {n}", "specialty": "haemoglobinopathy", **fields})
    session.add(row)
    session.flush()
    return row


def patient(session: Session, **fields: Any) -> Patient:
    n = next(_serial)
    row = Patient(
        **{
            "nhs_number": nhs_number(n),
            "hospital_number": f"H{n:07d}",
            "family_name": "Okafor",
            "given_name": "Ada",
            "date_of_birth": date(1990, 5, 17),
            "gender_code": "2",
            "ethnic_category": "N",
            **fields,
        }
    )
    session.add(row)
    session.flush()
    return row


def attendance(session: Session, **fields: Any) -> Attendance:
    n = next(_serial)
    if "patient_id" not in fields:
        fields["patient_id"] = patient(session).id
    if "clinic_id" not in fields:
        fields["clinic_id"] = clinic(session).id
    row = Attendance(
        **{
            "appointment_at": datetime(2026, 11, 20, 9, 30, tzinfo=UTC),
            "status": "attended",
            "source_ref": f"APPT-{n}",
            **fields,
        }
    )
    session.add(row)
    session.flush()
    return row


def screening_session(session: Session, **fields: Any) -> ScreeningSession:
    n = next(_serial)
    if "patient_id" not in fields:
        fields["patient_id"] = patient(session).id
    if "clinic_id" not in fields:
        fields["clinic_id"] = clinic(session).id
    row = ScreeningSession(**{"mode": "self", "idempotency_key": f"key-{n}", **fields})
    session.add(row)
    session.flush()
    return row


def user(session: Session, **fields: Any) -> User:
    """A user without a password (tests that sign in through the form set one)."""
    n = next(_serial)
    sites = fields.pop("sites", None)
    row = User(
        **{
            "username": f"user{n}",
            "display_name": f"Test User {n}",
            "role": "clinic_staff",
            "all_sites": sites is None,
            **fields,
        }
    )
    if sites is not None:
        row.sites = list(sites)
    session.add(row)
    session.flush()
    return row
