"""First full render of the dashboard pages, timed headless (part of `bench analytics`, issue 8).

    DATABASE_URL=... .venv/bin/python benchmarks/dashboard_render.py --repeats 5

Prints one JSON object: {"Uptake": [seconds, ...], "Equity": [...], ...}. Each run is a new
browser session (a new AppTest), with Streamlit's data caches emptied, so nothing from an
earlier run is reused except the process itself (imports and the database handle, as on a
running server). It times the page's script run on the server, the default view (the
last twelve months, weekly points, ethnic group): every query, statistic and chart.
Drawing in the browser is not included (`bench_dashboard_clicks.py` times that). One
untimed run first pays the imports (scikit-learn, Altair) a fresh server pays once.

Three views of each page (issue 19: "a manager of two sites, and a clinic filter, no
slower"): demo.manager with every site; a service manager of the first two sites
(`bench.manager.two`, made here once if the database lacks it); and demo.manager with the
filters set to the first clinic before the page first draws.

`python -m screening bench analytics` runs this in its own process, so the command line
itself never imports Streamlit.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from sqlalchemy import select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from models import Clinic, Site, User  # noqa: E402
from screening.database.services.database import open_database  # noqa: E402
from ui.analytics.analytics_controls import FILTERS, default_filters  # noqa: E402

PAGES = {"Uptake": "app_pages/uptake.py", "Equity": "app_pages/equity.py"}
TWO_SITES = "bench.manager.two"


def render(user_id: int, page: str, clinic: str | None) -> float:
    st.cache_data.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    app.session_state["auth.user_id"] = user_id
    app.session_state["auth.staff_checked"] = True
    if clinic is not None:
        chosen = default_filters()
        app.session_state[FILTERS] = type(chosen)(chosen.start, chosen.end, clinic_codes=(clinic,))
    app.run()
    started = time.perf_counter()
    app.switch_page(page).run()
    seconds = time.perf_counter() - started
    if app.exception or app.error:
        raise SystemExit(f"{page} failed: {[e.value for e in [*app.exception, *app.error]]}")
    return seconds


def two_site_manager(session: Session) -> int:
    """A service manager of the first two sites by code (added to the benchmark database once)."""
    found = session.scalar(select(User.id).where(User.username == TWO_SITES))
    if found is not None:
        return found
    sites = list(session.scalars(select(Site).order_by(Site.code).limit(2)))
    user = User(username=TWO_SITES, display_name="Benchmark manager of two sites", role="service_manager",
                all_sites=False, sites=sites)  # fmt: skip
    session.add(user)
    session.flush()
    return user.id


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with open_database().transaction() as session:
        manager = session.scalar(select(User.id).where(User.username == "demo.manager"))
        if manager is None:
            raise SystemExit("no demo.manager user: build the benchmark database first")
        two = two_site_manager(session)
        clinic = session.scalar(select(Clinic.code).order_by(Clinic.code).limit(1))
    views = {"": (manager, None), ", manager of two sites": (two, None), f", clinic {clinic}": (manager, clinic)}
    results = {}
    for name, page in PAGES.items():
        render(manager, page, None)  # untimed: first imports
        for view, (user_id, chosen) in views.items():
            results[name + view] = [render(user_id, page, chosen) for _ in range(args.repeats)]
    print(json.dumps(results))


if __name__ == "__main__":
    main()
