"""Builders for export records (`screening.exports.rules.export_records`) in pure tests: valid by default."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from screening.exports.rules.export_records import AnswerFacts, FlagFacts, PatientFacts, ScoreFacts, SittingRecord

NHS_NUMBER = "9434765919"  # valid by Modulus 11 (clinical reference, section 7)
FORMULA = '=HYPERLINK("http://x","y")'


def patient(**fields: Any) -> PatientFacts:
    values: dict[str, Any] = dict(
        pseudo_id="3f9a1c0b7d2e4a11", nhs_number=NHS_NUMBER, hospital_number="H0001234",
        family_name="Okafor", given_name="Ada", date_of_birth=date(1990, 5, 17), gender_code="2",
        ethnic_category="N", imd_decile=3, imd_version="IMD2019", preferred_language="English",
        interpreter_needed=False, diagnosis_group="Sickle cell disease",
    )  # fmt: skip
    return PatientFacts(**{**values, **fields})


def answers(instrument_id: str, values: dict[str, Any], version: str = "1.0.0") -> tuple[AnswerFacts, ...]:
    """Answer rows as stored: a number, a code, or declined (None: no row, not asked)."""
    rows = []
    for item_id, value in values.items():
        if value is None:
            continue
        declined = value == "declined"
        number = float(value) if isinstance(value, (int, float)) else None
        code = value if isinstance(value, str) and not declined else None
        rows.append(AnswerFacts(instrument_id, version, item_id, number, code, declined))
    return tuple(rows)


def phq9(*items: Any, difficulty: Any = 1) -> tuple[AnswerFacts, ...]:
    values = {f"phq9_{n}": v for n, v in enumerate(items, start=1)}
    return answers("phq9", {**values, "phq9_10": difficulty})


def gad7(*items: Any) -> tuple[AnswerFacts, ...]:
    return answers("gad7", {f"gad7_{n}": v for n, v in enumerate(items, start=1)})


def score(instrument_id: str, total: int | None, band: str | None = None, **fields: Any) -> ScoreFacts:
    values: dict[str, Any] = dict(
        raw_sum=total, total=total, band=band, prorated=False, complete=total is not None, value=None,
        detail=None,
    )  # fmt: skip
    return ScoreFacts(instrument_id, **{**values, **fields})


def sitting(**fields: Any) -> SittingRecord:
    values: dict[str, Any] = dict(
        sitting_id=41, sitting_key="tablet-key-41",
        started_at=datetime(2026, 6, 30, 23, 30, tzinfo=UTC),  # 1 July 00:30 BST
        completed_at=datetime(2026, 6, 30, 23, 42, tzinfo=UTC),
        status="completed", decline_reason=None, mode="self", language="en", bundle="full",
        site_code="GUY", clinic_code="GUY-HBO", specialty="haemoglobinopathy", patient=patient(),
    )  # fmt: skip
    return SittingRecord(**{**values, **fields})


def with_patient(record: SittingRecord, **fields: Any) -> SittingRecord:
    return replace(record, patient=replace(record.patient, **fields))


FLAG_URGENT = FlagFacts("phq9_item9_positive", "urgent", "psychological")
FLAG_ROUTINE = FlagFacts("phq9_threshold", "routine", "psychological")
FLAG_SIGNPOST = FlagFacts("bp_raised", "signpost", "physical")
