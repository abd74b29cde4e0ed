"""Flag queue: open psychological flags at the psychologist's sites, most pressing first (issue 7)."""

import streamlit as st

from screening.flag_review.rules.flag_workflow import STATUS_LABELS
from screening.flag_review.services.flag_queue import QueueFilters, flag_queue
from screening.flag_review.services.flag_queue_rows import QUEUE_PRIORITIES, QUEUE_STATUSES
from screening.policy import Action
from screening.sites.services.site_choices import site_choices
from ui.review.queue_table import flags_by_patient, patient_label, queue_counts, queue_table
from ui.shell import auth
from ui.shell.guard import page_user
from ui.shell.notices import stop_on_error
from ui.shell.runtime import database
from ui.shell.text import labelled
from ui.tablet.patient_choice import choose_patient

user = page_user(Action.VIEW_FLAG_QUEUE)
st.title("Flag queue")
with stop_on_error(), database().transaction() as session:
    choices = site_choices(session, user, Action.VIEW_FLAG_QUEUE)
active = any(st.session_state.get(f"flag_queue_{name}") for name in ("site", "clinic", "priority", "status",
                                                                    "mine", "overdue"))  # fmt: skip
with st.expander("Filters", expanded=active, icon=":material/filter_list:"), st.form("flag_queue_filters"):
    site, clinic, priority, status = st.columns(4)
    site_id = site.selectbox(
        "Site",
        [c.id for c in choices.sites],
        index=None,
        placeholder="All sites",
        format_func=labelled({c.id: c.label for c in choices.sites}),
        key="flag_queue_site",
    )
    clinic_id = clinic.selectbox(
        "Clinic",
        [c.id for c in choices.clinics],
        index=None,
        placeholder="All clinics",
        format_func=labelled({c.id: c.label for c in choices.clinics}),
        key="flag_queue_clinic",
    )
    chosen_priority = priority.selectbox(
        "Priority",
        QUEUE_PRIORITIES,
        index=None,
        placeholder="All priorities",
        format_func=str.capitalize,
        key="flag_queue_priority",
    )
    chosen_status = status.selectbox(
        "Status",
        QUEUE_STATUSES,
        index=None,
        placeholder="All open statuses",
        format_func=labelled(STATUS_LABELS),
        key="flag_queue_status",
    )
    mine, overdue, apply = st.columns([2, 2, 1], vertical_alignment="bottom")
    only_mine = mine.checkbox("Only flags I own", key="flag_queue_mine")
    only_overdue = overdue.checkbox("Only overdue", key="flag_queue_overdue")
    apply.form_submit_button("Show", type="primary", width="stretch")  # fmt: skip

filters = QueueFilters(site_id, clinic_id, chosen_priority, chosen_status, only_mine, only_overdue)
with stop_on_error(), database().transaction() as session:
    queue = flag_queue(session, user, filters, now=auth.now())
queue_counts(queue.counts)
if not queue.rows:
    st.success("No open flags match these filters.", icon=":material/task_alt:")
    st.stop()
if queue.capped:
    st.caption(
        f"Showing the {len(queue.rows)} most pressing of {queue.counts.total}; narrow the filters to see others."
    )
left, right = st.columns([4, 1], vertical_alignment="bottom")
by_patient = flags_by_patient(queue.rows)  # preselected: the patient of the most pressing row
patient_id = left.selectbox("Patient", list(by_patient), format_func=lambda p: patient_label(by_patient[p]),
                            key="flag_queue_row")  # fmt: skip
if right.button("Open patient", type="primary", icon=":material/person_search:", width="stretch"):
    choose_patient(patient_id)
queue_table(queue.rows)
