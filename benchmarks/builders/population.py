"""The analytics benchmark's synthetic service: columns of numbers, not people (issue 8).

Design decisions:
- Vectorised with numpy from one seeded generator, so 3,000,000 attendances take a few
  seconds to make, and the same seed gives the same tables. Rows come out as column
  arrays (`Table`), ready for a bulk writer; nothing goes through the ORM.
- The shape follows the demo service, at 150 times the size: 8 sites of 4 clinics; each
  patient is seen at one home clinic (1 attendance in 20 elsewhere); about 85% of
  appointments attended; screening sittings are drawn from attended appointments, and
  completion differs by site, and is lower where an interpreter is needed or ethnicity
  is not recorded, so the charts have gaps to show.
- Times are whole seconds since the epoch (UTC); the writer formats them per database.
- Names are "Synthetic" and a number: no invented person looks real.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import numpy as np

from benchmarks.builders.flags import flag_columns

Table = dict[str, np.ndarray]
# The demo's four site codes first (the demo users are scoped to them), then four more.
SITE_CODES = ("GUY", "STH", "KCH", "PRUH", "LEW", "QEH", "UHL", "DAR")
SPECIALTIES = ("haemoglobinopathy", "haemato_oncology", "haemostasis_thrombosis", "general_haematology")
SITE_COMPLETION = np.array([0.85, 0.78, 0.72, 0.66, 0.60, 0.55, 0.70, 0.62])
ETHNIC = {"A": 40, "B": 3, "C": 8, "D": 2, "E": 2, "F": 1, "G": 1, "H": 5, "J": 3, "K": 3, "L": 2,
          "M": 8, "N": 12, "P": 2, "R": 2, "S": 2, "Z": 2, "99": 2}  # fmt: skip
DIAGNOSES = ("Sickle cell disease", "Thalassaemia", "Lymphoma", "Myeloma", "Leukaemia",
             "Bleeding disorder", "Thrombosis", "Other haematology")  # fmt: skip
LANGUAGES = ("English", "Yoruba", "Somali", "Bengali", "Portuguese", "Polish", "Turkish", "Arabic")


@dataclass(frozen=True)
class BenchSize:
    patients: int = 300_000
    attendances: int = 3_000_000
    sessions: int = 1_000_000

    def scaled(self, scale: float) -> BenchSize:
        """A smaller (or larger) service of the same shape; 3x is the most the NHS test range allows."""
        if not 0 < scale <= 3:
            raise ValueError("scale must be above 0 and at most 3")
        return BenchSize(*(max(10, round(n * scale)) for n in (self.patients, self.attendances, self.sessions)))


def _epoch(day: date) -> int:
    return int(datetime.combine(day, time.min, UTC).timestamp())


def _choice(rng: np.random.Generator, weights: Mapping[str, float], n: int) -> np.ndarray:
    p = np.array(list(weights.values()), dtype=float)
    return np.array(list(weights), dtype=object)[rng.choice(len(p), size=n, p=p / p.sum())]


def nhs_numbers(count: int) -> np.ndarray:
    """The first `count` valid NHS numbers of the 999 test range (Modulus 11, clinical.md s7)."""
    stems = np.arange(999_000_000, 1_000_000_000, dtype=np.int64)
    digits = (stems[:, None] // 10 ** np.arange(8, -1, -1)) % 10
    check = 11 - (digits @ np.arange(10, 1, -1)) % 11
    check[check == 11] = 0
    valid = check != 10
    if valid.sum() < count:
        raise ValueError(f"the 999 test range holds only {valid.sum():,} valid NHS numbers")
    return (stems[valid] * 10 + check[valid])[:count]


def patients(rng: np.random.Generator, n: int, end: date, clinics: int) -> Table:
    ids = np.arange(1, n + 1)
    ages = np.clip(rng.normal(48, 18, n), 16, 95).astype(int)
    born = np.datetime64(end) - (ages * 365.25 + rng.integers(0, 365, n)).astype("timedelta64[D]")
    decile = rng.integers(1, 11, n).astype(float)
    decile[rng.random(n) < 0.04] = np.nan
    language = np.where(rng.random(n) < 0.9, "English", np.array(LANGUAGES)[rng.integers(1, 8, n)])
    return {
        "id": ids, "nhs_number": nhs_numbers(n).astype(str), "hospital_number": np.char.add("B", ids.astype(str)),
        "family_name": np.full(n, "Synthetic"), "given_name": np.char.add("P", ids.astype(str)),
        "date_of_birth": born.astype(str), "gender_code": _choice(rng, {"1": 48, "2": 51, "9": 0.5, "X": 0.5}, n),
        "ethnic_category": _choice(rng, ETHNIC, n), "imd_decile": decile,
        "imd_version": np.where(np.isnan(decile), None, "IMD2019"),  # type: ignore[call-overload]  # None: an object array; numpy's stubs refuse it
        "preferred_language": language,
        "interpreter_needed": (language != "English") & (rng.random(n) < 0.6),
        "diagnosis_group": np.array(DIAGNOSES)[rng.integers(0, len(DIAGNOSES), n)],
        "pseudo_id": np.array([f"{(i * 0x9E3779B97F4A7C15) % 2**64:016x}" for i in ids.tolist()]),
        "home_clinic": rng.integers(1, clinics + 1, n),  # not a column: where they are seen
    }  # fmt: skip


def attendances(rng: np.random.Generator, people: Table, n: int, end: date, clinics: int, days: int) -> Table:
    """`n` appointments over the `days` days up to `end`, in time order."""
    weights = rng.gamma(2.0, 1.0, len(people["id"]))
    per_patient = rng.multinomial(n, weights / weights.sum())
    patient_index = np.repeat(np.arange(len(people["id"])), per_patient)
    clinic = people["home_clinic"][patient_index]
    away = rng.random(n) < 0.05
    clinic[away] = rng.integers(1, clinics + 1, away.sum())
    day = rng.integers(0, days, n)
    seconds = _epoch(end - timedelta(days=days - 1)) + day * 86400 + 9 * 3600 + rng.integers(0, 30, n) * 900
    order = np.argsort(seconds, kind="stable")
    roll = rng.random(n)
    status = np.where(roll < 0.85, "attended", np.where(roll < 0.95, "did_not_attend", "cancelled"))
    ids = np.arange(1, n + 1)
    return {
        "id": ids, "patient_index": patient_index[order], "patient_id": people["id"][patient_index[order]],
        "clinic_id": clinic[order], "appointment_at": seconds[order], "status": status[order],
        "source_ref": np.char.add("BENCH-", ids.astype(str)),
    }  # fmt: skip


def sessions(rng: np.random.Generator, people: Table, visits: Table, n: int, clinics_per_site: int) -> Table:
    """`n` sittings, each at its own attended appointment; completion varies by site and group."""
    attended = np.flatnonzero(visits["status"] == "attended")
    chosen = np.sort(rng.choice(attended, size=min(n, attended.size), replace=False))
    who = visits["patient_index"][chosen]
    site = (visits["clinic_id"][chosen] - 1) // clinics_per_site
    p_complete = SITE_COMPLETION[site % len(SITE_COMPLETION)].copy()
    p_complete[people["interpreter_needed"][who]] *= 0.6
    p_complete[np.isin(people["ethnic_category"][who], ["Z", "99"])] *= 0.8
    roll = rng.random(chosen.size)
    rest = (roll - p_complete) / (1 - p_complete)
    status = np.where(roll < p_complete, "completed", np.where(rest < 0.6, "declined",
                      np.where(rest < 0.9, "abandoned", "in_progress")))  # fmt: skip
    started = visits["appointment_at"][chosen] - rng.integers(5, 40, chosen.size) * 60
    finished = started + rng.integers(4, 16, chosen.size) * 60
    ids = np.arange(1, chosen.size + 1)
    return {
        "id": ids, "patient_id": visits["patient_id"][chosen], "attendance_id": visits["id"][chosen],
        "clinic_id": visits["clinic_id"][chosen], "started_at": started,
        "completed_at": np.where(status == "completed", finished, -1),
        "ended_at": np.where(np.isin(status, ["declined", "abandoned"]), finished, -1), "status": status,
        "decline_reason": np.where(status == "declined", "Does not want to", None),  # type: ignore[call-overload]  # as above
        "mode": np.where(rng.random(chosen.size) < 0.3, "assisted", "self"),
        "idempotency_key": np.char.add("bench-", ids.astype(str)),
    }  # fmt: skip


def bench_tables(
    size: BenchSize, *, end: date, seed: int, months: int = 24, clinics_per_site: int = 4
) -> dict[str, Table]:
    """Every table of the synthetic service over `months` months up to `end`, parents first."""
    rng = np.random.default_rng(seed)
    clinics = len(SITE_CODES) * clinics_per_site
    people = patients(rng, size.patients, end, clinics)
    visits = attendances(rng, people, size.attendances, end, clinics, round(months * 365.25 / 12))
    sittings = sessions(rng, people, visits, size.sessions, clinics_per_site)
    return {
        "patients": people,
        "attendances": visits,
        "screening_sessions": sittings,
        "flags": flag_columns(rng, sittings),
    }
