"""How a flag's review ends: the outcome, and what each outcome must say (issue 7; s6, s8).

Design decisions:
- A reviewer chooses one of `REVIEW_OUTCOMES`: referred (to a destination in
  `REFERRAL_DESTINATIONS`; "other" with its own words), already under care, declined by
  the patient, or no further action needed (with a reason). `historical_import` is the
  outcome the import gives flags raised before this service existed; nobody chooses it.
- Every close needs a note (issue 7), so the record says why, not only what. The
  "other" destination and the "no further action" reason are kept apart from the note
  (`detail`) so a manager can count destinations and a reviewer can read the reasons.
- Anything an outcome does not use is dropped, not stored: a destination left selected
  on a form before the outcome was changed to "declined" must not reach the record.
- `closing` is the only way to build a `Closing`, so an invalid one never reaches a
  service; failures are `InvalidValue`s naming the field, shown to the reviewer as they are.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from screening.clinical.rules.codes import REFERRAL_DESTINATIONS
from screening.errors import InvalidValue
from screening.flag_review.rules.flag_workflow import note_text

DETAIL_LIMIT = 300  # characters: a destination's name or a one-line reason
OUTCOME_LABELS: Mapping[str, str] = MappingProxyType({
    "referred": "Referred",
    "already_under_care": "Already under care",
    "declined_by_patient": "Declined by patient",
    "no_further_action": "No further action needed",
    "historical_import": "Closed before this service (imported)",
})  # fmt: skip
REVIEW_OUTCOMES: tuple[str, ...] = ("referred", "already_under_care", "declined_by_patient", "no_further_action")
OTHER = "other"


@dataclass(frozen=True)
class Closing:
    """A checked outcome: `referred_to` only for referrals, `detail` only where one is needed."""

    outcome: str
    note: str
    referred_to: str | None = None
    detail: str | None = None


def closing(
    outcome: str | None, note: str | None, *, referred_to: str | None = None, detail: str | None = None
) -> Closing:
    """The outcome a reviewer chose, checked; InvalidValue says what is missing."""
    if outcome not in REVIEW_OUTCOMES:
        choices = ", ".join(OUTCOME_LABELS[o].lower() for o in REVIEW_OUTCOMES)
        raise InvalidValue("outcome", f"choose one of {choices}.")
    checked_note = note_text("note", note)
    if outcome == "referred":
        if referred_to not in REFERRAL_DESTINATIONS:
            raise InvalidValue("referred to", "choose where the patient was referred.")
        words = note_text("other destination", detail, limit=DETAIL_LIMIT) if referred_to == OTHER else None
        return Closing(outcome, checked_note, referred_to, words)
    if outcome == "no_further_action":
        reason = note_text("reason for no further action", detail, limit=DETAIL_LIMIT)
        return Closing(outcome, checked_note, None, reason)
    return Closing(outcome, checked_note)


def describe_outcome(outcome: str | None, referred_to: str | None = None, detail: str | None = None) -> str:
    """In words: "Referred: GP", "Referred: Other (community nurse)", "No further action needed (...)"."""
    if outcome is None:
        return ""
    words = OUTCOME_LABELS.get(outcome, outcome)
    if referred_to is not None:
        words += f": {REFERRAL_DESTINATIONS.get(referred_to, referred_to)}"
    if detail:
        words += f" ({detail})"
    return words
