"""Keeping the uptake summary (`models.uptake_days`) up to date (issue 8).

Design decisions:
- Triggers queue every patient whose attendances, sittings, flags or breakdown values changed
  (`uptake_stale`, migration 0005); `refresh_uptake_days` works those patients' rows out
  afresh from the source tables, so a patient's rows are always exactly what the source
  tables say, however they changed.
- Who refreshes: every uptake read first (`uptake_counts`, `uptake_trend`), so a reading
  never sees a row older than its own transaction; and the imports and demo loads at
  their end, so the next reading has little to do. `python -m screening refresh-uptake`
  does it by hand (after an upgrade, say).
- The rows are worked out in pandas (`screening.uptake.rules.summary_rows`, issue 19) from
  one read of the patients' events (attended appointments, and sittings with their flags,
  as the bits of one number worked out in SQL) and one of their breakdown values. The
  same rows came from window functions in SQL before; on SQLite those took 5 s of the
  write lock for 10,000 patients, pandas half a second.
- Only the rows that changed are rewritten: each row is stored with a hash of itself
  (`row_hash`, read from an index of the patient's rows without touching the table);
  stored rows whose hash is no longer made are deleted, made rows whose hash is not
  stored are inserted, and a row with no hash (stored before migration 0017) is always
  replaced. Most queue entries change nothing the summary holds (an appointment booked
  ahead, a flag reviewed in time), a visit changes a few rows of its patient, and
  deleting and inserting rows spread over the whole table was most of the cost of a
  catch-up. New rows go in in key order (COPY on PostgreSQL); a rebuild of more than
  `CHUNK` patients stages them in a temporary table and inserts them at the end.
- The breakdown values in no key (`IN_PLACE_VALUES`: ethnic category, IMD decile, gender,
  language, interpreter) are left out of the hashes; when a patient's values change, they are
  updated on the patient's stored rows in one statement (`_values_in_place`), and
  `uptake_values` records which values each patient's rows hold. A new deprivation
  release then costs an UPDATE of the values, not every row deleted and written again.
- Patients are worked out `CHUNK` at a time, so a rebuild of every patient (an upgrade)
  holds a bounded frame in memory.
- SQLite has one writer: while an import holds the write lock, a reading waits two
  seconds at most, then reads the summary as it stands, and the page says how many
  patients' changes it may not include yet (`not_taken_in`).
- PostgreSQL: one transaction-scoped advisory lock serialises refreshes, so two readers
  never rewrite the same patient at once; the second waits, then finds the queue
  emptied. The refresh deletes the queue entries it can see and rewrites exactly their
  patients, reading the source tables afterwards, so an entry committed meanwhile stays
  queued for the next refresh. On SQLite the refresh takes the write lock before it
  reads the queue, so nothing can be committed meanwhile. Clinic writes only append to
  the queue and never wait for a refresh.
- The per-site week and month totals of the uptake-over-time chart (`uptake_buckets`,
  issue 19) are kept in the same transaction: the DELETE returns the rows it removes, and
  what those and the inserted rows add to each bucket is worked out in pandas
  (`bucket_contributions`) and added in one upsert.
- The flag measures follow `uptake_sql`: a flag counts on a completed sitting; it is late
  when it was neither acknowledged nor closed by its due time; unresolved with no outcome.
"""

from __future__ import annotations

