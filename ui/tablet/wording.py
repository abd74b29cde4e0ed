"""The words a patient sees, in the sitting's language: the seam between the tablet and the
translation catalogue (issue 16, clinical reference s9).

Every patient-facing string on the tablet comes through here: the instrument (lead-in,
items, options) and the patient text (welcome, buttons, progress, safety message).

Design decisions:
- English is the master, read from `questionnaires/` (and SCREENING_PATIENT_TEXT, a site's
  own English patient text, as before). Any other language comes from the catalogue in the
  database, only while it is offered (`screening.languages.services.catalogue`): signed off
  and unchanged against the master, or any complete test or unsigned language in demo mode.
  A language that is not offered (or no longer is) reads English, never a blank.
- The catalogue is read through a short-lived `st.cache_data` holding plain data (tags,
  names, content dicts), never an ORM object; a new sign-off reaches tablets within
  `CACHE_TTL`. The translated instrument is built from the master on each call
  (`questionnaires.translation_master.translated_instrument`): text from the translation,
  everything else from the master.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import streamlit as st

from questionnaires import load_instrument
from questionnaires.model import Instrument
from questionnaires.patient_text import TEXT_ENV, PatientText, at_home, patient_text
from questionnaires.translation_master import PATIENT_TEXT, Content, translated_instrument, translated_patient_text
from screening.database.services.database import configured_url
from screening.database.services.reachability import unreachable
from screening.languages.rules import language_names
from screening.languages.services.catalogue import OfferedLanguage, language_content, offered_languages
from screening.policy import LinkHolder, Respondent
from ui.shell.runtime import database, demo_mode

ENGLISH = "en"
CACHE_TTL = "30s"


@dataclass(frozen=True)
class LanguageChoice:
    """A language a patient may choose: its BCP 47 tag, its name in its own script, its
    direction ("ltr" or "rtl"), and whether it is a generated test language."""

    tag: str
    name: str
    direction: str = "ltr"
    test_language: bool = False


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _offered(url: str, demo: bool) -> tuple[OfferedLanguage, ...]:
    with database().transaction() as session:
        return offered_languages(session, demo)


@st.cache_data(ttl=CACHE_TTL, show_spinner=False)
def _content(url: str, language: str, demo: bool) -> dict[str, Content]:
    with database().transaction() as session:
        return language_content(session, language, demo)


# The last catalogue read of each language in this process: while the database is out of
# reach (issue 14) a patient answering in Somali carries on in Somali, never in English.
_LAST_READ: dict[tuple[str, str, bool], dict[str, Content]] = {}


def _translation(language: str) -> dict[str, Content]:
    if language == ENGLISH:
        return {}
    where = (configured_url(), language, demo_mode())
    try:
        content = _content(*where)
    except Exception as error:
        if not unreachable(error) or where not in _LAST_READ:
            raise
        return _LAST_READ[where]
    _LAST_READ[where] = content
    return content


def words(language: str = ENGLISH) -> PatientText:
    """The patient text in `language`; English (the site's own when set) if it is not offered."""
    content = _translation(language).get(PATIENT_TEXT)
    if content is None:
        return patient_text(os.environ.get(TEXT_ENV))
    return translated_patient_text(patient_text(), content, language)


def respondent_words(respondent: Respondent, language: str = ENGLISH) -> PatientText:
    """`words`, as a patient at home reads them when the respondent holds a secure link (issue 17)."""
    text = words(language)
    return at_home(text) if isinstance(respondent, LinkHolder) else text


def instrument(instrument_id: str, language: str = ENGLISH) -> Instrument:
    """The instrument with its wording in `language`; linkIds, values and rules are the master's."""
    master = load_instrument(instrument_id)
    content = _translation(language).get(instrument_id)
    return master if content is None else translated_instrument(master, content)


def offered() -> tuple[LanguageChoice, ...]:
    """The languages a patient may choose here, English first."""
    return tuple(
        LanguageChoice(o.tag, o.name, o.direction, o.test_language) for o in _offered(configured_url(), demo_mode())
    )


def direction(language: str) -> str:
    """ "rtl" for a right-to-left language, else "ltr"."""
    return language_names.direction(language)
