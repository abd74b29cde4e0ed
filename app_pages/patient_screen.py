"""Patient mode: a welcome with the language chooser, the patient's own questionnaire, then a locked thank-you."""

import streamlit as st

from screening.sittings.services.patient_screen import Where
from ui.shell.guard import current_state
from ui.shell.notices import user_errors
from ui.tablet import wording
from ui.tablet.direction import apply_direction
from ui.tablet.language_choice import Welcome, language_chooser, patient_language, start_in
from ui.tablet.patient_mode import calm_errors, hand_back, thank_you
from ui.tablet.questionnaire import questionnaire, talk_today
from ui.tablet.saving_status import staff_account
from ui.tablet.tablet_style import tablet_style

state = current_state()
user, handover_id = state.user, state.handover_id
assert user is not None and handover_id is not None  # navigation offers this page only in patient mode
# Everything above the hand-back box is drawn inside one container, so the box keeps its place
# on the page whatever the runs draw above it (a count of answers waiting, staff's account of
# an outage). A box that moves is drawn anew by the browser: closed, under the PIN staff were
# typing, and their tap on Unlock lost.
with st.container():
    started = bool(st.session_state.get("pm_started"))
    welcome = Welcome(wording.ENGLISH)
    with calm_errors():
        welcome = patient_language(user, Where(handover_id=handover_id), started=started)
    words = wording.words(welcome.language)
    tablet_style(words.text_size, words.high_contrast)
    apply_direction(welcome.language)

    if not started:
        language_chooser(welcome, words.language_label)  # first, for a patient who does not read English
        st.title(words.welcome_title)
        st.markdown(words.welcome_body)
        if st.button(words.start, type="primary", width="stretch", key="pm_start"):
            with calm_errors():
                start_in(user, Where(handover_id=handover_id), welcome)
                st.session_state["pm_started"] = True
            if st.session_state.get("pm_started"):
                st.rerun()
    else:
        completed = False
        with calm_errors():  # a calm screen, then the hand-back below stays reachable
            completed = questionnaire(user, handover_id=handover_id, key="pm")
        if completed:
            thank_you(words, talk_today("pm"))

    if account := staff_account("pm"):
        with st.expander("For staff: what happened", icon=":material/cloud_off:"):
            st.write(account)
with user_errors():  # unlocking needs the database: staff are told to wait for it
    hand_back(user, handover_id)
