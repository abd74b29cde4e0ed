"""What summary rows add to the per-site week and month totals (`models.uptake_days.UptakeBucket`,
issue 19), worked out in pandas for the rows a refresh deletes and inserts.

The definition is the one `screening.uptake.services.uptake_buckets.contributions` writes
in SQL (and the uptake-over-time chart reads for a whole bucket): a site row counts in the
week or month holding its day if it is the unit's first row in that bucket (`prev_day`
missing or before the bucket's first day) and `next_attended` is by the bucket's last
day; it counts as screened if `next_screened` is by then too. Weeks run Monday to Sunday.
The tests check the totals the refresh keeps this way against the SQL worked out from
scratch.
"""

from __future__ import annotations

import pandas as pd

GRAINS: tuple[str, ...] = ("week", "month")
KEY: tuple[str, ...] = ("grain", "first_day", "site_id", "diagnosis_group")
NEEDED: tuple[str, ...] = ("unit", "day", "place_id", "prev_day", "next_attended", "next_screened", "diagnosis_group")


def bucket_days(days: pd.Series, grain: str) -> tuple[pd.Series, pd.Series]:
    """The first and last day of the week (Monday to Sunday) or month holding each day."""
    if grain == "week":
        first = days - pd.to_timedelta(days.dt.day_of_week, unit="D")
        return first, first + pd.Timedelta(days=6)
    first = days - pd.to_timedelta(days.dt.day - 1, unit="D")
    return first, first + pd.offsets.MonthEnd(0)


def bucket_changes(removed: pd.DataFrame, added: pd.DataFrame) -> pd.DataFrame:
    """(`KEY`, eligible, screened): what the totals gain when the rows `removed` are
    deleted and `added` inserted (both with `NEEDED` columns, days as datetimes); only
    the buckets whose counts move."""
    parts = [_counts(rows, grain, sign) for rows, sign in ((removed, -1), (added, 1)) for grain in GRAINS]
    changes = pd.concat(parts, ignore_index=True).groupby(list(KEY), as_index=False)[["eligible", "screened"]].sum()
    return changes[(changes["eligible"] != 0) | (changes["screened"] != 0)].reset_index(drop=True)


def _counts(rows: pd.DataFrame, grain: str, sign: int) -> pd.DataFrame:
    site = rows[rows["unit"] == "site"]
    first, last = bucket_days(pd.to_datetime(site["day"]), grain)
    prev_day = pd.to_datetime(site["prev_day"])
    eligible = (prev_day.isna() | (prev_day < first)) & (pd.to_datetime(site["next_attended"]) <= last)
    screened = eligible & (pd.to_datetime(site["next_screened"]) <= last)
    counted = pd.DataFrame({
        "grain": grain, "first_day": first, "site_id": site["place_id"], "diagnosis_group": site["diagnosis_group"],
        "eligible": eligible.astype("int64") * sign, "screened": screened.astype("int64") * sign,
    })[eligible.to_numpy()]  # fmt: skip
    return counted.groupby(list(KEY), as_index=False)[["eligible", "screened"]].sum()
