"""Which patient the patient view shows, and whether this opening has been audited yet.

The flag queue chooses the patient (`choose_patient`), which starts a new opening; the
patient view audits the first read of an opening (`services.patient_history.open_patient`)
and marks it done (`mark_opened`) once that read has committed. Only the patient's id
is kept in the session, never a row.
"""

from __future__ import annotations

import streamlit as st

PAGE = "app_pages/patient_view.py"
PATIENT, OPENED = "patient_view_patient_id", "patient_view_opened"


def choose_patient(patient_id: int) -> None:
    st.session_state[PATIENT] = patient_id
    st.session_state.pop(OPENED, None)  # a new opening: audited when the view reads it
    st.switch_page(PAGE)


def chosen_patient() -> int | None:
    return st.session_state.get(PATIENT)


def opening_audited(patient_id: int) -> bool:
    return st.session_state.get(OPENED) == patient_id


def mark_opened(patient_id: int) -> None:
    st.session_state[OPENED] = patient_id
