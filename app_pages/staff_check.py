"""A new browser session for a user who still has a patient hand-over open: staff check first.

Refused tries count against the open hand-overs, never the account (`services.staff_check`).
"""

import streamlit as st

from screening.patient_mode.services.hand_back import HandBack
from screening.patient_mode.services.handovers import end_other_handovers
from screening.patient_mode.services.staff_check import check_staff, staff_check_locked
from ui.shell import auth
from ui.shell.guard import current_state
from ui.shell.notices import user_errors
from ui.shell.runtime import database
from ui.tablet.patient_mode import LOCKED_NOTICE

user = current_state().user
st.title("Staff check")
st.write(
    "This account handed a tablet to a patient and has not taken it back. "
    "If you are staff, enter your password or staff PIN to continue. "
    "If you are a patient, please hand the tablet to a member of staff."
)
locked = False
if user is not None:
    with database().transaction() as session:
        locked = staff_check_locked(session, user.user_id)
if locked:
    st.info(LOCKED_NOTICE, icon=":material/lock:")
with st.form("staff_check_form"):
    secret = st.text_input("Staff password" if locked else "Staff password or PIN", type="password", max_chars=256)
    close = st.checkbox("Also end the hand-over on the other tablet")
    submitted = st.form_submit_button("Continue", type="primary")
if submitted and user is not None:
    with user_errors():
        with database().transaction() as session:
            result = check_staff(session, actor=user, secret=secret, now=auth.now(), app_session=auth.app_session())
            if result is HandBack.ACCEPTED and close:
                end_other_handovers(session, actor=user, now=auth.now(), app_session=auth.app_session())
        if result is HandBack.ACCEPTED:
            auth.staff_check_passed()
            st.rerun()
        if result is HandBack.LOCKED and not locked:
            st.rerun()  # the page changes to the locked notice and the password-only field
        st.error("That is not right. Try again, or ask a colleague.", icon=":material/error:")
