"""First full render of the dashboard pages, timed headless (part of `bench analytics`, issue 8).

    DATABASE_URL=... .venv/bin/python benchmarks/dashboard_render.py --repeats 5

Prints one JSON object: {"Uptake": [seconds, ...], "Equity": [...]}. Each run is a new
browser session (a new AppTest) signed in as demo.manager, with Streamlit's data caches
emptied, so nothing from an earlier run is reused except the process itself (imports
and the database handle, as on a running server). It times the page's script run on
the server, the default view (the last twelve months, weekly points, ethnic group):
every query, statistic and chart. Drawing in the browser is not included. One untimed
run first pays the imports (scikit-learn, Altair) a fresh server pays once.

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
from streamlit.testing.v1 import AppTest  # noqa: E402

from models import User  # noqa: E402
from screening.database.services.database import open_database  # noqa: E402

PAGES = {"Uptake": "app_pages/uptake.py", "Equity": "app_pages/equity.py"}


def render(user_id: int, page: str) -> float:
    st.cache_data.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    app.session_state["auth.user_id"] = user_id
    app.session_state["auth.staff_checked"] = True
    app.run()
    started = time.perf_counter()
    app.switch_page(page).run()
    seconds = time.perf_counter() - started
    if app.exception or app.error:
        raise SystemExit(f"{page} failed: {[e.value for e in [*app.exception, *app.error]]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with open_database().transaction() as session:
        user_id = session.scalar(select(User.id).where(User.username == "demo.manager"))
    if user_id is None:
        raise SystemExit("no demo.manager user: build the benchmark database first")
    results = {}
    for name, page in PAGES.items():
        render(user_id, page)  # untimed: first imports
        results[name] = [render(user_id, page) for _ in range(args.repeats)]
    print(json.dumps(results))


if __name__ == "__main__":
    main()