import functools
import json
import operator
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from sqlalchemy import (
    BigInteger,
    Integer,
    String,
    and_,
    bindparam,
    case,
    cast,
    delete,
    extract,
    func,
    literal_column,
    or_,
    select,
    text,
    type_coerce,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, Select

from models import Attendance, Clinic, Flag, Patient, ScreeningSession, UptakeDay, UptakeStale, UptakeValues
from screening.uptake.rules.bucket_contributions import NEEDED as BUCKET_COLUMNS
from screening.uptake.rules.bucket_contributions import bucket_changes
from screening.uptake.rules.summary_columns import COLUMNS, DAYS, EVENTS, IN_PLACE_VALUES
from screening.uptake.rules.summary_rows import PATIENT_COLUMNS, READ_COLUMNS, row_hashes, summary_frame
from screening.uptake.services.copy_rows import copy_text, each_distinct, iso_days
from screening.uptake.services.uptake_buckets import add_to_buckets

A, S, F, C, P = Attendance.__table__, ScreeningSession.__table__, Flag.__table__, Clinic.__table__, Patient.__table__
U, Q, V = UptakeDay.__table__, UptakeStale.__table__, UptakeValues.__table__
LOCK = 8_202_611  # the advisory lock key of the refresh (any fixed number of our own)
BUSY_WAIT_MS = 2000  # SQLite: how long a reading waits for the write lock before going ahead
CHUNK = 20_000  # patients worked out at a time: bounds the frames' memory when every patient is queued
STAGED = "new_uptake_days"  # the temporary table new rows of a rebuild wait in (`_rewrite_all`)
NOT_TAKEN_IN = "uptake_days.not_taken_in"  # Session.info key: patients a reading went ahead without


def _flag_to_int(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return case((condition, 1), else_=0)


def _instant(stamp: ColumnElement[Any], dialect: str) -> ColumnElement[Any]:
    """A UTC time as the events frame takes it (`summary_rows.london_days`): whole seconds
    since 1970 on PostgreSQL (a plain number: the driver builds a zoned datetime per row
    otherwise, and pandas then reads each one), SQLite's stored text as it is."""
    if dialect == "postgresql":
        return cast(func.floor(extract("epoch", stamp)), BigInteger).label("at")
    return type_coerce(stamp, String()).label("at")


def _bits(events: dict[str, ColumnElement[Any]]) -> ColumnElement[Any]:
    """0/1 columns of events as one number, bit i for `EVENTS[i]` (`summary_rows.event_bits`)."""
    terms = [column * (1 << EVENTS.index(name)) for name, column in events.items()]
    return functools.reduce(operator.add, terms).label("events")


def _events(patients: Select[Any], dialect: str) -> Select[Any]:
    """One row per attended appointment and per sitting of the patients `patients` selects
    (`summary_rows.READ_COLUMNS`): its clinic and site, its UTC time and its events as the
    bits of one number."""
    one = literal_column("1", Integer)
    attended = (
        select(A.c.patient_id, A.c.clinic_id, C.c.site_id, _instant(A.c.appointment_at, dialect),
               _bits({"attended": one}))
        .select_from(A.join(C, C.c.id == A.c.clinic_id))
        .where(A.c.status == "attended", A.c.patient_id.in_(patients))
    )  # fmt: skip
    reviewed_at = func.coalesce(F.c.acknowledged_at, F.c.closed_at)
    flags = (
        select(F.c.session_id, func.max(_flag_to_int(or_(reviewed_at.is_(None), reviewed_at > F.c.due_at))).label("late"),
               func.max(_flag_to_int(F.c.outcome.is_(None))).label("unresolved"))
        .where(F.c.patient_id.in_(patients)).group_by(F.c.session_id).subquery("session_flags")
    )  # fmt: skip
    completed = S.c.status == "completed"
    flagged = and_(completed, flags.c.session_id.is_not(None))
    sittings = (
        select(S.c.patient_id, S.c.clinic_id, C.c.site_id, _instant(S.c.started_at, dialect), _bits({
            "offered": one, "screened": _flag_to_int(completed), "declined": _flag_to_int(S.c.status == "declined"),
            "assisted": _flag_to_int(and_(completed, S.c.mode == "assisted")), "flagged": _flag_to_int(flagged),
            "late": _flag_to_int(and_(flagged, flags.c.late == 1)),
            "unresolved": _flag_to_int(and_(flagged, flags.c.unresolved == 1)),
            "remote": _flag_to_int(and_(completed, S.c.remote.is_(True)))}))
        .select_from(S.join(C, C.c.id == S.c.clinic_id).outerjoin(flags, flags.c.session_id == S.c.id))
        .where(S.c.patient_id.in_(patients))
    )  # fmt: skip
    return union_all(attended, sittings)  # type: ignore[return-value]


def _listed(dialect: str, name: str, values: list[int], big: bool = False) -> Select[Any]:
    """A SELECT of `values`, bound as one value (a list of any length): a JSON array read
    by json_each on SQLite, an array unnested on PostgreSQL. The array goes as its text,
    cast to an array in the database: psycopg turns a list into an array parameter number
    by number in Python, a tenth of a second for the eight lists of a catch-up of 10,000
    patients."""
    if dialect == "postgresql":
        text_array = "{" + ",".join(map(str, values)) + "}"
        return select(
            func.unnest(cast(bindparam(name, text_array, type_=String), ARRAY(BigInteger if big else Integer)))
        )
    listed = func.json_each(bindparam(name, json.dumps(values))).table_valued("value")
    return select(listed.c.value)


def refresh_uptake_days(session: Session, *, give_way: bool = True, limit: int | None = None) -> int:
    """Bring the summary rows of every queued patient up to date; returns how many patients.

    Runs in the caller's transaction (the caller commits). Cheap when nothing is queued:
    one indexed read. `give_way`: on SQLite, if another writer keeps the write lock for
    `BUSY_WAIT_MS`, refresh nothing and return 0 (a reading); False waits the
    connection's full busy timeout and raises if it is still held (`refresh-uptake`).
    `limit`: take at most this many queue entries (the oldest), so an import can refresh
    in short transactions, calling again until it returns 0."""
    if session.scalar(select(Q.c.id).limit(1)) is None:
        return 0
    if session.get_bind().dialect.name == "postgresql":
        # Queue ids are handed out when a clinic writes, not when it commits: an entry with
        # a lower id can appear after a higher one. So take exactly the entries this
        # statement sees, and read the source tables only after it (later snapshots).
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK})
        oldest = select(Q.c.id).order_by(Q.c.id).limit(limit)
        taken = delete(Q) if limit is None else delete(Q).where(Q.c.id.in_(oldest))
        ids = sorted({patient_id for (patient_id,) in session.execute(taken.returning(Q.c.patient_id))})
        _rewrite_all(session, "postgresql", ids)
        return len(ids)  # 0 if another refresh emptied the queue while this one waited
    # A write that changes nothing takes SQLite's write lock first: no one else can
    # write until this transaction ends, so the queue read next is the whole queue.
    if not _sqlite_write_lock(session, BUSY_WAIT_MS if give_way else None):
        # Another writer (an import) holds it: read the summary as it stands, and note
        # how many patients' changes it may miss for the page to say (`not_taken_in`).
        session.info[NOT_TAKEN_IN] = queued_patients(session)
        return 0
    entries = select(Q.c.id, Q.c.patient_id).order_by(Q.c.id).limit(limit).subquery()
    last = session.scalar(select(func.max(entries.c.id)))
    if last is None:
        return 0
    ids = list(session.scalars(select(Q.c.patient_id).where(Q.c.id <= last).distinct().order_by(Q.c.patient_id)))
    _rewrite_all(session, "sqlite", ids)
    session.execute(delete(Q).where(Q.c.id <= last))
    return len(ids)


