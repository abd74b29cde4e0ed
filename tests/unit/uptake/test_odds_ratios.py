"""The adjusted model recovers a known effect from cells built to have it, and only that."""

from __future__ import annotations

import pandas as pd
import pytest

from screening.uptake.services.odds_ratios import odds_from_cells

# Two sites, two groups, built so that group B has half A's odds of being screened AT EACH
# SITE (adjusted odds ratio 0.5), while B is mostly seen at the low-uptake site Y:
#   X: A 7200/9000 = 0.8 (odds 4);   B 800/1200 = 2/3 (odds 2)   -> B/A = 0.5
#   Y: A 750/1500 = 0.5 (odds 1);    B 3000/9000 = 1/3 (odds 0.5) -> B/A = 0.5
# Crude: A 7950/10500 = 0.757 (odds 3.12); B 3800/10200 = 0.373 (odds 0.594) -> crude 0.19.
# A is the larger group (10,500 eligible), so it is the reference.
CELLS = pd.DataFrame([
    {"group": "A", "site": "X", "eligible": 9000, "screened": 7200},
    {"group": "B", "site": "X", "eligible": 1200, "screened": 800},
    {"group": "A", "site": "Y", "eligible": 1500, "screened": 750},
    {"group": "B", "site": "Y", "eligible": 9000, "screened": 3000},
])  # fmt: skip


def test_the_model_recovers_the_adjusted_odds_ratio_not_the_crude_one() -> None:
    rows = {r.group: r for r in odds_from_cells(CELLS, "group", suppress=True, resamples=60, seed=8)}
    assert rows["A"].reference and rows["A"].odds_ratio == 1.0
    assert rows["B"].odds_ratio == pytest.approx(0.5, abs=0.01)  # the ridge penalty is negligible here
    assert rows["B"].ci_low < 0.5 < rows["B"].ci_high < 0.6  # and nowhere near the crude 0.19
    assert rows["B"].eligible == 10200


def test_the_bootstrap_is_seeded() -> None:
    first = odds_from_cells(CELLS, "group", suppress=True, resamples=30, seed=3)
    again = odds_from_cells(CELLS, "group", suppress=True, resamples=30, seed=3)
    other = odds_from_cells(CELLS, "group", suppress=True, resamples=30, seed=4)
    assert first == again
    assert first[1].ci_low != other[1].ci_low


def test_a_group_with_few_screened_or_few_missed_gets_no_odds_ratio_when_suppressed() -> None:
    # C: 5 screened of 30 (1-7 screened) would give its count away; it still joins the fit.
    cells = pd.concat([CELLS, pd.DataFrame([{"group": "C", "site": "X", "eligible": 30, "screened": 5}])])
    rows = {r.group: r for r in odds_from_cells(cells, "group", suppress=True, resamples=10)}
    assert rows["C"].odds_ratio is None and rows["C"].eligible == 30
    exact = {r.group: r for r in odds_from_cells(cells, "group", suppress=False, resamples=10)}
    assert exact["C"].odds_ratio is not None


def test_nothing_to_compare_gives_the_reference_only_and_no_data_gives_nothing() -> None:
    one = pd.DataFrame([{"group": "A", "site": "X", "eligible": 50, "screened": 20}])
    (row,) = odds_from_cells(one, "group", suppress=False)
    assert row.reference and row.odds_ratio == 1.0
    assert odds_from_cells(one.iloc[0:0], "group", suppress=False) == []
    everyone = one.assign(screened=50)
    assert odds_from_cells(everyone, "group", suppress=False) == []
