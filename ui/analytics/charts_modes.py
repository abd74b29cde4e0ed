"""How each group was screened (issue 17): one bar per group, split by mode, as shares of the group.

From published figures (`screening.uptake.rules.mode_mix`): a hidden share is not drawn, so a
bar may stop short of 100%; the table under the chart shows "*" there. Okabe-Ito colours for
the three ways of screening and grey for "Not screened"; the mode is also in the legend and
the tooltip, never in colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from screening.uptake.rules.mode_mix import ModeShare
from screening.uptake.rules.uptake_dimensions import ORDER
from ui.analytics.charts_compare import GREY, OKABE_ITO, PERCENT

MODES = list(ORDER["screening_mode"])
COLOURS = [OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[2], GREY]


def mode_chart(rows: Sequence[ModeShare], label: str) -> alt.Chart:
    data = pd.DataFrame([{"group": " · ".join(r.groups[:-1]) or "Everyone", "mode": r.groups[-1], "share": r.share,
                          "order": MODES.index(r.groups[-1])} for r in rows if r.share is not None],
                        columns=["group", "mode", "share", "order"])  # fmt: skip
    groups = list(dict.fromkeys(" · ".join(r.groups[:-1]) or "Everyone" for r in rows))
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("group:N", title=label, sort=groups),
            x=alt.X(
                "share:Q", title="Share of the group's eligible patients", axis=PERCENT, scale=alt.Scale(domain=[0, 1])
            ),
            color=alt.Color(
                "mode:N",
                title="How screened",
                sort=MODES,
                scale=alt.Scale(domain=MODES, range=COLOURS),
                legend=alt.Legend(orient="bottom"),
            ),
            order=alt.Order("order:Q"),
            tooltip=["group:N", "mode:N", alt.Tooltip("share:Q", format=".1%")],
        )
        .properties(height=max(80, 34 * len(groups)))
    )
