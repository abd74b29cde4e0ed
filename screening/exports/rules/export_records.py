"""What an export asks for, and the facts of one sitting that every export format reads.

Design decisions:
- A date range is whole Europe/London days, both ends included: `--from 2026-03-29 --to
  2026-03-29` is the clinic day of the spring clock change, 23 hours long. Times are
  stored in UTC, so the range becomes [start of `start` in London, start of the day after
  `end` in London) in UTC (`utc_bounds`). A sitting belongs to the day it STARTED: every
  sitting has a start, only completed ones have a completion time.
- The records are plain frozen dataclasses filled by `screening.exports.services.export_reading`,
  so the row and FHIR mappings are pure functions that tests can call without a database.
  They hold everything an identifiable export may need; each mapping takes only what its
  mode allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from screening.errors import InvalidValue

LONDON = ZoneInfo("Europe/London")
MAX_REASON = 200  # characters of the recorded reason for an identifiable export


@dataclass(frozen=True)
class ExportRequest:
    start: date
    end: date
    site_code: str | None = None
    identifiable: bool = False
    reason: str | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidValue("dates", f"--to {self.end} is before --from {self.start}.")
        if self.site_code is not None:
            object.__setattr__(self, "site_code", self.site_code.strip().upper() or None)
        reason = (self.reason or "").strip()[:MAX_REASON]
        object.__setattr__(self, "reason", reason or None)

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """[first instant of `start`, first instant after `end`) in London, as UTC."""
        first = datetime.combine(self.start, time.min, LONDON)
        after = datetime.combine(self.end + timedelta(days=1), time.min, LONDON)
        return first.astimezone(UTC), after.astimezone(UTC)


def london_date(moment: datetime) -> date:
    return moment.astimezone(LONDON).date()


@dataclass(frozen=True)
class PatientFacts:
    pseudo_id: str
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


@dataclass(frozen=True)
class ScoreFacts:
    """A `scores` row: a questionnaire total or a Vital 5 measure (see result_rows)."""

    instrument_id: str
    raw_sum: int | None
    total: int | None
    band: str | None
    prorated: bool
    complete: bool
    value: float | None
    detail: str | None


@dataclass(frozen=True)
class FlagFacts:
    """A `flags` row: the rule that raised it and the reason text the rule wrote (never a
    reviewer's note), its review status, and when it was raised and closed."""

    rule_code: str
    priority: str
    kind: str
    reason: str = ""
    status: str = "open"
    raised_at: datetime | None = None
    closed_at: datetime | None = None


@dataclass(frozen=True)
class AnswerFacts:
    """An `answers` row: exactly one of number, code or declined."""

    instrument_id: str
    instrument_version: str
    item_id: str
    value_number: float | None
    value_code: str | None
    declined: bool


@dataclass(frozen=True)
class SittingRecord:
    sitting_id: int
    sitting_key: str  # the idempotency key: random, never shown; seeds FHIR resource ids
    started_at: datetime
    completed_at: datetime | None
    status: str
    decline_reason: str | None
    mode: str
    language: str
    bundle: str
    site_code: str
    clinic_code: str
    specialty: str
    patient: PatientFacts
    scores: tuple[ScoreFacts, ...] = ()
    flags: tuple[FlagFacts, ...] = ()
    answers: tuple[AnswerFacts, ...] = ()
    interpreter_used: bool | None = None  # how the sitting was given (issue 16): None = not recorded
    read_aloud_used: bool = False
    remote: bool = False  # begun from a secure link before the visit (issue 17), whatever `mode`
    ended_at: datetime | None = None  # when an unfinished sitting was closed or marked abandoned

    @property
    def sitting_date(self) -> date:
        return london_date(self.started_at)

    def score(self, instrument_id: str) -> ScoreFacts | None:
        return next((s for s in self.scores if s.instrument_id == instrument_id), None)
