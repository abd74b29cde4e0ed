"""The web server: Streamlit's app (app.py) plus the route that sets the staff sign-in cookie.

Start it with `streamlit run serve.py` (Streamlit finds `app` below and serves it through
uvicorn, with every --server.* flag as usual). `streamlit run app.py` still works, but
without the route a reload signs staff out (see ui/shell/session_route.py).
"""

import streamlit as st

from ui.shell.session_route import ROUTES

app = st.App("app.py", routes=ROUTES)
