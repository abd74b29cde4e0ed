"""A reload in patient mode: no questionnaire, no sign-in page, only the staff hand-back.

The browser's staff session is bound to an open hand-over (ui/shell/staff_session.py), so a
reload or a typed address lands here. Staff take the tablet back with their password or
PIN through the same check as the hand-back box (services.handovers.end_handover).
"""

import streamlit as st

from ui.shell.guard import current_state
from ui.tablet.patient_mode import hand_back, text
from ui.tablet.tablet_style import tablet_style

state = current_state()
words = text()
tablet_style(words.text_size, words.high_contrast)
st.title(words.hand_to_staff)
if state.user is not None and state.handover_id is not None:
    hand_back(state.user, state.handover_id, expanded=True)
