"""Pieces of the patient-mode screen: the staff hand-back and the closing screens."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from screening.errors import ScreeningError
from screening.services.hand_back import HandBack, end_handover, hand_back_locked
from screening.policy import CurrentUser
from ui import auth
from ui.runtime import database
from questionnaires.patient_text import PatientText, TEXT_ENV, patient_text

log = logging.getLogger("screening.ui")


def text() -> PatientText:
    return patient_text(os.environ.get(TEXT_ENV))


@contextmanager
def calm_errors() -> Iterator[None]:
    """A patient never sees a technical error: a calm message, the detail in the log."""
    try:
        yield
    except ScreeningError as error:
        st.info(f"{error}", icon=":material/info:")
        st.stop()
    except Exception:  # noqa: BLE001 - the edge: log it, reassure the patient
        log.exception("patient screen failed")
        words = text()
        st.info(f"{words.answers_safe} {words.hand_to_staff}", icon=":material/info:")
        st.stop()


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


def hand_back(user: CurrentUser, handover_id: int) -> None:
    """The staff check that ends patient mode; after five wrong tries, the password only.

    Wrong tries count against this hand-over, not the staff account (`services.hand_back`).
    """
    with calm_errors(), database().transaction() as session:
        locked = hand_back_locked(session, actor=user, handover_id=handover_id)
    with st.expander("For staff: take the tablet back", icon=":material/lock:"):
        if locked:
            st.info(LOCKED_NOTICE, icon=":material/lock:")
        with st.form("patient_mode_hand_back", clear_on_submit=True):
            label = "Staff password" if locked else "Staff password or PIN"
            secret = st.text_input(label, type="password", max_chars=256)
            submitted = st.form_submit_button("Unlock")
        if submitted:
            with calm_errors(), database().transaction() as session:
                result = end_handover(
                    session, actor=user, handover_id=handover_id, secret=secret,
                    now=auth.now(), app_session=auth.app_session(),
                )
            if result is HandBack.ACCEPTED:
                for key in [k for k in st.session_state if str(k).startswith("pm")]:
                    del st.session_state[key]
                auth.leave_patient_mode()
                st.rerun()
            if result is HandBack.LOCKED and not locked:
                st.rerun()  # the box changes to the locked notice and the password-only field
            st.error("That is not right.", icon=":material/error:")
