"""The script's side of the staff sign-in cookie: start at sign-in, resume on a reload.

The cookie itself is set by ui/shell/session_route.py; here the script reads it (Streamlit
passes the websocket's cookies, HttpOnly ones included, as `st.context.cookies`), asks
the server-side store what it names, and hands the new session's one-time ticket to the
browser. The ticket is posted by a three-line script in `st.html`, in the request body,
so no secret is ever in a URL. Everything else stays in `st.session_state`, as before.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING

import streamlit as st

from screening.access.rules.sign_in_policy import SessionPolicy
from screening.patient_mode.rules.staff_session_rules import COOKIE_NAME, TICKET_LIFE, TOUCH_EVERY
from screening.patient_mode.services import staff_sessions
from screening.patient_mode.services.staff_sessions import Resumed
from ui.shell.runtime import database
from ui.shell.session_route import PATH, cookie_path

if TYPE_CHECKING:  # the web layer never imports the database; the type only
    from sqlalchemy.orm import Session

STAFF_SESSION, TICKET, TOUCHED = "auth.staff_session", "auth.session_ticket", "auth.session_touched"


def resume(*, now: datetime, policy: SessionPolicy, app_session: str) -> Resumed | None:
    """What this browser's cookie names after a reload (None: no cookie, or a dead one)."""
    token = st.context.cookies.get(COOKIE_NAME)
    if not isinstance(token, str) or not token:  # AppTest's context holds no real cookies
        return None
    with database().transaction() as session:
        found = staff_sessions.resume(session, token, now=now, policy=policy, app_session=app_session)
    if found is not None and found.ok:
        st.session_state[STAFF_SESSION] = found.staff_session_id
        st.session_state[TOUCHED] = now
    return found


def start(user_id: int, *, now: datetime, app_session: str) -> None:
    """At sign-in: a server-side session, and its ticket waiting for `send_ticket`."""
    with database().transaction() as session:
        started = staff_sessions.start(session, user_id, now=now, app_session=app_session)
    st.session_state[STAFF_SESSION] = started.staff_session_id
    st.session_state[TICKET] = (started.ticket, now + TICKET_LIFE)
    st.session_state[TOUCHED] = now


def send_ticket(now: datetime) -> None:
    """After sign-in: the browser posts the ticket and receives the cookie.

    Sent on every run until the ticket expires, not once: a tap straight after sign-in
    interrupts the run, and the element might never reach the browser. Once redeemed, the
    ticket is void, so a second post is refused (403) and changes nothing.
    """
    pending = st.session_state.get(TICKET)
    if pending is None or now >= pending[1]:
        st.session_state.pop(TICKET, None)
        return
    url = cookie_path().rstrip("/") + PATH
    st.html(
        f"<script>fetch({json.dumps(url)}, {{method: 'POST', credentials: 'same-origin', "
        f"cache: 'no-store', body: {json.dumps(pending[0])}}});</script>",
        unsafe_allow_javascript=True,
    )


def touch(now: datetime) -> None:
    """Activity on a staff screen, written to the store at most every TOUCH_EVERY."""
    staff_session_id, last = st.session_state.get(STAFF_SESSION), st.session_state.get(TOUCHED)
    if staff_session_id is None or (last is not None and now - last < TOUCH_EVERY):
        return
    with database().transaction() as session:
        staff_sessions.touch(session, staff_session_id, now=now)
    st.session_state[TOUCHED] = now


def bind_handover(handover_id: int, now: datetime) -> None:
    staff_session_id = st.session_state.get(STAFF_SESSION)
    if staff_session_id is not None:
        with database().transaction() as session:
            staff_sessions.bind_handover(session, staff_session_id, handover_id, now=now)


def end(session: Session, reason: str, now: datetime) -> None:
    """Inside the caller's sign-out transaction: the cookie signs nobody in any more."""
    staff_session_id = st.session_state.pop(STAFF_SESSION, None)
    st.session_state.pop(TICKET, None)
    st.session_state.pop(TOUCHED, None)
    if staff_session_id is not None:
        staff_sessions.end(session, staff_session_id, reason=reason, now=now)


def forget() -> None:
    for key in (STAFF_SESSION, TICKET, TOUCHED):
        st.session_state.pop(key, None)
