"""The page list for this run: what the router may reach depends on who is using it.

A page that is not in the list cannot be opened, not even by typing its URL: Streamlit
serves the default page instead. Each staff page still checks the action it needs
(`ui.shell.guard.page_user`) and each service checks again, so the list is the first of three
locks, not the only one.
"""

from __future__ import annotations

from typing import Literal

import streamlit as st

from screening.policy import Action, may
from ui.shell.auth import AuthState

# (file, title, icon, the action that opens it: None = any signed-in user)
STAFF_PAGES: tuple[tuple[str, str, str, Action | None], ...] = (
    ("app_pages/home.py", "Home", ":material/home:", None),
    ("app_pages/clinic_list.py", "Clinic list", ":material/groups:", Action.VIEW_CLINIC_LIST),
    ("app_pages/uptake.py", "Uptake", ":material/monitoring:", Action.VIEW_DASHBOARD),
    ("app_pages/equity.py", "Equity", ":material/diversity_3:", Action.VIEW_DASHBOARD),
    ("app_pages/flag_queue.py", "Flag queue", ":material/flag:", Action.VIEW_FLAG_QUEUE),
    ("app_pages/patient_view.py", "Patient view", ":material/person_search:", Action.VIEW_PATIENT_HISTORY),
    ("app_pages/sitting.py", "Screening", ":material/assignment:", Action.RUN_SCREENING),
    ("app_pages/admin_users.py", "Users", ":material/manage_accounts:", Action.MANAGE_USERS),
    ("app_pages/admin_sites.py", "Sites and clinics", ":material/domain:", Action.MANAGE_SITES_AND_CLINICS),
    ("app_pages/admin_imports.py", "Imports", ":material/upload_file:", Action.RUN_IMPORTS),
    ("app_pages/admin_audit.py", "Audit log", ":material/policy:", Action.VIEW_AUDIT_LOG),
    ("app_pages/admin_exports.py", "Exports", ":material/download:", Action.EXPORT_PSEUDONYMISED),
    ("app_pages/admin_languages.py", "Languages", ":material/translate:", Action.MANAGE_LANGUAGES),
    ("app_pages/admin_fhir.py", "EPR deliveries", ":material/cloud_sync:", Action.MANAGE_FHIR_PUSH),
    ("app_pages/outbox.py", "Outbox", ":material/outbox:", Action.VIEW_OUTBOX),
)


def pages_for(state: AuthState) -> tuple[list[st.Page], Literal["hidden", "top"]]:
    """The pages this browser session may reach, and where the menu shows."""
    if state.hand_to_staff:
        return [st.Page("app_pages/hand_to_staff.py", title="Hand the tablet to staff", default=True)], "hidden"
    if state.handover_id is not None:
        return [st.Page("app_pages/patient_screen.py", title="Your questionnaire", default=True)], "hidden"
    if state.needs_staff_check:
        return [st.Page("app_pages/staff_check.py", title="Staff check", default=True)], "hidden"
    if state.unknown_identity:
        return [st.Page("app_pages/ask_administrator.py", title="Access", default=True)], "hidden"
    if state.user is None:
        return [st.Page("app_pages/sign_in.py", title="Sign in", icon=":material/login:", default=True)], "hidden"
    pages = [
        st.Page(path, title=title, icon=icon, default=path.endswith("home.py"))
        for path, title, icon, action in STAFF_PAGES
        if action is None or may(state.user, action)
    ]
    return pages, "top"


def reachable(state: AuthState, path: str) -> bool:
    """Whether `pages_for(state)` offers the staff page at `path`."""
    return (
        state.user is not None
        and state.handover_id is None
        and any(page == path and (action is None or may(state.user, action)) for page, _, _, action in STAFF_PAGES)
    )
