"""The patient view's escalations: for each flag, every escalation step (clinical reference s6, v2).

Shown under the flags so the psychologist sees who was told, when, by which channel and
whether it arrived, including "nobody could be told" when no contact was configured.
"""

from __future__ import annotations

import streamlit as st

from screening.flag_review.services.flag_escalations import flag_escalations
from screening.flag_review.services.patient_history import PatientHistory
from screening.policy import CurrentUser
from ui.shell.auth import LONDON
from ui.shell.notices import user_errors
from ui.shell.runtime import database
from ui.shell.text import plain


def escalations_section(user: CurrentUser, history: PatientHistory) -> None:
    with user_errors():
        with database().transaction() as session:
            found = flag_escalations(session, user, [f.flag_id for f in history.flags])
        if not found:
            return
        st.subheader("Escalations")
        for flag in history.flags:
            rows = found.get(flag.flag_id)
            if not rows:
                continue
            st.markdown(f"**{plain(flag.reason)}** (raised {flag.raised_at.astimezone(LONDON):%d %b %Y %H:%M})")
            st.dataframe({
                "Step": [r.step for r in rows],
                "When": [r.at.astimezone(LONDON).strftime("%d %b %Y %H:%M") for r in rows],
                "Told": [r.told for r in rows], "By": [r.channel for r in rows],
                "Delivery": [r.status + (f" ({r.failed_because})" if r.failed_because else "") for r in rows],
            }, hide_index=True, width="stretch", key=f"patient_view_escalations_{flag.flag_id}")  # fmt: skip