def _rewrite_all(session: Session, dialect: str, ids: list[int]) -> None:
    """`_rewrite` the patients `CHUNK` at a time. New rows go into the table in key order,
    as the one INSERT ... SELECT of the SQL route did: rows inserted chunk by chunk would
    interleave over the whole table after a rebuild of every patient (SQLite's pages split
    part-filled; a period's rows spread over PostgreSQL's heap). So with more than one
    chunk they wait in a temporary table and go in at the end in one INSERT ... SELECT;
    one chunk (any catch-up of up to `CHUNK` patients) writes them straight in, sorted."""
    if not ids:  # PostgreSQL: another refresh emptied the queue while this one waited
        return
    if len(ids) <= CHUNK:
        _rewrite(session, dialect, ids, "uptake_days")
        return
    staged = [_rewrite(session, dialect, ids[start : start + CHUNK], STAGED) for start in range(0, len(ids), CHUNK)]
    if any(staged):
        names = ", ".join((*COLUMNS, "row_hash"))
        connection = session.connection()
        connection.exec_driver_sql(f"INSERT INTO uptake_days ({names}) SELECT {names} FROM {STAGED} "
                                   "ORDER BY unit, day, patient_id, place_id")  # fmt: skip
        connection.exec_driver_sql(f"DELETE FROM {STAGED}")


