"""One line under each chart saying what it shows, in plain words (issue 8).

Built only from published figures (hidden ones are never named), so a reading can be
shown and exported wherever its chart is. Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence

from screening.counted import counted
from screening.uptake.rules.cascade import OF, STAGES
from screening.uptake.rules.funnel import HIGH_998, LOW_998, Funnel
from screening.uptake.rules.spc import CONCERN, IMPROVEMENT, MIN_POINTS, SpcChart


def percent(value: float | None) -> str:
    return "*" if value is None else f"{100 * value:.0f}%"


def _names(items: Sequence[str]) -> str:
    return ", ".join(items[:5]) + (f" and {len(items) - 5} more" if len(items) > 5 else "")


# What the headline "Uptake" tile measures (issue 19): patients over the whole period.
HEADLINE_UPTAKE_MEANS = (
    "Of the patients who attended in the period, the share screened at least once in it: "
    "each patient counts once, however many visits."
)


def trend_title(grain: str, series: str) -> str:
    """The uptake-over-time chart's title (also on its PNG): the uptake of each week or month."""
    return f"Uptake within each {grain}, {series} (p-chart)"


def trend_meaning(grain: str, headline_uptake: float | None) -> str:
    """What the chart's points measure, and why they run below the headline tile (issue 19):
    a week's uptake counts the patients who attended that week, so a patient seen in several
    weeks counts in each, and is screened at only some of those visits (a screen recently
    done, a decline); the tile counts each patient once over the period. `headline_uptake`
    is the tile's published rate (None: hidden, and then not named)."""
    headline = "" if headline_uptake is None else f" ({percent(headline_uptake)})"
    return (f"Each point is one {grain}: of the patients who attended that {grain}, the share screened in the "
            f"same {grain}. A patient who comes in several {grain}s counts in each, and is not screened at every "
            f"visit, so this runs below the headline uptake{headline}, which counts each patient once over the "
            "whole period (screened at least once).")  # fmt: skip


def spc_reading(name: str, chart: SpcChart, grain: str) -> str:
    return _judged_reading(name, chart, grain) + _running_reading(chart, grain)


def _judged_reading(name: str, chart: SpcChart, grain: str) -> str:
    judged = chart.judged
    if not chart.enough:
        return (f"{name}: only {counted(len(judged), grain)} with published figures; a control chart needs at "
                f"least {MIN_POINTS}, so no limits are drawn. Choose a longer period or monthly points.")  # fmt: skip
    better = sum(p.variation == IMPROVEMENT for p in judged)
    worse = sum(p.variation == CONCERN for p in judged)
    start = f"{name}: uptake averaged {percent(chart.centre)} a {grain} over {counted(len(judged), grain)}; "
    if not better and not worse:
        return start + "every point is common-cause variation (no sign of real change)."
    return start + f"special-cause variation in {counted(better, grain)} of improvement and {worse} of concern."


def _running_reading(chart: SpcChart, grain: str) -> str:
    """Issue 19: the period holding today is drawn hollow and not judged."""
    running = chart.running
    if running is None:
        return ""
    return (f" The last point, the {grain} from {running.period.day} {running.period:%b}, is still running "
            f"({percent(running.rate)} so far): patients seen in it may yet be screened, so it is drawn hollow and "
            f"not judged until the {grain} ends.")  # fmt: skip


def funnel_reading(result: Funnel, places: str) -> str:
    low = [p.label for p in result.points if p.position == LOW_998]
    high = [p.label for p in result.points if p.position == HIGH_998]
    start = f"Overall uptake {percent(result.target)} across {len(result.points)} {places}. "
    if not low and not high:
        return start + "All lie within the 99.8% limits: their differences are what chance alone would give."
    parts = [f"below the 99.8% limit: {_names(low)}" if low else "",
             f"above the 99.8% limit: {_names(high)}" if high else ""]  # fmt: skip
    text = "; ".join(p for p in parts if p)
    return start + text[0].upper() + text[1:] + "."


def equity_reading(rates: Sequence[tuple[str, float | None, bool]]) -> str:
    """(group, published rate, below four-fifths) per group."""
    shown = [(g, r) for g, r, _ in rates if r is not None]
    if not shown:
        return "No group has a published uptake (small numbers)."
    best = max(shown, key=lambda item: item[1])
    below = [g for g, _, marked in rates if marked]
    if not below:
        return f"Every published group is within four-fifths of the best served ({best[0]}, {percent(best[1])})."
    return f"Below four-fifths of the best served ({best[0]}, {percent(best[1])}): {_names(below)}."


def heat_reading(cells: Sequence[tuple[str, str, float | None]]) -> str:
    """(site, group, published rate) per cell: names the lowest and highest published cells."""
    shown = sorted((rate, site, group) for site, group, rate in cells if rate is not None)
    hidden = sum(rate is None for _, _, rate in cells)
    if not shown:
        return "No cell has a published uptake (small numbers)."
    (low, low_site, low_group), (high, high_site, high_group) = shown[0], shown[-1]
    text = f"Lowest: {low_site}, {low_group} ({percent(low)}); highest: {high_site}, {high_group} ({percent(high)})."
    return text + (f" {counted(hidden, 'cell')} too small to show." if hidden else "")


def odds_reading(rows: Sequence[tuple[str, float | None, float | None, float | None, bool]]) -> str:
    """(group, odds ratio, low, high, is reference) per group."""
    reference = next((g for g, _, _, _, ref in rows if ref), None)
    lower = [g for g, o, _, high, ref in rows if not ref and high is not None and high < 1]
    higher = [g for g, o, low, _, ref in rows if not ref and low is not None and low > 1]
    if reference is None:
        return "Not enough data to fit the adjusted comparison."
    if not lower and not higher:
        return f"After adjustment, no group's odds of screening differ clearly from {reference}'s."
    parts = [f"lower odds than {reference}: {_names(lower)}" if lower else "",
             f"higher: {_names(higher)}" if higher else ""]  # fmt: skip
    return "After adjustment, " + "; ".join(p for p in parts if p) + " (95% interval wholly on one side of 1)."


def cascade_reading(rows: Sequence[tuple[str, dict[str, float | None]]]) -> str:
    """(group, stage -> share of the stage before) per group: names the steepest drop."""
    steps = [(share, group, stage) for group, shares in rows for stage, share in shares.items() if share is not None]
    if not steps:
        return "No published cascade figures (small numbers)."
    share, group, stage = min(steps)
    return (f"Steepest fall: {group} at \"{STAGES[stage]}\", {percent(share)} of those "
            f"{STAGES[OF[stage]].lower()}.")  # fmt: skip
