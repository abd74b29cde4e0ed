"""Outbox: the messages the local outbox kept instead of sending, newest first (issues 13, 17).

Without a GOV.UK Notify API key (the demo, and any installation not yet set up with
Notify), escalation messages to staff are kept here instead of sent: staff can see what
would have gone to whom; they name a clinic, never a patient. In the demo, the secure-link
invitations to patients are kept here too, as their phones would show them, with the link
to open (outside the demo invitations need Notify: the outbox would keep the links).
"""

import streamlit as st

from screening.escalation.rules.escalation_contacts import mobile_text
from screening.notifications.rules.sending import CHANNEL_LABELS
from screening.notifications.services.outbox import OutboxRow, outbox_messages
from screening.policy import Action
from ui.shell.auth import LONDON
from ui.shell.guard import page_user
from ui.shell.notices import stop_on_error
from ui.shell.runtime import database

PATIENT_MESSAGES_SHOWN = 20


def when(message: OutboxRow) -> str:
    return message.created_at.astimezone(LONDON).strftime("%d %b %Y %H:%M")


def to(message: OutboxRow) -> str:
    return mobile_text(message.destination) if message.channel == "sms" else message.destination


user = page_user(Action.VIEW_OUTBOX)
st.title("Outbox")
st.caption("Messages kept here because no GOV.UK Notify API key is configured (`SCREENING_NOTIFY_API_KEY`); "
           "with one, they go by SMS and email instead.")  # fmt: skip
with stop_on_error(), database().transaction() as session:
    messages = outbox_messages(session, user)
to_patients = [m for m in messages if m.to_patient]
to_staff = [m for m in messages if not m.to_patient]

st.header("To patients: secure links", divider="gray")
if not to_patients:
    st.info("No links sent yet. Staff send one from the clinic list; `send-invitations` sends those due.")
else:
    st.caption("As the patient's phone or inbox would show them. Open a link to answer as that patient.")
    for message in to_patients[:PATIENT_MESSAGES_SHOWN]:
        with st.container(border=True):
            st.caption(f"{when(message)} · {CHANNEL_LABELS[message.channel]} to {to(message)}")
            st.markdown(message.body)

st.header("To staff: escalations", divider="gray")
if not to_staff:
    st.info("No messages yet. An urgent flag nobody acknowledges in time puts one here.")
else:
    st.dataframe({
        "When": [when(m) for m in to_staff],
        "By": [CHANNEL_LABELS[m.channel] for m in to_staff],
        "To": [to(m) for m in to_staff],
        "Message": [m.body for m in to_staff],
    }, hide_index=True, width="stretch")  # fmt: skip
