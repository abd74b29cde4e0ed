"""Charts that compare places and groups: funnel, equity, heat map, odds ratios, cascade.

All from published figures; a hidden value is simply not drawn (the table beside the
chart shows "*"). Palettes are colour-blind safe: Okabe-Ito for categories, viridis for
the heat map; colour always repeats something a label or tooltip also says. The title is
added where the chart is shown (`draw`) or downloaded (`ui.analytics.downloads`, with the filters).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd
import streamlit as st

from screening.uptake.rules.cascade import STAGES
from screening.uptake.rules.funnel import Funnel
from screening.uptake.rules.suppression import shown
from screening.uptake.rules.uptake_table import PublishedRow, rate
from screening.uptake.services.uptake_cascade import CascadeRow
from screening.uptake.services.uptake_compare import EquityView
from screening.uptake.services.uptake_model import OddsRow

BLUE, ORANGE, VERMILLION, GREY = "#0072B2", "#E69F00", "#D55E00", "#8C8C8C"
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
PERCENT = alt.Axis(format="%")


def draw(chart: alt.Chart | alt.LayerChart | alt.FacetChart, title: str, room: int = 140,
         table: Mapping[str, Sequence[str]] | None = None) -> None:  # fmt: skip
    """Show a chart with its title, at its own height plus `room` for title, axes and legend
    (Streamlit otherwise squeezes a layered chart to a default height).

    Its text alternative (WCAG 1.1.1): the title is the SVG's accessible name (`description`),
    the page's reading follows as a caption, and the figures are a table, either the page's own
    beside the chart or, given `table`, under "Chart as a table" here."""
    where = "listed under “Chart as a table” below" if table is not None else "in the table below"
    titled = chart.properties(title=alt.TitleParams(title, anchor="start"),
                              description=f"Chart: {title}. Its figures are {where}.")  # fmt: skip
    st.altair_chart(titled, width="stretch", height=int(chart.height) + room)
    if table is not None:
        with st.expander("Chart as a table", icon=":material/table:"):
            st.dataframe(table, hide_index=True, width="stretch")


def funnel_chart(result: Funnel) -> alt.LayerChart | alt.FacetChart:
    curve = pd.DataFrame([vars(c) for c in result.curve])
    points = pd.DataFrame([{"label": p.label, "eligible": p.eligible, "rate": p.rate, "position": p.position}
                           for p in result.points])  # fmt: skip
    x = alt.X("n:Q", title="Patients eligible", scale=alt.Scale(type="sqrt"))
    limits = [alt.Chart(curve).mark_line(color="#555555", strokeDash=dash).encode(x=x, y=alt.Y(f"{col}:Q", axis=PERCENT))
              for col, dash in (("low_95", [4, 3]), ("high_95", [4, 3]), ("low_998", [1, 0]), ("high_998", [1, 0]))]  # fmt: skip
    target = alt.Chart(pd.DataFrame({"target": [result.target]})).mark_rule(color="#222222").encode(y="target:Q")
    domain = ["within", "above 95%", "above 99.8%", "below 95%", "below 99.8%"]
    dots = alt.Chart(points).mark_circle(size=90, opacity=1).encode(
        x=alt.X("eligible:Q", scale=alt.Scale(type="sqrt")),
        y=alt.Y("rate:Q", title="Uptake", axis=PERCENT, scale=alt.Scale(zero=False)),
        color=alt.Color("position:N", title="Against the limits", legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(domain=domain, range=[GREY, "#56B4E9", BLUE, ORANGE, VERMILLION])),
        tooltip=["label:N", "eligible:Q", alt.Tooltip("rate:Q", format=".1%"), "position:N"],
    )  # fmt: skip
    labels = dots.mark_text(dx=8, align="left", fontSize=10).encode(text="label:N", color=alt.value("#333333"))
    return alt.layer(*limits, target, dots, labels).properties(height=340)


def equity_chart(view: EquityView, label: str) -> alt.LayerChart | alt.FacetChart:
    data = pd.DataFrame([{"group": r.groups[0], "rate": r.uptake, "low": r.ci_low, "high": r.ci_high,
                          "mark": "Below four-fifths" if e.below_four_fifths else "At or above four-fifths"}
                         for r, e in zip(view.rows, view.equity, strict=True) if r.uptake is not None])  # fmt: skip
    order = [r.groups[0] for r in view.rows]
    y = alt.Y("group:N", title=label, sort=order, axis=alt.Axis(labelLimit=200))
    colour = alt.Color(
        "mark:N",
        title=None,
        legend=alt.Legend(orient="bottom"),
        scale=alt.Scale(domain=["At or above four-fifths", "Below four-fifths"], range=[BLUE, ORANGE]),
    )
    x = alt.X("low:Q", title="Uptake with 95% interval", axis=PERCENT, scale=alt.Scale(zero=False))
    bars = alt.Chart(data).mark_rule(strokeWidth=2).encode(y=y, x=x, x2="high:Q", color=colour)
    dots = (
        alt.Chart(data)
        .mark_point(filled=True, size=80)
        .encode(y=y, x="rate:Q", color=colour, tooltip=["group:N", alt.Tooltip("rate:Q", format=".1%")])
    )
    layers = [bars, dots]
    if view.overall.uptake is not None:
        overall = pd.DataFrame({"overall": [view.overall.uptake]})
        layers.append(alt.Chart(overall).mark_rule(color="#222222", strokeDash=[4, 3]).encode(x="overall:Q"))
    return alt.layer(*layers).properties(height=max(120, 30 * len(order)))


def heat_map_chart(rows: Sequence[PublishedRow], label: str) -> alt.LayerChart | alt.FacetChart:
    data = pd.DataFrame([{"site": r.groups[0], "group": r.groups[-1], "rate": r.uptake,
                          "text": "*" if r.uptake is None else f"{100 * r.uptake:.0f}%"} for r in rows])  # fmt: skip
    order = list(dict.fromkeys(r.groups[-1] for r in rows))
    sites = list(dict.fromkeys(r.groups[0] for r in rows))
    rates = [r.uptake for r in rows if r.uptake is not None]
    middle = (min(rates) + max(rates)) / 2 if rates else 0.5  # viridis is light above the middle: dark text
    base = alt.Chart(data).encode(x=alt.X("group:N", title=label, sort=order, axis=alt.Axis(labelAngle=0)),
                                  y=alt.Y("site:N", title="Site", sort=sites))  # fmt: skip
    hidden = base.mark_rect(color="#E6E6E6").transform_filter("datum.rate === null")
    cells = base.mark_rect().encode(color=alt.Color("rate:Q", title="Uptake", scale=alt.Scale(scheme="viridis"),
                                                    legend=alt.Legend(format="%")))  # fmt: skip
    dark = alt.condition(f"datum.rate === null || datum.rate > {middle}", alt.value("#222222"), alt.value("#FFFFFF"))
    text = base.mark_text(fontSize=12).encode(text="text:N", color=dark)
    return alt.layer(hidden, cells, text).properties(height=max(120, 42 * len(sites)))


def odds_chart(rows: Sequence[OddsRow], label: str) -> alt.LayerChart | alt.FacetChart:
    data = pd.DataFrame([{"group": r.group, "or": r.odds_ratio, "low": r.ci_low or r.odds_ratio,
                          "high": r.ci_high or r.odds_ratio} for r in rows if r.odds_ratio is not None])  # fmt: skip
    y = alt.Y("group:N", title=label, sort=[r.group for r in rows], axis=alt.Axis(labelLimit=200))
    x = alt.X("low:Q", title="Adjusted odds ratio of being screened (log scale)", scale=alt.Scale(type="log"))
    bars = alt.Chart(data).mark_rule(strokeWidth=2, color=BLUE).encode(y=y, x=x, x2="high:Q")
    dots = alt.Chart(data).mark_point(filled=True, size=80, color=BLUE).encode(
        y=y, x="or:Q", tooltip=["group:N", alt.Tooltip("or:Q", format=".2f"), alt.Tooltip("low:Q", format=".2f"),
                                alt.Tooltip("high:Q", format=".2f")])  # fmt: skip
    one = alt.Chart(pd.DataFrame({"one": [1.0]})).mark_rule(color="#222222", strokeDash=[4, 3]).encode(x="one:Q")
    return alt.layer(bars, dots, one).properties(height=max(120, 30 * len(rows)))


def cascade_chart(rows: Sequence[CascadeRow], label: str) -> alt.Chart:
    data = pd.DataFrame([{"group": r.group, "stage": STAGES[stage], "share": rate(count, r.counts["eligible"])[0]}
                         for r in rows for stage, count in r.counts.items() if shown(count)])  # fmt: skip
    groups = [r.group for r in rows]
    return (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("stage:N", title="Stage", sort=list(STAGES.values()), axis=alt.Axis(labelAngle=0, labelLimit=120)),
            y=alt.Y("share:Q", title="Share of those eligible", axis=PERCENT),
            color=alt.Color(
                "group:N",
                title=label,
                sort=groups,
                scale=alt.Scale(domain=groups, range=OKABE_ITO),
                legend=alt.Legend(orient="right"),
            ),
            tooltip=["group:N", "stage:N", alt.Tooltip("share:Q", format=".1%")],
        )
        .properties(height=320)
    )