def _rewrite(session: Session, dialect: str, ids: list[int], into: str) -> bool:
    """Work out the rows of the patients `ids`; bring the values kept in place up to date
    on their stored rows (`_values_in_place`); delete their stored rows that are no longer
    made (by hash, `summary_rows.row_hashes`) and write the made rows not yet stored into
    the table `into` (the summary, or `STAGED` for `_rewrite_all` to insert), keeping the
    totals (`uptake_buckets`) in step with both. True if there are any new rows.

    Patients whose rows all come out as stored are found first from one total per
    patient (the sum and count of their rows' hashes, added up in the database from the
    index), so only the others' hashes are read one by one. A patient whose rows' values
    are not known (`UptakeValues`) has every row replaced."""
    chosen = _listed(dialect, "patients", ids)
    values = select(P.c.id, *(P.c[name] for name in PATIENT_COLUMNS[1:])).where(P.c.id.in_(chosen))
    patients = _raw_rows(session, values)
    rows = summary_frame(_frame(session, _events(chosen, dialect), READ_COLUMNS), _by_column(patients, PATIENT_COLUMNS))
    made = row_hashes(rows)
    # Everything is read before anything is written. On PostgreSQL the UPDATE of the values
    # kept in place clears the visibility map of every page it touches, and a read of the
    # hashes after it visited the table for each row rather than the index alone (0.3 s of
    # a catch-up of 10,000 patients whose every row's values changed).
    now, kept = _values_read(patients), _values_held(session, dialect, ids)
    replace = now.keys() - kept.keys()  # no entry: the rows' values are not known
    totals = select(U.c.patient_id, func.sum(U.c.row_hash), func.count(), func.count(U.c.row_hash))
    stored = {patient: (int(total or 0), n, n_hashed) for patient, total, n, n_hashed in
              _raw_rows(session, totals.where(U.c.patient_id.in_(chosen)).group_by(U.c.patient_id))}  # fmt: skip
    making = pd.DataFrame({"patient_id": rows["patient_id"].to_numpy(), "row_hash": made})
    sums = making.groupby("patient_id")["row_hash"].agg(["sum", "count"])
    made_totals = {
        int(p): (int(t), int(n), int(n)) for p, t, n in zip(sums.index, sums["sum"], sums["count"], strict=True)
    }
    changed = [patient for patient in ids if patient in replace or stored.get(patient) != made_totals.get(patient)]
    compared = [patient for patient in changed if patient not in replace]
    theirs = U.c.patient_id.in_(_listed(dialect, "patients", compared))
    known = np.array(
        [h for (h,) in _raw_rows(session, select(U.c.row_hash).where(theirs)) if h is not None] if compared else [],
        dtype=np.int64,
    )
    _values_in_place(session, dialect, now, kept)
    if not changed:
        return False
    returned = [U.c[name] for name in BUCKET_COLUMNS]
    mine = rows["patient_id"].isin(changed).to_numpy()
    rows, made = rows[mine], made[mine]
    fresh = ~_among(made, known)  # every row of a patient replaced whole: `known` has none of theirs
    stale = known[~_among(known, made)].tolist()
    # Two DELETEs, each a plain condition: with an OR between them, PostgreSQL tested each
    # row against the whole list of stale hashes (minutes for 10,000 patients). "+ 0" on
    # SQLite looks the rows up by patient alone, then tests the hash, rather than every
    # pair of patient and hash in the index.
    hashed = U.c.row_hash if dialect == "postgresql" else U.c.row_hash + 0
    removed = _raw_rows(session, delete(U).where(theirs, hashed.in_(_listed(dialect, "stale", stale, big=True)))
                        .returning(*returned)) if stale else []  # fmt: skip
    # Rows with no hash (stored before migration 0017), searched for only among the patients
    # whose totals counted some: searching every patient's rows for none took 0.02 s.
    unhashed = [patient for patient in compared if patient in stored and stored[patient][1] != stored[patient][2]]
    if unhashed:
        without_hash = and_(U.c.patient_id.in_(_listed(dialect, "unhashed", unhashed)), U.c.row_hash.is_(None))
        removed += _raw_rows(session, delete(U).where(without_hash).returning(*returned))
    if replace:
        whole = U.c.patient_id.in_(_listed(dialect, "replaced", sorted(replace)))
        removed += _raw_rows(session, delete(U).where(whole).returning(*returned))
    added = rows[fresh]
    _write(session, dialect, added.assign(row_hash=made[fresh]), into)
    add_to_buckets(session, dialect, bucket_changes(_by_column(removed, BUCKET_COLUMNS), added))
    return not added.empty


def _values_read(patients: list[tuple[Any, ...]]) -> dict[int, tuple[Any, ...]]:
    """Each patient's values kept in place (`IN_PLACE_VALUES`), from their `PATIENT_COLUMNS`
    rows as the refresh read them."""
    at = [PATIENT_COLUMNS.index(name) for name in ("patient_id", *IN_PLACE_VALUES)]
    return {row[at[0]]: tuple(row[i] for i in at[1:]) for row in patients}


