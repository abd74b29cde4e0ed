"""Bulk reads and writes for the imports, fast on both databases.

Design decisions (measured on 100,000-row clinic lists; see benchmarks/bench_imports.py):
- The ORM's bulk INSERT splits rows into one statement per pattern of blank fields (it
  cannot tell "NULL" from "use the default"): hundreds of statements per batch. So rows
  go in as Core statements on the table, every row with every column: `complete_rows`
  fills what a row lacks with the column's default or NULL, so rows built in different
  shapes (a questionnaire score and a BMI) go in together, and COPY (which knows no
  Python defaults) gets them too.
- PostgreSQL: rows are streamed in with COPY (about 3x faster than a batched INSERT,
  whose long statements psycopg must parse in Python), and new ids come from the
  table's own sequence first (one `nextval` query per batch). Lookups use
  `= ANY(array)`, one parameter, instead of an IN list of thousands. SQLite: a Core
  executemany (the driver loops in C) and IN lists; new ids as `insert_returning_ids`
  explains.
- `column_values` reads the column values off a not-yet-added ORM row, so rows built
  by the shared builders (`score_rows`, `flag_rows`) are stored exactly as built.
- The model's Python checks (`@validates`, the answer `before_insert` hook) do not run
  on these statements: callers pass rows that have already passed the same checks, and
  the database constraints (CHECK, foreign keys, unique) back them up either way.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Table, any_, bindparam, func, insert, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.schema import ColumnDefault


def column_values(row: Any) -> dict[str, Any]:
    """The column values set on an ORM row that was never added (relationships left out)."""
    columns = row.__table__.columns.keys()
    return {key: value for key, value in vars(row).items() if key in columns}


def complete_rows(table: Table, rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every row with a value for every column (the id only if the rows bring one): the
    column's default where the row has none (a callable default is called per row),
    else NULL."""
    fixed: dict[str, Any] = {}
    per_row: dict[str, Any] = {}
    for column in table.columns:
        default = column.default
        if column.primary_key and column.key not in rows[0]:
            continue
        if isinstance(default, ColumnDefault) and default.is_callable:
            per_row[column.key] = default.arg
        else:
            fixed[column.key] = default.arg if isinstance(default, ColumnDefault) and default.is_scalar else None
    if not per_row:
        return [{**fixed, **row} for row in rows]
    return [{**fixed, **{k: f(None) for k, f in per_row.items() if k not in row}, **row} for row in rows]


def is_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def one_of(session: Session, column: Any, values: Collection[Any]) -> ColumnElement[bool]:
    """`column IN values`, as one array parameter on PostgreSQL."""
    if is_postgresql(session):
        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
    return column.in_(list(values))


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    if not rows:  # an empty executemany would insert one row of defaults
        return
    complete = complete_rows(table, rows)
    if is_postgresql(session):
        _copy(session, table, complete)
    else:
        session.execute(insert(table), complete)


def insert_returning_ids(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert and return the new primary keys in the order of `rows`.

    The ids are taken before the INSERT, so the rows can go in as one statement (an
    INSERT ... RETURNING that must keep the rows' order runs row by row on SQLite).
    PostgreSQL: from the table's sequence. SQLite: the next ids after the largest,
    which is what SQLite itself would assign; SQLite lets one writer in at a time, and
    the imports have written their ImportRun row first, so this transaction already
    holds the write lock. Were it not so, a concurrent insert would make this INSERT
    fail on the primary key, never share an id.
    """
    if not rows:
        return []
    if is_postgresql(session):
        sequence = func.pg_get_serial_sequence(table.name, "id")
        query = select(func.nextval(sequence)).select_from(func.generate_series(1, len(rows)))
        ids = list(session.scalars(query))
    else:
        start = session.scalar(select(func.max(table.c.id))) or 0
        ids = list(range(start + 1, start + 1 + len(rows)))
    insert_rows(session, table, [{**row, "id": new_id} for row, new_id in zip(rows, ids, strict=True)])
    return ids


def _copy(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    session.flush()  # anything the ORM holds goes first, in order
    quote = session.get_bind().dialect.identifier_preparer.quote
    columns = list(rows[0])
    sql = f"COPY {quote(table.name)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    driver = session.connection().connection.driver_connection
    dbapi = session.get_bind().dialect.dbapi
    try:
        with driver.cursor() as cursor, cursor.copy(sql) as copy:  # type: ignore[union-attr]
            for row in rows:
                copy.write_row([row[c] for c in columns])
    except dbapi.IntegrityError as error:  # type: ignore[union-attr]
        raise IntegrityError(sql, None, error) from error  # as an INSERT's would be
