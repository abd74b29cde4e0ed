"""Users: every account, a form to add one, and the changes an administrator makes to one.

Each change is one transaction through `screening.access.services.accounts`, which checks the
policy and audits it. A success is kept for one rerun so the table shows the change.
Password and PIN fields are cleared on submit and never shown back; per-user widget keys
carry the user's id, so each form starts from that user's current values.
"""

from collections.abc import Callable
from datetime import datetime

import streamlit as st

from screening.access.services import accounts
from screening.access.services.user_admin import ALL_SITES, list_users, site_choices
from screening.clinical.rules.codes import USER_ROLES
from screening.policy import Action
from screening.text_safety import isolate
from ui.shell import auth
from ui.shell.guard import page_user
from ui.shell.notices import stop_on_error, user_errors
from ui.shell.runtime import database
from ui.shell.text import labelled

NOTICE, ROLES = "admin_users_notice", list(USER_ROLES)
user = page_user(Action.MANAGE_USERS)
st.title("Users")
if notice := st.session_state.pop(NOTICE, None):
    st.success(notice, icon=":material/check_circle:")


def act(done: str, change: Callable[..., object], **values: object) -> None:
    with user_errors():
        with database().transaction() as session:
            change(session, actor=user, **values)
        st.session_state[NOTICE] = done
        st.rerun()  # not an Exception: user_errors lets it through


def when(moment: datetime | None) -> str:
    return moment.astimezone(auth.LONDON).strftime("%d %b %Y %H:%M") if moment else ""


with stop_on_error(), database().transaction() as session:
    users, sites = list_users(session, user, now=auth.now()), site_choices(session, user)
site_labels = {ALL_SITES: "All sites", **{s.code: f"{s.code} · {s.name}" for s in sites}}
yes_no = {True: "Yes", False: "No"}
st.dataframe({
    "Username": [u.username for u in users], "Name": [isolate(u.name) for u in users],
    "Role": [u.role_label for u in users],
    "Sites": [", ".join(site_labels[c] if c == ALL_SITES else c for c in u.site_codes) for u in users],
    "Active": [yes_no[u.active] for u in users], "Locked until": [when(u.locked_until) for u in users],
    "PIN set": [yes_no[u.pin_set] for u in users],
    "Identity linked": [yes_no[u.identity_linked] for u in users],
    "Last sign-in": [when(u.last_sign_in) for u in users],
}, hide_index=True, width="stretch")  # fmt: skip


def pick_sites(key: str, default: list[str]) -> list[str]:
    return st.multiselect(
        "Sites",
        list(site_labels),
        default=default,
        format_func=labelled(site_labels),
        key=key,
        help="All sites on its own, or one or more sites.",
    )


with st.expander("Add a user", icon=":material/person_add:"), st.form("admin_users_new", clear_on_submit=True):
    username = st.text_input("Username", max_chars=60, key="admin_users_new_username")
    name = st.text_input("Full name", max_chars=120, key="admin_users_new_name")
    role = st.selectbox("Role", ROLES, format_func=labelled(USER_ROLES), key="admin_users_new_role")
    new_sites = pick_sites("admin_users_new_sites", [])
    password = st.text_input("Password (12+ characters)", type="password", key="admin_users_new_password")
    again = st.text_input("Password again", type="password", key="admin_users_new_password_again")
    pin = st.text_input("Staff PIN (optional, 4-8 digits)", type="password", key="admin_users_new_pin")
    if st.form_submit_button("Add user", type="primary"):
        if password != again:
            st.error("The two passwords are not the same; type them again.", icon=":material/error:")
        else:
            act(
                f"Added {username.strip().lower()} ({USER_ROLES[role]}).",
                accounts.create_user,
                username=username,
                display_name=name,
                role=role,
                password=password,
                site_codes=new_sites,
                pin=pin or None,
            )

st.subheader("Change a user")
by_id = {u.user_id: u for u in users}
chosen = st.selectbox(
    "User",
    list(by_id),
    index=None,
    placeholder="Choose a user",
    key="admin_users_target",
    format_func=lambda i: f"{by_id[i].username} · {isolate(by_id[i].name)}",
)
if chosen is None:
    st.stop()
target, k = by_id[chosen], f"admin_users_{chosen}"
left, right = st.columns(2)
with left.form(f"{k}_role"):
    new_role = st.selectbox(
        "Role", ROLES, ROLES.index(target.role), format_func=labelled(USER_ROLES), key=f"{k}_role_value"
    )
    if st.form_submit_button("Change role"):
        act(f"{target.username} is now {USER_ROLES[new_role]}.", accounts.change_role, user_id=chosen, role=new_role)
with right.form(f"{k}_sites"):
    scope = pick_sites(f"{k}_sites_value", list(target.site_codes))
    if st.form_submit_button("Change sites"):
        act(f"Sites changed for {target.username}.", accounts.set_sites, user_id=chosen, site_codes=scope)
with left.form(f"{k}_pin", clear_on_submit=True):
    new_pin = st.text_input("Staff PIN (4-8 digits)", type="password", key=f"{k}_pin_value")
    set_pin, clear_pin = st.form_submit_button("Set PIN"), st.form_submit_button("Clear PIN")
    if set_pin or clear_pin:
        act(
            f"PIN {'set' if set_pin else 'cleared'} for {target.username}.",
            accounts.set_pin,
            user_id=chosen,
            pin=new_pin if set_pin else None,
        )
with right.form(f"{k}_identity"):
    subject = st.text_input("Identity-provider subject (blank unlinks)", max_chars=200, key=f"{k}_identity_value")
    if st.form_submit_button("Link identity"):
        act(
            f"Identity {'linked' if subject.strip() else 'unlinked'} for {target.username}.",
            accounts.map_identity,
            user_id=chosen,
            subject=subject,
        )
with left.form(f"{k}_state"):
    st.caption(f"{'Active' if target.active else 'Switched off'}{'; locked' if target.locked_until else ''}.")
    unlock = st.form_submit_button("Unlock", disabled=target.locked_until is None)
    switch = st.form_submit_button("Switch off" if target.active else "Switch on")
    if unlock:
        act(f"{target.username} is unlocked.", accounts.unlock_user, user_id=chosen)
    if switch:
        act(
            f"{target.username} is switched {'off' if target.active else 'on'}.",
            accounts.deactivate_user if target.active else accounts.reactivate_user,
            user_id=chosen,
        )
