"""The breakdowns: which exist, how stored values map to published groups, and their order."""

from __future__ import annotations

import pytest

from screening.errors import InvalidValue
from screening.uptake.rules.uptake_dimensions import check_dimensions, group_label, imd_quintile, sort_key


@pytest.mark.parametrize("by", [(), ("site", "clinic", "gender"), ("site", "site"), ("postcode",)])
def test_one_or_two_different_known_breakdowns_are_required(by: tuple[str, ...]) -> None:
    with pytest.raises(InvalidValue):
        check_dimensions(by)


def test_two_known_breakdowns_are_accepted_in_the_order_given() -> None:
    assert check_dimensions(["ethnic_group", "site"]) == ("ethnic_group", "site")


@pytest.mark.parametrize(
    ("code", "group"),
    [("A", "White"), ("C", "White"), ("D", "Mixed"), ("G", "Mixed"), ("H", "Asian"), ("L", "Asian"),
     ("M", "Black"), ("P", "Black"), ("R", "Other"), ("S", "Other"), ("Z", "Not stated"), ("99", "Not known")],
)  # fmt: skip
def test_ethnic_categories_fall_into_the_five_headline_groups_with_z_and_99_apart(code: str, group: str) -> None:
    # Clinical reference s7: "not recorded" is itself an equity signal, so it has its own bars.
    assert group_label("ethnic_group", code) == group


@pytest.mark.parametrize(
    ("decile", "quintile"), [(1, "1"), (2, "1"), (3, "2"), (9, "5"), (10, "5"), (None, "Not known")]
)
def test_imd_quintile_1_is_deciles_1_and_2(decile: int | None, quintile: str) -> None:
    assert imd_quintile(decile) == quintile


@pytest.mark.parametrize(
    ("dimension", "value", "label"),
    [("age_band", 17, "under 18"), ("age_band", 18, "18-24"), ("age_band", 75, "75+"), ("gender", "1", "Male"),
     ("gender", "X", "Not known"), ("interpreter", True, "Yes"), ("interpreter", 0, "No"),
     ("language", "Somali", "Somali"), ("ethnic_category", "N", "N")],
)  # fmt: skip
def test_other_breakdowns_label_their_stored_values(dimension: str, value: object, label: str) -> None:
    assert group_label(dimension, value) == label


def test_groups_sort_in_their_natural_order_with_unknowns_last() -> None:
    groups = ["Not known", "Black", "White", "Not stated"]
    assert sorted(groups, key=lambda g: sort_key("ethnic_group", g)) == ["White", "Black", "Not stated", "Not known"]
    bands = ["75+", "18-24", "under 18"]
    assert sorted(bands, key=lambda g: sort_key("age_band", g)) == ["under 18", "18-24", "75+"]
    free = ["Not recorded", "thalassaemia", "Myeloma"]
    assert sorted(free, key=lambda g: sort_key("diagnosis_group", g)) == ["Myeloma", "thalassaemia", "Not recorded"]


@pytest.mark.parametrize(
    ("dimension", "value", "label"),
    [
        ("administration_language", "so", "Somali"),  # managers read English names
        ("administration_language", "pt-BR", "Brazilian Portuguese"),
        ("administration_language", "ar-XX", "Arabic"),  # an unknown region: the language
        ("administration_language", "Polish", "Polish"),  # an importer's free text, as it is
        ("administration_language", None, "Not screened"),
        ("interpreter_used", 2, "Yes"),
        ("interpreter_used", 1, "No"),
        ("interpreter_used", 0, "Not recorded"),
        ("interpreter_used", None, "Not screened"),
    ],
)
def test_sitting_breakdowns_label_how_the_completed_sitting_was_given(dimension: str, value: object,
                                                                       label: str) -> None:  # fmt: skip
    assert group_label(dimension, value) == label


def test_sitting_breakdowns_sort_not_screened_last() -> None:
    languages = sorted(["Not screened", "Somali", "English"], key=lambda g: sort_key("administration_language", g))
    assert languages == ["English", "Somali", "Not screened"]
    used = sorted(["Not screened", "Not recorded", "No", "Yes"], key=lambda g: sort_key("interpreter_used", g))
    assert used == ["Yes", "No", "Not recorded", "Not screened"]
    assert check_dimensions(("site", "interpreter_used")) == ("site", "interpreter_used")
