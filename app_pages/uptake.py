"""Uptake: headline figures, uptake over time as an SPC chart, and sites on a funnel plot.

The headline "Uptake" tile and the chart over time measure different things, and each says
so in plain words (issue 19): the tile, patients screened at least once in the period of
those who attended in it; each point of the chart, patients screened in that week (or
month) of those who attended in it, so a patient seen in several weeks counts in each and
the chart runs lower (docs/uptake.md, "Two uptakes on one page").

Service managers and administrators (issue 8). Every figure is published with
small-number suppression unless an administrator switched it off with a reason.
"How patients were screened" (issue 17) shows, for each group of the breakdown chosen, the
share screened on the tablet alone, with staff, from a secure link, or not at all. Each
chart's controls sit above it; the page reads them all, then makes two service calls (each
kept for five minutes, `ui.analytics.analytics_cache`, so changing the chart's site does not
count the year again): the tiles with "How patients were screened" by the breakdown chosen,
from one reading of the period's patients (issue 19); and uptake over time with the sites
or clinics compared.
"""

from typing import Any

import streamlit as st

from screening.policy import Action
from screening.uptake.rules.analytics_tables import display, mode_table, trend_table, uptake_rows_table
from screening.uptake.rules.uptake_dimensions import SITTING_DIMENSIONS
from screening.uptake.rules.uptake_readings import funnel_reading, spc_reading, trend_meaning, trend_title
from screening.uptake.services.analytics_options import filter_options
from ui.analytics.analytics_cache import tile_figures, uptake_figures
from ui.analytics.analytics_controls import MODE_BREAKDOWNS, disclosure_for, filter_form, mode_breakdown
from ui.analytics.analytics_tiles import tiles
from ui.analytics.charts_compare import draw, funnel_chart
from ui.analytics.charts_modes import mode_chart
from ui.analytics.charts_time import spc_chart
from ui.analytics.downloads import downloads
from ui.shell import auth
from ui.shell.guard import page_user
from ui.shell.notices import figures_catching_up, stop_on_error
from ui.shell.runtime import database

MODES_KEY = (
    "Each bar is one group's eligible patients: screened on the tablet alone, on the tablet with staff, "
    "from a secure link before the visit (wherever it was finished), or not screened. A patient screened "
    "more than once in the period counts once: remote, else with staff, else alone. * = too few to show."
)
FUNNEL_KEY = "Lines: the overall rate, with 95% (dashed) and 99.8% (solid) limits for each size."
user = page_user(Action.VIEW_DASHBOARD)
st.title("Screening uptake")
with stop_on_error(), database().transaction() as session:
    options = filter_options(session, user)
filters = filter_form(options, "uptake")
disclosure = disclosure_for(user, filters, "uptake")
tiles_box = st.container()
st.subheader("Uptake over time")
left, right = st.columns([1, 2])
grain = left.segmented_control("Points", ["week", "month"], default="week", key="uptake_grain") or "week"
series_box, spc_box = right.empty(), st.container()
st.subheader("Sites and clinics compared")
place = st.segmented_control("Compare", ["site", "clinic"], default="site", key="uptake_place") or "site"
funnel_box = st.container()
st.subheader("How patients were screened")
by = mode_breakdown("uptake")
with stop_on_error():
    top = tile_figures(user, filters, by=by, disclosure=disclosure, now=auth.now())
    page = uptake_figures(user, filters, grain=grain, place=place, disclosure=disclosure)
common: dict[str, Any] = {"user": user, "filters": filters, "disclosure": disclosure}

with tiles_box:
    figures_catching_up(max(top.waiting, page.waiting))
    tiles(top.headline)

series = series_box.selectbox("Site", list(page.trend.charts), index=0, key="uptake_series")
with spc_box:
    chart, title = spc_chart(page.trend.charts[series], grain), trend_title(grain, series)
    header, body = trend_table([row for row in page.trend.table if row["site"] == series], page.trend.running)
    draw(chart, title, table=display(header, body))
    st.caption(f"{trend_meaning(grain, top.headline.uptake)} {spc_reading(series, page.trend.charts[series], grain)}")
    downloads("uptake-over-time", header=header, body=body, chart=chart, title=title, **common)

with funnel_box:
    places = f"{place}s"
    chart, title = funnel_chart(page.funnel), f"Uptake by {place} against the number eligible (funnel plot)"
    draw(chart, title)
    st.caption(f"{funnel_reading(page.funnel, places)} {FUNNEL_KEY}")
    header, body = uptake_rows_table((place,), page.places)
    st.dataframe(display(header, body), hide_index=True, width="stretch")
    downloads(f"uptake-by-{place}", header=header, body=body, chart=chart, title=title, **common)

label = MODE_BREAKDOWNS[by or "everyone"]
bars, title = mode_chart(top.modes, label), f"{SITTING_DIMENSIONS['screening_mode']}, by {label.lower()}"
header, body = mode_table(by, top.modes)
draw(bars, title, table=display(header, body))
st.caption(MODES_KEY)
downloads(f"how-screened-by-{by or 'everyone'}", header=header, body=body, chart=bars, title=title, **common)
