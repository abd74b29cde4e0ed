"""Banners and error display shared by every page."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from screening.errors import ScreeningError

log = logging.getLogger("screening.ui")

DEMO_BANNER = (
    "**Demo data.** Every patient, result and flag here is invented for demonstration "
    "and training. Do not enter real patient information."
)


def demo_banner() -> None:
    st.warning(DEMO_BANNER, icon=":material/science:")


@contextmanager
def user_errors() -> Iterator[None]:
    """Show a ScreeningError's own message; log anything else and show a generic one."""
    try:
        yield
    except ScreeningError as error:
        st.error(str(error), icon=":material/error:")
    except Exception:  # noqa: BLE001 - the edge: the detail goes to the server log only
        log.exception("page action failed")
        st.error(
            "Something went wrong and nothing was saved. Please try again; if it keeps "
            "happening, tell the administrator.",
            icon=":material/error:",
        )
