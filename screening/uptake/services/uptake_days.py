"""Keeping the uptake summary (`models.uptake_days`) up to date (issue 8).

Design decisions:
- Triggers queue every patient whose attendances, sittings, flags or breakdown values changed
  (`uptake_stale`, migration 0005); `refresh_uptake_days` rewrites those patients' rows
  from the source tables in two statements (DELETE, then INSERT ... SELECT), so a
  patient's rows are always exactly what the source tables say, however they changed.
- Who refreshes: every uptake read first (`uptake_counts`, `uptake_trend`), so a reading
  never sees a row older than its own transaction; and the imports and demo loads at
  their end, so the next reading has little to do. `python -m screening refresh-uptake`
  does it by hand (after an upgrade, say).
- The rows are worked out in SQL with window functions, the same SQL on both databases:
  events (attended appointments, and sittings with their flags) are grouped into one row
  per unit and London day; LAG gives `prev_day`, and MIN over the days from this one on
  gives each `next_<event>` (one window ordering, so one sort); the patient's breakdown
  values are copied on, with their age on `next_attended`.
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
  issue 19) are kept in the same statements' transaction: the queued patients' old
  contributions taken off before their rows are deleted, the new ones added after.
- The flag measures follow `uptake_sql`: a flag counts on a completed sitting; it is late
  when it was neither acknowledged nor closed by its due time; unresolved with no outcome.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import (
    Integer,
    and_,
    bindparam,
    case,
    delete,
    func,
    insert,
    literal_column,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, Select

from models import Attendance, Clinic, Flag, Patient, ScreeningSession, UptakeDay, UptakeStale
from models.uptake_days import EVENTS, PATIENT_VALUES, UNITS
from screening.uptake.services.london_dates import age_in_years, london_date, use_london_dates
from screening.uptake.services.uptake_buckets import add_statements

A, S, F, C, P = Attendance.__table__, ScreeningSession.__table__, Flag.__table__, Clinic.__table__, Patient.__table__
U, Q = UptakeDay.__table__, UptakeStale.__table__
LOCK = 8_202_611  # the advisory lock key of the refresh (any fixed number of our own)
BUSY_WAIT_MS = 2000  # SQLite: how long a reading waits for the write lock before going ahead
COLUMNS = ["unit", "day", "patient_id", "place_id", "prev_day", *(f"next_{e}" for e in EVENTS), *PATIENT_VALUES,
           "age_attended"]  # fmt: skip
NOT_TAKEN_IN = "uptake_days.not_taken_in"  # Session.info key: patients a reading went ahead without


def _flag_to_int(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return case((condition, 1), else_=0)


def _events(patients: Select[Any]) -> Any:
    """One row per attended appointment and per sitting of the queued patients, with 0/1
    columns for each event, on its London day."""
    zero, one = literal_column("0", Integer), literal_column("1", Integer)
    attended = select(
        A.c.patient_id, A.c.clinic_id, london_date(A.c.appointment_at).label("day"), one.label("attended"),
        *(zero.label(name) for name in EVENTS[1:]),
    ).where(A.c.status == "attended", A.c.patient_id.in_(patients))  # fmt: skip
    reviewed_at = func.coalesce(F.c.acknowledged_at, F.c.closed_at)
    flags = (
        select(F.c.session_id, func.max(_flag_to_int(or_(reviewed_at.is_(None), reviewed_at > F.c.due_at))).label("late"),
               func.max(_flag_to_int(F.c.outcome.is_(None))).label("unresolved"))
        .where(F.c.patient_id.in_(patients)).group_by(F.c.session_id).subquery("session_flags")
    )  # fmt: skip
    completed = S.c.status == "completed"
    flagged = and_(completed, flags.c.session_id.is_not(None))
    sittings = (
        select(S.c.patient_id, S.c.clinic_id, london_date(S.c.started_at).label("day"), zero.label("attended"),
               one.label("offered"), _flag_to_int(completed).label("screened"),
               _flag_to_int(S.c.status == "declined").label("declined"),
               _flag_to_int(and_(completed, S.c.mode == "assisted")).label("assisted"),
               _flag_to_int(flagged).label("flagged"), _flag_to_int(and_(flagged, flags.c.late == 1)).label("late"),
               _flag_to_int(and_(flagged, flags.c.unresolved == 1)).label("unresolved"),
               _flag_to_int(and_(completed, S.c.remote.is_(True))).label("remote"))
        .select_from(S.outerjoin(flags, flags.c.session_id == S.c.id))
        .where(S.c.patient_id.in_(patients))
    )  # fmt: skip
    return union_all(attended, sittings).cte("events").prefix_with("MATERIALIZED")


def _unit_rows(events: Any, unit: str) -> Select[*tuple[Any, ...]]:
    """The summary rows of one kind of unit, from the events."""
    if unit == "patient":
        keys = [events.c.patient_id]
        place: ColumnElement[Any] = literal_column("0", Integer)
        source = events
    else:
        source = events.join(C, C.c.id == events.c.clinic_id) if unit == "site" else events
        place = C.c.site_id if unit == "site" else events.c.clinic_id
        keys = [events.c.patient_id, place]
    days = (
        select(*keys[:1], place.label("place_id"), events.c.day, *(func.max(events.c[e]).label(e) for e in EVENTS))
        .select_from(source).group_by(*keys, events.c.day).subquery(f"{unit}_days")
    )  # fmt: skip
    unit_of = (days.c.patient_id, days.c.place_id)
    later: dict[str, Any] = {"partition_by": unit_of, "order_by": days.c.day.desc(), "rows": (None, 0)}
    return select(
        literal_column(f"'{unit}'").label("unit"), days.c.day, days.c.patient_id, days.c.place_id,
        func.lead(days.c.day).over(partition_by=unit_of, order_by=days.c.day.desc()).label("prev_day"),
        *(func.min(case((days.c[e] == 1, days.c.day))).over(**later).label(f"next_{e}") for e in EVENTS),
        *(P.c[name] for name in PATIENT_VALUES),
        age_in_years(P.c.date_of_birth, func.min(case((days.c.attended == 1, days.c.day))).over(**later)),
    ).select_from(days.join(P, P.c.id == days.c.patient_id))  # fmt: skip


def summary_rows(patients: Select[Any]) -> Select[Any]:
    """Every summary row of the patients selected by `patients` (a SELECT of patient ids)."""
    events = _events(patients)
    # In key order (unit, day): PostgreSQL then stores a period's rows together, and
    # SQLite appends to its key-ordered table instead of inserting all over it.
    by_unit_and_day: tuple[ColumnElement[Any], ...] = (literal_column("1"), literal_column("2"))
    return union_all(*(_unit_rows(events, unit) for unit in UNITS)).order_by(*by_unit_and_day)  # type: ignore[return-value]


def refresh_uptake_days(session: Session, *, give_way: bool = True, limit: int | None = None) -> int:
    """Rewrite the summary rows of every queued patient; returns how many patients.

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
        patients: Any = select(func.unnest(bindparam("patients", ids, type_=ARRAY(Integer))))
        if not ids:  # another refresh emptied the queue while this one waited
            return 0
    else:
        # A write that changes nothing takes SQLite's write lock first: no one else can
        # write until this transaction ends, so the queue read next is the whole queue.
        if not _sqlite_write_lock(session, BUSY_WAIT_MS if give_way else None):
            # Another writer (an import) holds it: read the summary as it stands, and note
            # how many patients' changes it may miss for the page to say (`not_taken_in`).
            session.info[NOT_TAKEN_IN] = queued_patients(session)
            return 0
        last = session.scalar(
            select(func.max(Q.c.id))
            if limit is None
            else select(func.max(select(Q.c.id).order_by(Q.c.id).limit(limit).subquery().c.id))
        )
        if last is None:
            return 0
        counted, take_off, delete_rows, insert_rows, add_on = _sqlite_statements()
        refreshed = int(session.scalar(counted, {"last": last}) or 0)
        use_london_dates(session)
        for statement in (*take_off, delete_rows, insert_rows, *add_on):
            session.execute(statement, {"last": last})
        session.execute(delete(Q).where(Q.c.id <= last))
        return refreshed
    use_london_dates(session)
    for statement in add_statements("postgresql", patients, -1):
        session.execute(statement)
    session.execute(delete(U).where(U.c.patient_id.in_(patients)))
    session.execute(insert(U).from_select(COLUMNS, summary_rows(patients)))
    for statement in add_statements("postgresql", patients, 1):
        session.execute(statement)
    return len(ids)


@cache
def _sqlite_statements() -> tuple[Any, list[Any], Any, Any, list[Any]]:
    """SQLite's count, the bucket totals' take-off, DELETE, INSERT ... SELECT and the
    totals' add-on for the queue up to `:last`, built once: building and compiling the
    summary query costs tens of milliseconds, paid in the write lock on every refresh (an
    import refreshes every few thousand rows)."""
    patients = select(Q.c.patient_id).where(Q.c.id <= bindparam("last")).distinct()
    return (select(func.count()).select_from(patients.subquery()), add_statements("sqlite", patients, -1),
            delete(U).where(U.c.patient_id.in_(patients)), insert(U).from_select(COLUMNS, summary_rows(patients)),
            add_statements("sqlite", patients, 1))  # fmt: skip


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
