"""The uptake table as CSV, JSON and text: the command line's exact columns."""

from __future__ import annotations

import csv
import io
import json

from screening.uptake.rules.suppression import HIDDEN
from screening.uptake.rules.uptake_output import csv_from, csv_text, json_text, table_text
from screening.uptake.rules.uptake_table import PublishedRow

ROWS = [
    PublishedRow(("GUY", "White"), 270, 270, 265, HIDDEN, 265 / 270, 0.957389, 0.992065),
    PublishedRow(("GUY", '=HYPERLINK("x")'), 10, 10, HIDDEN, 0, None, None, None),
]


def test_csv_has_the_breakdown_columns_then_the_counts_and_rates_to_4_decimals() -> None:
    lines = list(csv.reader(io.StringIO(csv_text(("site", "ethnic_group"), ROWS))))
    assert lines[0] == [
        "site",
        "ethnic_group",
        "eligible",
        "offered",
        "screened",
        "declined",
        "uptake",
        "ci_low",
        "ci_high",
    ]
    assert lines[1] == ["GUY", "White", "270", "270", "265", "*", "0.9815", "0.9574", "0.9921"]


def test_hidden_values_are_stars_and_formula_text_is_neutralised() -> None:
    lines = list(csv.reader(io.StringIO(csv_text(("site", "ethnic_group"), ROWS))))
    assert lines[2] == ["GUY", '\'=HYPERLINK("x")', "10", "10", "*", "0", "*", "*", "*"]
    assert csv_from(["a"], [[None], ["-1"]]).splitlines() == ["a", "*", "'-1"]


def test_json_has_a_header_and_one_object_per_row_with_hidden_rates_as_null() -> None:
    data = json.loads(json_text(("site", "ethnic_group"), ROWS, {"from": "2026-01-01", "suppressed": True}))
    assert data["by"] == ["site", "ethnic_group"] and data["suppressed"] is True
    assert data["rows"][0] == {
        "site": "GUY",
        "ethnic_group": "White",
        "eligible": 270,
        "offered": 270,
        "screened": 265,
        "declined": "*",
        "uptake": 0.9815,
        "ci_low": 0.9574,
        "ci_high": 0.9921,
    }
    assert data["rows"][1]["uptake"] is None and data["rows"][1]["screened"] == "*"


def test_the_text_table_is_aligned_and_shows_percentages() -> None:
    row = PublishedRow(("GUY",), 270, 270, 265, HIDDEN, 265 / 270, 0.957389, 0.992065)
    lines = table_text(("site",), [row]).splitlines()
    assert lines[0].split() == ["site", "eligible", "offered", "screened", "declined", "uptake", "95%", "interval"]
    assert lines[2].split() == ["GUY", "270", "270", "265", "*", "98.1%", "95.7%-99.2%"]
