"""Banners and error display shared by every page."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from demo.users import demo_credentials
from screening.counted import counted
from screening.database.services.reachability import kind, unreachable
from screening.errors import ScreeningError

log = logging.getLogger("screening.ui")

DATABASE_DOWN = (
    "**The database cannot be reached**, so this screen cannot show or save anything just now. Wait a minute "
    "and reload the page. If it keeps happening, tell the administrator: the server log has the detail. Tablets "
    "in patient mode keep the patient's answers and save them when the database is back."
)
DEMO_BANNER = (
    "**Demo data.** Every patient, result and flag here is invented for demonstration "
    "and training, in a demo database of its own. Do not enter real patient information."
)


def demo_banner(*, credentials: bool = False) -> None:
    """The demo warning; on the sign-in page, with the demo sign-ins (the demo database only)."""
    st.warning(DEMO_BANNER, icon=":material/science:")
    if credentials:
        with st.expander("Demo sign-ins", icon=":material/key:"):
            st.table(
                [
                    {"Role": role, "Username": username, "Password": password, "Staff PIN": pin}
                    for role, username, password, pin in demo_credentials()
                ]
            )


@contextmanager
def user_errors() -> Iterator[None]:
    """Show a ScreeningError's own message; log anything else and show a generic one."""
    try:
        yield
    except Exception as error:
        if isinstance(error, ScreeningError):  # DatabaseUnavailable too: it names the URL to check
            st.error(str(error), icon=":material/error:")
            return
        if unreachable(error):
            log.warning("page action failed: database unreachable (%s)", kind(error))
            st.error(DATABASE_DOWN, icon=":material/cloud_off:")
            return
        log.exception("page action failed")
        st.error(
            "Something went wrong and nothing was saved. Please try again; if it keeps "
            "happening, tell the administrator.",
            icon=":material/error:",
        )


@contextmanager
def stop_on_error() -> Iterator[None]:
    """`user_errors`, then stop the script: nothing below can work without the database."""
    failed = True
    with user_errors():
        yield
        failed = False
    if failed:
        st.stop()


def figures_catching_up(waiting: int) -> None:
    """Say so when dashboard figures were read while the uptake summary was catching up."""
    if waiting:
        st.info(f"These figures may not include the latest changes for {counted(waiting, 'patient')}: another task (an "
                "import, most likely) was writing to the database. They will be up to date within a few minutes "
                "of it finishing.", icon=":material/schedule:")  # fmt: skip
