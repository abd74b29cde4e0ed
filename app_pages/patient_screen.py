"""Patient mode: the patient's own questionnaire, one section at a time, and nothing else."""

import streamlit as st

from questionnaires import load_instrument
from screening.answers import DECLINED
from screening.services.patient_screen import finish, patient_form, save_section
from ui import auth
from ui.guard import current_state
from ui.patient_mode import calm_errors, hand_back, thank_you
from ui.runtime import database

state = current_state()
user, handover_id = state.user, state.handover_id
SECTION, DONE = "pm_section", "pm_done"

if DONE in st.session_state:
    thank_you(st.session_state[DONE])
    hand_back(user, handover_id)
    st.stop()

with calm_errors():
    with database().transaction() as session:
        form = patient_form(session, actor=user, handover_id=handover_id)
index = min(st.session_state.get(SECTION, 0), len(form.sections) - 1)
instrument = load_instrument(form.sections[index])
saved = dict(form.answers.get(instrument.id, {}))
items = [item for item in instrument.items if item.is_enabled(saved)]

st.progress((index + 1) / len(form.sections), text=f"Part {index + 1} of {len(form.sections)}")
st.subheader(instrument.lead_in)
if st.session_state.pop("pm_warn", False):
    st.warning("Please answer every question, or choose “Prefer not to answer”.", icon=":material/info:")
with st.form(f"pm_form_{instrument.id}"):
    given = {}
    for number, item in enumerate(items, start=1):
        options = [*item.option_values(), DECLINED]
        label = {o.value: o.label for o in item.answer_options} | {DECLINED: "Prefer not to answer"}
        previous = saved.get(item.link_id)
        given[item.link_id] = st.radio(
            f"{number}. {item.text}", options, format_func=lambda v, label=label: label[v],
            index=options.index(previous) if previous in options else None, key=f"pm_{item.link_id}",
        )
    last = index == len(form.sections) - 1
    submitted = st.form_submit_button("Finish" if last else "Next", type="primary")

if index > 0 and st.button("Back", icon=":material/arrow_back:"):
    st.session_state[SECTION] = index - 1
    st.rerun()

if submitted:
    answered = {k: v for k, v in given.items() if v is not None}
    with calm_errors():
        with database().transaction() as session:
            if answered:  # saved as given, even when some are still missing
                save_section(session, actor=user, handover_id=handover_id, instrument_id=instrument.id,
                             answers=answered, app_session=auth.app_session())
            refreshed = patient_form(session, actor=user, handover_id=handover_id)
    now_saved = dict(refreshed.answers.get(instrument.id, {}))
    missing = [i for i in instrument.items if i.is_enabled(now_saved) and i.link_id not in now_saved]
    if missing:
        st.session_state["pm_warn"] = True  # re-run so a question opened by these answers shows
        st.rerun()
    elif index + 1 < len(refreshed.sections):
        st.session_state[SECTION] = index + 1
        st.rerun()
    else:
        with calm_errors():
            with database().transaction() as session:
                st.session_state[DONE] = finish(session, actor=user, handover_id=handover_id, now=auth.now())
        st.rerun()

hand_back(user, handover_id)
