"""Mind & Body screening: the frame and the router.

Works out who is using this browser session (`ui.shell.auth.resolve`), then offers only the
pages that person may reach (`ui.shell.navigation.pages_for`): the sign-in page, the patient's
questionnaire in patient mode, or the staff pages of the user's role.
"""

import streamlit as st

from ui.shell import auth
from ui.shell.frame import staff_header
from ui.shell.guard import remember
from ui.shell.navigation import pages_for, reachable
from ui.shell.notices import stop_on_error
from ui.tablet.outage import page_errors, resolved_state

st.set_page_config(
    page_title="Mind & Body screening",
    page_icon=":material/favorite:",
    layout="wide",
    initial_sidebar_state="collapsed",
)

with stop_on_error():  # an unreachable database or a default secret: a message, not a traceback
    state = resolved_state()  # checks the secrets, then `auth.resolve`; patient mode rides out an outage
remember(state)
pages, position = pages_for(state)
page = st.navigation(pages, position=position)
if state.user is not None and state.handover_id is None and not state.needs_staff_check:
    auth.touch()
    follow = auth.next_page()
    if follow and reachable(state, follow):
        st.switch_page(follow)
    auth.send_session_cookie()  # before anything else draws: a tap straight after sign-in must not lose it
    staff_header(state.user)
    auth.idle_watch()
with page_errors(state):  # a patient gets the calm screen; staff are told what to do (issue 14)
    page.run()
