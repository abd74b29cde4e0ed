"""What the scoring and Vital 5 rules return: one scored questionnaire, one measure.

Design decision: the result types live apart from the rules that make them, so the flag
rules (`flags`) can read a result without importing the scoring or Vital 5 modules that
call them: imports run one way, results <- flags <- scoring and vital5.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from screening.clinical.rules.answers import Answer
from screening.clinical.rules.flag_codes import Flag


@dataclass(frozen=True)
class ScoreResult:
    """One scored questionnaire.

    `raw_sum` adds the answered scored items. `total` is the reportable total: the raw
    sum when every scored item is answered, the prorated total when proration applies
    (`prorated` is then true), else None. `complete` means a total exists; `band` is
    the band of the total, lower case as in the clinical reference, or None.
    `unanswered` lists the scored items left unanswered or declined. The difficulty
    item (phq9_10, gad7_8) is kept in `answers` but never scored.
    """

    instrument_id: str
    instrument_version: str
    raw_sum: int
    total: int | None
    band: str | None
    prorated: bool
    complete: bool
    flags: tuple[Flag, ...]
    answers: Mapping[str, Answer] = field(default_factory=lambda: MappingProxyType({}), hash=False)
    unanswered: tuple[str, ...] = ()


@dataclass(frozen=True)
class BloodPressureResult:
    """`systolic`/`diastolic` is the recorded reading; `category` normal, raised or severe."""

    readings: tuple[tuple[int, int], ...]
    systolic: int
    diastolic: int
    category: str
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class BMIResult:
    height_m: float
    weight_kg: float
    ethnic_category: str
    bmi: float
    category: str
    lower_thresholds: bool
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class SmokingResult:
    code: str
    label: str
    current: bool
    flags: tuple[Flag, ...]
