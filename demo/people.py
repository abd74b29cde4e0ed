"""Made-up patients who look like a south London haematology caseload.

Design decisions:
- Every draw comes from the one `random.Random` passed in, in a fixed order, so a seed
  gives the same people every time (never the global `random`, never set iteration).
- The mix follows the clinic, not a national average: haemoglobinopathy clinics are
  mostly Black African and Black Caribbean (sickle cell) with South Asian,
  Mediterranean and Chinese patients (thalassaemia); haemato-oncology and haemostasis
  are mostly White British with a London mix, more so at the Princess Royal in Bromley.
  "Not stated" (Z) and "not known" (99) appear everywhere, because unrecorded
  ethnicity is itself something the equity charts must show.
- NHS numbers come from the 999 test range and pass Modulus 11; names are random
  pairings from common-name lists, so they describe nobody.
Pure: no database.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from demo.names import name_for
from screening.patients.rules.nhs_number import check_digit

Weights = Mapping[str, float]  # choice -> relative weight; dicts keep their order, so draws are seeded

SITES: tuple[tuple[str, str], ...] = (
    ("GUY", "Guy's Hospital"),
    ("STH", "St Thomas' Hospital"),
    ("KCH", "King's College Hospital"),
    ("PRUH", "Princess Royal University Hospital"),
)
# Share of the caseload at each site, and each site's specialty mix (King's runs the
# largest sickle cell service; the Princess Royal in Bromley the smallest).
SITE_SHARE: Weights = {"GUY": 0.28, "STH": 0.20, "KCH": 0.32, "PRUH": 0.20}
_SPECIALTIES = ("haemoglobinopathy", "haemato_oncology", "haemostasis_thrombosis", "general_haematology")
SPECIALTY_MIX: dict[str, Weights] = {
    "GUY": dict(zip(_SPECIALTIES, (0.32, 0.33, 0.17, 0.18), strict=True)),
    "STH": dict(zip(_SPECIALTIES, (0.25, 0.30, 0.25, 0.20), strict=True)),
    "KCH": dict(zip(_SPECIALTIES, (0.42, 0.28, 0.15, 0.15), strict=True)),
    "PRUH": dict(zip(_SPECIALTIES, (0.10, 0.40, 0.25, 0.25), strict=True)),
}
DIAGNOSES: dict[str, Weights] = {
    "haemoglobinopathy": {"Sickle cell disease": 0.8, "Thalassaemia": 0.2},
    "haemato_oncology": {"Lymphoma": 0.4, "Myeloma": 0.3, "Leukaemia": 0.3},
    "haemostasis_thrombosis": {"Bleeding disorder": 0.45, "Thrombosis": 0.55},
    "general_haematology": {"Other haematology": 0.85, "Thrombosis": 0.08, "Lymphoma": 0.07},
}
# Ethnic Category by diagnosis (haemoglobinopathies) or by area (everything else).
ETHNICITY: dict[str, Weights] = {
    "Sickle cell disease": {
        "N": 0.50, "M": 0.24, "P": 0.08, "D": 0.04, "E": 0.04, "S": 0.02, "Z": 0.04, "99": 0.04,
    },
    "Thalassaemia": {
        "H": 0.14, "J": 0.14, "K": 0.14, "L": 0.08, "C": 0.22, "R": 0.12, "S": 0.06, "Z": 0.05, "99": 0.05,
    },
    "london": {
        "A": 0.52, "B": 0.04, "C": 0.10, "N": 0.07, "M": 0.05, "P": 0.01, "H": 0.04, "J": 0.01, "K": 0.01,
        "L": 0.02, "R": 0.02, "D": 0.01, "E": 0.01, "F": 0.01, "G": 0.01, "S": 0.02, "Z": 0.03, "99": 0.02,
    },
    "bromley": {
        "A": 0.74, "B": 0.03, "C": 0.06, "N": 0.03, "M": 0.02, "H": 0.02, "L": 0.01, "R": 0.01,
        "D": 0.01, "F": 0.01, "G": 0.01, "S": 0.01, "Z": 0.02, "99": 0.02,
    },
}  # fmt: skip
# Inner south London is more deprived than Bromley (decile 1 = most deprived 10%).
IMD_WEIGHTS: dict[str, tuple[float, ...]] = {
    "inner": (14, 16, 14, 12, 10, 9, 8, 7, 5, 5),
    "outer": (3, 4, 6, 8, 10, 12, 14, 15, 14, 14),
}
# (chance of a language other than English, the languages that background speaks).
LANGUAGES: dict[str, tuple[float, Weights]] = {
    "N": (0.24, {"Yoruba": 0.30, "Somali": 0.18, "Twi": 0.18, "French": 0.12, "Tigrinya": 0.10,
                 "Portuguese": 0.07, "Arabic": 0.05}),
    "P": (0.15, {"French": 0.5, "Somali": 0.3, "Portuguese": 0.2}),
    "C": (0.28, {"Portuguese": 0.35, "Polish": 0.25, "Turkish": 0.20, "Spanish": 0.20}),
    "K": (0.30, {"Bengali": 1.0}),
    "L": (0.10, {"Bengali": 0.5, "Arabic": 0.5}),
    "S": (0.30, {"Arabic": 0.6, "Turkish": 0.2, "Spanish": 0.2}),
    "E": (0.05, {"French": 0.5, "Portuguese": 0.5}),
}  # fmt: skip
OTHER_LANGUAGES: Weights = {"Portuguese": 0.4, "Spanish": 0.3, "Polish": 0.3}
# (youngest, oldest, mean, spread) of age by diagnosis: sickle cell patients are younger.
AGES: dict[str, tuple[int, int, float, float]] = {
    "Sickle cell disease": (16, 70, 31, 12),
    "Thalassaemia": (16, 75, 38, 14),
    "Lymphoma": (18, 90, 60, 15),
    "Myeloma": (35, 90, 69, 10),
    "Leukaemia": (16, 90, 58, 18),
    "Bleeding disorder": (16, 85, 42, 17),
    "Thrombosis": (18, 90, 56, 17),
    "Other haematology": (16, 90, 54, 18),
}


@dataclass(frozen=True)
class DemoPerson:
    nhs_number: str
    hospital_number: str
    family_name: str
    given_name: str
    date_of_birth: date
    gender_code: str
    ethnic_category: str
    imd_decile: int | None
    imd_version: str | None
    preferred_language: str
    interpreter_needed: bool
    diagnosis_group: str
    site_code: str
    specialty: str
    pseudo_id: str


def pick(rng: random.Random, weights: Weights) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def make_people(rng: random.Random, count: int, today: date) -> list[DemoPerson]:
    nhs_numbers: set[str] = set()  # membership only; never iterated, so order stays seeded
    hospital_numbers: set[str] = set()
    people = []
    for _ in range(count):
        site = pick(rng, SITE_SHARE)
        specialty = pick(rng, SPECIALTY_MIX[site])
        diagnosis = pick(rng, DIAGNOSES[specialty])
        if diagnosis in ETHNICITY:
            ethnic = pick(rng, ETHNICITY[diagnosis])
        else:
            ethnic = pick(rng, ETHNICITY["bromley" if site == "PRUH" else "london"])
        gender = _gender(rng, diagnosis)
        language, interpreter = _language(rng, ethnic)
        decile: int | None = None
        if rng.random() >= 0.04:  # a few addresses match no LSOA: no decile, no version
            imd = IMD_WEIGHTS["outer" if site == "PRUH" else "inner"]
            decile = rng.choices(range(1, 11), weights=imd)[0]
        family_name, given_name = name_for(rng, ethnic, gender)
        people.append(
            DemoPerson(
                nhs_number=_unique(rng, nhs_numbers, _nhs_number),
                # The lambda runs at once, inside this iteration, so `site` is this person's site.
                hospital_number=_unique(rng, hospital_numbers, lambda r: f"{site}{r.randrange(10**7):07d}"),  # noqa: B023
                family_name=family_name,
                given_name=given_name,
                date_of_birth=_birth_date(rng, diagnosis, today),
                gender_code=gender,
                ethnic_category=ethnic,
                imd_decile=decile,
                imd_version="IMD2019" if decile is not None else None,
                preferred_language=language,
                interpreter_needed=interpreter,
                diagnosis_group=diagnosis,
                site_code=site,
                specialty=specialty,
                pseudo_id=f"{rng.getrandbits(64):016x}",
            )
        )
    return people


def _nhs_number(rng: random.Random) -> str:
    while True:
        first_nine = f"999{rng.randrange(10**6):06d}"
        check = check_digit(first_nine)
        if check is not None:  # 10 means no valid number starts with these digits
            return f"{first_nine}{check}"


def _unique(rng: random.Random, seen: set[str], make: Callable[[random.Random], str]) -> str:
    while True:
        value = make(rng)
        if value not in seen:
            seen.add(value)
            return value


def _gender(rng: random.Random, diagnosis: str) -> str:
    roll = rng.random()
    if roll < 0.006:
        return "9"
    if roll < 0.014:
        return "X"
    male_share = 0.56 if diagnosis in ("Lymphoma", "Myeloma", "Leukaemia") else 0.45
    return "1" if rng.random() < male_share else "2"


def _language(rng: random.Random, ethnic: str) -> tuple[str, bool]:
    chance, languages = LANGUAGES.get(ethnic, (0.02, OTHER_LANGUAGES))
    if rng.random() >= chance:
        return "English", False
    return pick(rng, languages), rng.random() < 0.6


def _birth_date(rng: random.Random, diagnosis: str, today: date) -> date:
    youngest, oldest, mean, spread = AGES[diagnosis]
    age = min(oldest, max(youngest, round(rng.gauss(mean, spread))))
    # A birthday somewhere in the year that makes them `age` today.
    return today - timedelta(days=age * 365 + rng.randrange(365) + age // 4)
