"""The uptake summary: one row per unit and London day with an event, kept up to date.

A *unit* is what the uptake definitions count (issue 8): a patient, a patient at a site,
or a patient at a clinic (`unit` 'patient', 'site', 'clinic'; `place_id` 0, the site id
or the clinic id). A unit has a row for each London day on which it attended or had a
sitting started. Each row carries:
- `prev_day`: the unit's previous day with a row (NULL for its first);
- `next_<event>`: the first day, this one or later, on which the unit had that event:
  attended, offered (any sitting), screened (completed), declined, assisted (completed
  with staff help), flagged (a completed sitting with a flag), late (such a flag not
  reviewed by its due time), unresolved (such a flag with no outcome) and remote (a
  completed sitting begun from a secure link, `screening_sessions.remote`; migration 0015).

The patient's breakdown values (ethnic category, IMD decile, gender, language,
interpreter, diagnosis group) are copied onto each row, with their age on
`next_attended` (the age band's "age at the first eligible attendance in the period"),
so a reading never joins the patients table or works out a date per row; a change to
them or to the date of birth queues the patient like any other.

So for any period [from, to] of London days, each unit with an event in the period has
exactly one row with `from <= day <= to` and `prev_day` before `from` (or none): its
first day in the period. Every measure is then a comparison on that one row
(`next_screened <= to`...), with no grouping per patient. `screening.uptake.services.uptake_days`
writes the rows; `screening.uptake.services.uptake_summary_sql` reads them.

Rows are derived, never edited: triggers on attendances, screening sessions, flags,
patients and clinics (migration 0005) add the patient to `uptake_stale`, and the refresh
works that patient's rows out again from the source tables in the reading transaction,
replacing the rows whose hash (`row_hash`, migration 0017) changed. No foreign keys: the
rows are a cache of the source tables, and they are rewritten, not referenced.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Date, Index, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from screening.uptake.rules.summary_columns import EVENTS, PATIENT_VALUES, UNITS

__all__ = ["EVENTS", "PATIENT_VALUES", "UNITS", "UptakeBucket", "UptakeDay", "UptakeStale", "UptakeValues"]


class UptakeDay(Base):
    __tablename__ = "uptake_days"
    __table_args__ = (
        CheckConstraint("unit IN ('patient', 'site', 'clinic')", name="unit_known"),
        CheckConstraint("prev_day IS NULL OR prev_day < day", name="prev_day_before_day"),
        # A patient's rows and their hashes, read by the refresh without touching the table.
        Index("ix_uptake_days_patient_id_row_hash", "patient_id", "row_hash"),
        # SQLite: stored in key order, so a period is one contiguous range of rows.
        {"sqlite_with_rowid": False},
    )

    unit: Mapped[str] = mapped_column(String(7), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    patient_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    place_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    prev_day: Mapped[date | None] = mapped_column(Date)
    next_attended: Mapped[date | None] = mapped_column(Date)
    next_offered: Mapped[date | None] = mapped_column(Date)
    next_screened: Mapped[date | None] = mapped_column(Date)
    next_declined: Mapped[date | None] = mapped_column(Date)
    next_assisted: Mapped[date | None] = mapped_column(Date)
    next_flagged: Mapped[date | None] = mapped_column(Date)
    next_late: Mapped[date | None] = mapped_column(Date)
    next_unresolved: Mapped[date | None] = mapped_column(Date)
    next_remote: Mapped[date | None] = mapped_column(Date)
    # Copied from the patient (`PATIENT_VALUES`).
    ethnic_category: Mapped[str] = mapped_column(String(2))
    imd_decile: Mapped[int | None] = mapped_column(SmallInteger)
    gender_code: Mapped[str] = mapped_column(String(1))
    preferred_language: Mapped[str] = mapped_column(String(40))
    interpreter_needed: Mapped[bool] = mapped_column(Boolean)
    diagnosis_group: Mapped[str] = mapped_column(String(60))
    # Whole years of age on `next_attended` (from the date of birth; NULL with it).
    age_attended: Mapped[int | None] = mapped_column(SmallInteger)
    # A hash of the row's other columns but the values kept in place (`UptakeValues`;
    # `screening.uptake.rules.summary_rows.row_hashes`): the refresh rewrites only the rows
    # whose hash it no longer makes (NULL: never made).
    row_hash: Mapped[int | None] = mapped_column(BigInteger)


class UptakeStale(Base):
    """Patients whose summary rows are out of date: appended by triggers, emptied by the refresh.

    A log, not a set (no unique key), so a clinic's write never waits on another
    transaction's entry for the same patient."""

    __tablename__ = "uptake_stale"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(Integer)


class UptakeBucket(Base):
    """Patients at a site per London week or month and diagnosis group, added up from the
    summary's site rows (issue 19), so the uptake-over-time chart reads one small row per
    site, bucket and diagnosis group instead of every unit's rows in the bucket.

    `eligible` counts the site units whose first row in the bucket (`prev_day` before the
    bucket's first day) has `next_attended` within the bucket, and `screened` those of
    them with `next_screened` within it: the uptake-over-time definitions of
    `screening.uptake.services.uptake_trend` for a whole week or month. Derived, never
    edited: the refresh takes off the counts of a queued patient's old rows and adds
    those of the new ones in its own transaction (`screening.uptake.services.uptake_buckets`),
    so the table always adds up `uptake_days` exactly. A bucket can hold zeros after a
    patient moves away from it."""

    __tablename__ = "uptake_buckets"
    __table_args__ = (
        CheckConstraint("grain IN ('week', 'month')", name="grain_known"),
        {"sqlite_with_rowid": False},
    )

    grain: Mapped[str] = mapped_column(String(5), primary_key=True)
    first_day: Mapped[date] = mapped_column(Date, primary_key=True)
    site_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    diagnosis_group: Mapped[str] = mapped_column(String(60), primary_key=True)
    eligible: Mapped[int] = mapped_column(Integer)
    screened: Mapped[int] = mapped_column(Integer)


class UptakeValues(Base):
    """The breakdown values a patient's summary rows hold, of those the refresh changes in
    place (`summary_columns.IN_PLACE_VALUES`, issue 19, migration 0018).

    They are the same on every row of the patient and left out of the row hashes, so when
    a patient's values change (a new deprivation release, a corrected ethnic category) the
    refresh compares them with this row and updates the patient's summary rows in one
    statement, instead of writing each row again. Written by the refresh in the same
    transaction as the rows. A patient with no entry (rows stored before 0018) has every row
    replaced at their next refresh: what their rows hold is not known."""

    __tablename__ = "uptake_values"
    __table_args__ = ({"sqlite_with_rowid": False},)

    patient_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    ethnic_category: Mapped[str] = mapped_column(String(2))
    imd_decile: Mapped[int | None] = mapped_column(SmallInteger)
    gender_code: Mapped[str] = mapped_column(String(1))
    preferred_language: Mapped[str] = mapped_column(String(40))
    interpreter_needed: Mapped[bool] = mapped_column(Boolean)
