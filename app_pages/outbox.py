"""Outbox: the escalation messages kept by the local outbox, newest first (issue 13).

Without a GOV.UK Notify API key (the demo, and any installation not yet set up with
Notify), escalation messages are kept here instead of sent: staff can see what would
have gone to whom. The messages name a clinic, never a patient.
"""

import streamlit as st

from screening.escalation.rules.escalation_contacts import mobile_text
from screening.notifications.rules.sending import CHANNEL_LABELS
from screening.notifications.services.outbox import outbox_messages
from screening.policy import Action
from ui.shell.auth import LONDON
from ui.shell.guard import page_user
from ui.shell.notices import stop_on_error
from ui.shell.runtime import database

user = page_user(Action.VIEW_OUTBOX)
st.title("Outbox")
st.caption("Escalation messages kept here because no GOV.UK Notify API key is configured "
           "(`SCREENING_NOTIFY_API_KEY`); with one, they go by SMS and email instead.")  # fmt: skip
with stop_on_error(), database().transaction() as session:
    messages = outbox_messages(session, user)
if not messages:
    st.info("No messages yet. An urgent flag nobody acknowledges in time puts one here.")
else:
    st.dataframe({
        "When": [m.created_at.astimezone(LONDON).strftime("%d %b %Y %H:%M") for m in messages],
        "By": [CHANNEL_LABELS[m.channel] for m in messages],
        "To": [mobile_text(m.destination) if m.channel == "sms" else m.destination for m in messages],
        "Message": [m.body for m in messages],
    }, hide_index=True, width="stretch")  # fmt: skip
