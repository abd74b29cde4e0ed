"""Who is using this browser session: signed out, signed in, or in patient mode.

Design decisions:
- Both sign-in backends end in the same `CurrentUser`: a local account's id kept in
  `st.session_state` (server-side memory, never a URL), or the identity provider's
  subject from `st.user`, mapped by an administrator to a user. No page knows which
  backend is in use.
- A local sign-in survives a reload through a server-side session named by an HttpOnly,
  SameSite=Strict cookie (ui/shell/staff_session.py, ui/shell/session_route.py): a new browser
  session with no user in its state asks the cookie. A reload in patient mode comes back
  locked (`hand_to_staff`): only the staff hand-back, never the sign-in page.
- The user is reloaded from the database on every run, so a role change, a site change or
  a switched-off account applies at the next click.
- Patient mode belongs to this browser session (`HANDOVER`) and is also a database row.
  While it is on, the router offers only the patient's questionnaire. A new browser
  session of a user with an open hand-over (a reload on an identity-provider tablet)
  must pass a staff check before anything else.
- Idle timeout (issue 4): a staff screen untouched for the policy's minutes signs out;
  `idle_watch` re-runs the app once a minute so an unattended screen clears itself.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import streamlit as st

from screening.access.rules.sign_in_policy import LONDON, SessionPolicy, is_idle_expired
from screening.access.services.accounts import load_current_user, user_for_identity
from screening.access.services.sign_in import record_identity_sign_in, sign_out
from screening.errors import PermissionDenied
from screening.patient_mode.services.handovers import open_handovers
from screening.policy import CurrentUser
from ui.shell import staff_session
from ui.shell.runtime import database

if TYPE_CHECKING:  # the web layer never imports the database; the type only
    from sqlalchemy.orm import Session

__all__ = ["LONDON", "AuthState"]

USER_ID, ACTIVITY, HANDOVER, CHECKED, NOTICE, APP_SESSION, IDP_AUDITED = (
    "auth.user_id",
    "auth.last_activity",
    "auth.handover_id",
    "auth.staff_checked",
    "auth.notice",
    "auth.app_session",
    "auth.idp_audited",
)
NEXT_PAGE, LOCKED = "auth.next_page", "auth.hand_to_staff"
IDLE_NOTICE = "You were signed out after a period of inactivity. Sign in again to continue."


@dataclass(frozen=True)
class AuthState:
    user: CurrentUser | None = None
    handover_id: int | None = None  # this browser session is in patient mode
    needs_staff_check: bool = False  # a hand-over is open elsewhere for this user
    unknown_identity: bool = False  # signed in at the identity provider, not mapped here
    hand_to_staff: bool = False  # a reload in patient mode: only the staff hand-back


def now() -> datetime:
    return datetime.now(UTC)


def app_session() -> str:
    """A random token naming this browser session in the audit log (not a person)."""
    if APP_SESSION not in st.session_state:
        st.session_state[APP_SESSION] = secrets.token_hex(16)
    return st.session_state[APP_SESSION]


def identity_provider_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:
        return False


def session_policy() -> SessionPolicy:
    return SessionPolicy.from_env(os.environ)


def resolve() -> AuthState:
    """This run's user and mode; call once per run, before routing."""
    if identity_provider_configured() and st.user.is_logged_in:
        return _resolve_identity()
    user_id = st.session_state.get(USER_ID) or _resume()
    if user_id is None:
        return AuthState()
    with database().transaction() as session:
        try:
            user = load_current_user(session, user_id)
        except PermissionDenied as refused:
            staff_session.end(session, "refused", now())
            _forget(str(refused))
            return AuthState()
        if _idle_out(session, user):
            return AuthState()
    return AuthState(
        user=user, handover_id=st.session_state.get(HANDOVER), hand_to_staff=bool(st.session_state.get(LOCKED))
    )


def _resume() -> int | None:
    """A new browser session (a reload): the staff session its cookie names, if any."""
    found = staff_session.resume(now=now(), policy=session_policy(), app_session=app_session())
    if found is None or not found.ok:
        if found is not None and found.ended == "idle_timeout":
            st.session_state[NOTICE] = IDLE_NOTICE
        return None
    st.session_state[USER_ID], st.session_state[CHECKED] = found.user_id, True
    if found.handover_id is not None:
        st.session_state[HANDOVER], st.session_state[LOCKED] = found.handover_id, True
    else:
        st.session_state[ACTIVITY] = now()
    return found.user_id


