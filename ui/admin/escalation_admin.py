"""The Sites and clinics page's escalation part: clinic hours, delay, contacts, out-of-hours contact.

Clinical reference s6 (v2). One form per clinic (chosen above it) and one for the
service's out-of-hours contact; each save is one transaction through
`screening.escalation.services.escalation_settings`, which checks every field, refuses with what to
type, and audits. Widget keys carry the clinic id, so switching clinic shows that
clinic's own values; after a save the keys are dropped so the form re-reads the database.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from screening.escalation.rules.clinic_hours import WEEKDAYS, period_text
from screening.escalation.rules.escalation_contacts import Contact, mobile_text
from screening.escalation.rules.escalation_rules import DELAY_RANGE
from screening.escalation.services.escalation_settings import (
    MAX_CONTACTS,
    ClinicEscalation,
    escalation_settings,
    save_clinic_escalation,
    save_out_of_hours_contact,
)
from screening.policy import CurrentUser
from ui.shell.notices import stop_on_error, user_errors
from ui.shell.runtime import database
from ui.shell.text import plain

PREFIX, NIGHT = "admin_sites_escalation", "admin_sites_ooh"
NOTICE = "admin_sites_notice"  # the page shows it after the rerun
FIELDS = ("name", "role", "mobile", "email")
NO_NIGHT = ("No out-of-hours contact is set: an urgent flag raised out of hours, or one still unacknowledged "
            "after a clinic's whole list, will reach nobody. Set one below.")  # fmt: skip


def _fields(contact: Contact | None) -> tuple[str, str, str, str]:
    if contact is None:
        return ("", "", "", "")
    return (contact.name, contact.role, mobile_text(contact.mobile), contact.email or "")


def _contact_inputs(key: str, contact: Contact | None, title: str) -> tuple[str, str, str, str]:
    st.markdown(f"**{title}**")
    columns = st.columns(4)
    labels = ("Name", "Role", "UK mobile (07700 900123)", "Email")
    return tuple(column.text_input(label, value=value, key=f"{key}_{field}")  # type: ignore[return-value]
                 for column, label, field, value in zip(columns, labels, FIELDS, _fields(contact), strict=True))  # fmt: skip


def _save(done: str, prefix: str, change: Callable[..., object], *args: object, **values: object) -> None:
    with user_errors():
        with database().transaction() as session:
            change(session, *args, **values)
        st.session_state[NOTICE] = done
        for key in [k for k in st.session_state if str(k).startswith(prefix)]:
            del st.session_state[key]
        st.rerun()


def _clinic_form(user: CurrentUser, chosen: ClinicEscalation) -> None:
    key = f"{PREFIX}_{chosen.clinic_id}"
    with st.form(key):
        st.markdown(f"**Clinic hours, London time** ({plain(chosen.name)}): 09:00-17:00, or blank when closed")
        days = st.columns(7)
        hours = {i: days[i].text_input(WEEKDAYS[i], value=period_text(chosen.setup.hours.days.get(i)),
                                       key=f"{key}_day_{i}") for i in range(7)}  # fmt: skip
        delay = st.number_input("Escalate after (minutes without acknowledgement)", min_value=DELAY_RANGE.start,
                                max_value=DELAY_RANGE.stop - 1, value=chosen.setup.delay_minutes, step=5,
                                key=f"{key}_delay")  # fmt: skip
        listed = chosen.setup.contacts
        contacts = [_contact_inputs(f"{key}_c{i}", listed[i - 1] if i <= len(listed) else None,
                                    f"Contact {i}" + (" (told first)" if i == 1 else "")) for i in range(1, MAX_CONTACTS + 1)]  # fmt: skip
        if st.form_submit_button("Save escalation", type="primary"):
            _save(f"Saved escalation for {plain(chosen.code)}.", key, save_clinic_escalation, chosen.code,
                  hours=hours, delay_minutes=int(delay), contacts=contacts, actor=user)  # fmt: skip


def escalation_section(user: CurrentUser) -> None:
    st.subheader("Escalation of urgent flags")
    st.caption("An urgent flag nobody acknowledges is sent to the clinic's contacts in order, one every delay; "
               "raised out of hours it goes at once to the out-of-hours contact (clinical reference s6).")  # fmt: skip
    with stop_on_error(), database().transaction() as session:
        clinics, night = escalation_settings(session, user)
    if night is None:
        st.warning(NO_NIGHT, icon=":material/warning:")
    if clinics:
        st.dataframe({
            "Clinic": [c.code for c in clinics],
            "Open days": [len(c.setup.hours.days) for c in clinics],
            "Delay (min)": [c.setup.delay_minutes for c in clinics],
            "Contacts": [", ".join(x.label for x in c.setup.contacts) or "none: goes to out-of-hours" for c in clinics],
        }, hide_index=True, width="stretch")  # fmt: skip
        code = st.selectbox("Clinic to edit", [c.code for c in clinics], key=f"{PREFIX}_clinic")
        _clinic_form(user, next(c for c in clinics if c.code == code))
    with st.form(NIGHT):
        fields = _contact_inputs(NIGHT, night, "Out-of-hours contact (the whole service)")
        if st.form_submit_button("Save out-of-hours contact", type="primary"):
            _save("Saved the out-of-hours contact.", NIGHT, save_out_of_hours_contact, fields, actor=user)
