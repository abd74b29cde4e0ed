"""What summary rows add to the per-site week and month totals (`bucket_contributions`,
issue 19): the first row of a site unit in the bucket counts if it attended by the
bucket's last day, and as screened if screened by then too; weeks run Monday to Sunday."""

from __future__ import annotations

import pandas as pd
import pytest

from screening.uptake.rules.bucket_contributions import NEEDED, bucket_changes, bucket_days

D = pd.Timestamp


def site_row(day: str, prev: str | None = None, attended: str | None = None, screened: str | None = None,
             unit: str = "site", group: str = "Sickle cell disorder") -> dict[str, object]:  # fmt: skip
    return {"unit": unit, "day": D(day), "place_id": 7, "prev_day": D(prev) if prev else pd.NaT,
            "next_attended": D(attended) if attended else pd.NaT,
            "next_screened": D(screened) if screened else pd.NaT, "diagnosis_group": group}  # fmt: skip


def frame(*rows: dict[str, object]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=list(NEEDED))


def counts(changes: pd.DataFrame, grain: str) -> dict[str, tuple[int, int]]:
    chosen = changes[changes["grain"] == grain]
    return {f"{d:%Y-%m-%d}": (int(e), int(s)) for d, e, s in zip(chosen["first_day"], chosen["eligible"],
                                                                    chosen["screened"], strict=True)}  # fmt: skip


@pytest.mark.parametrize(("day", "week", "month"), [
    ("2026-06-01", ("2026-06-01", "2026-06-07"), ("2026-06-01", "2026-06-30")),  # a Monday, first of a month
    ("2026-06-07", ("2026-06-01", "2026-06-07"), ("2026-06-01", "2026-06-30")),  # a Sunday
    ("2024-02-29", ("2024-02-26", "2024-03-03"), ("2024-02-01", "2024-02-29")),  # a leap day, its week in March
    ("2026-12-31", ("2026-12-28", "2027-01-03"), ("2026-12-01", "2026-12-31")),  # a week over the year end
])  # fmt: skip
def test_a_days_week_runs_monday_to_sunday_and_its_month_first_to_last(
    day: str, week: tuple[str, str], month: tuple[str, str]
) -> None:
    days = pd.Series([D(day)])
    for grain, (first, last) in (("week", week), ("month", month)):
        found = bucket_days(days, grain)
        assert (found[0][0], found[1][0]) == (D(first), D(last))


def test_only_a_units_first_row_in_the_bucket_counts_and_a_previous_day_the_day_before_it_still_leaves_it_first() -> (
    None
):
    added = frame(
        site_row("2026-06-03", prev="2026-05-31", attended="2026-06-03"),  # Sunday before: first in both
        site_row("2026-06-04", prev="2026-06-03", attended="2026-06-04"),  # not first in the week or month
        site_row("2026-06-09", prev="2026-06-05", attended="2026-06-09"),  # first in its week, not its month
    )
    changes = bucket_changes(frame(), added)
    assert counts(changes, "week") == {"2026-06-01": (1, 0), "2026-06-08": (1, 0)}
    assert counts(changes, "month") == {"2026-06-01": (1, 0)}


def test_a_unit_counts_if_it_attended_by_the_buckets_last_day_and_is_screened_if_screened_by_then() -> None:
    added = frame(
        site_row("2026-06-05", attended="2026-06-07", screened="2026-06-07"),  # Sunday: both in the week
        site_row("2026-06-12", attended="2026-06-14", screened="2026-06-15"),  # screened the Monday after
        site_row("2026-06-19", attended="2026-06-22", screened="2026-06-19"),  # attended the Monday after
        site_row("2026-06-26", screened="2026-06-26"),  # a sitting, never attended
    )
    changes = bucket_changes(frame(), added)
    assert counts(changes, "week") == {"2026-06-01": (1, 1), "2026-06-08": (1, 0)}


def test_rows_taken_off_cancel_the_same_rows_added_and_other_units_and_buckets_that_do_not_move_are_left_out() -> None:
    row = site_row("2026-06-05", attended="2026-06-05", screened="2026-06-05")
    assert bucket_changes(frame(row), frame(row)).empty
    assert bucket_changes(frame(), frame(site_row("2026-06-05", attended="2026-06-05", unit="clinic"))).empty
    changes = bucket_changes(frame(row), frame(site_row("2026-06-05", attended="2026-06-05")))
    assert counts(changes, "week") == {"2026-06-01": (0, -1)}
    assert list(changes["site_id"]) == [7, 7] and set(changes["diagnosis_group"]) == {"Sickle cell disorder"}
