"""A sitting's summary as staff read it: who, which results, which flags, most pressing first.

Design decisions:
- Plain frozen values built by `screening.sittings.services.sitting_summary`, so the sitting page,
  the printable page and (later) the psychologists' view read one shape and none of them
  touches the database or the ORM.
- Flags are ordered by priority (URGENT first, clinical reference s6), then by the order
  they were raised; `urgent` picks out the ones to say in plain words at the top.
- Each flag carries what it means and the agreed next step from `screening.clinical.rules.flag_codes`,
  so the words are reviewed in one place by the clinical safety officer.
- A result's text always says "prorated" with a prorated total (s4), and an incomplete
  questionnaire says it has no total rather than showing a number.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from screening.clinical.rules.flag_codes import priority_rank

MEASURE_TITLES: Mapping[str, str] = {"bp": "Blood pressure", "bmi": "BMI", "smoking": "Smoking status"}


@dataclass(frozen=True)
class SummaryScore:
    instrument_id: str
    title: str
    total: int | None
    band: str | None
    prorated: bool
    complete: bool
    value: float | None
    detail: str | None

    @property
    def text(self) -> str:
        """The result in words: "21 (severe, prorated)", "142/91 mmHg (raised)", "28.0 (overweight)"."""
        if self.instrument_id == "bp":
            return f"{self.detail} mmHg ({self.band})"
        if self.instrument_id == "bmi":
            return f"{self.value:.1f} ({self.band})"
        if self.instrument_id == "smoking":
            return str(self.band)
        if self.total is None:
            return "incomplete: too many questions unanswered for a total"
        marks = ", ".join(m for m in (self.band, "prorated" if self.prorated else None) if m)
        return f"{self.total} ({marks})" if marks else str(self.total)


@dataclass(frozen=True)
class SummaryFlag:
    code: str
    kind: str
    priority: str
    reason: str
    status: str
    meaning: str
    next_step: str
    id: int = 0
    version: int = 0  # the flag version an acknowledgement names (optimistic lock)


@dataclass(frozen=True)
class SittingSummary:
    sitting_id: int
    attendance_id: int | None
    patient_name: str
    hospital_number: str | None
    clinic: str
    status: str
    mode: str
    started_at: datetime
    completed_at: datetime | None
    closed: bool  # abandoned and closed by staff: no longer offered for resuming
    decline_reason: str | None
    answered_items: int
    vital5: Mapping[str, int | float | str] = field(default_factory=dict)
    scores: tuple[SummaryScore, ...] = ()
    flags: tuple[SummaryFlag, ...] = ()
    physical_flags_shown: bool = True
    language: str = "en"  # how the sitting was given (issue 16): a BCP 47 tag,
    interpreter_used: bool | None = None  # an interpreter's help (None: not recorded),
    read_aloud_used: bool = False  # and whether the patient used read-aloud
    # What a document store files the summary by (issue 18: the PDF), and where and how it was begun.
    nhs_number: str | None = None
    date_of_birth: date | None = None
    site: str | None = None
    remote: bool = False  # begun at home from a secure link (issue 17)

    @property
    def urgent(self) -> tuple[SummaryFlag, ...]:
        return tuple(f for f in self.flags if f.priority == "urgent")


def ordered_flags(flags: Iterable[SummaryFlag]) -> tuple[SummaryFlag, ...]:
    """Most pressing first (s6); equal priorities keep the order they were raised in."""
    return tuple(sorted(flags, key=lambda flag: priority_rank(flag.priority)))
