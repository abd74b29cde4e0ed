"""What every staff page shows above its own content: who is signed in, and sign-out.

And two fixed layout rules for tablets (our own CSS, never user text): every button at
least 44 px high (WCAG 2.5.8 asks 24; ours is 44 for a finger; a date's day, month and
year 24 px each, where Streamlit draws them 18 px wide), and room above each table
for its toolbar (search, full screen). Streamlit draws that toolbar 44 px above the table,
over whatever sits there, and on a touch screen it stays once the table is touched: on an
iPad it covered the flag queue's "Open patient" button, so a tap there opened nothing.
"""

from __future__ import annotations

import streamlit as st

from screening.counted import counted
from screening.policy import CurrentUser
from ui.shell import auth
from ui.shell.contrast import readable_captions
from ui.shell.escalation_check import escalate_on_page_load
from ui.shell.notices import demo_banner
from ui.shell.runtime import demo_mode
from ui.shell.text import plain
from ui.shell.urgent_banner import urgent_banner

TABLETS = """<style>
.stButton button, .stFormSubmitButton button, .stDownloadButton button, [data-testid="stButtonGroup"] button
  {min-height: 44px;}
[data-testid="stFullScreenFrame"]:has(> [data-testid="stDataFrame"]) {margin-top: 48px;}
span[role="spinbutton"] {display: inline-block; min-width: 24px; min-height: 24px; line-height: 24px; text-align: center;}
</style>"""


def staff_header(user: CurrentUser) -> None:
    readable_captions()
    st.html(TABLETS)
    scope = "all sites" if user.site_ids is None else counted(len(user.site_ids), "site")
    left, right = st.columns([5, 1], vertical_alignment="center")
    left.caption(f"Signed in as **{plain(user.display_name)}** · {user.role_label} · {scope}")
    if right.button("Sign out", key="frame_sign_out", icon=":material/logout:", width="stretch"):
        auth.sign_out_now(user)
    escalate_on_page_load()  # before the banner, never breaking it: see ui.shell.escalation_check
    urgent_banner(user)
    if demo_mode():
        demo_banner()
