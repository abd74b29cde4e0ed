"""The router's side of a database outage (issue 14): who is here, and a page that fails.

Design decisions:
- Before any page runs, the router reloads the user and checks the secrets, both from
  the database. In patient mode an outage there must not strand the patient: the router
  goes on with the state this browser session had on its last run (the same user, the
  same hand-over; the page can reach nothing else), and the questionnaire keeps the
  answers on the tablet. Any other failure in patient mode gets the calm screen.
- Anything a page lets escape: in patient mode the calm screen; on a staff page an outage
  gets a message that says what to do (`notices.DATABASE_DOWN`), never a traceback.
  Other errors on staff pages are left to Streamlit, so a bug is not hidden.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from screening.database.services.reachability import kind, unreachable
from ui.shell import auth
from ui.shell.guard import current_state
from ui.shell.notices import DATABASE_DOWN
from ui.shell.runtime import check_startup_secrets
from ui.tablet.patient_mode import calm_screen

log = logging.getLogger("screening.ui")


def resolved_state() -> auth.AuthState:
    """`check_startup_secrets` then `auth.resolve`; patient mode rides out an outage."""
    try:
        check_startup_secrets()
        return auth.resolve()
    except Exception as error:
        last = current_state()
        if st.session_state.get(auth.HANDOVER) is None or last.handover_id is None:
            raise  # staff: `notices.user_errors` says what happened
        if unreachable(error):
            log.warning("router: database unreachable (%s); patient mode goes on", kind(error))
            return last
        calm_screen(error)
        st.stop()
        raise  # unreachable: st.stop raises


@contextmanager
def page_errors(state: auth.AuthState) -> Iterator[None]:
    """Whatever a page lets escape: the calm screen for a patient, a clear message for staff."""
    try:
        yield
    except Exception as error:
        if state.handover_id is not None:
            calm_screen(error)
        elif unreachable(error):
            log.warning("staff page failed: database unreachable (%s)", kind(error))
            st.error(DATABASE_DOWN, icon=":material/cloud_off:")
        else:
            raise
