"""The uptake summary's rows worked out in pandas (`summary_rows`, issue 19): London days,
each unit's previous day and first day of each event from then on, the patient's values
and age, and the fingerprint of a patient's rows."""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
import pandas as pd
import pytest

from screening.patients.rules.age_bands import age_on
from screening.uptake.rules.summary_columns import COLUMNS, EVENTS
from screening.uptake.rules.summary_rows import (
    EVENT_COLUMNS,
    PATIENT_COLUMNS,
    READ_COLUMNS,
    ages_on,
    event_bits,
    london_days,
    row_hashes,
    summary_frame,
)

DAY = pd.Timestamp


def event(patient: int, clinic: int, site: int, at: object, **events: int) -> dict[str, object]:
    return {"patient_id": patient, "clinic_id": clinic, "site_id": site, "at": at,
            **{name: events.get(name, 0) for name in EVENTS}}  # fmt: skip


def patients(*ids: int, born: date = date(1990, 6, 5)) -> pd.DataFrame:
    return pd.DataFrame([{"patient_id": i, "ethnic_category": "N", "imd_decile": None, "gender_code": "2",
                          "preferred_language": "English", "interpreter_needed": False,
                          "diagnosis_group": "Sickle cell disorder", "date_of_birth": born} for i in ids],
                        columns=list(PATIENT_COLUMNS))  # fmt: skip


def test_a_late_evening_time_in_british_summer_time_is_the_next_london_day_and_in_winter_the_same() -> None:
    stamps = pd.Series(["2026-06-30 23:30:00.000000", "2026-12-30 23:30:00.000000",
                        datetime(2026, 6, 30, 22, 59, tzinfo=UTC)])  # fmt: skip
    assert list(london_days(stamps)) == [DAY("2026-07-01"), DAY("2026-12-30"), DAY("2026-06-30")]
    seconds = pd.Series([int(datetime(2026, 6, 30, 23, 30, tzinfo=UTC).timestamp()), 0])  # as PostgreSQL gives them
    assert list(london_days(seconds)) == [DAY("2026-07-01"), DAY("1970-01-01")]


def test_events_read_as_the_bits_of_one_number_are_the_events_of_a_column_each() -> None:
    # attended is bit 0, offered 1, screened 2 ... remote 8 (`EVENTS` order).
    read = pd.DataFrame([(1, 10, 100, "2026-06-03 09:00:00", 1), (1, 10, 100, "2026-06-03 09:30:00", 2 + 4 + 16),
                         (2, 11, 100, "2026-06-04 09:30:00", 2 + 256), (3, 11, 100, "2026-06-05 09:30:00", 511)],
                        columns=list(READ_COLUMNS))  # fmt: skip
    columns = pd.DataFrame([
        event(1, 10, 100, "2026-06-03 09:00:00", attended=1),
        event(1, 10, 100, "2026-06-03 09:30:00", offered=1, screened=1, assisted=1),
        event(2, 11, 100, "2026-06-04 09:30:00", offered=1, remote=1),
        event(3, 11, 100, "2026-06-05 09:30:00", **dict.fromkeys(EVENTS, 1)),
    ], columns=list(EVENT_COLUMNS))  # fmt: skip
    assert event_bits(read).tolist() == event_bits(columns).tolist() == [1, 22, 258, 511]
    pd.testing.assert_frame_equal(summary_frame(read, patients(1, 2, 3)), summary_frame(columns, patients(1, 2, 3)))


def test_each_unit_holds_its_previous_day_and_the_first_day_of_each_event_from_then_on() -> None:
    events = pd.DataFrame([
        event(1, 10, 100, "2026-06-03 09:00:00", attended=1),
        event(1, 10, 100, "2026-06-03 09:30:00", offered=1, declined=1),
        event(1, 11, 100, "2026-06-10 09:00:00", attended=1),
        event(1, 11, 100, "2026-06-20 09:30:00", offered=1, screened=1),
    ], columns=list(EVENT_COLUMNS))  # fmt: skip
    rows = summary_frame(events, patients(1))
    assert list(rows.columns) == list(COLUMNS)
    assert list(zip(rows["unit"], rows["place_id"], rows["day"].dt.day, strict=True)) == [
        ("patient", 0, 3), ("patient", 0, 10), ("patient", 0, 20), ("site", 100, 3), ("site", 100, 10),
        ("site", 100, 20), ("clinic", 10, 3), ("clinic", 11, 10), ("clinic", 11, 20),
    ]  # fmt: skip
    site = rows[rows["unit"] == "site"]
    assert list(site["prev_day"]) == [pd.NaT, DAY("2026-06-03"), DAY("2026-06-10")]
    assert list(site["next_attended"]) == [DAY("2026-06-03"), DAY("2026-06-10"), pd.NaT]
    assert list(site["next_screened"]) == [DAY("2026-06-20")] * 3
    assert list(site["next_declined"]) == [DAY("2026-06-03"), pd.NaT, pd.NaT]
    clinic_ten = rows[(rows["unit"] == "clinic") & (rows["place_id"] == 10)]
    assert list(clinic_ten["next_screened"]) == [pd.NaT]  # screened at the other clinic
    # Age on the first attended day from then on: 35 before the 5 June birthday, none after.
    assert list(site["age_attended"].astype(object).where(site["age_attended"].notna(), None)) == [35, 36, None]
    assert list(rows["imd_decile"].isna()) == [True] * 9


