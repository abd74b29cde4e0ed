"""`counted`: a count with its noun in the right number."""

from __future__ import annotations

import pytest

from screening.counted import counted


@pytest.mark.parametrize(
    ("count", "text"),
    [(0, "0 sittings"), (1, "1 sitting"), (2, "2 sittings"), (1_000, "1,000 sittings"), (-1, "-1 sittings")],
)
def test_a_noun_is_singular_for_exactly_one_and_plural_otherwise(count: int, text: str) -> None:
    assert counted(count, "sitting") == text


def test_an_irregular_noun_takes_the_plural_it_is_given() -> None:
    assert counted(1, "person", "people") == "1 person"
    assert counted(2, "person", "people") == "2 people"
