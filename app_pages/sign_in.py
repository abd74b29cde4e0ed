"""Sign in: a local account's username and password, or the trust's identity provider."""

import streamlit as st

from screening.access.services.sign_in import sign_in
from ui.shell import auth
from ui.shell.notices import demo_banner, stop_on_error, user_errors
from ui.shell.runtime import database, demo_mode

st.title("Mind & Body screening")
notice = auth.take_notice()
if notice:
    st.info(notice, icon=":material/info:")
with stop_on_error():
    if demo_mode():
        demo_banner(credentials=True)

if auth.identity_provider_configured():
    st.write("Sign in with your hospital account.")
    if st.button("Sign in with your hospital account", type="primary", icon=":material/badge:"):
        st.login()
    st.stop()

with st.form("sign_in_form"):
    username = st.text_input("Username", max_chars=60, autocomplete="username")
    password = st.text_input("Password", type="password", max_chars=256, autocomplete="current-password")
    submitted = st.form_submit_button("Sign in", type="primary", icon=":material/login:")

if submitted:
    with user_errors():
        with database().transaction() as session:
            result = sign_in(session, username, password, now=auth.now(), app_session=auth.app_session())
        if result.user is not None:  # result.ok
            auth.signed_in(result.user)
            st.rerun()
        st.error(result.message, icon=":material/error:")
