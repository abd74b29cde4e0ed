"""Age bands for exports and uptake: every boundary, counted on the sitting's date."""

from __future__ import annotations

from datetime import date

import pytest

from screening.patients.rules.age_bands import AGE_BANDS, age_band, age_on, band_for_age


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (0, "under 18"), (17, "under 18"),
        (18, "18-24"), (24, "18-24"),
        (25, "25-34"), (34, "25-34"),
        (35, "35-44"), (44, "35-44"),
        (45, "45-54"), (54, "45-54"),
        (55, "55-64"), (64, "55-64"),
        (65, "65-74"), (74, "65-74"),
        (75, "75+"), (104, "75+"),
    ],
)  # fmt: skip
def test_each_age_falls_in_its_band(age: int, band: str) -> None:
    assert band_for_age(age) == band


def test_the_bands_are_listed_youngest_first_for_charts() -> None:
    assert AGE_BANDS == ("under 18", "18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+")


def test_a_negative_age_from_bad_data_counts_as_under_18() -> None:
    assert band_for_age(-1) == "under 18"


def test_age_changes_on_the_birthday_not_the_day_before() -> None:
    born = date(2008, 6, 10)
    assert age_on(born, date(2026, 6, 9)) == 17
    assert age_on(born, date(2026, 6, 10)) == 18
    assert age_band(born, date(2026, 6, 9)) == "under 18"
    assert age_band(born, date(2026, 6, 10)) == "18-24"


def test_a_29_february_birthday_counts_from_1_march_in_other_years() -> None:
    born = date(2000, 2, 29)
    assert age_on(born, date(2075, 2, 28)) == 74
    assert age_on(born, date(2075, 3, 1)) == 75
    assert age_band(born, date(2075, 3, 1)) == "75+"
