"""Sites and clinics: every one in a table, and forms to add a site or a clinic (issue 5).

Each addition is one transaction through `screening.sites.services.reference_data`, the same
functions as `add-site` / `add-clinic` on the command line, which check the policy, refuse
a duplicate code with a message naming it, and audit the codes. A success is kept for one
rerun so the tables already show the new row; a refused form keeps what was typed, so
only the duplicate code needs changing. Nothing here edits or removes a code:
attendances and sittings hang off them. Below, each clinic's escalation hours, delay and
contacts and the out-of-hours contact (`ui.admin.escalation_admin`; clinical reference s6),
then which clinics invite patients before the visit (`ui.admin.invitation_admin`; issue 17).
"""

from collections.abc import Callable

import streamlit as st

from screening.clinical.rules.codes import CLINIC_SPECIALTIES, SCREENING_BUNDLES
from screening.policy import Action
from screening.sites.services.reference_data import add_clinic, add_site
from screening.sites.services.reference_list import sites_and_clinics
from ui.admin.escalation_admin import escalation_section
from ui.admin.invitation_admin import invitation_section
from ui.shell.guard import page_user
from ui.shell.notices import stop_on_error, user_errors
from ui.shell.runtime import database
from ui.shell.text import labelled, plain

NOTICE = "admin_sites_notice"
user = page_user(Action.MANAGE_SITES_AND_CLINICS)
st.title("Sites and clinics")
if notice := st.session_state.pop(NOTICE, None):
    st.success(notice, icon=":material/check_circle:")


def act(done: str, form: str, change: Callable[..., object], *args: str, **values: str) -> None:
    """One transaction; on success the form is emptied, on a refusal it keeps what was typed."""
    with user_errors():
        with database().transaction() as session:
            change(session, *args, actor=user, **values)
        st.session_state[NOTICE] = done
        for key in [k for k in st.session_state if str(k).startswith(form)]:
            del st.session_state[key]
        st.rerun()  # not an Exception: user_errors lets it through


with stop_on_error(), database().transaction() as session:
    listed = sites_and_clinics(session, user)
yes_no = {True: "Yes", False: "No"}
st.subheader("Sites")
st.dataframe({"Code": [s.code for s in listed.sites], "Name": [s.name for s in listed.sites],
              "Clinics": [s.clinics for s in listed.sites]}, hide_index=True, width="stretch")  # fmt: skip
st.subheader("Clinics")
st.dataframe({
    "Site": [c.site_code for c in listed.clinics], "Code": [c.code for c in listed.clinics],
    "Name": [c.name for c in listed.clinics], "Specialty": [CLINIC_SPECIALTIES[c.specialty] for c in listed.clinics],
    "Bundle": [c.bundle for c in listed.clinics], "Active": [yes_no[c.active] for c in listed.clinics],
}, hide_index=True, width="stretch")  # fmt: skip

left, right = st.columns(2)
with left.form("admin_sites_new_site"):
    st.markdown("**Add a site**")
    code = st.text_input("Site code (1-20 letters, digits, - or _)", max_chars=20, key="admin_sites_new_site_code")
    name = st.text_input("Name", max_chars=120, key="admin_sites_new_site_name")
    if st.form_submit_button("Add site", type="primary"):
        act(
            f"Added site {plain(code.strip().upper())}: {plain(name.strip())}.",
            "admin_sites_new_site_",
            add_site,
            code,
            name,
        )
with right.form("admin_sites_new_clinic"):
    st.markdown("**Add a clinic**")
    site = st.selectbox("Site", [s.code for s in listed.sites], index=None, placeholder="Choose a site",
                        key="admin_sites_new_clinic_site")  # fmt: skip
    clinic_code = st.text_input("Clinic code (unique across sites)", max_chars=20, key="admin_sites_new_clinic_code")
    clinic_name = st.text_input("Name", max_chars=120, key="admin_sites_new_clinic_name")
    specialty = st.selectbox("Specialty", list(CLINIC_SPECIALTIES), format_func=labelled(CLINIC_SPECIALTIES),
                             key="admin_sites_new_clinic_specialty")  # fmt: skip
    bundle = st.radio("Screening bundle", list(SCREENING_BUNDLES), key="admin_sites_new_clinic_bundle",
                      format_func=lambda b: f"{b}: {SCREENING_BUNDLES[b]}")  # fmt: skip
    add = st.form_submit_button("Add clinic", type="primary")
    if add and site is None:
        st.error("Choose the clinic's site first.", icon=":material/error:")
    elif add:
        act(f"Added clinic {plain(clinic_code.strip().upper())} at {plain(site)}: {plain(clinic_name.strip())}.",
            "admin_sites_new_clinic_", add_clinic, site or "", clinic_code, clinic_name, specialty=specialty,
            bundle=bundle)  # fmt: skip

escalation_section(user)
invitation_section(user)
