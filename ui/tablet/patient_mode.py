"""Pieces of the patient-mode screen: the staff hand-back and the closing screens."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from questionnaires.patient_text import TEXT_ENV, PatientText, patient_text
from screening.database.services.database import DatabaseUnavailable
from screening.database.services.reachability import kind, unreachable
from screening.errors import ScreeningError
from screening.patient_mode.services.hand_back import HandBack, end_handover, hand_back_locked
from screening.policy import CurrentUser
from ui.shell import auth
from ui.shell.runtime import database
from ui.tablet.saving_status import calm_retry

log = logging.getLogger("screening.ui")


def text() -> PatientText:
    return patient_text(os.environ.get(TEXT_ENV))


@contextmanager
def calm_errors() -> Iterator[None]:
    """A patient never sees a technical error: a calm message, the detail in the log.

    The page goes on below the block (the staff hand-back stays reachable). After a
    database outage the screen re-runs itself every few seconds, so it clears on its own
    once the database is back (issue 14).
    """
    try:
        yield
    except ScreeningError as error:
        if unreachable(error) or isinstance(error, DatabaseUnavailable):  # its words are for the administrator
            calm_screen(error)
        else:
            st.info(f"{error}", icon=":material/info:")
    except Exception as error:
        calm_screen(error)


def calm_screen(error: BaseException) -> None:
    """The words a patient sees after any failure: their answers are safe, hand the tablet over."""
    words = text()
    if unreachable(error):
        log.warning("patient screen: database unreachable (%s)", kind(error))
    else:
        log.error("patient screen failed (%s)", kind(error), exc_info=error)
    with st.container(key="pm_calm"):
        st.info(f"{words.answers_safe} {words.hand_to_staff}", icon=":material/info:")
    if unreachable(error):
        calm_retry()


def thank_you(words: PatientText, talk_today: bool) -> None:
    """The locked end screen: no scores, only what happens next."""
    st.title(words.thank_you_title)
    if talk_today:
        st.info(words.safety_message, icon=":material/support_agent:")
    st.subheader(words.hand_back)


LOCKED_NOTICE = (
    "This tablet is locked after too many wrong attempts. A member of staff must type "
    "their password (not the PIN) to unlock it."
)


def hand_back(user: CurrentUser, handover_id: int, *, expanded: bool = False) -> None:
    """The staff check that ends patient mode; after five wrong tries, the password only.

    Wrong tries count against this hand-over, not the staff account (`services.hand_back`).
    """
    try:
        with database().transaction() as session:
            locked = hand_back_locked(session, actor=user, handover_id=handover_id)
    except Exception as error:
        if not unreachable(error):
            raise
        locked = False  # the page has said the database is out; a try then gets the calm screen
    with st.expander("For staff: take the tablet back", icon=":material/lock:", expanded=expanded):
        if locked:
            st.info(LOCKED_NOTICE, icon=":material/lock:")
        with st.form("patient_mode_hand_back", clear_on_submit=True):
            label = "Staff password" if locked else "Staff password or PIN"
            secret = st.text_input(label, type="password", max_chars=256)
            submitted = st.form_submit_button("Unlock")
        if submitted:
            result = None  # the database failed: `calm_errors` has said so
            with calm_errors(), database().transaction() as session:
                result = end_handover(
                    session,
                    actor=user,
                    handover_id=handover_id,
                    secret=secret,
                    now=auth.now(),
                    app_session=auth.app_session(),
                )
            if result is HandBack.ACCEPTED:
                for key in [k for k in st.session_state if str(k).startswith("pm")]:
                    del st.session_state[key]
                auth.leave_patient_mode()
                st.rerun()
            if result is HandBack.LOCKED and not locked:
                st.rerun()  # the box changes to the locked notice and the password-only field
            if result is not None:
                st.error("That is not right.", icon=":material/error:")
