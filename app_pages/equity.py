"""Equity: who is screened and who is missed, by group, site x group, adjusted, and by stage.

Service managers and administrators (issue 8). Every figure is published with
small-number suppression unless an administrator switched it off with a reason.
"""

from typing import Any

import altair as alt
import streamlit as st

from screening.policy import Action
from screening.uptake.rules.analytics_tables import cascade_table, display, equity_table, odds_table, uptake_rows_table
from screening.uptake.rules.uptake_dimensions import DIMENSIONS
from screening.uptake.rules.uptake_readings import cascade_reading, equity_reading, heat_reading, odds_reading
from screening.uptake.services.analytics_options import filter_options
from ui.analytics.analytics_cache import equity_figures
from ui.analytics.analytics_controls import disclosure_for, filter_form
from ui.analytics.charts_compare import cascade_chart, draw, equity_chart, heat_map_chart, odds_chart
from ui.analytics.downloads import downloads
from ui.shell.guard import page_user
from ui.shell.notices import figures_catching_up, stop_on_error
from ui.shell.runtime import database

ADJUSTED = (
    "**Adjusted** means compared like with like: each odds ratio sets a group against the largest group "
    "among patients at the same site, in the same age band and of the same gender, so a gap that only "
    "reflects where or whom a clinic sees drops out. Intervals are from 200 bootstrap resamples (seeded)."
)
user = page_user(Action.VIEW_DASHBOARD)
st.title("Equity of screening")
with stop_on_error(), database().transaction() as session:
    options = filter_options(session, user)
filters = filter_form(options, "equity")
disclosure = disclosure_for(user, filters, "equity")
choices = [d for d in DIMENSIONS if d != "site"]
dimension = st.selectbox("Compare groups by", choices, index=choices.index("ethnic_group"),
                         format_func=DIMENSIONS.__getitem__, key="equity_dimension")  # fmt: skip
label = DIMENSIONS[dimension]
with stop_on_error():
    page = equity_figures(user, filters, dimension=dimension, disclosure=disclosure)
common: dict[str, Any] = {"user": user, "filters": filters, "disclosure": disclosure}
figures_catching_up(page.waiting)

st.subheader(f"Uptake by {label.lower()}")
chart: alt.Chart | alt.LayerChart | alt.FacetChart
chart, title = equity_chart(page.equity, label), f"Uptake by {label.lower()}, with 95% intervals (dashed: overall)"
draw(chart, title)
st.caption(equity_reading([(e.group, e.rate, e.below_four_fifths) for e in page.equity.equity]))
header, body = equity_table(dimension, page.equity.rows, page.equity.equity)
st.dataframe(display(header, body), hide_index=True, width="stretch")
downloads(f"equity-{dimension}", header=header, body=body, chart=chart, title=title, **common)

st.subheader(f"Site x {label.lower()}")
chart, title = heat_map_chart(page.heat_map, label), f"Uptake, site x {label.lower()} (* = too few to show)"
header, body = uptake_rows_table(("site", dimension), page.heat_map)
draw(chart, title, table=display(header, body))
st.caption(heat_reading([(r.groups[0], r.groups[-1], r.uptake) for r in page.heat_map]))
downloads(f"site-by-{dimension}", header=header, body=body, chart=chart, title=title, **common)

st.subheader("Adjusted comparison")
chart, title = odds_chart(page.odds, label), f"Adjusted odds ratios of being screened, by {label.lower()}"
draw(chart, title)
st.caption(odds_reading([(r.group, r.odds_ratio, r.ci_low, r.ci_high, r.reference) for r in page.odds]))
st.caption(ADJUSTED)
header, body = odds_table(dimension, page.odds)
st.dataframe(display(header, body, blank="–"), hide_index=True, width="stretch")
downloads(f"adjusted-{dimension}", header=header, body=body, chart=chart, title=title, **common)

st.subheader("The screening cascade")
chart, title = cascade_chart(page.cascade, label), f"The screening cascade by {label.lower()}"
draw(chart, title)
st.caption(cascade_reading([(r.group, r.shares) for r in page.cascade]))
header, body = cascade_table(dimension, page.cascade)
st.dataframe(display(header, body), hide_index=True, width="stretch")
downloads(f"cascade-{dimension}", header=header, body=body, chart=chart, title=title, **common)
