"""DuckDB as the analytics benchmark's anchor (issue 19): the same question, the same rows, plain SQL.

The question: uptake by site x ethnic group over a period of London days, for every site
(the command line's scope: no site, clinic or diagnosis filter). The definitions are the
product's, as docs/uptake.md states them ("Definitions") and `uptake_sql` implements them:
- a unit is a patient at a site (a patient seen at two sites is eligible at each), counted
  once however many times it attended: distinct (patient, site) pairs, grouped here
  directly; the product's summary reaches the same units by its first-day-in-period rule
  (the unit's one row whose previous day is before the period);
- eligible: the unit has an attendance with status "attended" whose appointment time is in
  the period, at a clinic of that site;
- offered: it also has a screening sitting of any status started in the period, at a clinic
  of the same site; screened: one of those completed; declined: one declined and none
  completed;
- the period is [start, end) in UTC, the instants of the first and the day after the last
  London day (`AnalyticsFilters.utc_bounds`, clock changes included);
- ethnic group: the patient's ethnic category mapped to its published group (clinical
  reference s7: "Not stated" and "Not known" groups of their own), from the same code table
  the product uses (`ETHNIC_GROUPS`), loaded as a small table of its own.

Design decisions:
- Read from the raw tables (patients, attendances, screening_sessions, clinics, sites), never
  from the product's uptake summary, so nothing precomputed helps DuckDB. Only the columns
  the definitions need, every row (no period or status filter on the way in: the SQL
  filters), read through SQLAlchemy in chunks into pandas and then into DuckDB tables of
  its own, in memory. DuckDB's SQLite and PostgreSQL scanners are extensions it would
  download at run time, which this machine cannot do. The load is timed apart and not
  counted in the query's time.
- Timestamps become naive UTC in DuckDB (the product stores UTC), so the comparisons need
  no time-zone setting.
- A benchmark tool: `duckdb` is in requirements-dev.txt only, imported here only, and an
  import contract keeps it out of the product (`screening`, `ui`, `app_pages`, `models`, `demo`).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb
import pandas as pd
from sqlalchemy import DateTime, Engine, select, type_coerce
from sqlalchemy.sql import Select

from models import Attendance, Clinic, Patient, ScreeningSession, Site
from screening.clinical.rules.codes import ETHNIC_GROUPS

MEASURES = ("eligible", "offered", "screened", "declined")
CHUNK = 250_000
A, S, C, P, T = (Attendance.__table__, ScreeningSession.__table__, Clinic.__table__, Patient.__table__,
                 Site.__table__)  # fmt: skip


def _stored(column: Any) -> Any:
    """A UTCDateTime column read as the driver's plain timestamp (naive UTC on SQLite, aware on
    PostgreSQL; `_frame` makes both naive UTC), skipping the ORM type's per-row conversion."""
    return type_coerce(column, DateTime(timezone=True)).label(column.name)


# The columns each raw table contributes (DuckDB table -> the product's columns, in order).
TABLES: Mapping[str, Select[Any]] = {
    "sites": select(T.c.id, T.c.code),
    "clinics": select(C.c.id, C.c.site_id),
    "patients": select(P.c.id, P.c.ethnic_category),
    "attendances": select(A.c.patient_id, A.c.clinic_id, _stored(A.c.appointment_at), A.c.status),
    "screening_sessions": select(S.c.patient_id, S.c.clinic_id, _stored(S.c.started_at), S.c.status),
}
TIMES = {"appointment_at", "started_at"}

UPTAKE_BY_SITE_AND_ETHNIC_GROUP = """
WITH eligible AS (          -- one row per patient at a site who attended in the period
    SELECT a.patient_id AS pid, c.site_id
    FROM attendances a JOIN clinics c ON c.id = a.clinic_id
    WHERE a.status = 'attended' AND a.appointment_at >= $start AND a.appointment_at < $end
    GROUP BY a.patient_id, c.site_id
), sittings AS (            -- one row per patient at a site with a sitting started in the period
    SELECT s.patient_id AS pid, c.site_id,
           MAX(CASE WHEN s.status = 'completed' THEN 1 ELSE 0 END) AS screened,
           MAX(CASE WHEN s.status = 'declined' THEN 1 ELSE 0 END) AS declined
    FROM screening_sessions s JOIN clinics c ON c.id = s.clinic_id
    WHERE s.started_at >= $start AND s.started_at < $end
    GROUP BY s.patient_id, c.site_id
)
SELECT t.code AS site, g.label AS ethnic_group,
       COUNT(*) AS eligible,
       COUNT(s.pid) AS offered,
       SUM(CASE WHEN s.screened = 1 THEN 1 ELSE 0 END) AS screened,
       SUM(CASE WHEN s.declined = 1 AND s.screened = 0 THEN 1 ELSE 0 END) AS declined
FROM eligible e
LEFT JOIN sittings s ON s.pid = e.pid AND s.site_id = e.site_id
JOIN patients p ON p.id = e.pid
JOIN sites t ON t.id = e.site_id
JOIN ethnic_groups g ON g.code = p.ethnic_category
GROUP BY t.code, g.label
"""


