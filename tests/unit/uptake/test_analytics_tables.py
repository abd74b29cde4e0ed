"""Dashboard tables: the same rows on screen and in the CSV."""

from __future__ import annotations

from datetime import date

from screening.uptake.rules.analytics_tables import display, trend_table, uptake_rows_table
from screening.uptake.rules.suppression import HIDDEN
from screening.uptake.rules.uptake_table import PublishedRow


def test_the_uptake_table_keeps_numbers_and_rounds_rates_to_4_decimals() -> None:
    header, body = uptake_rows_table(("site",), [PublishedRow(("GUY",), 95, 90, 50, HIDDEN, 50 / 95, 0.4, 0.6)])
    assert header == ["site", "eligible", "offered", "screened", "declined", "uptake", "ci_low", "ci_high"]
    assert body == [["GUY", 95, 90, 50, HIDDEN, 0.5263, 0.4, 0.6]]
    assert display(header, body)["uptake"] == ["52.6%"]


def test_the_trend_table_says_which_period_has_not_ended() -> None:
    rows = [{"site": "GUY", "period": date(2026, 11, 23), "eligible": 40, "screened": 24},
            {"site": "GUY", "period": date(2026, 11, 30), "eligible": 20, "screened": 7}]  # fmt: skip
    header, body = trend_table(rows, running=date(2026, 11, 30))
    assert header[-1] == "period_ended" and [row[-1] for row in body] == ["yes", "no"]
    assert display(header, body)["ended"] == ["yes", "no"]
    assert [row[-1] for row in trend_table(rows)[1]] == ["yes", "yes"]


def test_the_trend_table_hides_a_rate_with_a_hidden_count() -> None:
    _, body = trend_table(
        [
            {"site": "GUY", "period": date(2026, 1, 5), "eligible": 20, "screened": HIDDEN},
            {"site": "GUY", "period": date(2026, 1, 12), "eligible": 20, "screened": 10},
        ]
    )
    assert body == [["GUY", "2026-01-05", 20, HIDDEN, None, "yes"], ["GUY", "2026-01-12", 20, 10, 0.5, "yes"]]
    assert display(["uptake", "ratio"], [[None, 0.8123]]) == {"uptake": ["*"], "ratio": ["0.81"]}
    assert display(["ci_low"], [[None]], blank="–") == {"95% low": ["–"]}
