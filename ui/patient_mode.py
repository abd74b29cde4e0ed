"""Pieces of the patient-mode screen: the staff hand-back and the closing screens."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from screening.errors import ScreeningError
from screening.services.handovers import end_handover
from screening.policy import CurrentUser
from ui import auth
from ui.runtime import database

log = logging.getLogger("screening.ui")
HAND_TO_STAFF = "Please hand the tablet to a member of staff."
# Issue 6: configurable later; the default names NHS 111 option 2 and 999.
TALK_TODAY = (
    "Thank you for telling us how you have been feeling. A member of the team will talk "
    "with you today before you leave.\n\n"
    "If you feel you might act on thoughts of harming yourself, you can get urgent help: "
    "call **NHS 111 and choose option 2** for mental health support, or **999** in an emergency."
)


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
        st.info(f"Your answers so far are safe. {HAND_TO_STAFF}", icon=":material/info:")
        st.stop()


def thank_you(talk_today: bool) -> None:
    st.title("Thank you")
    if talk_today:
        st.info(TALK_TODAY, icon=":material/support_agent:")
    st.subheader(f"You have finished. {HAND_TO_STAFF}")


def hand_back(user: CurrentUser, handover_id: int) -> None:
    """The staff check that ends patient mode (password or staff PIN, checked on the server)."""
    with st.expander("For staff: take the tablet back", icon=":material/lock:"):
        with st.form("patient_mode_hand_back", clear_on_submit=True):
            secret = st.text_input("Staff password or PIN", type="password", max_chars=256)
            submitted = st.form_submit_button("Unlock")
        if submitted:
            with database().transaction() as session:
                ok = end_handover(
                    session, actor=user, handover_id=handover_id, secret=secret,
                    now=auth.now(), app_session=auth.app_session(),
                )
            if ok:
                for key in [k for k in st.session_state if str(k).startswith("pm")]:
                    del st.session_state[key]
                auth.leave_patient_mode()
                st.rerun()
            st.error("That is not right.", icon=":material/error:")