@dataclass(frozen=True)
class Anchor:
    """An in-memory DuckDB holding the raw tables' needed columns; `rows` per table."""

    connection: duckdb.DuckDBPyConnection
    rows: dict[str, int]
    load_seconds: float

    def uptake_by_site_and_ethnic_group(
        self, bounds: tuple[datetime, datetime]
    ) -> dict[tuple[str, ...], dict[str, int]]:
        """(site code, ethnic group) -> eligible, offered, screened, declined, for [start, end) in UTC."""
        start, end = (_naive_utc(moment) for moment in bounds)
        found = self.connection.execute(UPTAKE_BY_SITE_AND_ETHNIC_GROUP, {"start": start, "end": end}).fetchall()
        return {(site, group): dict(zip(MEASURES, map(int, counts), strict=True)) for site, group, *counts in found}

    def close(self) -> None:
        self.connection.close()


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def _frame(rows: Sequence[Any], names: list[str]) -> pd.DataFrame:
    """Column by column (building from Row objects probes each row's attributes: several times slower)."""
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    frame = pd.DataFrame({name: list(values) for name, values in zip(names, columns, strict=True)})
    for name in TIMES & set(names):  # the driver's timestamps (naive UTC on SQLite, aware on PostgreSQL) -> naive UTC
        frame[name] = pd.to_datetime(frame[name], utc=True).dt.tz_convert(None)
    return frame


def _copy(connection: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, *, append: bool = False) -> None:
    """Into DuckDB's own columnar table (not a view over pandas): the query then reads DuckDB storage."""
    connection.register("incoming", frame)
    if append:
        connection.execute(f"INSERT INTO {table} SELECT * FROM incoming")
    else:
        connection.execute(f"CREATE TABLE {table} AS SELECT * FROM incoming")
    connection.unregister("incoming")


def load_anchor(engine: Engine) -> Anchor:
    """Copy the raw tables' needed columns into a new in-memory DuckDB (timed: `load_seconds`)."""
    started = time.perf_counter()
    connection = duckdb.connect(":memory:")
    rows: dict[str, int] = {}
    _copy(
        connection, "ethnic_groups", pd.DataFrame({"code": list(ETHNIC_GROUPS), "label": list(ETHNIC_GROUPS.values())})
    )
    with engine.connect() as source:
        for table, query in TABLES.items():
            result = source.execution_options(stream_results=True, yield_per=CHUNK).execute(query)
            names = list(result.keys())
            rows[table] = 0
            for part in result.partitions():
                _copy(connection, table, _frame(part, names), append=rows[table] > 0)
                rows[table] += len(part)
            if rows[table] == 0:  # an empty table still needs its columns
                _copy(connection, table, _frame([], names).astype({n: "datetime64[ns]" for n in TIMES & set(names)}))
    return Anchor(connection, rows, time.perf_counter() - started)


def compare(product: Mapping[tuple[str, ...], Mapping[str, int]],
            anchor: Mapping[tuple[str, ...], Mapping[str, int]]) -> str:  # fmt: skip
    """'counts match on all N groups', or the first group whose counts differ (or that one side lacks)."""
    for key in sorted(set(product) | set(anchor)):
        mine = {m: int(product[key][m]) for m in MEASURES} if key in product else None
        theirs = dict(anchor[key]) if key in anchor else None
        if mine != theirs:
            return f"counts DIFFER: first mismatch {' x '.join(key)}: product {mine}, DuckDB {theirs}"
    return f"counts match on all {len(product)} groups"