def _values_held(session: Session, dialect: str, ids: list[int]) -> dict[int, tuple[Any, ...]]:
    """The values the stored rows of the patients `ids` hold, from their `uptake_values`
    entries (a patient with no entry is not in the result)."""
    held = select(V.c.patient_id, *(V.c[name] for name in IN_PLACE_VALUES)).where(
        V.c.patient_id.in_(_listed(dialect, "patients", ids))
    )
    return {patient: tuple(values) for patient, *values in _raw_rows(session, held)}


def _values_in_place(
    session: Session, dialect: str, now: dict[int, tuple[Any, ...]], kept: dict[int, tuple[Any, ...]]
) -> None:
    """Bring the values kept in place (`IN_PLACE_VALUES`) up to date on the stored rows of
    the patients whose entries (`kept`, `_values_held`) differ from the values the refresh
    read (`now`, `_values_read`), and write their entries; a patient with no entry gets one
    (their rows are all replaced by `_rewrite`), and a patient no longer in the patients
    table loses theirs (their rows go as no longer made).

    The values are the ones the refresh read, not the patients table again: a change
    committed by a clinic meanwhile would otherwise reach the stored rows and the entry
    but not the rows written new, and the next refresh, finding the entry up to date,
    would leave those rows as they are. That change queued the patient, so the next
    refresh takes it in whole. The rows of patients whose entry differs take the new
    values in one UPDATE ... FROM the entries, with no row leaving the database and no
    row hash or index entry changing."""
    names = list(IN_PLACE_VALUES)
    unknown = {patient for patient in now if patient not in kept}
    moved = [patient for patient, values in now.items() if patient in kept and kept[patient] != values]
    if unknown or moved:
        _write_entries(session, dialect, {patient: now[patient] for patient in sorted({*unknown, *moved})})
    if moved:
        session.execute(
            update(U).values({name: V.c[name] for name in names})
            .where(U.c.patient_id == V.c.patient_id, U.c.patient_id.in_(_listed(dialect, "moved", moved)))
        )  # fmt: skip
    gone = [patient for patient in kept if patient not in now]
    if gone:
        session.execute(delete(V).where(V.c.patient_id.in_(_listed(dialect, "gone", gone))))


def _write_entries(session: Session, dialect: str, entries: dict[int, tuple[Any, ...]]) -> None:
    """Insert or replace the `uptake_values` of these patients (patient -> `IN_PLACE_VALUES`).
    PostgreSQL takes them as one array per column in one statement: sent row by row, ten
    thousand entries took a fifth of a second; SQLite runs one prepared statement per row
    in process."""
    names = list(IN_PLACE_VALUES)
    rows: list[dict[str, Any]] | None = None
    insert: Any  # PostgreSQL's or SQLite's INSERT, each with its own ON CONFLICT
    if dialect == "postgresql":
        columns = list(zip(*entries.values(), strict=True))
        arrays = [bindparam("entry_patients", list(entries), type_=ARRAY(Integer)),
                  *(bindparam(f"entry_{name}", list(values), type_=ARRAY(V.c[name].type))
                    for name, values in zip(names, columns, strict=True))]  # fmt: skip
        listed = func.unnest(*arrays).table_valued("patient_id", *names).render_derived()
        insert = postgresql_insert(V).from_select(["patient_id", *names], select(*listed.c))
    else:
        insert = sqlite_insert(V)
        rows = [{"patient_id": patient, **dict(zip(names, values, strict=True))} for patient, values in entries.items()]
    upsert = insert.on_conflict_do_update(index_elements=[V.c.patient_id], set_={n: insert.excluded[n] for n in names})
    session.execute(upsert, rows)


