"""Questions before the appointment, from a secure link: the remote questionnaire's own entry (issue 17).

Run it beside the staff app, on its own port: `streamlit run remote_app.py --server.port 8502`.
It imports no staff page and no sign-in: all it can show is the door (a link, then a date of
birth) and one patient's own questionnaire. So a trust can publish this port to the
internet and keep the staff app (`serve.py`) on the hospital network (README, docs/remote.md).
"""

import streamlit as st

from ui.remote.remote_page import remote_page
from ui.shell.notices import stop_on_error
from ui.shell.runtime import check_startup_secrets

st.set_page_config(
    page_title="Questions before your appointment",
    page_icon=":material/favorite:",
    layout="centered",
    initial_sidebar_state="collapsed",
    menu_items={"Get help": None, "Report a bug": None, "About": None},
)
with stop_on_error():  # a misplaced demo or a default secret: the same refusal as the staff app
    check_startup_secrets()
remote_page()
