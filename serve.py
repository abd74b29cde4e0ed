"""The web server: Streamlit's app (app.py) plus the route that sets the staff sign-in cookie.

Start it with `streamlit run serve.py` (Streamlit finds `app` below and serves it through
uvicorn, with every --server.* flag as usual). `streamlit run app.py` still works, but
without the route a reload signs staff out (see ui/shell/session_route.py), and the first
visit to each page waits for its modules to load (`ui.shell.warm_up`): here they are
imported as the server starts.
"""

import streamlit as st

from ui.shell.session_route import ROUTES
from ui.shell.warm_up import starting_with_pages_imported

app = st.App("app.py", routes=ROUTES, lifespan=starting_with_pages_imported)
