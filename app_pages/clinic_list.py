"""Today's clinic list: who is here, whether they have been screened, and the hand-over."""

import secrets

import streamlit as st

from screening.policy import Action
from screening.services.clinic_day import begin_self_screen, clinic_list
from ui import auth
from ui.guard import page_user
from ui.notices import user_errors
from ui.runtime import database

user = page_user(Action.VIEW_CLINIC_LIST)
today = auth.now().astimezone(auth.LONDON).date()
st.title("Today's clinic list")
st.caption(today.strftime("%A %d %B %Y"))

with user_errors():
    with database().transaction() as session:
        rows = clinic_list(session, actor=user, day=today)
    if not rows:
        st.info("Nobody is on today's clinic list at your sites yet.")
        st.stop()
    st.dataframe(
        {
            "Time": [r.appointment_at.astimezone(auth.LONDON).strftime("%H:%M") for r in rows],
            "Patient": [r.patient_name for r in rows],
            "Hospital no.": [r.hospital_number for r in rows],
            "Clinic": [r.clinic for r in rows],
            "Attendance": [r.attendance_status.replace("_", " ") for r in rows],
            "Screening": [r.screening_status for r in rows],
        },
        hide_index=True, width="stretch",
    )
    waiting = [r for r in rows if r.attendance_status == "attended" and r.screening_status != "completed"]
    if waiting:
        st.subheader("Hand the tablet to a patient")
        choice = st.selectbox(
            "Patient", waiting, index=None, key="clinic_list_patient",
            format_func=lambda r: f"{r.patient_name} ({r.hospital_number}) · {r.clinic}",
            placeholder="Choose the patient in front of you",
        )
        if choice is not None:
            # One key per patient per page view: a double tap starts one sitting.
            key = st.session_state.setdefault(f"clinic_list_key_{choice.attendance_id}", secrets.token_hex(16))
            if st.button("Hand over for self-completion", type="primary", icon=":material/tablet:"):
                with database().transaction() as session:
                    handover = begin_self_screen(
                        session, actor=user, attendance_id=choice.attendance_id,
                        idempotency_key=key, app_session=auth.app_session(), now=auth.now(),
                    )
                st.session_state.pop(f"clinic_list_key_{choice.attendance_id}", None)
                auth.enter_patient_mode(handover.handover_id)
                st.rerun()
