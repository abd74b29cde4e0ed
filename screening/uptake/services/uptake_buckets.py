"""Uptake per site, London week or month and diagnosis group (`models.uptake_days.UptakeBucket`, issue 19).

Design decisions:
- What a bucket counts is the uptake-over-time definition read from the summary
  (`uptake_summary_sql.trend_query`) for a whole week or month: a site unit is eligible in
  the bucket if its first row in it (`prev_day` before the bucket's first day) has
  `next_attended` by the bucket's last day, and screened if `next_screened` is too. Each
  row's contribution depends on that row alone, so a patient's counts can be taken off
  and added back without looking at anyone else's rows.
- Kept by the refresh (`uptake_days.refresh_uptake_days`), in its transaction: what the
  rows it deletes take off and the rows it inserts add is worked out in pandas
  (`screening.uptake.rules.bucket_contributions`) and added in one upsert (INSERT ... ON
  CONFLICT DO UPDATE, on both databases), so catching up touches only the buckets
  those rows were in. The table therefore always adds up `uptake_days` exactly: the
  tests work the totals out from scratch in SQL with `contributions(None, ...)`, the same
  definition written for the database, and compare.
- Read for whole buckets only (`uptake_trend.trend_cells`): a period that starts on a
  Wednesday or ends mid-month has a clipped first or last bucket, which is read from the
  summary rows as before. A 24-month weekly chart is then about 104 x sites x diagnosis
  groups small rows, instead of a range scan of every unit's rows in each week.
- The diagnosis group is in the key because the dashboards filter by it; the other
  breakdowns are not, because the chart is per site only.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import case, func, literal_column, or_, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, Select

from models import UptakeBucket, UptakeDay
from screening.uptake.services.london_dates import BUCKET_DAYS

B, U = UptakeBucket.__table__, UptakeDay.__table__
KEY = ["grain", "first_day", "site_id", "diagnosis_group"]


def contributions(rows: ColumnElement[bool] | None, grain: str, sign: int) -> Select[Any]:
    """(grain, first day, site, diagnosis group, eligible, screened) of the summary's site
    rows that meet `rows` (None: every row), each count multiplied by `sign`."""
    first_of, last_of = BUCKET_DAYS[grain]
    first, last = first_of(U.c.day), last_of(U.c.day)
    where = [U.c.unit == "site", or_(U.c.prev_day.is_(None), U.c.prev_day < first), U.c.next_attended <= last]
    if rows is not None:
        where.append(rows)
    screened = func.coalesce(func.sum(case((U.c.next_screened <= last, 1), else_=0)), 0)
    return (
        select(literal_column(f"'{grain}'").label("grain"), first.label("first_day"), U.c.place_id.label("site_id"),
               U.c.diagnosis_group, (func.count() * sign).label("eligible"), (screened * sign).label("screened"))
        .where(*where)
        .group_by(first, U.c.place_id, U.c.diagnosis_group)
    )  # fmt: skip


def add_to_buckets(session: Session, dialect: str, changes: pd.DataFrame) -> None:
    """Add `changes` (`bucket_contributions.bucket_changes`) to the totals in one upsert."""
    if changes.empty:
        return
    insert = (postgresql_insert if dialect == "postgresql" else sqlite_insert)(B)
    upsert = insert.on_conflict_do_update(
        index_elements=KEY,
        set_={"eligible": B.c.eligible + insert.excluded.eligible, "screened": B.c.screened + insert.excluded.screened},
    )
    records = {
        "grain": changes["grain"].tolist(), "first_day": changes["first_day"].dt.date.tolist(),
        "site_id": changes["site_id"].astype("int64").tolist(), "diagnosis_group": changes["diagnosis_group"].tolist(),
        "eligible": changes["eligible"].astype("int64").tolist(), "screened": changes["screened"].astype("int64").tolist(),
    }  # fmt: skip
    session.execute(upsert, [dict(zip(records, values, strict=True)) for values in zip(*records.values(), strict=True)])


def bucket_counts(
    session: Session, grain: str, first_days: tuple[date, date], sites: tuple[int, ...] | None,
    diagnosis_groups: tuple[str, ...],
) -> dict[tuple[int, date], tuple[int, int]]:  # fmt: skip
    """(site id, bucket's first day) -> (eligible, screened) for the whole buckets whose
    first days are from `first_days[0]` to `first_days[1]`, added over diagnosis groups
    (only `diagnosis_groups`, when any); buckets with no one eligible are left out."""
    query = (
        select(B.c.site_id, B.c.first_day, func.sum(B.c.eligible), func.sum(B.c.screened))
        .where(B.c.grain == grain, B.c.first_day >= first_days[0], B.c.first_day <= first_days[1])
        .group_by(B.c.site_id, B.c.first_day)
        .having(func.sum(B.c.eligible) > 0)
    )
    if sites is not None:
        query = query.where(B.c.site_id.in_(sites))
    if diagnosis_groups:
        query = query.where(B.c.diagnosis_group.in_(diagnosis_groups))
    return {(int(site), day): (int(n), int(s)) for site, day, n, s in session.execute(query)}
