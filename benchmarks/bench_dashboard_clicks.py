"""Benchmark: in a real browser, from clicking a dashboard page's link to its charts settled (issue 19).

Starts the app on an existing database (DATABASE_URL, required: the benchmark service that
`python -m screening bench analytics --keep` leaves, or any database named as the demo),
signs in as demo.manager, clicks "Uptake", then "Equity", and measures each in the page:
from the click to the last change the page makes while it draws (the last DOM mutation
before the run has ended, nothing is stale, no spinner shows, and the page has stayed
still for a second). Every repeat starts a new app server and first opens both pages as
demo.admin, untimed, so the server has paid its one-off costs (the database connection, the
pages' first runs; the pages' modules are imported as it starts, `ui/shell/warm_up.py`) as a
running server has; demo.manager's figures are not in the five-minute cache
(`ui/analytics/analytics_cache.py`, keyed by user), as for the first manager of the day.
`--first-view` leaves out the untimed visit: it times a new server's first visit.

Target (issue 19): under 3 s at benchmark size (300,000 patients), on this 2-core machine.

    DATABASE_URL=sqlite:///data/bench-analytics-100pc_24m-demo.db .venv/bin/python benchmarks/bench_dashboard_clicks.py

Not a test: figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM_ARGS  # noqa: E402
from tests.browser.journeys import sign_in  # noqa: E402
from tests.browser.servers import _server  # noqa: E402

PAGES = {"Uptake": "Screening uptake", "Equity": "Equity of screening"}
TARGET_S = 3.0
STILL_MS = 1000  # the page counts as settled after this long with no change

# Records the time of every change to the page; `__clickAt` is set by the pointer going down.
IN_PAGE_WATCH = """() => {
  window.__lastChange = performance.now();
  window.__clickAt = null;
  document.addEventListener("pointerdown", () => { window.__clickAt = performance.now(); }, true);
  new MutationObserver(() => { window.__lastChange = performance.now(); })
    .observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
}"""
BUSY = '[data-stale="true"], [data-testid="stSpinner"], [data-testid="stStatusWidgetRunningIcon"], [data-testid="stStatusWidgetRunningManIcon"]'


def settled_after_click(page: Page) -> float:
    """Seconds from the click to the page's last change, once it has settled."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        page.wait_for_timeout(200)
        still = page.evaluate("performance.now() - window.__lastChange")
        if still >= STILL_MS and page.locator(BUSY).count() == 0:
            return float(page.evaluate("(window.__lastChange - window.__clickAt) / 1000"))
    raise RuntimeError("the page did not settle within two minutes")


def one_visit(base: str, username: str) -> dict[str, tuple[float, int]]:
    """Sign in, then click each page: (seconds to settled, charts drawn) per page."""
    out = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1024, "height": 768})
        sign_in(page, base, username)
        page.evaluate(IN_PAGE_WATCH)
        for link, heading in PAGES.items():
            page.get_by_role("link", name=link).first.click()
            expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=120_000)
            seconds = settled_after_click(page)
            out[link] = (seconds, page.locator(".vega-embed").count())
        browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--first-view", action="store_true",
                        help="time the first visit of a new server: no untimed visit before it")  # fmt: skip
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL")
    if not url:
        raise SystemExit("DATABASE_URL must name the benchmark database (bench analytics --keep).")
    folder = Path(tempfile.mkdtemp())
    runs: dict[str, list[tuple[float, int]]] = {name: [] for name in PAGES}
    for repeat in range(args.repeats):
        with _server(url, folder / str(repeat)) as base:
            if not args.first_view:
                one_visit(base, "demo.admin")  # untimed: the server's one-off costs, as a running server has paid
            for name, result in one_visit(base, "demo.manager").items():
                runs[name].append(result)
    print(
        f"Click to charts settled in Chromium ({make_url(url).get_backend_name()}, {args.repeats} runs, "
        f"a new server each{', its first visit' if args.first_view else ''}):"
    )
    for name, results in runs.items():
        seconds = [s for s, _ in results]
        mark = "meets target" if statistics.median(seconds) < TARGET_S else "MISSES target"
        print(f"  {name}: median {statistics.median(seconds):.2f} s (min {min(seconds):.2f}, max {max(seconds):.2f}; "
              f"{results[-1][1]} charts)  [{mark}: < {TARGET_S:.0f} s]")  # fmt: skip


if __name__ == "__main__":
    main()
