"""What the patient, then staff, are told while answers wait for the database (issue 14).

Design decisions:
- The patient sees a calm count, never an error ("3 answers are waiting to be saved"),
  worded in the patient text catalogue. While answers wait, a fragment re-runs every few
  seconds, tries to store them, and once they are stored re-runs the whole screen (so
  Finish opens and the count becomes "All your answers are saved").
- The calm screen shown after any other database failure in patient mode re-runs the
  screen the same way, so nothing stays stuck once the database is back.
- A fragment's first pass belongs to the full run that drew it, which has just tried the
  database; only its timed re-runs try again (`_timed`), so one run makes one attempt.
- Staff read a plain account when they take the tablet back: when the database was
  missed, how many answers were kept on the tablet, and when they were stored.
"""

from __future__ import annotations

import logging
import os
import secrets
from datetime import timedelta

import streamlit as st

from questionnaires.patient_text import PatientText
from questionnaires.patient_text import waiting as waiting_words
from screening.policy import Respondent
from screening.sittings.services.patient_screen import Where
from ui.shell import auth
from ui.tablet import answer_queue

log = logging.getLogger("screening.ui")
RETRY_EVERY = timedelta(seconds=float(os.environ.get("SCREENING_RETRY_SECONDS", "5")))
_RUN = "saving_status.run"


def saving_status(user: Respondent, where: Where, key: str, words: PatientText) -> None:
    """The count of answers waiting (retrying), or that all are saved after an outage."""
    record = answer_queue.outage(key)
    if answer_queue.waiting(key, where):
        st.session_state[_RUN] = secrets.token_hex(4)
        _waiting(user, where, key, words)
    elif record is not None and record.where == where and record.kept:
        st.container(key=f"{key}_saving").info(words.all_saved, icon=":material/cloud_done:")


def calm_retry() -> None:
    """On the calm screen: re-run the app every few seconds until the database answers."""
    st.session_state[_RUN] = secrets.token_hex(4)
    _retry()


@st.fragment(run_every=RETRY_EVERY)
def _waiting(user: Respondent, where: Where, key: str, words: PatientText) -> None:
    if _timed(f"{key}_saving"):
        try:
            left = answer_queue.flush(user, where, key)
        except Exception:
            st.rerun(scope="app")
        if not left:
            st.rerun(scope="app")
    count = len(answer_queue.waiting(key, where))
    st.container(key=f"{key}_saving").info(
        f"{words.answers_safe} {waiting_words(words, count)} {words.keep_going}", icon=":material/cloud_upload:"
    )


@st.fragment(run_every=RETRY_EVERY)
def _retry() -> None:
    if _timed("calm_retry"):
        st.rerun(scope="app")


def _timed(name: str) -> bool:
    """True on a fragment's timed re-run, False on the pass drawn by a full run."""
    seen, run = st.session_state.get(f"saving_status.{name}"), st.session_state.get(_RUN)
    st.session_state[f"saving_status.{name}"] = run
    return seen == run


def staff_account(key: str) -> str | None:
    """What staff should know about an outage during this questionnaire, or None."""
    record = answer_queue.outage(key)
    if record is None:
        return None
    at = record.failed_at.astimezone(auth.LONDON).strftime("%H:%M")
    kept, saved = len(record.kept), len(record.saved)
    said = f"The database could not be reached at {at}"
    if not kept:
        return f"{said}; no answers were waiting on this tablet."
    answers = "1 answer was" if kept == 1 else f"{kept} answers were"
    if record.saved_at is not None and saved == kept:
        return (
            f"{said}; {answers} kept on this tablet and saved at "
            f"{record.saved_at.astimezone(auth.LONDON).strftime('%H:%M')}."
        )
    return (f"{said}; {answers} kept on this tablet and {kept - saved} not saved yet. Keep the tablet in patient "
            "mode until the count on screen clears; if the database stays down, note the patient's answers "
            "and tell the administrator.")  # fmt: skip


def staff_notice() -> None:
    """Once, on the staff screen after the hand-back: the account of each outage."""
    for name in [k for k in st.session_state if str(k).startswith(answer_queue.OUTAGE)]:
        account = staff_account(str(name)[len(answer_queue.OUTAGE) :])
        del st.session_state[name]
        if account:
            st.warning(account, icon=":material/cloud_off:")
