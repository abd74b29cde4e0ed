"""Where the patient is in the sitting: "Question 9 of 19", or "A follow-up question" (issue 16).

Design decisions:
- Only always-asked questions are numbered and counted. A follow-up (an item with
  `enableWhen`, such as the PHQ-9 and GAD-7 difficulty questions, clinical reference s1
  and s2) is shown without a number, so opening it never makes the count jump within an
  instrument: before, "Question 9 of 19" became "Question 10 of 20" when item 10 opened.
- The gateway bundle (PHQ-4 first, s3) still grows, and that is right: a positive PHQ-4
  half opens a whole instrument (PHQ-9 or GAD-7) of always-asked questions, so the total
  rises once, when the patient answers the last PHQ-4 item. It never shrinks while they
  move forward; Back to a PHQ-4 item and a changed answer may close an opened instrument.
- The Finish step (cursor past the last question) shows the full count: "N of N".

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from questionnaires import load_instrument

Step = tuple[str, str]  # (instrument id, item linkId), as in `patient_sections`


@dataclass(frozen=True)
class Progress:
    number: int | None  # None: a follow-up question, shown without a number
    total: int  # always-asked questions in the sitting so far
    done: int  # always-asked questions before this step (for the progress bar)

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0


def is_follow_up(step: Step) -> bool:
    """A question asked only when an earlier answer opens it (FHIR enableWhen)."""
    instrument_id, link_id = step
    return bool(load_instrument(instrument_id).item(link_id).enable_when)


def progress(steps: Sequence[Step], cursor: int) -> Progress:
    """The progress shown at `cursor` (0-based; len(steps) is the Finish step)."""
    numbered = [not is_follow_up(step) for step in steps]
    total = sum(numbered)
    if cursor >= len(steps):
        return Progress(total, total, total)
    done = sum(numbered[:cursor])
    return Progress(done + 1 if numbered[cursor] else None, total, done)
