"""Which sitting the staff sitting page shows: kept in this browser session, never in the URL.

A sitting id in the address would land in browser history, proxy logs and bookmarks; the
session state is server-side memory. The sitting page's services check the user may see
that sitting on every run, so the id here is a pointer, not a permission.
"""

from __future__ import annotations

import streamlit as st

SELECTED = "sitting_selected_id"
PAGE = "app_pages/sitting.py"


def open_sitting(sitting_id: int) -> None:
    """Show this sitting on the sitting page (stops this run)."""
    st.session_state[SELECTED] = sitting_id
    st.switch_page(PAGE)


def chosen_sitting() -> int | None:
    value = st.session_state.get(SELECTED)
    return value if isinstance(value, int) else None
