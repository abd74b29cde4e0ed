"""Europe/London dates and ages inside SQL, the same on SQLite and PostgreSQL.

Design decisions:
- Times are stored in UTC; a person's age and a week or month belong to the London
  calendar. `london_date(ts)` compiles to `timezone('Europe/London', ts)::date` on
  PostgreSQL. SQLite has no time zones, so there it is a deterministic Python function
  registered on the connection (`use_london_dates`, called by each service before its
  query), using the same zoneinfo rules as the rest of the product. It is cached, since
  clinic appointments fall on a few thousand distinct times a year.
- The first and last day of a date's London week (Monday to Sunday) or month
  (`bucket_day`, issue 19) is plain date arithmetic in each database's own SQL (the date
  is already a London date: no time zone is involved).
- `age_in_years` is whole years on a date, in SQL, and matches `screening.patients.rules.age_bands.age_on`:
  a birthday not yet reached this year takes one off (a 29 February birthday is reached
  on 1 March in other years).
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Date, case, extract
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

LONDON = ZoneInfo("Europe/London")


class london_date(FunctionElement[Any]):
    """The Europe/London calendar date of a UTC timestamp column."""

    type = Date()
    name = "london_date"
    inherit_cache = True


@compiles(london_date, "postgresql")
def _postgresql(element: london_date, compiler: Any, **kw: Any) -> str:
    return f"CAST(timezone('Europe/London', {compiler.process(element.clauses, **kw)}) AS DATE)"


@compiles(london_date)
def _registered(element: london_date, compiler: Any, **kw: Any) -> str:
    return f"london_date({compiler.process(element.clauses, **kw)})"


@lru_cache(maxsize=100_000)
def _london_date_text(stamp: str | None) -> str | None:
    """SQLite's stored UTC text ('2026-06-01 23:30:00.000000') -> its London date text."""
    if stamp is None:
        return None
    moment = datetime.fromisoformat(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LONDON).date().isoformat()


def use_london_dates(session: Session) -> None:
    """Make `london_date` callable on this session's SQLite connection (PostgreSQL has it)."""
    if session.get_bind().dialect.name == "sqlite":
        raw = session.connection().connection.driver_connection
        raw.create_function("london_date", 1, _london_date_text, deterministic=True)  # type: ignore[union-attr]


def age_in_years(born: ColumnElement[Any], on: ColumnElement[Any]) -> ColumnElement[Any]:
    """Completed years of age on the date `on` of someone born on `born` (both SQL dates)."""
    birthday_ahead = extract("month", on) * 100 + extract("day", on) < extract("month", born) * 100 + extract(
        "day", born
    )
    return extract("year", on) - extract("year", born) - case((birthday_ahead, 1), else_=0)


class bucket_day(FunctionElement[Any]):
    """The first or last day of the London week (Monday to Sunday) or month holding a
    date column (`uptake_periods`): plain date arithmetic, no time zone, since the
    column is already a London date. Subclasses fix the grain and the end."""

    type = Date()
    inherit_cache = True
    grain = "week"
    last = False


class week_first_day(bucket_day):
    name = "week_first_day"
    inherit_cache = True


class week_last_day(bucket_day):
    name = "week_last_day"
    inherit_cache = True
    last = True


class month_first_day(bucket_day):
    name = "month_first_day"
    inherit_cache = True
    grain = "month"


class month_last_day(bucket_day):
    name = "month_last_day"
    inherit_cache = True
    grain = "month"
    last = True


@compiles(bucket_day, "postgresql")
def _bucket_day_postgresql(element: bucket_day, compiler: Any, **kw: Any) -> str:
    day = compiler.process(element.clauses, **kw)
    if element.grain == "week":  # ISO day of week: Monday 1 ... Sunday 7
        return f"({day} - CAST(EXTRACT(ISODOW FROM {day}) AS INTEGER) + {7 if element.last else 1})"
    if element.last:
        return f"CAST(date_trunc('month', {day}) + INTERVAL '1 month' - INTERVAL '1 day' AS DATE)"
    return f"CAST(date_trunc('month', {day}) AS DATE)"


@compiles(bucket_day)
def _bucket_day_sqlite(element: bucket_day, compiler: Any, **kw: Any) -> str:
    day = compiler.process(element.clauses, **kw)
    if element.grain == "week":  # strftime('%w'): Sunday 0 ... Saturday 6; 'weekday 0': on to Sunday
        if element.last:
            return f"date({day}, 'weekday 0')"
        return f"date({day}, '-' || ((CAST(strftime('%w', {day}) AS INTEGER) + 6) % 7) || ' days')"
    if element.last:
        return f"date({day}, 'start of month', '+1 month', '-1 day')"
    return f"date({day}, 'start of month')"


BUCKET_DAYS: dict[str, tuple[type[bucket_day], type[bucket_day]]] = {
    "week": (week_first_day, week_last_day),
    "month": (month_first_day, month_last_day),
}
