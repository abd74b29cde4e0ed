"""Builders for import files in tests: rows valid by default, overridable per column.

The patients are invented; NHS numbers are in the 999 test range (valid check digits)
apart from 943 476 5919, the reference's own worked example.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.orm import Session

from screening.imports.rules.attendance_rows import ATTENDANCE_COLUMNS
from screening.imports.rules.screening_rows import SITTING_COLUMNS
from screening.sites.services.reference_data import add_clinic, add_site
from tests.factories import nhs_number

NHS = "9434765919"  # valid (clinical reference, section 7)
BAD_CHECK_DIGIT = "9434765918"

ATTENDANCE: dict[str, str] = {
    "appointment_id": "PAS-0001", "nhs_number": NHS, "hospital_number": "H0000001", "family_name": "Okafor",
    "given_name": "Ada", "date_of_birth": "1990-05-17", "gender_code": "2", "ethnic_category": "N",
    "imd_decile": "3", "imd_version": "IMD2019", "preferred_language": "English", "interpreter_needed": "N",
    "diagnosis_group": "Sickle cell disease", "site_code": "GUY", "clinic_code": "GUY-HBO",
    "appointment_at": "2026-03-02T09:30", "attendance_status": "attended",
}  # fmt: skip

# A completed sitting: PHQ-9 total 12 (moderate, threshold flag), GAD-7 total 7, Vital 5.
SITTING: dict[str, str] = {
    "session_ref": "PAPER-0001", "nhs_number": NHS, "clinic_code": "GUY-HBO", "completed_at": "2026-03-02T10:00",
    "status": "completed", "decline_reason": "", "mode": "self",
    **{f"phq9_{n}": v for n, v in zip(range(1, 10), "222211110", strict=True)},
    **{f"gad7_{n}": v for n, v in zip(range(1, 8), "1111111", strict=True)},
    "bp_systolic_1": "132", "bp_diastolic_1": "84", "height_m": "1.68", "weight_kg": "70.5", "smoking_status": "4",
}  # fmt: skip


def attendance(**fields: str) -> dict[str, str]:
    return {**ATTENDANCE, **fields}


def sitting(**fields: str) -> dict[str, str]:
    return {**SITTING, **fields}


def patients(count: int, **fields: str) -> list[dict[str, str]]:
    """`count` attendance rows, one patient each, numbered appointments."""
    return [attendance(appointment_id=f"PAS-{n:04d}", nhs_number=nhs_number(n), **fields) for n in range(1, count + 1)]


def csv_text(rows: Iterable[dict[str, Any]], columns: Sequence[str] | None = None, newline: str = "\n") -> str:
    rows = list(rows)
    header = list(columns or (rows[0] if rows else ATTENDANCE_COLUMNS))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator=newline, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def csv_file(rows: Iterable[dict[str, Any]], columns: Sequence[str] | None = None, *, encoding: str = "utf-8",
             newline: str = "\n") -> io.BytesIO:  # fmt: skip
    return io.BytesIO(csv_text(rows, columns, newline).encode(encoding))


def sitting_columns(rows: Iterable[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys([*SITTING_COLUMNS, *(key for row in rows for key in row)]))


def reference_data(session: Session) -> None:
    """Site GUY with clinic GUY-HBO (full bundle), and site KCH with KCH-ONC."""
    add_site(session, "GUY", "Guy's Hospital")
    add_site(session, "KCH", "King's College Hospital")
    add_clinic(session, "GUY", "GUY-HBO", "Haemoglobinopathy", specialty="haemoglobinopathy")
    add_clinic(session, "KCH", "KCH-ONC", "Haemato-oncology", specialty="haemato_oncology")
