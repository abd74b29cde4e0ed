"""axe-core on a screen the journeys pass: no critical or serious WCAG 2.2 AA violation.

The rules engine is the npm package, fetched once by `scripts/axe-core.sh` (which
`make test` runs too), injected into the page and run there. Only the WCAG A and AA rule
sets (2.0, 2.1 and 2.2) are asked for, so best-practice advice never fails a journey; a
violation names the rule, its impact and the first elements it found, so a failure says
what to mend.
"""

from __future__ import annotations

import subprocess
from functools import cache
from pathlib import Path

from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = ("critical", "serious")


@cache
def axe_script() -> str:
    done = subprocess.run(["sh", str(ROOT / "scripts" / "axe-core.sh")], capture_output=True, text=True,
                          check=True, timeout=300)  # fmt: skip
    return done.stdout.strip()


def violations(page: Page) -> list[dict]:
    """The critical and serious WCAG A/AA violations on the page as it is now."""
    expect(page.locator('[data-stale="true"]')).to_have_count(0, timeout=30_000)  # the run has ended
    page.add_script_tag(path=axe_script())
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations", TAGS
    )
    return [v for v in found if v.get("impact") in BLOCKING]


def assert_accessible(page: Page, screen: str) -> None:
    problems = violations(page)
    described = [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        f"{[(n['target'], n['html'][:120], n.get('failureSummary', '')[:200]) for n in v['nodes'][:3]]}"
        for v in problems
    ]
    assert not problems, f"{screen}: {len(problems)} WCAG 2.2 AA violations: {described}"
