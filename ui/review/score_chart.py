"""PHQ-9 and GAD-7 totals over time, with each band's threshold drawn (issue 7; s1, s2).

The thresholds come from the instrument files (the same bands that scored the answers),
so the chart can never disagree with the band written beside a total. Prorated totals
say so in the tooltip (s4); a reliable change (PHQ-9 6 points, GAD-7 4: NHS Talking
Therapies' reliable improvement or deterioration, `screening.clinical.rules.reliable_change`, s6) is
drawn as a larger ring on the later sitting. Incomplete sittings have no point: a
missing total is not a zero.

Accessibility (WCAG 1.1.1): each chart has a description (the SVG's accessible name) and
the same totals as a table under "Chart as a table"; the ring layer is drawn only when a
ring exists, because Vega gives an empty layer an image role with no name (axe `svg-img-alt`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import altair as alt
import pandas as pd
import streamlit as st

from questionnaires import load_instrument
from screening.clinical.rules.score_words import NAMES
from screening.counted import counted
from screening.flag_review.services.patient_sittings import SittingView
from ui.shell.auth import LONDON

CHARTED = ("phq9", "gad7")
RING = "#212B32"  # NHS black: a reliable change either way is news, not an alarm (red is for alarms)


def _points(sittings: Sequence[SittingView], instrument_id: str) -> list[dict[str, object]]:
    points = []
    for sitting in sittings:
        total = sitting.total(instrument_id)
        if total is None or total.total is None:
            continue
        change = sitting.change(instrument_id)
        points.append({
            "when": sitting.at.astimezone(LONDON).isoformat(), "total": total.total, "band": total.band,
            "prorated": "yes" if total.prorated else "no",
            "change": change.describe() if change is not None else "",
            "reliable": bool(change is not None and change.reliable),
        })  # fmt: skip
    return points


def _time_domain(sittings: Sequence[SittingView]) -> list[str]:
    """Every sitting's span, a week either side: both charts share one time axis."""
    times = [s.at.astimezone(LONDON) for s in sittings]
    return [(min(times) - timedelta(days=7)).isoformat(), (max(times) + timedelta(days=7)).isoformat()]


def totals_chart(sittings: Sequence[SittingView], instrument_id: str) -> alt.LayerChart | alt.FacetChart | None:
    """The instrument's totals over time with band thresholds, or None when it has no totals."""
    points = _points(sittings, instrument_id)
    if not points:
        return None
    score = load_instrument(instrument_id).score
    assert score is not None  # PHQ-9 and GAD-7 are scored instruments
    name = NAMES[instrument_id]
    bands = [{"at": b.min, "label": f"{b.label} ({b.min}+)"} for b in score.bands]
    y = alt.Y("total:Q", title=f"{name} total", scale=alt.Scale(domain=[score.min, score.max]))
    x = alt.X("when:T", title=None, scale=alt.Scale(domain=_time_domain(sittings)))
    data = alt.Chart(alt.Data(values=points))
    line = data.mark_line(point=alt.OverlayMarkDef(size=60)).encode(
        x=x,
        y=y,
        tooltip=[alt.Tooltip("when:T", title="Screened", format="%d %b %Y"), alt.Tooltip("total:Q", title="Total"),
                 alt.Tooltip("band:N", title="Band"), alt.Tooltip("prorated:N", title="Prorated"),
                 alt.Tooltip("change:N", title=f"{name} change")],
    )  # fmt: skip
    layers = [line]
    if any(p["reliable"] for p in points):  # an empty mark layer is an unlabelled image to a screen reader
        rings = data.transform_filter("datum.reliable").mark_point(size=320, strokeWidth=2, color=RING)
        layers.append(rings.encode(x=x, y=y))
    thresholds = alt.Chart(alt.Data(values=[b for b in bands if b["at"] != score.min]))
    rules = thresholds.mark_rule(strokeDash=[4, 4], color="#888").encode(y="at:Q")
    labels = alt.Chart(alt.Data(values=bands)).mark_text(align="left", baseline="bottom", dx=3, dy=-2,
                                                          color="#666", fontSize=10)  # fmt: skip
    labels = labels.encode(x=alt.value(0), y="at:Q", text="label:N")
    # No chart menu: like dataframes (client.disableDataExport), data leaves only through audited exports.
    return alt.layer(rules, labels, *layers).properties(
        title=f"{name} over time", description=describe(points, name), height=240,
        usermeta={"embedOptions": {"actions": False}},
    )  # fmt: skip


def describe(points: Sequence[dict[str, object]], name: str) -> str:
    """The chart in words, the SVG's accessible name: how many totals, the latest, the span."""
    last = points[-1]
    return (f"{name} totals over time: {counted(len(points), 'sitting')}; the latest {last['total']} ({last['band']}) "
            f"on {str(last['when'])[:10]}. Every total is listed in the table below the chart.")  # fmt: skip


def totals_table(sittings: Sequence[SittingView], instrument_id: str) -> pd.DataFrame:
    """The chart as a table (its text alternative): date, total, band, prorated, change."""
    name = NAMES[instrument_id]
    return pd.DataFrame([{"Screened": str(p["when"])[:10], f"{name} total": p["total"], "Band": p["band"],
                          "Prorated": p["prorated"], "Change": p["change"] or "–"}
                         for p in _points(sittings, instrument_id)])  # fmt: skip


def draw_totals(sittings: Sequence[SittingView]) -> bool:
    """Both instruments' charts side by side, each with "Chart as a table" below; whether any was drawn."""
    charts = [(i, chart) for i in CHARTED if (chart := totals_chart(sittings, i)) is not None]
    for column, (instrument_id, chart) in zip(st.columns(max(len(charts), 1)), charts, strict=False):
        column.altair_chart(chart, width="stretch")
        with column.expander(f"{NAMES[instrument_id]} chart as a table", icon=":material/table:"):
            st.dataframe(totals_table(sittings, instrument_id), hide_index=True, width="stretch")
    return bool(charts)
