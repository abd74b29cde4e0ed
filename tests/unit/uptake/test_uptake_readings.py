"""The one-line reading under each chart names what it shows, and only published figures."""

from __future__ import annotations

from datetime import date, timedelta

from screening.uptake.rules.cascade import step_shares
from screening.uptake.rules.funnel import funnel
from screening.uptake.rules.spc import p_chart
from screening.uptake.rules.uptake_readings import (
    cascade_reading,
    equity_reading,
    funnel_reading,
    heat_reading,
    odds_reading,
    spc_reading,
    trend_meaning,
    trend_title,
)


def test_spc_reading_says_when_there_are_too_few_points() -> None:
    chart = p_chart([(date(2026, 1, 5) + timedelta(weeks=i), 50, 100) for i in range(5)])
    assert "only 5 weeks" in spc_reading("GUY", chart, "week") and "at least 12" in spc_reading("GUY", chart, "week")


def test_spc_reading_counts_special_cause_points() -> None:
    rates = [0.48, 0.52, 0.48, 0.70, 0.48, 0.52, 0.48, 0.52, 0.30, 0.52, 0.48, 0.52]
    chart = p_chart([(date(2026, 1, 5) + timedelta(weeks=i), round(r * 100), 100) for i, r in enumerate(rates)])
    assert spc_reading("All sites", chart, "week") == (
        "All sites: uptake averaged 50% a week over 12 weeks; special-cause variation in 1 week of "
        "improvement and 1 of concern."
    )


def test_spc_reading_says_the_last_week_is_still_running_and_not_judged() -> None:
    rates = [0.48, 0.52, 0.48, 0.70, 0.48, 0.52, 0.48, 0.52, 0.30, 0.52, 0.48, 0.52, 0.35]
    weeks = [(date(2026, 1, 5) + timedelta(weeks=i), round(r * 100), 100) for i, r in enumerate(rates)]
    assert spc_reading("All sites", p_chart(weeks, running=weeks[-1][0]), "week") == (
        "All sites: uptake averaged 50% a week over 12 weeks; special-cause variation in 1 week of "
        "improvement and 1 of concern. The last point, the week from 30 Mar, is still running (35% so far): "
        "patients seen in it may yet be screened, so it is drawn hollow and not judged until the week ends."
    )
    too_few = p_chart(weeks[:6], running=weeks[5][0])
    assert spc_reading("GUY", too_few, "week").startswith("GUY: only 5 weeks with published figures")


def test_the_chart_over_time_says_its_points_count_patients_per_week_not_once_over_the_period() -> None:
    # Issue 19: the tile (91% on the demo) and the weekly chart (centre 57%) measure different things.
    meaning = trend_meaning("week", 0.9137)
    assert meaning.startswith("Each point is one week: of the patients who attended that week, the share screened "
                              "in the same week.")  # fmt: skip
    assert "below the headline uptake (91%), which counts each patient once over the whole period" in meaning
    assert "headline uptake, which" in trend_meaning("month", None)  # a hidden rate is not named
    assert "one month" in trend_meaning("month", None)
    assert trend_title("week", "All sites") == "Uptake within each week, All sites (p-chart)"


def test_funnel_reading_names_units_beyond_the_outer_limits() -> None:
    result = funnel([("A", 60, 100), ("B", 70, 100), ("C", 85, 100), ("D", 95, 100), ("E", 490, 600)])
    assert funnel_reading(result, "sites") == (
        "Overall uptake 80% across 5 sites. Below the 99.8% limit: A; above the 99.8% limit: D."
    )
    assert "within the 99.8% limits" in funnel_reading(funnel([("A", 50, 100), ("B", 52, 100)]), "sites")


def test_equity_reading_names_the_best_served_and_the_groups_below_four_fifths() -> None:
    assert equity_reading([("A", 0.7, True), ("B", 0.9, False), ("C", None, False)]) == (
        "Below four-fifths of the best served (B, 90%): A."
    )
    assert equity_reading([("C", None, False)]) == "No group has a published uptake (small numbers)."


def test_odds_reading_names_groups_whose_interval_lies_wholly_below_one() -> None:
    rows = [("White", 1.0, None, None, True), ("Black", 0.5, 0.3, 0.8, False), ("Asian", 0.9, 0.6, 1.3, False)]
    assert odds_reading(rows) == (
        "After adjustment, lower odds than White: Black (95% interval wholly on one side of 1)."
    )


def test_cascade_reading_names_the_steepest_fall() -> None:
    counts = {
        "eligible": 100,
        "offered": 90,
        "screened": 80,
        "flagged": 40,
        "reviewed_in_time": 10,
        "outcome_recorded": 30,
    }
    # Shares: offered 0.9, screened 0.889, flagged 0.5, reviewed 10/40 = 0.25, outcome 0.75.
    assert cascade_reading([("Black", step_shares(counts))]) == (
        'Steepest fall: Black at "Flag reviewed within target", 25% of those flagged.'
    )


def test_heat_reading_names_the_lowest_and_highest_cells_and_counts_the_hidden_ones() -> None:
    cells = [("GUY", "White", 0.98), ("KCH", "Not known", 0.75), ("PRUH", "Mixed", None)]
    assert heat_reading(cells) == ("Lowest: KCH, Not known (75%); highest: GUY, White (98%). 1 cell too small to show.")
    assert heat_reading([("GUY", "White", None)]) == "No cell has a published uptake (small numbers)."
    two_hidden = [*cells, ("STH", "Asian", None)]
    assert heat_reading(two_hidden).endswith("(98%). 2 cells too small to show.")
