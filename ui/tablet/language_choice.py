"""The patient's language on the tablet (issue 16): chosen on the welcome screen, then kept.

Design decisions:
- A sitting starts in English (`sitting_start`); the welcome screen offers the languages
  of `ui.tablet.wording.offered()`, each named in its own script, with the patient's PAS
  preferred language preselected when it is offered (`sitting_languages.preselected`).
  Preselecting here, not at start, keeps the catalogue (a web-layer seam) out of the
  services, and the sitting records only what the patient actually started in.
- Changing the choice only re-draws the welcome in that language; tapping Start stores it
  (`set_sitting_language`, one transaction), so the record says the language the patient
  began in. Once a question is answered there is no choice any more: the page reads the
  sitting's stored language.
- The language read once is kept in this browser session, so a database outage later in
  the sitting never turns the page back to English or left-to-right.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from screening.database.services.reachability import unreachable
from screening.policy import Respondent
from screening.sittings.rules.sitting_languages import preselected
from screening.sittings.services.patient_screen import PatientForm, Where, patient_form
from screening.sittings.services.sitting_language import set_sitting_language
from ui.shell import auth
from ui.shell.runtime import database
from ui.shell.text import plain
from ui.tablet import wording

CHOICE = "pm_language"  # the chooser's widget key
STARTED = "pm_language_started"  # the sitting's language once read or started in
LARGE = """
<style>
.st-key-pm_language_choice button {min-height: 56px; padding: 0.5rem 1.25rem;}
.st-key-pm_language_choice button p {font-size: 1.3rem;}
</style>
"""


@dataclass(frozen=True)
class Welcome:
    language: str  # the tag to show the page in
    choices: tuple[wording.LanguageChoice, ...] = ()  # empty: nothing to choose (one language, or answered)


def patient_language(user: Respondent, where: Where, *, started: bool) -> Welcome:
    """The language to show, and on the welcome screen the languages to choose from."""
    kept = st.session_state.get(STARTED)
    if started and kept:
        return Welcome(kept)
    try:
        with database().transaction() as session:
            form = patient_form(session, actor=user, where=where)
    except Exception as error:
        if not unreachable(error):
            raise
        return Welcome(kept or wording.ENGLISH)  # the questionnaire says the database is out
    choices = wording.offered()
    if started or _answered(form) or len(choices) < 2:
        st.session_state[STARTED] = form.language
        return Welcome(form.language)
    tags = [c.tag for c in choices]
    chosen = st.session_state.get(CHOICE)
    if chosen not in tags:
        stored = form.language if form.language in tags else None
        real = [c.tag for c in choices if not c.test_language]  # never preselect a test language for a patient
        chosen = (stored if stored != wording.ENGLISH else None) or preselected(real, form.preferred_language)
        chosen = chosen or stored or tags[0]
    return Welcome(chosen, choices)


def language_chooser(welcome: Welcome, label: str) -> None:
    """Large buttons, one per offered language, each named in its own script, under the
    translate icon and `label` ("Language") in the language on screen."""
    if not welcome.choices:
        return
    names = {c.tag: c.name for c in welcome.choices}
    st.html(LARGE)
    with st.container(key="pm_language_choice"):
        st.segmented_control(f":material/translate: {plain(label)}", list(names), format_func=names.__getitem__,
                             default=welcome.language, key=CHOICE, required=True)  # fmt: skip


def start_in(user: Respondent, where: Where, welcome: Welcome) -> None:
    """Start tapped: store the language the patient begins in (nothing to store without a choice)."""
    if welcome.choices:
        with database().transaction() as session:
            set_sitting_language(session, actor=user, where=where, tag=welcome.language,
                                 offered=[c.tag for c in welcome.choices], now=auth.now(),
                                 app_session=auth.app_session())  # fmt: skip
    st.session_state[STARTED] = welcome.language


def _answered(form: PatientForm) -> bool:
    return any(instrument != "vital5" for instrument in form.answers)
