"""The SPC p-chart of uptake over time, in the NHS "Making Data Count" style (issue 8).

Colours: MDC's meaning (improvement blue, concern orange, common cause grey) in the
Okabe-Ito colour-blind-safe shades, and every point says its variation in the tooltip,
so colour is never the only carrier of the message. The period still running (issue 19)
is a hollow ring, not a dot, in the legend as "Still running: not judged". The title is
added where the chart is shown or downloaded.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from screening.uptake.rules.spc import COMMON, CONCERN, IMPROVEMENT, RUNNING, SpcChart

VARIATION_COLOURS = {IMPROVEMENT: "#0072B2", CONCERN: "#E69F00", COMMON: "#8C8C8C", RUNNING: "#595959"}
RUNNING_FILL = "#FFFFFF"  # the running point is a ring: its own colour drawn round a white middle
VARIATION_LABELS = {IMPROVEMENT: "Special cause: improvement", CONCERN: "Special cause: concern",
                    COMMON: "Common cause", RUNNING: "Still running: not judged"}  # fmt: skip
RULE_NAMES = {"outside": "outside the limits", "shift": "run of 7 on one side", "trend": "7 rising or falling",
              "two_of_three": "2 of 3 near a limit"}  # fmt: skip


def spc_chart(chart: SpcChart, grain: str) -> alt.LayerChart | alt.FacetChart:
    data = pd.DataFrame([{
        "period": p.period.isoformat(), "rate": p.rate, "lower": p.lower, "upper": p.upper, "centre": chart.centre,
        "eligible": p.eligible, "screened": p.screened, "variation": VARIATION_LABELS[p.variation],
        "rules": ", ".join(RULE_NAMES[r] for r in p.rules) or "none",
    } for p in chart.points])  # fmt: skip
    x = alt.X("period:T", title=f"{grain.title()} starting", axis=alt.Axis(format="%d %b %y", labelAngle=-30))
    base = alt.Chart(data).encode(x=x)
    percent = alt.Axis(format="%")
    line = base.mark_line(color="#BBBBBB").encode(y=alt.Y("rate:Q", title=f"Uptake within the {grain}",
                                                            axis=percent, scale=alt.Scale(zero=False)))  # fmt: skip
    layers = [line]
    if chart.enough:
        layers += [
            base.mark_line(color="#555555", strokeDash=[6, 3], interpolate="step-after").encode(y="upper:Q"),
            base.mark_line(color="#555555", strokeDash=[6, 3], interpolate="step-after").encode(y="lower:Q"),
            base.mark_line(color="#222222").encode(y="centre:Q"),
        ]
    domain = list(VARIATION_LABELS.values())
    fills = [RUNNING_FILL if k == RUNNING else VARIATION_COLOURS[k] for k in VARIATION_LABELS]
    layers.append(base.mark_point(size=70, opacity=1, shape="circle", filled=True, strokeWidth=2).encode(
        y="rate:Q",
        fill=alt.Color("variation:N", title="Variation", scale=alt.Scale(domain=domain, range=fills),
                       legend=alt.Legend(orient="bottom", labelLimit=260, symbolStrokeColor=VARIATION_COLOURS[RUNNING],
                                         symbolStrokeWidth=1)),
        stroke=alt.Stroke("variation:N", scale=alt.Scale(domain=domain, range=list(VARIATION_COLOURS.values())),
                          legend=None),
        tooltip=[alt.Tooltip("period:T", title=grain.title(), format="%d %b %Y"),
                 alt.Tooltip("rate:Q", title=f"Uptake within the {grain}", format=".1%"), "eligible:N", "screened:N",
                 alt.Tooltip("variation:N", title="Variation"), alt.Tooltip("rules:N", title="Rules")],
    ))  # fmt: skip
    return alt.layer(*layers).properties(height=300)