def _among(values: npt.NDArray[np.int64], others: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Which of `values` are among `others`, through pandas' hash table: a twentieth of the
    time numpy's `isin` took for a few hundred thousand hashes (0.01 s against 0.19 s)."""
    return pd.Series(values).isin(others).to_numpy()


def _frame(session: Session, query: Select[Any], columns: tuple[str, ...]) -> pd.DataFrame:
    """The query's rows as a frame, read through the driver's own cursor: for a hundred
    thousand rows, SQLAlchemy's row objects took longer than the query."""
    return _by_column(_raw_rows(session, query), columns)


def _raw_rows(session: Session, query: Any) -> list[tuple[Any, ...]]:
    """Run a Core statement on the session's connection, the rows as the driver gives them
    (no SQLAlchemy types applied: days and times come as SQLite's text)."""
    connection = session.connection()
    compiled = query.compile(dialect=connection.dialect)
    params = compiled.params
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        if connection.dialect.paramstyle == "qmark":
            cursor.execute(str(compiled), [params[name] for name in compiled.positiontup or ()])
        else:
            cursor.execute(str(compiled), params)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def _by_column(found: Sequence[Any], columns: tuple[str, ...]) -> pd.DataFrame:
    if not found:
        return pd.DataFrame({name: [] for name in columns})
    return pd.DataFrame.from_records(found, columns=list(columns))


def _write(session: Session, dialect: str, rows: pd.DataFrame, into: str) -> None:
    """Write `rows` (a `summary_frame` with `row_hash`) into the table `into`, in key order,
    in one bulk write: COPY on PostgreSQL (`copy_rows.copy_text`), one prepared INSERT run
    for every row on SQLite. Days go as ISO text, which both store as the date (SQLite's
    own form of a date column). The temporary table `STAGED` is made on first use; each
    connection has its own, emptied by `_rewrite_all` (and on PostgreSQL at every commit)."""
    if rows.empty:
        return
    rows = rows.sort_values(["unit", "day", "patient_id", "place_id"], kind="stable")
    written = (*COLUMNS, "row_hash")
    names = ", ".join(written)
    connection = session.connection()
    if dialect == "postgresql":
        if into == STAGED:
            connection.exec_driver_sql(
                f"CREATE TEMP TABLE IF NOT EXISTS {STAGED} (LIKE uptake_days) ON COMMIT DELETE ROWS"
            )
        raw: Any = connection.connection.driver_connection
        with raw.cursor() as cursor, cursor.copy(f"COPY {into} ({names}) FROM STDIN") as copy:
            copy.write(copy_text(rows, written, DAYS).encode())
        return
    if into == STAGED:
        connection.exec_driver_sql(f"CREATE TEMP TABLE IF NOT EXISTS {STAGED} AS SELECT * FROM uptake_days WHERE 0")
    records = list(zip(*(_values(rows[name], name in DAYS) for name in written), strict=True))
    marks = ", ".join("?" for _ in written)
    connection.exec_driver_sql(f"INSERT INTO {into} ({names}) VALUES ({marks})", records)


def _values(column: pd.Series, is_day: bool) -> list[Any]:
    """A column as plain Python values (None where missing), days as 'YYYY-MM-DD' (each
    distinct day written once: a few hundred days stand for tens of thousands of rows)."""
    if is_day:
        return each_distinct(column, iso_days, None)
    return list(column.to_numpy(dtype=object, na_value=None))


def _sqlite_write_lock(session: Session, wait_ms: int | None) -> bool:
    """Take SQLite's write lock, waiting at most `wait_ms` (None: the connection's own
    busy timeout, then raise); False if it stayed busy.

    A large import holds the lock for its whole run. A reading then goes ahead on the
    summary as it stands (`not_taken_in` tells the page how many patients it may miss)
    rather than wait the connection's full busy timeout and fail."""
    if wait_ms is None:
        session.execute(delete(Q).where(Q.c.id < 0))
        return True
    raw = session.connection().connection.driver_connection
    waited = raw.execute("PRAGMA busy_timeout").fetchone()[0]  # type: ignore[union-attr]
    raw.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")  # type: ignore[union-attr]
    try:
        session.execute(delete(Q).where(Q.c.id < 0))
        return True
    except OperationalError as error:
        if "locked" not in str(error.orig).lower():
            raise
        return False
    finally:
        raw.execute(f"PRAGMA busy_timeout = {int(waited)}")  # type: ignore[union-attr]


def queued_patients(session: Session) -> int:
    """How many patients wait for a refresh (for `python -m screening check`)."""
    return int(session.scalar(select(func.count(func.distinct(Q.c.patient_id)))) or 0)


def tidy_uptake_days(engine: Engine) -> None:
    """After rewriting many patients' rows (an upgrade, a benchmark build): clear the old
    row versions and renew the planner's statistics. PostgreSQL's VACUUM must run outside
    a transaction, so this takes the engine, not a session; autovacuum does the same in
    time, but until then every reading steps over the old rows."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE uptake_days"))
            connection.execute(text("VACUUM ANALYZE uptake_buckets"))
    else:
        with engine.begin() as connection:
            connection.execute(text("ANALYZE uptake_days"))
            connection.execute(text("ANALYZE uptake_buckets"))


def not_taken_in(session: Session) -> int:
    """How many queued patients' changes the readings in this session went ahead without
    (0 unless SQLite's write lock was held by another writer when they refreshed)."""
    return int(session.info.get(NOT_TAKEN_IN, 0))
