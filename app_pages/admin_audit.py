"""Audit log: filter the events, read the newest, export every match to CSV, check the chain.

The hash chain is walked only when asked ("Check the chain"): it reads every row.

The CSV is made only when asked ("Prepare CSV"), because making it is an audited export.
The file is never kept in the session: the download button appears in the run that made
it and does not rerun the page when clicked (`on_click="ignore"`), so it stays until the
administrator does something else.
"""

from datetime import timedelta
from typing import Any

import streamlit as st

from screening.audit.rules.audit_chain import describe
from screening.audit.services.audit_integrity import audit_chain_state
from screening.audit.services.audit_log import audit_csv, audit_events
from screening.policy import Action
from ui.shell import auth
from ui.shell.guard import page_user
from ui.shell.notices import stop_on_error, user_errors
from ui.shell.runtime import database

LIMIT = 500
user = page_user(Action.VIEW_AUDIT_LOG)
st.title("Audit log")
if st.button(
    "Check the chain",
    icon=":material/link:",
    key="admin_audit_chain",
    help="Walk every row's hash: shows whether any row was changed or removed.",
):
    with stop_on_error(), database().transaction() as session:
        report = audit_chain_state(session, user)
    (st.success if report.intact else st.error)(describe(report))
today = auth.now().astimezone(auth.LONDON).date()
with st.form("admin_audit_filters"):
    days = st.date_input(
        "Dates (London)", (today - timedelta(days=6), today), format="DD/MM/YYYY", key="admin_audit_dates"
    )
    left, middle, right = st.columns(3)
    actor_name = left.text_input("Actor", placeholder="a username", key="admin_audit_actor")
    action_prefix = middle.text_input(
        "Action starts with", placeholder="user. or auth.sign_in", key="admin_audit_action"
    )
    entity_type = right.text_input("Entity type", placeholder="user", key="admin_audit_entity")
    st.form_submit_button("Show", type="primary")
if len(days) != 2:
    st.info("Choose the last date of the range too.")
    st.stop()
filters: dict[str, Any] = {"date_from": days[0], "date_to": days[1], "actor_name": actor_name, "action_prefix": action_prefix,
           "entity_type": entity_type}  # fmt: skip

with stop_on_error(), database().transaction() as session:
    rows = audit_events(session, user, **filters, limit=LIMIT)
if not rows:
    st.info("No audit events match these filters.")
    st.stop()
if len(rows) == LIMIT:
    st.caption(f"Showing the newest {LIMIT}; narrow the filters, or prepare the CSV for every match.")
st.dataframe({
    "When (London)": [r.at.astimezone(auth.LONDON).strftime("%d %b %Y %H:%M:%S") for r in rows],
    "Actor": [r.actor for r in rows], "Action": [r.action for r in rows],
    "Entity": [r.entity_type for r in rows], "Entity id": [r.entity_id or "" for r in rows],
    "Detail": [r.detail for r in rows], "Session": [(r.app_session or "")[:8] for r in rows],
}, hide_index=True, width="stretch")  # fmt: skip

if st.button("Prepare CSV", icon=":material/download:", key="admin_audit_prepare"):
    with user_errors():
        with database().transaction() as session:
            text = audit_csv(session, user, **filters, app_session=auth.app_session())
        st.download_button(
            "Download the CSV",
            text,
            file_name=f"audit-{days[0]}-to-{days[1]}.csv",
            mime="text/csv",
            on_click="ignore",
            key="admin_audit_download",
        )
