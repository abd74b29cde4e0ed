"""From one sitting's stored answers to its results and flags, by the real rules.

Design decision: this is the single translation from stored answers (one row per item:
a number, a code or "declined") to the answer maps the pure rules take, and from those
to results and flags. It has no database access, so completing a live sitting and
building demo data go through exactly the same code. Nothing is guessed on the way: a
stored number that is not a whole number stays a float and the scoring refuses it, a
declined item stays "declined" (never 0), and answers recorded against another version
of an instrument than the one installed are refused rather than scored with the wrong
definition (clinical reference, section 8: a wrong score is a logged hazard), unless the
installed definition lists that version as one whose answers it reads unchanged. The PHQ-4
gateway's carrying forward (s3 v2) happens here too, through `screening.clinical.rules.gateway`, never by
copying answer rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from questionnaires import load_instrument
from screening.clinical.rules.answers import DECLINED
from screening.clinical.rules.flag_codes import Flag
from screening.clinical.rules.flags import physical_flags, psychological_flags
from screening.clinical.rules.gateway import evaluate_gateway
from screening.clinical.rules.results import BloodPressureResult, BMIResult, ScoreResult, SmokingResult
from screening.clinical.rules.scoring import score
from screening.clinical.rules.stored_answers import value_from_columns
from screening.clinical.rules.vital5 import (
    MAX_BP_READINGS,
    blood_pressure,
    bmi,
    smoking,
)
from screening.errors import ConflictError, InvalidValue

QUESTIONNAIRES = ("phq9", "gad7", "phq4", "auditc")  # scored by screening.clinical.rules.scoring
VITAL5 = "vital5"
PSYCHOLOGICAL_INSTRUMENTS = ("phq9", "gad7", "phq4")

Value = int | float | str | None


class StoredAnswer(Protocol):
    """What an `Answer` row (or an `AnswerRow`) offers, read only; a protocol so this module needs no ORM."""

    @property
    def instrument_id(self) -> str: ...
    @property
    def instrument_version(self) -> str: ...
    @property
    def item_id(self) -> str: ...
    @property
    def value_number(self) -> float | None: ...
    @property
    def value_code(self) -> str | None: ...
    @property
    def declined(self) -> bool: ...


class AnswerRow(NamedTuple):
    """An `answers` row without its session: what imports and the demo loader score and insert."""

    instrument_id: str
    instrument_version: str
    item_id: str
    value_number: float | None
    value_code: str | None
    declined: bool


def answer_rows(answers: Mapping[str, Mapping[str, int | float | str]]) -> list[AnswerRow]:
    """Answer maps (instrument id -> item -> value) as rows at the installed versions: a
    number, a code, or "declined" (never a guessed 0), exactly as `record_answers` stores them."""
    rows = []
    for instrument_id, items in answers.items():
        version = load_instrument(instrument_id).version
        for item_id, value in items.items():
            number = float(value) if not isinstance(value, str) else None
            code = value if isinstance(value, str) and value != DECLINED else None
            rows.append(AnswerRow(instrument_id, version, item_id, number, code, value == DECLINED))
    return rows


@dataclass(frozen=True)
class SittingResults:
    questionnaires: tuple[ScoreResult, ...]
    blood_pressure: BloodPressureResult | None
    bmi: BMIResult | None
    smoking: SmokingResult | None
    vital5_version: str | None
    flags: tuple[Flag, ...]


def group_answers(rows: Iterable[StoredAnswer]) -> dict[str, dict[str, Value]]:
    """Answer maps per instrument id, each checked against the installed version: its own,
    or an earlier one it reads unchanged (`answersFrom`, docs/clinical-rules.md "Changing a rule")."""
    grouped: dict[str, dict[str, Value]] = {}
    for row in rows:
        if row.instrument_id not in QUESTIONNAIRES and row.instrument_id != VITAL5:
            raise InvalidValue(row.instrument_id, "is not an instrument this product scores")
        installed = load_instrument(row.instrument_id)
        if not installed.reads_answers_of(row.instrument_version):
            raise ConflictError(
                f"Answers were recorded with {row.instrument_id} version {row.instrument_version}, "
                f"but version {installed.version} is installed: they cannot be scored safely."
            )
        grouped.setdefault(row.instrument_id, {})[row.item_id] = value_from_columns(
            row.value_number, row.value_code, row.declined
        )
    return grouped


def evaluate_sitting(
    rows: Iterable[StoredAnswer], ethnic_category: str, *, bundle: str | None = None
) -> SittingResults:
    """Score every instrument present, derive the Vital 5 measures, and raise the flags.

    Works on a partly answered sitting (an abandoned or closed one): each instrument is
    scored on what was answered (s4). A gateway sitting (s3 v2) is one whose `bundle` is
    "gateway", or, when the caller does not say, one with PHQ-4 answers: its PHQ-4 and the
    full instruments it opened are scored with the PHQ-4 answers carried forward, and its
    item 9 is judged even when no PHQ-9 was opened or item 9 has no answer at all
    (`screening.clinical.rules.gateway`).
    """
    grouped = group_answers(rows)
    if bundle == "gateway" or (bundle is None and "phq4" in grouped):
        gateway = evaluate_gateway(grouped)
        mood, flags = gateway.questionnaires, gateway.flags
    else:
        mood = tuple(score(i, grouped[i]) for i in PSYCHOLOGICAL_INSTRUMENTS if i in grouped)
        flags = psychological_flags(mood)
    auditc = score("auditc", grouped["auditc"]) if "auditc" in grouped else None
    scored = [*mood, *([auditc] if auditc is not None else [])]
    results = tuple(sorted(scored, key=lambda result: QUESTIONNAIRES.index(result.instrument_id)))
    vitals = grouped.get(VITAL5, {})
    bp, body, smoker = _blood_pressure(vitals), _bmi(vitals, ethnic_category), _smoking(vitals)
    flags += physical_flags(blood_pressure=bp, bmi=body, smoking=smoker, auditc=auditc)
    return SittingResults(
        questionnaires=results,
        blood_pressure=bp,
        bmi=body,
        smoking=smoker,
        vital5_version=load_instrument(VITAL5).version if vitals else None,
        flags=flags,
    )


def _number(value: Value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _blood_pressure(vitals: dict[str, Value]) -> BloodPressureResult | None:
    # A reading needs both numbers; a declined or half-entered reading is left out.
    readings = []
    for n in range(1, MAX_BP_READINGS + 1):
        systolic, diastolic = vitals.get(f"bp_systolic_{n}"), vitals.get(f"bp_diastolic_{n}")
        if _number(systolic) and _number(diastolic):
            readings.append((systolic, diastolic))
    return blood_pressure(readings) if readings else None  # type: ignore[arg-type]


def _bmi(vitals: dict[str, Value], ethnic_category: str) -> BMIResult | None:
    height, weight = vitals.get("height_m"), vitals.get("weight_kg")
    if not (_number(height) and _number(weight)):
        return None
    return bmi(height, weight, ethnic_category)  # type: ignore[arg-type]


def _smoking(vitals: dict[str, Value]) -> SmokingResult | None:
    code = vitals.get("smoking_status")
    return smoking(code) if isinstance(code, str) and code != DECLINED else None
