"""The action forms under one flag: acknowledge, record a contact, close, reassign, reopen.

Design decisions:
- Optimistic locking needs the version the reviewer SAW, not the one this rerun just
  read: a click reruns the script, which reads the flag afresh before the form reports
  the click. So each flag's shown version is kept in the session (`SEEN`, plain ints)
  and an action sends that one; a flag changed by someone else in between is refused
  with "updated by X at HH:MM" (issue 7), and the fresh state is already on screen.
- A click is read from the session before the forms are drawn, because a flag that
  moved on may no longer offer the form that was clicked; the service then refuses it
  with the message above instead of the click vanishing.
- Only the actions the state machine allows are offered (`allowed_actions`); the
  service checks again. Widget keys carry a per-flag generation that moves on after each
  success, so the next form starts empty while a refused form keeps what was typed.
- One action is one transaction; a success reruns the page so it shows the new state.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from screening.clinical.rules.codes import CONTACT_METHODS, REFERRAL_DESTINATIONS
from screening.flag_review.rules.flag_outcomes import OUTCOME_LABELS, REVIEW_OUTCOMES
from screening.flag_review.rules.flag_workflow import (
    ACKNOWLEDGE,
    CLOSE,
    CONTACT,
    CONTACT_METHOD_LABELS,
    REASSIGN,
    REOPEN,
    allowed_actions,
)  # fmt: skip
from screening.flag_review.services import flag_actions as actions
from screening.flag_review.services.flag_owners import Owner
from screening.flag_review.services.patient_flags import FlagView
from screening.policy import CurrentUser
from screening.text_safety import isolate
from ui.shell import auth
from ui.shell.notices import user_errors
from ui.shell.runtime import database
from ui.shell.text import labelled

SEEN, GENERATION, NOTICE = "patient_view_seen", "patient_view_generation", "patient_view_notice"
SERVICES = {ACKNOWLEDGE: actions.acknowledge_flag, CONTACT: actions.record_contact, CLOSE: actions.close_flag,
            REASSIGN: actions.reassign_flag, REOPEN: actions.reopen_flag}  # fmt: skip
DONE = {
    ACKNOWLEDGE: "Acknowledged: you own this flag.",
    CONTACT: "Contact recorded.",
    CLOSE: "Flag closed with its outcome.",
    REASSIGN: "Flag reassigned.",
    REOPEN: "Flag reopened: you own it.",
}
# Each service argument and the widget (key suffix) that holds it.
FIELDS = {
    ACKNOWLEDGE: {},
    CONTACT: {"method": "method", "note": "contact_note"},
    CLOSE: {"outcome": "outcome", "referred_to": "referred_to", "detail": "detail", "note": "close_note"},
    REASSIGN: {"to_user_id": "owner", "reason": "reassign_reason"},
    REOPEN: {"reason": "reopen_reason"},
}
TABS = {CONTACT: "Record a contact", CLOSE: "Close with an outcome", REASSIGN: "Reassign", REOPEN: "Reopen"}


def flag_forms(user: CurrentUser, flag: FlagView, owners: tuple[Owner, ...]) -> None:
    seen: dict[int, int] = st.session_state.setdefault(SEEN, {})
    shown_version = seen.get(flag.flag_id, flag.version)
    seen[flag.flag_id] = flag.version  # what this run shows is what the next click acts on
    key = f"patient_view_{flag.flag_id}_{st.session_state.setdefault(GENERATION, {}).get(flag.flag_id, 0)}"
    # A click is read before the forms are drawn: if the flag moved on meanwhile, the form that
    # was clicked may not be drawn again, and its click must still reach the service (and be refused).
    clicked = next((action for action in SERVICES if st.session_state.get(f"{key}_{action}_go")), None)
    if clicked is not None:
        _run(user, flag.flag_id, shown_version, clicked, _fields(clicked, key))
    allowed = allowed_actions(flag.status)
    if ACKNOWLEDGE in allowed:
        st.button("Acknowledge and take ownership", key=f"{key}_{ACKNOWLEDGE}_go", type="primary",
                  icon=":material/how_to_reg:")  # fmt: skip
    offered = [action for action in TABS if action in allowed]
    for action, tab in zip(offered, st.tabs([TABS[a] for a in offered]), strict=True):
        with tab, st.form(f"{key}_{action}", border=False):
            _form(action, key, flag, owners)
            st.form_submit_button(TABS[action], type="primary", key=f"{key}_{action}_go")


def _form(action: str, key: str, flag: FlagView, owners: tuple[Owner, ...]) -> None:
    if action == CONTACT:
        st.radio("How", CONTACT_METHODS, index=None, horizontal=True, key=f"{key}_method",
                 format_func=labelled(CONTACT_METHOD_LABELS))  # fmt: skip
        st.text_area("Note", key=f"{key}_contact_note", placeholder="Who you spoke to, or the message left")
    elif action == CLOSE:
        st.selectbox("Outcome", REVIEW_OUTCOMES, index=None, key=f"{key}_outcome", format_func=labelled(OUTCOME_LABELS),
                     placeholder="Choose the outcome")  # fmt: skip
        st.selectbox("Referred to (referrals only)", tuple(REFERRAL_DESTINATIONS), index=None,
                     key=f"{key}_referred_to", format_func=labelled(REFERRAL_DESTINATIONS))  # fmt: skip
        st.text_input("Other destination, or why no further action is needed", key=f"{key}_detail")
        st.text_area("Note", key=f"{key}_close_note")
    elif action == REASSIGN:
        choices = [o.user_id for o in owners if o.user_id != flag.owner_id]
        names = {o.user_id: isolate(o.display_name) for o in owners}
        st.selectbox("New owner", choices, index=None, key=f"{key}_owner", format_func=labelled(names),
                     placeholder="Choose a psychologist")  # fmt: skip
        st.text_area("Reason", key=f"{key}_reassign_reason")
    else:
        st.text_area("Reason for reopening", key=f"{key}_reopen_reason")


def _fields(action: str, key: str) -> dict[str, Any]:
    """What the clicked form held, read from the session (its widgets may not be drawn this run)."""
    return {arg: st.session_state.get(f"{key}_{name}") for arg, name in FIELDS[action].items()}


def _run(user: CurrentUser, flag_id: int, version: int, action: str, fields: dict[str, Any]) -> None:
    with user_errors():
        with database().transaction() as session:
            SERVICES[action](session, user, flag_id=flag_id, version=version, now=auth.now(),  # type: ignore[operator]
                             app_session=auth.app_session(), **fields)  # fmt: skip
        generations = st.session_state[GENERATION]
        generations[flag_id] = generations.get(flag_id, 0) + 1
        st.session_state[NOTICE] = DONE[action]
        st.rerun()
