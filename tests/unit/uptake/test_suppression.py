"""Small-number suppression (clinical reference s7): primary rule and the secondary method."""

from __future__ import annotations

import pytest

from screening.uptake.rules.suppression import HIDDEN, hidden_cells, margins_for, primary, publish_column, round_to_5


@pytest.mark.parametrize(
    ("count", "published"),
    [
        (0, 0),  # zero is shown as zero
        (1, HIDDEN), (7, HIDDEN),  # 1-7 hidden
        (8, 10),  # 8 -> nearest 5 is 10 (8 is 3 from 5, 2 from 10)
        (12, 10), (13, 15),  # 12 is 2 from 10; 13 is 2 from 15
        (22, 20), (23, 25), (100, 100), (1002, 1000), (1003, 1005),
    ],
)  # fmt: skip
def test_primary_rule_hides_1_to_7_and_rounds_the_rest_to_the_nearest_5(count: int, published: object) -> None:
    assert primary(count) == published


def test_rounding_never_ties_and_never_rounds_a_shown_count_down_to_zero() -> None:
    assert [round_to_5(n) for n in range(8, 18)] == [10, 10, 10, 10, 10, 15, 15, 15, 15, 15]
    with pytest.raises(ValueError):
        primary(-1)


def test_a_lone_hidden_cell_gets_the_smallest_other_non_zero_cell_as_its_partner() -> None:
    # Groups A..D add up to the published total 3 + 40 + 12 + 0 = 55. With only A hidden,
    # 55 - 40 - 10 (12 rounded) - 0 = 5 would give A away to within rounding; hiding C too
    # (the smallest non-zero visible cell) leaves only "A + C = 15", not A.
    cells = {("A",): 3, ("B",): 40, ("C",): 12, ("D",): 0}
    assert hidden_cells(cells, margins_for(list(cells))) == {("A",), ("C",)}
    assert publish_column(cells, margins_for(list(cells))) == {("A",): HIDDEN, ("B",): 40, ("C",): HIDDEN, ("D",): 0}


def test_two_hidden_cells_already_protect_each_other() -> None:
    cells = {("A",): 3, ("B",): 5, ("C",): 40}
    assert hidden_cells(cells, margins_for(list(cells))) == {("A",), ("B",)}


def test_a_hidden_cell_that_is_the_only_non_zero_cell_needs_no_partner() -> None:
    # The total is 4 as well, and is itself hidden wherever it is published.
    cells = {("A",): 4, ("B",): 0, ("C",): 0}
    assert hidden_cells(cells, margins_for(list(cells))) == {("A",)}


def test_ties_go_to_the_earlier_cell_so_the_result_is_repeatable() -> None:
    cells = {("A",): 2, ("B",): 20, ("C",): 20}
    assert hidden_cells(cells, margins_for(list(cells))) == {("A",), ("B",)}


def test_two_way_tables_protect_every_row_and_column() -> None:
    #            g1   g2   g3
    #   site X    5   30   40     row margin X: 5 alone -> partner 30 (smallest of X)
    #   site Y   20   25   50     column g2 now has 30 hidden alone -> partner 25 (Y, g2)
    # then row Y has 25 alone -> partner 20 (Y, g1); column g1 then holds 5 and 20: done.
    cells = {("X", "g1"): 5, ("X", "g2"): 30, ("X", "g3"): 40, ("Y", "g1"): 20, ("Y", "g2"): 25, ("Y", "g3"): 50}
    hidden = hidden_cells(cells, margins_for(list(cells)))
    assert hidden == {("X", "g1"), ("X", "g2"), ("Y", "g2"), ("Y", "g1")}
    for margin in margins_for(list(cells)):
        assert sum(key in hidden for key in margin) != 1


def test_a_partner_is_never_a_cell_whose_own_row_would_then_give_it_away() -> None:
    #            g1   g2
    #   site X    3   40     column g1 has 3 hidden alone; smallest candidate is (Y, g1) = 9,
    #   site Y    9    0     but 9 is row Y's only non-zero cell: row Y's total (9) would give
    #   site Z   20   30     it away, and then column g1's total would give away the 3.
    # So (Z, g1) = 20 is chosen; row Z then needs (Z, g2), column g2 then (X, g2).
    cells = {("X", "g1"): 3, ("X", "g2"): 40, ("Y", "g1"): 9, ("Y", "g2"): 0, ("Z", "g1"): 20, ("Z", "g2"): 30}
    hidden = hidden_cells(cells, margins_for(list(cells)))
    assert hidden == {("X", "g1"), ("Z", "g1"), ("Z", "g2"), ("X", "g2")}
    for margin in margins_for(list(cells)):
        assert sum(key in hidden for key in margin) != 1


def test_margins_of_a_two_way_table_are_its_rows_and_its_columns() -> None:
    keys = [("X", "a"), ("X", "b"), ("Y", "a")]
    assert sorted(map(sorted, margins_for(keys))) == sorted(
        map(sorted, [[("X", "a"), ("Y", "a")], [("X", "b")], [("X", "a"), ("X", "b")], [("Y", "a")]])
    )
    assert margins_for([]) == []
