"""One patient's sitting for staff: Vital 5 and the questionnaire, or its summary once completed."""

import streamlit as st

from screening.policy import Action
from screening.sittings.services.sitting_summary import sitting_summary
from ui.shell import auth
from ui.shell.guard import page_user
from ui.shell.notices import stop_on_error
from ui.shell.runtime import database
from ui.shell.text import plain, shown
from ui.tablet.saving_status import staff_notice
from ui.tablet.sitting_actions import abandoned_actions, questionnaire_choice
from ui.tablet.sitting_choice import chosen_sitting
from ui.tablet.sitting_given import how_given
from ui.tablet.sitting_summary_view import show_summary
from ui.tablet.vital5_form import vital5_form

user = page_user(Action.RUN_SCREENING)
sitting_id = chosen_sitting()
if sitting_id is None:
    st.title("Screening")
    st.info("Choose a patient on today's clinic list first.", icon=":material/info:")
    st.page_link("app_pages/clinic_list.py", label="Clinic list", icon=":material/groups:")
    st.stop()

with stop_on_error(), database().transaction() as session:
    summary = sitting_summary(session, actor=user, sitting_id=sitting_id)

st.title(plain(summary.patient_name))  # a heading of its own: its direction cannot spill onto the caption
staff_notice()  # after a hand-back: what a database outage did during the patient's turn (issue 14)
started = summary.started_at.astimezone(auth.LONDON).strftime("%d %b %Y %H:%M")
st.caption(f"Hospital number **{shown(summary.hospital_number or 'not recorded')}** · {plain(summary.clinic)} · "
           f"started {started} · {summary.mode} · **{summary.status.replace('_', ' ')}**")  # fmt: skip
how_given(user, summary)  # language of administration, read-aloud, and staff's "Interpreter used"

if summary.status == "in_progress":
    # The hand-over first, so it is on screen on a portrait iPad; the Vital 5 form below it.
    if not summary.vital5:
        st.caption("Vital 5 not recorded yet: enter it below before handing over, if you measure it today "
                   "(it cannot be added once the patient has finished).")  # fmt: skip
    questionnaire_choice(user, summary)
    vital5_form(user, summary)
elif summary.status == "abandoned":
    abandoned_actions(user, summary)
elif summary.status == "completed":
    show_summary(user, summary)
else:
    st.info(f"Declined: {plain(summary.decline_reason)}", icon=":material/do_not_disturb_on:")
st.page_link("app_pages/clinic_list.py", label="Back to the clinic list", icon=":material/arrow_back:")
