"""A new browser session for a user who still has a patient hand-over open: staff check first."""

import streamlit as st

from screening.services.handovers import end_other_handovers
from screening.services.sign_in import verify_staff
from ui import auth
from ui.guard import current_state
from ui.notices import user_errors
from ui.runtime import database

user = current_state().user
st.title("Staff check")
st.write(
    "This account handed a tablet to a patient and has not taken it back. "
    "If you are staff, enter your password or staff PIN to continue. "
    "If you are a patient, please hand the tablet to a member of staff."
)
with st.form("staff_check_form"):
    secret = st.text_input("Staff password or PIN", type="password", max_chars=256)
    close = st.checkbox("Also end the hand-over on the other tablet")
    submitted = st.form_submit_button("Continue", type="primary")
if submitted and user is not None:
    with user_errors():
        with database().transaction() as session:
            ok = verify_staff(session, user.user_id, secret, now=auth.now(), app_session=auth.app_session())
            if ok and close:
                end_other_handovers(session, actor=user, now=auth.now(), app_session=auth.app_session())
        if ok:
            auth.staff_check_passed()
            st.rerun()
        st.error("That is not right. Try again, or ask a colleague.", icon=":material/error:")
