"""CSV and PNG downloads of the dashboard's tables and charts: as shown, and audited.

Design decisions:
- What is downloaded is exactly what is on screen: the CSV is the published table (the
  same "*" and rounding) and the PNG is the same Altair chart, rendered by vl-convert on
  the server (no browser export: `client.disableDataExport` is on).
- Made on click, not on every run: the button's data is a function, which Streamlit
  calls on its own thread when the button is pressed (`on_click="ignore"`: no rerun). It
  makes the file first, then records `analytics.exported` in its own transaction, and
  hands the file over only once that is committed. No audit row, no file.
- The function captures plain values (the database handle, the user, the filters, the
  browser session's audit token) in the page run; it never touches `st.session_state`
  from its thread.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

import altair as alt
import streamlit as st

from screening.policy import CurrentUser
from screening.uptake.rules.analytics_filters import AnalyticsFilters
from screening.uptake.rules.disclosure import Disclosure
from screening.uptake.rules.uptake_output import csv_from
from screening.uptake.services.analytics_access import record_export
from ui.analytics.analytics_controls import summary
from ui.shell import auth
from ui.shell.runtime import database

PNG_WIDTH = 760


def png_bytes(chart: alt.TopLevelMixin, title: str, subtitle: str) -> bytes:
    """The chart as shown, with its title and, under it, the filters it was made with."""
    buffer = io.BytesIO()
    titled = chart.properties(width=PNG_WIDTH, title=alt.TitleParams(title, subtitle=subtitle, anchor="start"))
    titled.configure(background="white").save(buffer, format="png", scale_factor=2)
    return buffer.getvalue()


def _audited(make: Callable[[], bytes], *, what: str, file_format: str, rows: int, user: CurrentUser,
             filters: AnalyticsFilters, disclosure: Disclosure) -> Callable[[], bytes]:  # fmt: skip
    db, app_session = database(), auth.app_session()

    def produce() -> bytes:
        content = make()
        with db.transaction() as session:
            record_export(session, user, what=what, file_format=file_format, rows=rows, filters=filters,
                          disclosure=disclosure, app_session=app_session)  # fmt: skip
        return content

    return produce


def downloads(
    what: str, *, header: Sequence[str], body: Sequence[Sequence[Any]], chart: alt.TopLevelMixin | None,
    title: str = "", user: CurrentUser, filters: AnalyticsFilters, disclosure: Disclosure,
) -> None:  # fmt: skip
    """A CSV button for the table and, when there is a chart, a PNG button for it."""
    name = f"{what}-{filters.start.isoformat()}-to-{filters.end.isoformat()}"
    common: dict[str, Any] = {"what": what, "rows": len(body), "user": user, "filters": filters,
                              "disclosure": disclosure}  # fmt: skip
    left = right = st.container(horizontal=True)  # each button as wide as its words: never "Chart (P..." on a tablet
    text = csv_from(header, body)
    left.download_button("Table (CSV)", _audited(lambda: text.encode("utf-8"), file_format="csv", **common),
                         file_name=f"{name}.csv", mime="text/csv", on_click="ignore", icon=":material/download:",
                         key=f"download_{what}_csv")  # fmt: skip
    if chart is not None:
        right.download_button("Chart (PNG)", _audited(lambda: png_bytes(chart, title, summary(filters)), file_format="png", **common),
                              file_name=f"{name}.png", mime="image/png", on_click="ignore",
                              icon=":material/image:", key=f"download_{what}_png")  # fmt: skip
