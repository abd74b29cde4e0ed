"""The headline tiles of the uptake dashboard (issue 8): published counts and their shares."""

from __future__ import annotations

import streamlit as st

from screening.uptake.rules.uptake_readings import HEADLINE_UPTAKE_MEANS, percent
from screening.uptake.services.uptake import Headline


def _share(value: float | None, of: str) -> str:
    return "" if value is None else f"{percent(value)} of {of}"


def tiles(figures: Headline) -> None:
    counts = figures.counts
    interval = "" if figures.ci_low is None else f"95% interval {percent(figures.ci_low)}-{percent(figures.ci_high)}"
    first = st.columns(4)
    first[0].metric("Eligible", counts["eligible"], border=True,
                    help="Patients who attended at least one appointment in the period.")  # fmt: skip
    first[1].metric("Offered", counts["offered"], _share(figures.share("offered", "eligible"), "eligible"),
                    delta_color="off", delta_arrow="off", border=True, help="Eligible patients with a sitting started.")  # fmt: skip
    first[2].metric("Uptake", percent(figures.uptake), interval or None, delta_color="off", delta_arrow="off",
                    border=True, help="Eligible patients with a completed sitting in the period (each patient "
                    "once, however many visits), with a Wilson 95% interval.")  # fmt: skip
    first[2].caption(HEADLINE_UPTAKE_MEANS)
    first[3].metric("Declined", counts["declined"], _share(figures.share("declined", "eligible"), "eligible"),
                    delta_color="off", delta_arrow="off", border=True,
                    help="Eligible patients who declined and did not complete a sitting.")  # fmt: skip
    second = st.columns(4)
    second[0].metric("Assisted", counts["assisted"], _share(figures.share("assisted", "screened"), "screened"),
                     delta_color="off", delta_arrow="off", border=True,
                     help="Screened patients with a completed sitting done with staff help.")  # fmt: skip
    # Patients here, flags in the next tile (a patient may have several): the labels say which.
    second[1].metric("Patients flagged", counts["flagged"], _share(figures.share("flagged", "screened"), "screened"),
                     delta_color="off", delta_arrow="off", border=True,
                     help="Screened patients whose completed sitting raised at least one flag.")  # fmt: skip
    second[2].metric("Flags closed within target", counts["flags_closed_in_time"],
                     _share(figures.share("flags_closed_in_time", "flags_due"), "flags due"), delta_color="off",
                     delta_arrow="off", border=True,
                     help="Flags, not patients: of the period's flags whose due time has passed, those "
                     "closed by it. A patient may have more than one flag.")  # fmt: skip
    second[3].caption("Counts of 1-7 show as \\*, other counts are rounded to the nearest 5 "
                      "(NHS small-number rules), unless exact figures were switched on.")  # fmt: skip
