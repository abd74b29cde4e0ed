"""What staff do with an unfinished sitting: hand it over, fill it in together, resume or close it.

Design decisions:
- Hand-over names the sitting on the screen (`sitting_start.hand_over_sitting`), so the
  patient gets exactly the sitting whose name staff just read, then this browser session
  enters patient mode, as the clinic list always did.
- Assisted completion renders the shared item-by-item questionnaire
  (`ui.tablet.questionnaire.questionnaire`) for this sitting, imported when it is used, so this
  page works while that component is absent and says so plainly.
- Closing an abandoned sitting keeps its answers but never scores them: the warning says
  so, because answers to the risk question raise no flag until a sitting is completed.
"""

from __future__ import annotations

import streamlit as st

from screening.counted import counted
from screening.patient_mode.services.sitting_start import assist_sitting, hand_over_sitting
from screening.policy import CurrentUser
from screening.sittings.rules.sitting_summaries import SittingSummary
from screening.sittings.services.abandonment import close_sitting, resume_sitting
from ui.shell import auth
from ui.shell.notices import user_errors
from ui.shell.runtime import database

ASSISTING = "sitting_assisting"


def questionnaire_choice(user: CurrentUser, summary: SittingSummary) -> None:
    st.subheader("Questionnaire")
    left, right = st.columns(2)
    if left.button("Hand over to the patient", key="sitting_hand_over", type="primary", icon=":material/tablet:",
                   width="stretch"):  # fmt: skip
        with user_errors():
            with database().transaction() as session:
                handover = hand_over_sitting(session, actor=user, sitting_id=summary.sitting_id,
                                             app_session=auth.app_session(), now=auth.now())  # fmt: skip
            auth.enter_patient_mode(handover.handover_id)
            st.rerun()
    if right.button("Fill in with the patient (assisted)", key="sitting_assisted", icon=":material/group:",
                    width="stretch"):  # fmt: skip
        with user_errors():
            with database().transaction() as session:
                assist_sitting(session, actor=user, sitting_id=summary.sitting_id, now=auth.now(),
                               app_session=auth.app_session())  # fmt: skip
            st.session_state[ASSISTING] = summary.sitting_id
    if st.session_state.get(ASSISTING) == summary.sitting_id:
        _assisted(user, summary.sitting_id)


def _assisted(user: CurrentUser, sitting_id: int) -> None:
    try:
        from ui.tablet.questionnaire import questionnaire
    except ModuleNotFoundError as missing:
        if missing.name != "ui.tablet.questionnaire":
            raise
        st.info("Assisted completion is not available in this version: hand the tablet to the patient instead.",
                icon=":material/info:")  # fmt: skip
        return
    if questionnaire(user, sitting_id=sitting_id, handover_id=None, key=f"sitting_assisted_{sitting_id}"):
        st.session_state.pop(ASSISTING, None)
        st.rerun()  # the sitting is completed: show its summary


def abandoned_actions(user: CurrentUser, summary: SittingSummary) -> None:
    if summary.closed:
        st.info("This sitting was closed as abandoned. Start a new one from the clinic list if the patient "
                "wants to be screened.", icon=":material/block:")  # fmt: skip
        return
    st.warning(
        f"This sitting was left unfinished and marked abandoned. Its {counted(summary.answered_items, 'answer')} "
        f"{'is' if summary.answered_items == 1 else 'are'} kept, but an unfinished sitting is never scored or "
        "flagged. If the patient is still here, resume "
        "and finish it.",
        icon=":material/hourglass_disabled:",
    )
    left, right = st.columns(2)
    for column, label, action, icon, primary in (
        (left, "Resume", resume_sitting, ":material/play_arrow:", True),
        (right, "Close as abandoned", close_sitting, ":material/close:", False),
    ):
        if column.button(label, key=f"sitting_{action.__name__}", icon=icon, width="stretch",
                         type="primary" if primary else "secondary"):  # fmt: skip
            with user_errors():
                with database().transaction() as session:
                    action(session, actor=user, sitting_id=summary.sitting_id, now=auth.now(),
                           app_session=auth.app_session())  # fmt: skip
                st.rerun()
