"""Questions before the appointment, from a secure link: the remote questionnaire's own entry (issue 17).

Run it beside the staff app, on its own port: `streamlit run remote_app.py --server.port 8502`.
It imports `ui.remote` only, which reaches no staff page, menu or staff screen at any depth
(an import-linter contract in pyproject.toml): all it can show is the door (a link, then a
date of birth) and one patient's own questionnaire. So a trust can publish this port to the
internet and keep the staff app (`serve.py`) on the hospital network (README, docs/remote.md).
"""

import streamlit as st

from ui.remote.remote_page import remote_page

st.set_page_config(
    page_title="Questions before your appointment",
    page_icon=":material/favorite:",
    layout="centered",
    initial_sidebar_state="collapsed",
    menu_items={"Get help": None, "Report a bug": None, "About": None},
)
remote_page()
