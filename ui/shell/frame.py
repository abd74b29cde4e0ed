"""What every staff page shows above its own content: who is signed in, and sign-out."""

from __future__ import annotations

import streamlit as st

from screening.policy import CurrentUser
from ui.shell import auth
from ui.shell.contrast import readable_captions
from ui.shell.escalation_check import escalate_on_page_load
from ui.shell.notices import demo_banner
from ui.shell.runtime import demo_mode
from ui.shell.text import plain
from ui.shell.urgent_banner import urgent_banner


def staff_header(user: CurrentUser) -> None:
    readable_captions()
    scope = "all sites" if user.site_ids is None else f"{len(user.site_ids)} site(s)"
    left, right = st.columns([5, 1], vertical_alignment="center")
    left.caption(f"Signed in as **{plain(user.display_name)}** · {user.role_label} · {scope}")
    if right.button("Sign out", key="frame_sign_out", icon=":material/logout:", width="stretch"):
        auth.sign_out_now(user)
    escalate_on_page_load()  # before the banner, never breaking it: see ui.shell.escalation_check
    urgent_banner(user)
    if demo_mode():
        demo_banner()
