"""Screening at home on the clinic list (issue 17): what a row says about it, and the link's buttons.

Design decisions:
- "Completed at home" / "Started at home" is a badge beside the others; the link's state is
  one caption in plain words (`screening.clinic_day.rules.remote_words`). No mobile number
  or email address is ever on the list.
- "Stop link" takes two taps, like Decline: the first shows what stopping does (every link
  of the appointment stops at once, mid-questionnaire too; answers so far are kept) and
  asks again. One transaction, through `screening.remote.services.links.revoke`, which
  checks the site and audits it with the invitation id only.
- "Send link" / "Resend link" (`send_link_button`): one tap sends a new link now and stops the
  older ones (`screening.remote.services.invitations.send_link`, audited); the page says
  whether it went, never to which number or address.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from screening.clinic_day.services.clinic_day import ClinicListRow
from screening.notifications.rules.sending import CHANNEL_LABELS
from screening.notifications.services.senders import invitation_sender
from screening.policy import CurrentUser
from screening.remote.services.invitations import link_base, send_link
from screening.remote.services.links import revoke
from ui.shell import auth
from ui.shell.notices import user_errors
from ui.shell.runtime import database

SEND_TIMEOUT_SECONDS = 5.0  # a tap waits at most this long for GOV.UK Notify
STOPPING, NOTICE = "clinic_list_stopping_link", "clinic_list_notice"  # NOTICE: the clinic list shows it once
STOP_WARNING = (
    "Stop this patient's link? It stops working at once, even part-way through the questions. "
    "Answers already given are kept, and the screen can be finished here on the tablet."
)


def remote_lines(row: ClinicListRow, info: DeltaGenerator) -> None:
    """The badge and the link's words, on the patient's card."""
    if row.remote.at_home:
        info.badge(row.remote.at_home, icon=":material/home:", color="blue")
    if row.remote.link:
        info.caption(f"Secure link: {row.remote.link}")


def link_actions(user: CurrentUser, row: ClinicListRow, actions: DeltaGenerator) -> None:
    """The link's buttons in the row's action column, and the stop confirmation under the card."""
    send_link_button(user, row, actions)
    if row.remote.can_stop and actions.button(
        "Stop link", key=f"clinic_list_stop_link_{row.attendance_id}", icon=":material/link_off:", width="stretch"
    ):
        st.session_state[STOPPING] = row.attendance_id
    if row.remote.can_stop and st.session_state.get(STOPPING) == row.attendance_id:
        _stop_panel(user, row)


def send_link_button(user: CurrentUser, row: ClinicListRow, actions: DeltaGenerator) -> None:
    """ "Send link" (or "Resend link" once one went): a new link by SMS (or email), the older
    ones stopped, sent now through GOV.UK Notify (the outbox in the demo); one tap, one send
    (`send_link` claims the message before sending). Shown only when the patient can be sent
    one (a mobile or email, no "no contact", not screened, the day not over)."""
    if not row.remote.can_send:
        return
    label = "Resend link" if row.remote.sent_before else "Send link"
    if not actions.button(label, key=f"clinic_list_send_link_{row.attendance_id}", icon=":material/sms:",
                          width="stretch"):  # fmt: skip
        return
    with user_errors():
        db = database()
        with db.transaction() as session:
            base = link_base(session)
        sent = send_link(db, invitation_sender(db, timeout=SEND_TIMEOUT_SECONDS), user, row.attendance_id,
                         now=auth.now(), link_base=base, app_session=auth.app_session())  # fmt: skip
        channel = CHANNEL_LABELS[sent.channel]
        st.session_state[NOTICE] = (f"Link not sent by {channel}: {sent.status_label}. Try again, or screen at the "
                                    "visit." if sent.failed else f"Link sent by {channel}.")  # fmt: skip
        st.rerun()


def _stop_panel(user: CurrentUser, row: ClinicListRow) -> None:
    st.warning(STOP_WARNING, icon=":material/link_off:")
    yes, no = st.columns(2)
    if yes.button("Yes, stop the link", key=f"clinic_list_stop_link_yes_{row.attendance_id}", type="primary",
                  width="stretch"):  # fmt: skip
        with user_errors():
            with database().transaction() as session:
                stopped = revoke(session, user, row.attendance_id, now=auth.now(), app_session=auth.app_session())
            st.session_state.pop(STOPPING, None)
            st.session_state[NOTICE] = "Link stopped." if stopped else "The link was already stopped."
            st.rerun()
    if no.button("Keep the link", key=f"clinic_list_stop_link_no_{row.attendance_id}", width="stretch"):
        st.session_state.pop(STOPPING, None)
        st.rerun()
