"""The patient view's flags: what fired, who owns it, when it is due, every action, and what next.

Unfinished flags come first and open, most pressing first; closed flags follow, folded.
Overdue flags say so in red. Notes are shown only when the service returned them (roles
that may read psychology notes) and always through `plain`, since they are typed text.
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from screening.flag_review.rules.flag_workflow import STATUS_LABELS
from screening.flag_review.services.patient_flags import FlagView
from screening.flag_review.services.patient_history import PatientHistory
from screening.policy import CurrentUser
from ui.review.flag_forms import flag_forms
from ui.shell.auth import LONDON
from ui.shell.text import plain, shown

PRIORITY_BADGES = {"urgent": "red", "high": "orange", "routine": "blue", "signpost": "gray"}


def _when(moment: datetime) -> str:
    return moment.astimezone(LONDON).strftime("%d %b %Y %H:%M")


def _heading(flag: FlagView) -> str:
    badges = [f":{PRIORITY_BADGES[flag.priority]}-badge[{flag.priority.upper()}]",
              f":gray-badge[{STATUS_LABELS[flag.status]}]"]  # fmt: skip
    if flag.overdue:
        badges.append(":red-badge[Overdue]")
    return " ".join(badges) + f" **{plain(flag.reason)}**"


def _history(flag: FlagView) -> None:
    rows = flag.actions
    st.dataframe({
        "When": [_when(a.at) for a in rows], "Who": [a.actor for a in rows], "Action": [a.action for a in rows],
        "Details": [" · ".join(filter(None, (a.contact_method, a.outcome, a.assignee and f"to {a.assignee}")))
                    for a in rows],
        "Note": [a.note or "" for a in rows],
    }, hide_index=True, width="stretch")  # fmt: skip


def flag_card(user: CurrentUser, history: PatientHistory, flag: FlagView) -> None:
    with st.container(border=True, key=f"patient_view_flag_{flag.flag_id}"):
        st.markdown(_heading(flag))
        st.caption(plain(flag.description))
        owner = shown(flag.owner) if flag.owner else "nobody yet"
        facts = f"Raised {_when(flag.raised_at)} · due {_when(flag.due_at)} · owner: {owner}"
        if flag.outcome:
            facts += f" · outcome: {plain(flag.outcome)}"
        st.markdown(facts)
        _history(flag)
        if history.may_act:
            flag_forms(user, flag, history.owners.get(flag.flag_id, ()))


def flags_section(user: CurrentUser, history: PatientHistory) -> None:
    unfinished = [f for f in history.flags if f.status != "closed"]
    closed = [f for f in history.flags if f.status == "closed"]
    st.subheader(f"Flags ({len(unfinished)} open, {len(closed)} closed)")
    if not history.flags:
        st.info("No psychological flags for this patient's screens at your sites.")
    for flag in unfinished:
        flag_card(user, history, flag)
    if closed:
        with st.expander(f"Closed flags ({len(closed)})", icon=":material/task_alt:"):
            for flag in closed:
                flag_card(user, history, flag)
