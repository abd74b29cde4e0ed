"""Bulk writing of the benchmark's column arrays: executemany on SQLite, COPY on PostgreSQL.

Design decisions:
- Rows skip the ORM and go straight to the driver inside the caller's transaction, a
  chunk at a time: one `executemany` per chunk on SQLite (the loop runs in C), one
  `COPY ... FROM STDIN (FORMAT csv)` per chunk on PostgreSQL (no per-row round trip).
- Timestamps arrive as whole seconds since the epoch, -1 for "none", and are written in
  the form each database keeps for `UTCDateTime`: SQLite text `YYYY-MM-DD HH:MM:SS.ffffff`
  (so string comparison with SQLAlchemy's bound values is time order), PostgreSQL
  `timestamptz` text with `+00`.
- While loading, the big tables' secondary indexes (and, on PostgreSQL, their foreign
  keys) are dropped and then made again from the models' metadata: one sort per index
  and one check per key instead of one per row (minutes saved at 3,000,000 rows).
- The benchmark only: a Core insert skips the models' Python checks, so the population
  module is responsible for valid values; the database's CHECK constraints still apply.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import text
from sqlalchemy.orm import Session
from sqlalchemy.schema import AddConstraint, DropConstraint

from models import Base

CHUNK = 250_000
TIME_COLUMNS = frozenset(
    {"appointment_at", "started_at", "completed_at", "ended_at", "due_at", "acknowledged_at", "closed_at",
     "created_at", "updated_at"}
)  # fmt: skip
NOT_COLUMNS = frozenset({"home_clinic", "patient_index"})


def _times(seconds: np.ndarray, suffix: str) -> np.ndarray:
    stamps = np.datetime_as_string(seconds.astype("datetime64[s]"), unit="s")
    out = np.strings.add(np.strings.replace(stamps, "T", " "), suffix).astype(object)
    out[seconds < 0] = None
    return out


def _column(name: str, values: np.ndarray, suffix: str) -> np.ndarray:
    if name in TIME_COLUMNS:
        return _times(values, suffix)
    if values.dtype.kind == "f":  # a nullable small integer (IMD decile): NaN is NULL
        out = values.astype(object)
        out[np.isnan(values)] = None
        out[~np.isnan(values)] = values[~np.isnan(values)].astype(int).tolist()
        return out
    return values


def write_table(
    session: Session, name: str, table: Mapping[str, np.ndarray], *, now: int, constants: Mapping[str, object]
) -> int:
    """Insert every row of `table` (column arrays of equal length) plus `constants` columns.

    created_at is the table's own `created_at` column when it has one, else `now`;
    updated_at is the same time."""
    columns = [c for c in table if c not in NOT_COLUMNS and c != "created_at"]
    rows = len(table["id"])
    postgres = session.get_bind().dialect.name == "postgresql"
    suffix = "+00" if postgres else ".000000"
    raw: Any = session.connection().connection.driver_connection  # the DB-API connection: open, untyped
    names = [*columns, "created_at", "updated_at", *constants]
    for start in range(0, rows, CHUNK):
        part = slice(start, start + CHUNK)
        size = len(table["id"][part])
        stamp = _times(table["created_at"][part] if "created_at" in table else np.full(size, now), suffix)
        data = [_column(c, table[c][part], suffix) for c in columns] + [stamp, stamp]
        data += [np.full(size, value, dtype=object) for value in constants.values()]
        if postgres:
            _copy(raw, name, names, data)
        else:
            marks = ", ".join("?" * len(names))
            raw.executemany(f"INSERT INTO {name} ({', '.join(names)}) VALUES ({marks})",
                            zip(*(column.tolist() for column in data), strict=True))  # fmt: skip
    return rows


def _copy(raw: object, name: str, names: list[str], data: list[np.ndarray]) -> None:
    buffer = io.StringIO()
    pd.DataFrame(dict(zip(names, data, strict=True))).to_csv(buffer, index=False, header=False)
    with raw.cursor() as cursor, cursor.copy(f"COPY {name} ({', '.join(names)}) FROM STDIN (FORMAT csv)") as copy:  # type: ignore[attr-defined]
        copy.write(buffer.getvalue())


def prepare(session: Session) -> None:
    """Make the bulk load quick: a large page cache on SQLite, no commit wait on PostgreSQL."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL synchronous_commit = off"))
    else:
        raw: Any = session.connection().connection.driver_connection  # the DB-API connection: open, untyped
        raw.execute("PRAGMA cache_size = -1000000")


def finish(session: Session, tables: list[str]) -> None:
    """Restart the id sequences after explicit ids (PostgreSQL), and give the planner statistics."""
    if session.get_bind().dialect.name == "postgresql":
        for name in tables:
            session.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))")
            )
    session.execute(text("ANALYZE"))


@contextmanager
def bulk_load(session: Session, tables: list[str]) -> Iterator[None]:
    """Drop the secondary indexes (and PostgreSQL foreign keys) of `tables`; make them again after."""
    connection = session.connection()
    chosen = [Base.metadata.tables[name] for name in tables]
    indexes = [index for table in chosen for index in table.indexes]
    keys = [key for table in chosen for key in table.foreign_key_constraints]
    if connection.dialect.name != "postgresql":
        keys = []  # SQLite cannot drop a constraint without rebuilding the table; its checks are cheap
    for key in keys:
        connection.execute(DropConstraint(key))
    for index in indexes:
        index.drop(connection)
    yield
    for index in indexes:
        index.create(connection)
    for key in keys:
        connection.execute(AddConstraint(key))
