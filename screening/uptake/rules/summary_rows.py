"""The uptake summary's rows of some patients, worked out from their events (issue 19).

What a row holds is defined in `models.uptake_days`: one row per unit (a patient, a patient
at a site, a patient at a clinic) and London day with an event; `prev_day` the unit's
previous such day; `next_<event>` the first day, this one or later, with that event; the
patient's breakdown values, and their age on `next_attended`.

Design decisions:
- Pure pandas and numpy on frames the refresh reads (`screening.uptake.services.uptake_days`):
  the same rows the window functions of SQL gave (LAG and running MIN over each unit's
  days), at a tenth of the time on SQLite, where the sorts of three window passes over a
  quarter of a million rows took seconds in the write lock. Each kind of unit is one
  numpy sort and a few passes over it (`_unit_rows`); pandas' grouping by patient, place
  and day took 0.34 s for a catch-up of 10,000 patients, numpy 0.21 s, the same rows.
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

from screening.uptake.rules.summary_columns import COLUMNS, EVENTS, IN_PLACE_VALUES, PATIENT_VALUES

LONDON = "Europe/London"
EVENT_COLUMNS: tuple[str, ...] = ("patient_id", "clinic_id", "site_id", "at", *EVENTS)
# The events as the refresh reads them: one number, bit i set for `EVENTS[i]` (`event_bits`).
READ_COLUMNS: tuple[str, ...] = ("patient_id", "clinic_id", "site_id", "at", "events")
PATIENT_COLUMNS: tuple[str, ...] = ("patient_id", *PATIENT_VALUES, "date_of_birth")
PLACES = {"patient": None, "site": "site_id", "clinic": "clinic_id"}
HASH_BITS = 48  # a row's hash (`row_hashes`): room to add up 2^15 of them in 63 bits
HASHED: tuple[str, ...] = tuple(name for name in COLUMNS if name not in IN_PLACE_VALUES)
DAY_NS = 86_400 * 10**9  # a day in nanoseconds: datetimes at midnight <-> day numbers
# Day numbers (days since 1970) of datetime64[ns], which spans 1677-2262, lie within +-106,752.
NO_DAY = 1 << 20  # no such day: a day number after any real one, so a running minimum passes it
SPAN = 1 << 21  # `_unit_rows`: more than NO_DAY minus any day number, so each unit's values sit apart
NAT = np.iinfo(np.int64).min  # NaT as a datetime64's integer


def london_days(stamps: pd.Series) -> pd.Series:
    """The Europe/London calendar day (midnight, no zone) of each UTC time: ISO text as
    SQLite stores it ('2026-06-01 23:30:00.000000', no zone: UTC), datetimes, or whole
    seconds since 1970 (as PostgreSQL gives them to the refresh)."""
    if pd.api.types.is_integer_dtype(stamps):
        moments = pd.to_datetime(stamps, unit="s", utc=True)
    else:
        moments = pd.to_datetime(stamps, utc=True, format="ISO8601")
    return moments.dt.tz_convert(LONDON).dt.tz_localize(None).dt.normalize()


def summary_frame(events: pd.DataFrame, patients: pd.DataFrame) -> pd.DataFrame:
    """The summary rows (`COLUMNS`, in order of unit then day) of the patients in `patients`
    (`PATIENT_COLUMNS`), from their `events`: one row per attended appointment or sitting,
    `at` its UTC time, with its events as the refresh reads them (`READ_COLUMNS`) or each
    0 or 1 (`EVENT_COLUMNS`). Days are datetimes at midnight; `imd_decile` and
    `age_attended` may be missing (<NA>)."""
    if events.empty:
        return pd.DataFrame({name: pd.Series(dtype=_dtype(name)) for name in COLUMNS})
    days = london_days(events["at"]).to_numpy(dtype="datetime64[ns]").view(np.int64) // DAY_NS
    bits = event_bits(events)
    patient = events["patient_id"].to_numpy(dtype=np.int64)
    parts = [
        _unit_rows(patient, np.zeros_like(patient) if place is None else events[place].to_numpy(dtype=np.int64),
                   days, bits)
        for place in PLACES.values()
    ]  # fmt: skip
    unit_order = np.concatenate([np.full(len(part[0]), order) for order, part in enumerate(parts)])
    patient, place, day, prev_day, nexts = (np.concatenate(column) for column in zip(*parts, strict=True))
    # Unit then day, then patient and place (each unit's rows come out by patient, place and day).
    order = np.lexsort((place, patient, day, unit_order))
    values = patients.set_index("patient_id")
    found = values.index.get_indexer(patient[order])
    order, found = order[found >= 0], found[found >= 0]
    # Each patient's values are made ready once and then taken for each of their rows.
    # Text stays plain Python objects: pandas' own string type costs a conversion of each column.
    ready = {name: pd.Series(values[name].to_numpy(dtype=object), dtype=object) for name in PATIENT_VALUES}
    ready["imd_decile"] = pd.Series(pd.array(values["imd_decile"].to_numpy(dtype=object), dtype="Int64"))
    ready["interpreter_needed"] = pd.Series(values["interpreter_needed"].astype(bool).to_numpy())
    born = pd.Series(pd.to_datetime(values["date_of_birth"]).to_numpy()[found])
    columns = {
        "unit": pd.Series(np.array(list(PLACES), dtype=object)[unit_order[order]], dtype=object),
        "day": _as_days(day[order]), "patient_id": patient[order], "place_id": place[order],
        "prev_day": _as_days(prev_day[order]),
        **{f"next_{event}": _as_days(nexts[order, index]) for index, event in enumerate(EVENTS)},
        **{name: ready[name].take(found).reset_index(drop=True) for name in PATIENT_VALUES},
    }  # fmt: skip
    columns["age_attended"] = ages_on(born, pd.Series(columns["next_attended"]))
    return pd.DataFrame({name: columns[name] for name in COLUMNS})


def event_bits(events: pd.DataFrame) -> npt.NDArray[np.int64]:
    """Each event row's events as one number, bit i set for `EVENTS[i]`: the `events` column
    as the refresh reads it (`READ_COLUMNS`: the driver builds, and pandas takes in, one
    value a row instead of nine), or made from a column per event (`EVENT_COLUMNS`)."""
    if "events" in events.columns:
        read: npt.NDArray[np.int64] = events["events"].to_numpy(dtype=np.int64)
        return read
    bits = np.zeros(len(events), dtype=np.int64)
    for index, event in enumerate(EVENTS):
        bits |= (events[event].to_numpy() != 0).astype(np.int64) << index
    return bits


def ages_on(born: pd.Series, on: pd.Series) -> pd.Series:
    """Whole years of age on each day `on` (missing where it is), the rule of
    `screening.patients.rules.age_bands.age_on` for a column at once: a birthday not yet
    reached that year takes one off, so a 29 February birthday is reached on 1 March."""
    ahead = on.dt.month * 100 + on.dt.day < born.dt.month * 100 + born.dt.day
    return (on.dt.year - born.dt.year - ahead.astype("int64")).astype("Int64")


def _unit_rows(
    patient: npt.NDArray[np.int64],
    place: npt.NDArray[np.int64],
    day: npt.NDArray[np.int64],
    bits: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.int64], ...]:
    """One kind of unit's rows (a unit is a patient and a place), without the patient's
    values: patient, place, day, previous day (`NO_DAY` for none) and the first day of each
    event from this one on (one column per `EVENTS`, `NO_DAY` for none), days as day
    numbers, in order of patient, place and day.

    In numpy on one sort rather than pandas' grouping by three keys (all of a catch-up of
    10,000 patients' rows in 0.21 s against 0.34 s): a day's events are the bitwise OR of
    its events' bits, and the first day of each event from a row on is a running minimum
    taken backwards over the unit's days, kept within the unit by adding `SPAN` times the
    unit's number to each value, so that no later unit's value (a larger number) can be
    the minimum."""
    order = np.lexsort((day, place, patient))
    patient, place, day, bits = patient[order], place[order], day[order], bits[order]
    first_of_day = np.ones(len(order), dtype=bool)
    first_of_day[1:] = (patient[1:] != patient[:-1]) | (place[1:] != place[:-1]) | (day[1:] != day[:-1])
    starts = np.flatnonzero(first_of_day)
    bits = np.bitwise_or.reduceat(bits, starts)
    patient, place, day = patient[starts], place[starts], day[starts]
    first_of_unit = np.ones(len(starts), dtype=bool)
    first_of_unit[1:] = (patient[1:] != patient[:-1]) | (place[1:] != place[:-1])
    prev_day = np.empty(len(starts), dtype=np.int64)
    prev_day[1:] = day[:-1]
    prev_day[first_of_unit] = NO_DAY
    offset = (np.cumsum(first_of_unit) - 1) * SPAN
    nexts = []
    for index in range(len(EVENTS)):
        firsts = np.where((bits >> index) & 1 == 1, day, NO_DAY) + offset
        nexts.append(np.minimum.accumulate(firsts[::-1])[::-1] - offset)
    return patient, place, day, prev_day, np.stack(nexts, axis=1)


def _as_days(numbers: npt.NDArray[np.int64]) -> npt.NDArray[np.datetime64]:
    """Day numbers (days since 1 January 1970) as datetimes at midnight, NaT for `NO_DAY`."""
    return np.where(numbers == NO_DAY, NAT, numbers * DAY_NS).view("datetime64[ns]")


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