def test_a_patient_with_no_events_has_no_rows() -> None:
    rows = summary_frame(pd.DataFrame(columns=list(EVENT_COLUMNS)), patients(1))
    assert rows.empty and list(rows.columns) == list(COLUMNS)
    assert len(row_hashes(rows)) == 0


def test_a_rows_hash_is_the_same_whatever_else_is_worked_out_with_it_and_moves_with_any_value() -> None:
    one = [event(1, 10, 100, "2026-06-03 09:00:00", attended=1)]
    other = [event(2, 10, 100, "2026-06-04 09:00:00", attended=1)]
    alone = row_hashes(summary_frame(pd.DataFrame(one, columns=list(EVENT_COLUMNS)), patients(1)))
    together = summary_frame(pd.DataFrame(one + other, columns=list(EVENT_COLUMNS)), patients(1, 2))
    hashes = row_hashes(together)
    assert sorted(hashes[together["patient_id"].to_numpy() == 1]) == sorted(alone)
    assert len(set(hashes)) == 6  # three units for each patient, all different
    # 48 bits, never negative: 32,768 of them add up inside SQLite's 64-bit sum() without overflow.
    assert all(0 <= h < 2**48 for h in hashes)
    # Given as a datetime rather than as text, the same time makes the same rows.
    as_datetime = [event(1, 10, 100, datetime(2026, 6, 3, 9, tzinfo=UTC), attended=1)]
    assert list(row_hashes(summary_frame(pd.DataFrame(as_datetime, columns=list(EVENT_COLUMNS)), patients(1)))) == list(
        alone
    )
    older = row_hashes(
        summary_frame(pd.DataFrame(one, columns=list(EVENT_COLUMNS)), patients(1, born=date(1960, 1, 1)))
    )
    assert not set(older) & set(alone)  # another age on every row


@pytest.mark.parametrize(("born", "on"), [
    (date(2000, 2, 29), date(2023, 2, 28)), (date(2000, 2, 29), date(2023, 3, 1)), (date(2000, 2, 29), date(2024, 2, 29)),
    (date(1990, 6, 5), date(2026, 6, 4)), (date(1990, 6, 5), date(2026, 6, 5)), (date(1990, 12, 31), date(2026, 1, 1)),
])  # fmt: skip
def test_the_age_on_each_row_is_the_age_bands_own_rule_at_every_birthday_edge(born: date, on: date) -> None:
    assert ages_on(pd.Series(pd.to_datetime([born])), pd.Series(pd.to_datetime([on])))[0] == age_on(born, on)


def test_no_attended_day_means_no_age() -> None:
    assert ages_on(pd.Series(pd.to_datetime([date(1990, 6, 5)])), pd.Series([pd.NaT]))[0] is pd.NA


def plain_rows(events: list[dict[str, object]]) -> set[tuple[object, ...]]:
    """The rows the definition gives (`models.uptake_days`), by a plain walk over each
    unit's London days: (unit, place, patient, day, previous day, first day of each event
    from this one on)."""
    days: dict[tuple[str, int, int], dict[pd.Timestamp, set[str]]] = {}
    for row in events:
        day = london_days(pd.Series([row["at"]]))[0]
        for unit, place in (("patient", 0), ("site", row["site_id"]), ("clinic", row["clinic_id"])):
            held = days.setdefault((unit, int(place), int(row["patient_id"])), {}).setdefault(day, set())  # type: ignore[call-overload]
            held.update(name for name in EVENTS if row[name])
    rows = set()
    for (unit, place, patient), by_day in days.items():
        order = sorted(by_day)
        for index, day in enumerate(order):
            later = order[index:]
            nexts = tuple(next((d for d in later if name in by_day[d]), None) for name in EVENTS)
            rows.add((unit, place, patient, day, order[index - 1] if index else None, *nexts))
    return rows


def test_random_events_make_the_rows_a_plain_walk_over_each_units_days_makes() -> None:
    # Seeded: the same events every run. Several patients share clinics and days, so each
    # kind of unit has neighbours whose days must not run into one another's.
    random = np.random.default_rng(19)
    events = [
        event(int(random.integers(1, 40)), clinic, 100 + clinic // 3, f"2026-{random.integers(1, 13):02d}-"
              f"{random.integers(1, 29):02d} {random.choice([0, 9, 23]):02d}:30:00",
              **{name: int(random.random() < 0.3) for name in EVENTS})
        for clinic in random.integers(1, 7, size=600)
    ]  # fmt: skip
    made = summary_frame(pd.DataFrame(events, columns=list(EVENT_COLUMNS)), patients(*range(1, 40)))
    as_tuples = {
        (unit, place, patient, day, None if pd.isna(prev) else prev, *(None if pd.isna(n) else n for n in nexts))
        for unit, place, patient, day, prev, *nexts in made.loc[
            :, ["unit", "place_id", "patient_id", "day", "prev_day", *(f"next_{e}" for e in EVENTS)]
        ].itertuples(index=False)
    }
    assert len(as_tuples) == len(made)  # no row twice
    assert as_tuples == plain_rows(events)
    # In order of unit, then day, then patient and place.
    keys = list(zip(made["unit"].map(["patient", "site", "clinic"].index), made["day"], made["patient_id"],
                    made["place_id"], strict=True))  # fmt: skip
    assert keys == sorted(keys)
