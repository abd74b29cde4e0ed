"""Right-to-left languages on the tablet (issue 16): the page's main block follows the
direction of the sitting's language (`ui.tablet.wording.direction`).

Our own fixed CSS only: no user or catalogue text ever reaches `st.html`. The staff
hand-back and Streamlit's own chrome stay as they are; only the patient's block turns.
"""

from __future__ import annotations

import streamlit as st

from ui.tablet import wording

RTL = """
<style>
.stMainBlockContainer {direction: rtl; text-align: right;}
.stMainBlockContainer h1, .stMainBlockContainer h3, .stMainBlockContainer p,
.stMainBlockContainer [data-testid="stCaptionContainer"] {text-align: right;}
.stMainBlockContainer [data-testid="stExpander"] {direction: ltr; text-align: left;}
</style>
"""


def apply_direction(language: str) -> bool:
    """Turn the main block right-to-left when `language` is written that way; True if it did."""
    if wording.direction(language) != "rtl":
        return False
    st.html(RTL)
    return True
