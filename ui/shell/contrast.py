"""Readable small text on every screen (WCAG 2.2 AA, 1.4.3 contrast minimum).

Streamlit draws captions in a faded grey (#828180 on white, 3.9:1), below the 4.5:1 that
normal-size text needs; axe-core reports it as a serious violation on every page that has
a caption. This one fixed rule (our own CSS, never user text) darkens it to #4a4a4a
(8.9:1). Staff pages get it from `ui.shell.frame`, the patient's pages from `ui.tablet.tablet_style`.
"""

from __future__ import annotations

import streamlit as st

CAPTIONS = (
    '[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p '
    "{color: #4a4a4a !important; opacity: 1 !important;}"
)


def readable_captions() -> None:
    st.html(f"<style>{CAPTIONS}</style>")
