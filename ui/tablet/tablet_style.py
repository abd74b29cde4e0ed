"""Patient-mode styling: big touch targets, a text size control and high contrast (issue 6).

Our own fixed CSS only (no user text ever reaches `st.html`). Buttons are at least 56 px
high and the text size buttons 48 (WCAG 2.5.5 asks 44, the issue 48), the text scales with
the patient's choice, and high contrast is black on white with a thick focus ring: every
caption too, the questionnaire's lead-in included (it beats `readable_captions`' grey). Streamlit's menu is hidden in
patient mode so the patient has nothing to open but the questionnaire.
"""

from __future__ import annotations

import streamlit as st

from ui.shell.contrast import readable_captions

SIZES = {"A": 1.0, "A+": 1.25, "A++": 1.5}

_BASE = """
<style>
header[data-testid="stHeader"], [data-testid="stMainMenu"], [data-testid="stToolbar"] {display: none;}
.stMainBlockContainer {max-width: 900px; padding-top: 1.5rem;}
.stButton button {min-height: 56px; border-radius: 12px;}
[data-testid="stButtonGroup"] button {min-height: 48px; min-width: 56px;}
[data-testid="stCheckbox"] label {min-height: 48px; align-items: center;}
.stButton button p {font-size: calc(1.15rem * %(scale)s);}
.stMarkdown p, .stMarkdown li, [data-testid="stCaptionContainer"] {font-size: calc(1.05rem * %(scale)s);}
h3 {font-size: calc(1.6rem * %(scale)s) !important; line-height: 1.3;}
</style>
"""
_CONTRAST = """
<style>
.stApp, .stMainBlockContainer {background: #ffffff; color: #000000;}
.stButton button {border: 3px solid #000000; color: #000000; background: #ffffff; font-weight: 600;}
.stButton button[kind="primary"] {background: #000000; color: #ffffff;}
.stButton button:focus-visible {outline: 4px solid #ffbf47; outline-offset: 2px;}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p, .stMarkdown p {color: #000000 !important;}
[data-testid="stButtonGroup"] button {border: 2px solid #000000; color: #000000; background: #ffffff;}
[data-testid="stButtonGroup"] button[aria-checked="true"] {background: #000000 !important;}
[data-testid="stButtonGroup"] button[aria-checked="true"] p {color: #ffffff !important;}
</style>
"""


def tablet_style(words_text_size: str, words_high_contrast: str) -> None:
    """The text size and contrast controls, and the CSS they choose."""
    left, right = st.columns([3, 2], vertical_alignment="center")
    with left:
        size = st.segmented_control(words_text_size, list(SIZES), default="A", key="pm_text_size", required=True)
    with right:
        contrast = st.toggle(words_high_contrast, key="pm_contrast")
    st.html(_BASE % {"scale": SIZES.get(size or "A", 1.0)})
    readable_captions()
    if contrast:
        st.html(_CONTRAST)
