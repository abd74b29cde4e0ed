"""axe-core on a screen the journeys pass: no critical or serious WCAG 2.2 AA violation.

The rules engine is the npm package, fetched once by `scripts/axe-core.sh` (which
`make test` runs too), injected into the page and run there. Only the WCAG A and AA rule
sets (2.0, 2.1 and 2.2) are asked for, so best-practice advice never fails a journey; a
violation names the rule, its impact and the first elements it found, so a failure says
what to mend.

Every screen is checked twice: at the test's own viewport (1024x768 for the staff
journeys) and at iPad portrait (810x1080), where the columns stack and the menu folds, and
then put back as it was, so the journey goes on at the size it started with.
"""

from __future__ import annotations

import subprocess
from functools import cache
from pathlib import Path

from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = ("critical", "serious")
IPAD_PORTRAIT = {"width": 810, "height": 1080}
DESKTOP = {"width": 1024, "height": 768}
LAYOUT_MS = 600  # Streamlit re-lays out columns and redraws charts after a resize


@cache
def axe_script() -> str:
    done = subprocess.run(["sh", str(ROOT / "scripts" / "axe-core.sh")], capture_output=True, text=True,
                          check=True, timeout=300)  # fmt: skip
    return done.stdout.strip()


def settled(page: Page) -> None:
    """The script run has ended and no element is still greyed out as stale: a check made
    mid-run can see an element drawn before the page's own style (its caption colour) is."""
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=30_000)
    expect(page.locator('[data-stale="true"]')).to_have_count(0, timeout=30_000)


def violations(page: Page) -> list[dict]:
    """The critical and serious WCAG A/AA violations on the page as it is now."""
    settled(page)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=axe_script())
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations", TAGS
    )
    return [v for v in found if v.get("impact") in BLOCKING]


def describe(problems: list[dict]) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['help']} at "
        f"{[(n['target'], n['html'][:120], n.get('failureSummary', '')[:200]) for n in v['nodes'][:3]]}"
        for v in problems
    ]


def _checked(page: Page, size: str, picture: Path | None) -> list[dict]:
    if picture is not None:
        page.screenshot(path=str(picture.with_name(f"{picture.name}-{size}.png")))
    return violations(page)


def violations_at_both_sizes(page: Page, picture: Path | None = None) -> dict[str, list[dict]]:
    """The blocking violations at the page's viewport and at iPad portrait, keyed by size
    ("1024x768"); with `picture` (a path without suffix), a screenshot at each size too."""
    start = page.viewport_size or DESKTOP
    size = f"{start['width']}x{start['height']}"
    page.wait_for_timeout(LAYOUT_MS // 2)  # charts and tables finish painting
    found = {size: _checked(page, size, picture)}
    other = DESKTOP if start == IPAD_PORTRAIT else IPAD_PORTRAIT
    page.set_viewport_size(other)
    try:
        page.wait_for_timeout(LAYOUT_MS)
        size = f"{other['width']}x{other['height']}"
        found[size] = _checked(page, size, picture)
    finally:
        page.set_viewport_size(start)
        page.wait_for_timeout(LAYOUT_MS // 2)
    return found


def assert_accessible(page: Page, screen: str, picture: Path | None = None) -> None:
    """No blocking violation at either size; `picture`: screenshots at both sizes on the way."""
    found = violations_at_both_sizes(page, picture)
    failing = {size: describe(problems) for size, problems in found.items() if problems}
    assert not failing, f"{screen}: WCAG 2.2 AA violations by viewport: {failing}"