def _resolve_identity() -> AuthState:
    subject = str(st.user.get("sub") or "")
    with database().transaction() as session:
        user = user_for_identity(session, subject) if subject else None
        if not st.session_state.get(IDP_AUDITED):
            record_identity_sign_in(session, user, now=now(), app_session=app_session())
            st.session_state[IDP_AUDITED] = True
        if user is None:
            return AuthState(unknown_identity=True)
        if _idle_out(session, user):
            st.logout()
            return AuthState()
        handover_id = st.session_state.get(HANDOVER)
        pending = (
            handover_id is None
            and not st.session_state.get(CHECKED)
            and bool(open_handovers(session, user.user_id, now=now()))
        )
    return AuthState(user=user, handover_id=handover_id, needs_staff_check=pending)


def _idle_expired() -> bool:
    """A staff screen untouched past the timeout (never in patient mode: the patient is using it)."""
    last = st.session_state.get(ACTIVITY)
    return (
        st.session_state.get(HANDOVER) is None and last is not None and is_idle_expired(last, now(), session_policy())
    )


def _idle_out(session: Session, user: CurrentUser) -> bool:
    """Sign out after the idle timeout."""
    if _idle_expired():
        sign_out(session, user, reason="idle_timeout", app_session=app_session())
        staff_session.end(session, "idle_timeout", now())
        _forget(IDLE_NOTICE)
        return True
    return False


def touch() -> None:
    """Mark activity: a real run of a page (not the idle watcher)."""
    st.session_state[ACTIVITY] = now()
    staff_session.touch(st.session_state[ACTIVITY])


def signed_in(user: CurrentUser, *, staff_checked: bool = True) -> None:
    """A local account signed in: its server-side session starts (the cookie follows)."""
    staff_session.start(user.user_id, now=now(), app_session=app_session())
    st.session_state[USER_ID] = user.user_id
    st.session_state[CHECKED] = staff_checked
    touch()


def _forget(notice: str | None = None) -> None:
    for key in (USER_ID, ACTIVITY, HANDOVER, CHECKED, LOCKED):
        st.session_state.pop(key, None)
    staff_session.forget()
    if notice:
        st.session_state[NOTICE] = notice


def sign_out_now(user: CurrentUser) -> None:
    with database().transaction() as session:
        sign_out(session, user, app_session=app_session())
        staff_session.end(session, "signed_out", now())
    _forget("You have signed out.")
    if identity_provider_configured() and st.user.is_logged_in:
        st.logout()
        # Stop, never rerun: a new run clears the outgoing message queue, dropping the
        # redirect to /auth/logout when it has not been sent yet, and the sign-in cookie
        # would then survive (a reload signs the same person back in).
        st.stop()
    st.rerun()


def enter_patient_mode(handover_id: int) -> None:
    st.session_state[HANDOVER] = handover_id
    staff_session.bind_handover(handover_id, now())  # a reload stays in patient mode


def leave_patient_mode() -> None:
    """Back to staff mode, on the sitting page (the router opens it on the next run)."""
    st.session_state.pop(HANDOVER, None)
    st.session_state.pop(LOCKED, None)
    st.session_state[CHECKED] = True
    st.session_state[NEXT_PAGE] = "app_pages/sitting.py"
    touch()


def send_session_cookie() -> None:
    """Once after a local sign-in: the browser swaps the ticket for the cookie."""
    staff_session.send_ticket(now())


def next_page() -> str | None:
    """A page to open once, chosen by the step before (leaving patient mode)."""
    return st.session_state.pop(NEXT_PAGE, None)


def staff_check_passed() -> None:
    st.session_state[CHECKED] = True
    touch()


def take_notice() -> str | None:
    return st.session_state.pop(NOTICE, None)


@st.fragment(run_every="60s")
def idle_watch() -> None:
    """Once a minute: if the idle timeout has passed, re-run the app so it signs out."""
    if _idle_expired():
        st.rerun(scope="app")
