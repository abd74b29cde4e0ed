"""The check at the top of every staff page: signed in, not in patient mode, allowed."""

from __future__ import annotations

import streamlit as st

from screening.policy import PHRASES, Action, CurrentUser, may
from ui.shell.auth import AuthState

CURRENT = "auth.current"


def remember(state: AuthState) -> None:
    """Called by the router once per run, before the page runs."""
    st.session_state[CURRENT] = state


def current_state() -> AuthState:
    return st.session_state.get(CURRENT) or AuthState()


def page_user(action: Action | None = None) -> CurrentUser:
    """The signed-in staff user, or stop the page with the reason."""
    state = current_state()
    if state.handover_id is not None or state.needs_staff_check or state.user is None:
        st.stop()  # the router never offers a staff page then; this is the second lock
    user = state.user
    if action is not None and not may(user, action):
        st.error(f"Your role ({user.role_label}) cannot {PHRASES[action]}.", icon=":material/block:")
        st.stop()
    return user
