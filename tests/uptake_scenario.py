"""A hand-built service for the uptake tests: June 2026 (BST), two sites, seven patients.

Period: 1-30 June 2026, London days = [2026-05-31 23:00, 2026-06-30 23:00) UTC.
Site S1 has clinics C1A and C1B; site S2 has clinic C2.

Patient (ethnic, gender, IMD decile, born, language, interpreter, diagnosis) and events:
P1 A F d1 1990-06-15 English -   SCD:   attended C1A 10 Jun; sitting C1A 10 Jun completed
                                        (flag F1: due 12 Jun 12:00, acknowledged 11 Jun, closed 12 Jun 08:00).
P2 N M d4 2008-06-20 Somali  yes SCD:   attended C1A 5 Jun (aged 17) and C2 25 Jun (aged 18);
                                        C1A 5 Jun declined; C2 25 Jun completed, assisted
                                        (F2: due 27 Jun, never reviewed; F3: due 10 Jul, closed 26 Jun).
P3 Z F -  1950-01-01 English -   Thal:  attended C1B 30 Jun 22:30 UTC (23:30 BST: inside); no sitting.
P4 H M d10 1980-03-03 English -  Lymph: attended C1A 30 Jun 23:30 UTC (1 Jul BST: outside) and
                                        C2 31 May 22:30 UTC (31 May BST: outside); C2 15 Jun completed
                                        (not eligible, so not counted).
P5 99 X d5 1971-06-01 English -  Lymph: attended C2 31 May 23:30 UTC (1 Jun 00:30 BST: inside, and
                                        the London date makes them 55, not 54); did not attend C1A 12 Jun;
                                        C2 1 Jun abandoned; C1A 12 Jun completed.
P6 M F d2 1960-06-01 English -   SCD:   cancelled C1B 8 Jun: never eligible.
P7 C M d7 2000-12-31 Polish  -   Thal:  attended C1A 3 Jun and C1B 17 Jun; C1A 31 May 22:00 UTC
                                        completed (before the period); C1B 17 and 18 Jun declined.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from models import Clinic, Flag, Patient
from screening.patients.rules.nhs_number import check_digit
from screening.uptake.rules.analytics_filters import AnalyticsFilters
from tests import factories

JUNE = AnalyticsFilters(date(2026, 6, 1), date(2026, 6, 30))


def utc(month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


@dataclass
class Scenario:
    patients: dict[str, Patient]
    clinics: dict[str, Clinic]


def nhs_number(k: int) -> str:
    """A valid test-range NHS number of our own (the shared factory's serial ones can repeat)."""
    stem = 999_100_000 + 100 * k
    while check_digit(str(stem)) is None:
        stem += 1
    return f"{stem}{check_digit(str(stem))}"


def _sitting(db: Session, who: Patient, clinic: Clinic, at: datetime, status: str, mode: str = "self") -> int:
    fields: dict[str, object] = {"patient_id": who.id, "clinic_id": clinic.id, "started_at": at, "status": status,
                                 "mode": mode}  # fmt: skip
    if status == "completed":
        fields["completed_at"] = at + timedelta(minutes=10)
    if status == "declined":
        fields["decline_reason"] = "Does not want to"
    return factories.screening_session(db, **fields).id


def _flag(db: Session, session_id: int, who: Patient, rule: str, due: datetime, **fields: object) -> None:
    db.add(Flag(session_id=session_id, patient_id=who.id, kind="psychological", rule_code=rule, priority="routine",
                reason="test", due_at=due, **fields))  # fmt: skip
    db.flush()


def build(db: Session) -> Scenario:
    s1, s2 = factories.site(db, code="S1", name="Site one"), factories.site(db, code="S2", name="Site two")
    c = {
        code: factories.clinic(db, site_id=site.id, code=code) for code, site in (("C1A", s1), ("C1B", s1), ("C2", s2))
    }
    people = {
        "P1": ("A", "2", 1, date(1990, 6, 15), "English", False, "Sickle cell disease"),
        "P2": ("N", "1", 4, date(2008, 6, 20), "Somali", True, "Sickle cell disease"),
        "P3": ("Z", "2", None, date(1950, 1, 1), "English", False, "Thalassaemia"),
        "P4": ("H", "1", 10, date(1980, 3, 3), "English", False, "Lymphoma"),
        "P5": ("99", "X", 5, date(1971, 6, 1), "English", False, "Lymphoma"),
        "P6": ("M", "2", 2, date(1960, 6, 1), "English", False, "Sickle cell disease"),
        "P7": ("C", "1", 7, date(2000, 12, 31), "Polish", False, "Thalassaemia"),
    }
    p = {
        key: factories.patient(db, nhs_number=nhs_number(n), ethnic_category=e, gender_code=g, imd_decile=d,
                               imd_version=None if d is None else "IMD2019", date_of_birth=born,
                               preferred_language=lang, interpreter_needed=interp, diagnosis_group=diag)
        for n, (key, (e, g, d, born, lang, interp, diag)) in enumerate(people.items())
    }  # fmt: skip
    for who, clinic, at, status in [
        ("P1", "C1A", utc(6, 10), "attended"), ("P2", "C1A", utc(6, 5), "attended"),
        ("P2", "C2", utc(6, 25), "attended"), ("P3", "C1B", utc(6, 30, 22, 30), "attended"),
        ("P4", "C1A", utc(6, 30, 23, 30), "attended"), ("P4", "C2", utc(5, 31, 22, 30), "attended"),
        ("P5", "C2", utc(5, 31, 23, 30), "attended"), ("P5", "C1A", utc(6, 12), "did_not_attend"),
        ("P6", "C1B", utc(6, 8), "cancelled"), ("P7", "C1A", utc(6, 3), "attended"),
        ("P7", "C1B", utc(6, 17), "attended"),
    ]:  # fmt: skip
        factories.attendance(db, patient_id=p[who].id, clinic_id=c[clinic].id, appointment_at=at, status=status)
    f1 = _sitting(db, p["P1"], c["C1A"], utc(6, 10, 8, 50), "completed")
    _flag(db, f1, p["P1"], "phq9_threshold", utc(6, 12, 12), status="closed", acknowledged_at=utc(6, 11),
          closed_at=utc(6, 12, 8), outcome="referred")  # fmt: skip
    _sitting(db, p["P2"], c["C1A"], utc(6, 5, 8, 50), "declined")
    f2 = _sitting(db, p["P2"], c["C2"], utc(6, 25, 8, 50), "completed", mode="assisted")
    _flag(db, f2, p["P2"], "phq9_threshold", utc(6, 27))
    _flag(db, f2, p["P2"], "gad7_threshold", utc(7, 10), status="closed", acknowledged_at=utc(6, 26),
          closed_at=utc(6, 26, 10), outcome="no_further_action")  # fmt: skip
    _sitting(db, p["P4"], c["C2"], utc(6, 15), "completed")
    _sitting(db, p["P5"], c["C2"], utc(6, 1, 8), "abandoned")
    _sitting(db, p["P5"], c["C1A"], utc(6, 12, 8), "completed")
    _sitting(db, p["P7"], c["C1A"], utc(5, 31, 22), "completed")
    _sitting(db, p["P7"], c["C1B"], utc(6, 17, 8), "declined")
    _sitting(db, p["P7"], c["C1B"], utc(6, 18, 8), "declined")
    return Scenario(p, c)
