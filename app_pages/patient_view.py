"""Patient view: every screen over time, the flags and every action, and the next step (issue 7).

The patient is the one chosen in the flag queue (`ui.tablet.patient_choice`). Opening
is audited once per opening (`open_patient`); reruns while it stays open re-read it
without a new audit event (`patient_history`).
"""

import streamlit as st

from screening.flag_review.services.patient_history import open_patient, patient_history
from screening.policy import Action
from ui.review.escalation_panel import escalations_section
from ui.review.flag_forms import NOTICE
from ui.review.flag_panel import flags_section
from ui.review.patient_sittings import sittings_list
from ui.review.score_chart import draw_totals
from ui.shell import auth
from ui.shell.guard import page_user
from ui.shell.notices import stop_on_error
from ui.shell.runtime import database
from ui.shell.text import plain, shown
from ui.tablet.patient_choice import chosen_patient, mark_opened, opening_audited

user = page_user(Action.VIEW_PATIENT_HISTORY)
patient_id = chosen_patient()
if patient_id is None:
    st.title("Patient view")
    st.info("Choose a patient in the flag queue to see their screens and flags here.")
    st.page_link("app_pages/flag_queue.py", label="Open the flag queue", icon=":material/flag:")
    st.stop()

with stop_on_error():
    with database().transaction() as session:
        if opening_audited(patient_id):
            history = patient_history(session, user, patient_id, now=auth.now())
        else:
            history = open_patient(session, user, patient_id, now=auth.now(), app_session=auth.app_session())
    mark_opened(patient_id)  # only once the audited read has committed

p = history.patient
st.title(plain(p.name))  # a heading of its own: its direction cannot spill onto the caption
nhs = f"{p.nhs_number[:3]} {p.nhs_number[3:6]} {p.nhs_number[6:]}"
st.caption(f"Hospital no. {shown(p.hospital_number)} · NHS no. {nhs} · born {p.date_of_birth:%d %b %Y}")
if notice := st.session_state.pop(NOTICE, None):
    st.success(notice, icon=":material/check_circle:")

flags_section(user, history)
escalations_section(user, history)
st.subheader("Scores over time")
if not draw_totals(history.sittings):
    st.info("No PHQ-9 or GAD-7 totals yet (incomplete questionnaires have no total).")
sittings_list(history.sittings)
