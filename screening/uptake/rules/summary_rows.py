"""The uptake summary's rows of some patients, worked out from their events (issue 19).

What a row holds is defined in `models.uptake_days`: one row per unit (a patient, a patient
at a site, a patient at a clinic) and London day with an event; `prev_day` the unit's
previous such day; `next_<event>` the first day, this one or later, with that event; the
patient's breakdown values, and their age on `next_attended`.

Design decisions:
- Pure pandas on frames the refresh reads (`screening.uptake.services.uptake_days`): the
  same rows the window functions of SQL gave (LAG and running MIN over each unit's days),
  at a tenth of the time on SQLite, where the sorts of three window passes over a
  quarter of a million rows took seconds in the write lock.
- London days from UTC times with the zoneinfo rules the rest of the product uses
  (`Europe/London`); a time with no zone is UTC, as stored.
- `row_hashes`: a 48-bit hash of each row, stored with the row (`uptake_days.row_hash`).
  The refresh rewrites only the rows whose hash it no longer makes: most queued patients'
  rows come out as they were (an appointment booked ahead, a flag reviewed in time), and
  a new visit changes a few rows of a patient, not all; rewriting every row was most of
  the cost of a catch-up. It first compares each patient's sum and count of hashes, so a
  patient whose rows all come out the same costs one total, not a read of every row. A
  changed row whose hash equals the old one's, or a changed patient whose hashes add up
  to the old sum with the same count, would be left as stored: about one chance in 2^48
  (2.8 x 10^14) each.
- The hash leaves out the breakdown values that are the same on every row of a patient
  and in no key (`IN_PLACE_VALUES`: ethnic category, IMD decile, gender, language,
  interpreter). When one of them changes (a new deprivation release, a corrected
  ethnic category), the refresh updates them on the patient's rows in place, one
  statement for all, instead of deleting and writing every row again with a new hash:
  a third of the time for a quarter of a million rows. Which values a patient's rows hold
  is kept beside them (`models.uptake_days.UptakeValues`). The diagnosis group stays in
  the hash: the per-site totals are kept by it, so its change must go through them.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from screening.uptake.rules.summary_columns import COLUMNS, DAYS, EVENTS, IN_PLACE_VALUES, PATIENT_VALUES

LONDON = "Europe/London"
EVENT_COLUMNS: tuple[str, ...] = ("patient_id", "clinic_id", "site_id", "at", *EVENTS)
# The events as the refresh reads them: one number, bit i set for `EVENTS[i]` (`unpack_events`).
READ_COLUMNS: tuple[str, ...] = ("patient_id", "clinic_id", "site_id", "at", "events")
PATIENT_COLUMNS: tuple[str, ...] = ("patient_id", *PATIENT_VALUES, "date_of_birth")
PLACES = {"patient": None, "site": "site_id", "clinic": "clinic_id"}
HASH_BITS = 48  # a row's hash (`row_hashes`): room to add up 2^15 of them in 63 bits
HASHED: tuple[str, ...] = tuple(name for name in COLUMNS if name not in IN_PLACE_VALUES)
NONE = np.iinfo(np.int64).max  # no such day (a running minimum passes over it)


def london_days(stamps: pd.Series) -> pd.Series:
    """The Europe/London calendar day (midnight, no zone) of each UTC time: ISO text as
    SQLite stores it ('2026-06-01 23:30:00.000000', no zone: UTC), datetimes, or whole
    seconds since 1970 (as PostgreSQL gives them to the refresh)."""
    if pd.api.types.is_integer_dtype(stamps):
        moments = pd.to_datetime(stamps, unit="s", utc=True)
    else:
        moments = pd.to_datetime(stamps, utc=True, format="ISO8601")
    return moments.dt.tz_convert(LONDON).dt.tz_localize(None).dt.normalize()


def unpack_events(read: pd.DataFrame) -> pd.DataFrame:
    """Events read as `READ_COLUMNS` -> `EVENT_COLUMNS`, each event 0 or 1. One number
    instead of nine columns makes the read of a hundred thousand events half as long: the
    driver builds, and pandas takes apart, one value a row instead of nine."""
    bits = read["events"].to_numpy(dtype=np.int64)
    unpacked = {event: (bits >> index) & 1 for index, event in enumerate(EVENTS)}
    return pd.concat([read.drop(columns="events"), pd.DataFrame(unpacked, index=read.index)], axis=1)


def summary_frame(events: pd.DataFrame, patients: pd.DataFrame) -> pd.DataFrame:
    """The summary rows (`COLUMNS`, in order of unit then day) of the patients in `patients`
    (`PATIENT_COLUMNS`), from their `events` (`EVENT_COLUMNS`: one row per attended
    appointment or sitting, `at` its UTC time, each event 0 or 1). Days are datetimes at
    midnight; `imd_decile` and `age_attended` may be missing (<NA>)."""
    if events.empty:
        return pd.DataFrame({name: pd.Series(dtype=_dtype(name)) for name in COLUMNS})
    events = events.assign(day=london_days(events["at"]))
    units = pd.concat([_unit_frame(events, unit, place) for unit, place in PLACES.items()], ignore_index=True)
    # Unit then day (a stable sort keeps each unit's days by patient), before the patient's
    # text values are attached: moving text columns is the slow part of a sort.
    units = units.take(np.lexsort((units["day"].to_numpy(), units["unit_order"].to_numpy()))).reset_index(drop=True)
    values = patients.set_index("patient_id")
    found = values.index.get_indexer(units["patient_id"])
    units = units[found >= 0].reset_index(drop=True)
    found = found[found >= 0]
    # Text stays plain Python objects: pandas' own string type costs a conversion of each column.
    rows = units.assign(
        unit=pd.Series(np.array(list(PLACES), dtype=object)[units["unit_order"].to_numpy()], dtype=object)
    )
    for name in PATIENT_VALUES:
        rows[name] = pd.Series(values[name].to_numpy(dtype=object)[found], dtype=object)
    born = pd.Series(pd.to_datetime(values["date_of_birth"]).to_numpy()[found], index=rows.index)
    rows["age_attended"] = ages_on(born, rows["next_attended"])
    rows["imd_decile"] = pd.array(rows["imd_decile"].to_numpy(dtype=object), dtype="Int64")
    rows["interpreter_needed"] = rows["interpreter_needed"].astype(bool)
    for name in DAYS:  # one resolution whatever the input was, so a row always hashes the same
        rows[name] = rows[name].astype("datetime64[ns]")
    return rows.loc[:, list(COLUMNS)]


def ages_on(born: pd.Series, on: pd.Series) -> pd.Series:
    """Whole years of age on each day `on` (missing where it is), the rule of
    `screening.patients.rules.age_bands.age_on` for a column at once: a birthday not yet
    reached that year takes one off, so a 29 February birthday is reached on 1 March."""
    ahead = on.dt.month * 100 + on.dt.day < born.dt.month * 100 + born.dt.day
    return (on.dt.year - born.dt.year - ahead.astype("int64")).astype("Int64")


def _unit_frame(events: pd.DataFrame, unit: str, place: str | None) -> pd.DataFrame:
    """One kind of unit's rows, without the patient's values."""
    keys = ["patient_id", "place_id"]
    placed = events.assign(place_id=0 if place is None else events[place])
    days = placed.groupby([*keys, "day"], sort=True)[list(EVENTS)].max().reset_index()
    days["prev_day"] = days.groupby(keys, sort=False)["day"].shift(1)
    # The first day with each event from this one on: a running minimum over the unit's days
    # taken backwards, with days lacking the event as the largest number (pandas' own
    # running minimum leaves a gap at each missing value instead of carrying it on).
    backwards = days.iloc[::-1]
    as_numbers = backwards["day"].to_numpy(dtype="datetime64[ns]").view(np.int64)
    firsts = pd.DataFrame({e: np.where(backwards[e].to_numpy() == 1, as_numbers, NONE) for e in EVENTS})
    firsts[keys] = backwards[keys].to_numpy()
    running = firsts.groupby(keys, sort=False).cummin().to_numpy(dtype=np.int64)[::-1]
    for index, event in enumerate(EVENTS):
        found = running[:, index]
        days[f"next_{event}"] = pd.to_datetime(np.where(found == NONE, np.iinfo(np.int64).min, found))
    days["unit_order"] = list(PLACES).index(unit)
    return days.drop(columns=list(EVENTS))


def _dtype(name: str) -> str:
    if name in ("unit", "ethnic_category", "gender_code", "preferred_language", "diagnosis_group"):
        return "object"
    if name == "interpreter_needed":
        return "bool"
    if name in ("imd_decile", "age_attended"):
        return "Int64"
    return "int64" if name in ("patient_id", "place_id") else "datetime64[ns]"


def row_hashes(rows: pd.DataFrame) -> npt.NDArray[np.int64]:
    """A hash of each row's `HASHED` columns (all but `IN_PLACE_VALUES`, the key among
    them, so a hash stands for the row), stable from one run and process to the next: the
    top `HASH_BITS` bits of pandas' 64-bit hash, so that a patient's hashes add up in a
    64-bit integer on both databases (SQLite's sum() stops at an overflow) for up to 2^15
    (32,768) rows, far more than a patient attending every day for ten years at one clinic
    (about 11,000)."""
    if rows.empty:
        return np.empty(0, dtype=np.int64)
    hashes: npt.NDArray[np.uint64] = pd.util.hash_pandas_object(rows.loc[:, list(HASHED)], index=False).to_numpy()
    return (hashes >> np.uint64(64 - HASH_BITS)).astype(np.int64)
