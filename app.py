"""Mind & Body screening: the frame and the router.

Builds the page list and routes with `st.navigation`; every screen lives in `app_pages/`.
"""

import streamlit as st

st.set_page_config(
    page_title="Mind & Body screening",
    page_icon=":material/favorite:",
    layout="wide",
    initial_sidebar_state="collapsed",
)

pages = [st.Page("app_pages/home.py", title="Home", icon=":material/home:", default=True)]
st.navigation(pages, position="top").run()
