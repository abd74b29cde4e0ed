"""The Sites and clinics page's invitations part: which clinics invite patients before the visit (issue 17).

One form per clinic (chosen above it): "Invite before the visit", how many days before
(default 2) and the reminder (default 1 day before, or none). A save is one transaction
through `screening.remote.services.invitation_settings`, which checks the days, refuses
with what to choose, and audits. Widget keys carry the clinic id, so switching clinic
shows that clinic's own values; after a save they are dropped so the form re-reads the
database. Nothing here shows a patient's contact details.
"""

from __future__ import annotations

import streamlit as st

from screening.policy import CurrentUser
from screening.remote.rules.invitation_timing import (
    DEFAULT_INVITE_DAYS,
    DEFAULT_REMINDER_DAYS,
    INVITE_DAYS,
    InvitationTiming,
)
from screening.remote.services.invitation_settings import ClinicInvitations, clinic_invitations, set_invitation_settings
from ui.shell import auth
from ui.shell.notices import stop_on_error, user_errors
from ui.shell.runtime import database
from ui.shell.text import plain

PREFIX = "admin_sites_invitations"
NOTICE = "admin_sites_notice"  # the page shows it after the rerun


def timing_text(timing: InvitationTiming | None) -> str:
    if timing is None:
        return "Off"
    reminder = timing.reminder_days_before
    if reminder is None:
        remind = "no reminder"
    elif reminder == 0:
        remind = "reminder on the morning of the visit"
    else:
        remind = f"reminder {reminder} day{'s' * (reminder > 1)} before"
    return f"invite {timing.invite_days_before} day{'s' * (timing.invite_days_before > 1)} before, {remind}"


def _clinic_form(user: CurrentUser, chosen: ClinicInvitations) -> None:
    key, timing = f"{PREFIX}_{chosen.clinic_id}", chosen.timing
    reminder = DEFAULT_REMINDER_DAYS if timing is None else timing.reminder_days_before
    with st.form(key):
        st.markdown(f"**Invitations for {plain(chosen.name)}**")
        enabled = st.toggle("Invite before the visit", value=timing is not None, key=f"{key}_on")
        left, right = st.columns(2)
        invite = left.number_input(
            "Invite N days before", min_value=INVITE_DAYS.start, max_value=INVITE_DAYS.stop - 1, step=1,
            value=DEFAULT_INVITE_DAYS if timing is None else timing.invite_days_before, key=f"{key}_invite",
        )  # fmt: skip
        remind = right.checkbox("Send a reminder", value=reminder is not None, key=f"{key}_remind")
        days = right.number_input("Remind M days before (0: the morning of the visit)", min_value=0,
                                  max_value=INVITE_DAYS.stop - 2, step=1, key=f"{key}_reminder",
                                  value=DEFAULT_REMINDER_DAYS if reminder is None else reminder)  # fmt: skip
        if st.form_submit_button("Save invitations", type="primary"):
            _save(user, chosen, enabled=enabled, invite=int(invite), reminder=int(days) if remind else None)


def _save(user: CurrentUser, chosen: ClinicInvitations, *, enabled: bool, invite: int, reminder: int | None) -> None:
    with user_errors():
        with database().transaction() as session:
            set_invitation_settings(session, user, chosen.clinic_id, enabled=enabled, invite_days_before=invite,
                                    reminder_days_before=reminder, now=auth.now(), app_session=auth.app_session())  # fmt: skip
        state = "on" if enabled else "off"
        st.session_state[NOTICE] = f"Invitations for {plain(chosen.code)} are {state}."
        for key in [k for k in st.session_state if str(k).startswith(f"{PREFIX}_{chosen.clinic_id}")]:
            del st.session_state[key]
        st.rerun()  # not an Exception: user_errors lets it through


def invitation_section(user: CurrentUser) -> None:
    st.subheader("Invitations before the visit")
    st.caption("A clinic that invites sends each patient with a mobile or email (and no 'no contact') a secure link "
               "to screen at home before the appointment, and a reminder; the tablet in clinic stays for everyone.")  # fmt: skip
    with stop_on_error(), database().transaction() as session:
        clinics = clinic_invitations(session, user)
    if not clinics:
        return
    st.dataframe({"Clinic": [c.code for c in clinics], "Invitations": [timing_text(c.timing) for c in clinics]},
                 hide_index=True, width="stretch")  # fmt: skip
    code = st.selectbox("Clinic to set", [c.code for c in clinics], key=f"{PREFIX}_clinic")
    _clinic_form(user, next(c for c in clinics if c.code == code))
