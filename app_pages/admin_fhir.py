"""EPR deliveries: the FHIR push's state, and what failed, for an administrator to resend (issue 18).

`python -m screening push-fhir` (every minute, or with `--watch`) sends each finished
sitting's Bundle to the trust's FHIR server; this page shows whether it is on, what waits,
what is being retried and what failed, with the reason (an HTTP status and codes, never a
patient value). Each row is a sitting named by its date, site and clinic only. "Resend"
puts failed deliveries back to go on the next run: one transaction, audited.
"""

import os

import streamlit as st

from screening.errors import InvalidValue
from screening.exports.rules.fhir_push import PUSH_URL_ENV, push_endpoint
from screening.exports.services.fhir_push import push_overview, resend
from screening.policy import Action
from ui.admin.fhir_deliveries_view import delivery_table, failed_ids, overview_metrics
from ui.shell import auth
from ui.shell.guard import page_user
from ui.shell.notices import stop_on_error, user_errors
from ui.shell.runtime import database

user = page_user(Action.MANAGE_FHIR_PUSH)
st.title("EPR deliveries")
try:
    endpoint = push_endpoint(os.environ)
except InvalidValue as error:
    st.error(f"Pushing to the EPR cannot start: {error}", icon=":material/error:")
    endpoint = None
else:
    if endpoint is None:
        st.info(f"Pushing to the EPR is off. To send each finished sitting to the trust's FHIR server, set "
                f"`{PUSH_URL_ENV}` (and `SCREENING_FHIR_PUSH_TOKEN` if it needs one) and run "
                "`python -m screening push-fhir` every minute. See docs/fhir.md.", icon=":material/info:")  # fmt: skip
    else:
        st.caption(f"Sending to **{endpoint}** with `python -m screening push-fhir`.")
with stop_on_error(), database().transaction() as session:
    overview = push_overview(session, user, now=auth.now())
overview_metrics(overview)
rows = overview.needing_attention
if not rows:
    st.success("Nothing needs attention: no delivery has failed or is being retried.", icon=":material/check_circle:")
    st.stop()
st.subheader("Needing attention")
chosen = delivery_table(rows)
left, right = st.columns(2)
selected_failed = failed_ids(rows, chosen)
if left.button(f"Resend selected ({len(selected_failed)})", key="fhir_resend_selected", disabled=not selected_failed,
               icon=":material/send:", help="Choose failed rows in the table first."):  # fmt: skip
    with user_errors(), database().transaction() as session:
        count = resend(session, user, selected_failed, now=auth.now())
    st.toast(f"{count} delivery(ies) will go on the next run.", icon=":material/send:")
    st.rerun()
if right.button(f"Resend every failed one ({overview.counts['failed']})", key="fhir_resend_all",
                disabled=not overview.counts["failed"], icon=":material/replay:"):  # fmt: skip
    with user_errors(), database().transaction() as session:
        count = resend(session, user, None, now=auth.now())
    st.toast(f"{count} delivery(ies) will go on the next run.", icon=":material/replay:")
    st.rerun()
