"""The words a patient sees, in the sitting's language: the seam between the tablet and the
translation catalogue (issue 16, clinical reference s9).

Every patient-facing string on the tablet comes through here: the instrument (lead-in,
items, options) and the patient text (welcome, buttons, progress, safety message). Until
the catalogue is wired in, every language reads the English master.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from questionnaires import load_instrument
from questionnaires.model import Instrument
from questionnaires.patient_text import TEXT_ENV, PatientText, patient_text

ENGLISH = "en"


@dataclass(frozen=True)
class LanguageChoice:
    """A language a patient may choose: its BCP 47 tag, its name in its own script, its
    direction ("ltr" or "rtl"), and whether it is a generated test language."""

    tag: str
    name: str
    direction: str = "ltr"
    test_language: bool = False


def words(language: str = ENGLISH) -> PatientText:
    """The patient text in `language` (the English master until the catalogue is wired)."""
    return patient_text(os.environ.get(TEXT_ENV))


def instrument(instrument_id: str, language: str = ENGLISH) -> Instrument:
    """The instrument with its wording in `language`; linkIds, values and rules are the master's."""
    return load_instrument(instrument_id)


def offered() -> tuple[LanguageChoice, ...]:
    """The languages a patient may choose here, English first."""
    return (LanguageChoice(ENGLISH, "English"),)


def direction(language: str) -> str:
    return "ltr"
