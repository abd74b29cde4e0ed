"""Made-up import files for the benchmark: a clinic list and a historical screening file.

Written row by row (never held whole), deterministic for a seed. Every NHS number is
in the 999 test range with a valid check digit; names are invented. The screening file
screens patients from the clinic list at their own appointments, so its sittings link
to attendances as real ones would; about half raise a flag, mostly physical-health
signposts (BMI, smoking), a few urgent ones.
"""

from __future__ import annotations

import csv
import random
from datetime import datetime, timedelta
from pathlib import Path

from screening.imports.rules.attendance_rows import ATTENDANCE_COLUMNS
from screening.imports.rules.screening_rows import ITEM_COLUMNS, SITTING_COLUMNS
from screening.patients.rules.nhs_number import check_digit

SITES = ("GUY", "KCH", "STH", "PRUH")
SPECIALTIES = {"haemoglobinopathy": "HBO", "haemato_oncology": "ONC", "haemostasis_thrombosis": "HST",
               "general_haematology": "GEN"}  # fmt: skip
FAMILY = ("Okafor", "Mensah", "O'Brien", "Núñez", "Smith", "Begum", "Kowalski", "Adeyemi", "Zoë-Hart")
GIVEN = ("Ada", "Kwame", "Siobhán", "José", "Priya", "Tomasz", "Amara", "Chloé", "Olu")
ETHNIC = ("A", "B", "C", "D", "H", "J", "K", "M", "N", "P", "R", "S", "Z", "")


def clinics() -> list[tuple[str, str, str]]:
    """(site code, clinic code, specialty) for every clinic the files use."""
    return [(site, f"{site}-{suffix}", spec) for site in SITES for spec, suffix in SPECIALTIES.items()]


def nhs_numbers(count: int) -> list[str]:
    found: list[str] = []
    stem = 999_000_000
    while len(found) < count:
        digit = check_digit(str(stem))
        if digit is not None:
            found.append(f"{stem}{digit}")
        stem += 1
    return found


def write_attendances(path: Path, rows: int, patients: int, seed: int = 5) -> list[tuple[str, str, datetime]]:
    """Write the clinic list; return (nhs number, clinic code, time) of attended visits."""
    rng = random.Random(seed)
    numbers, places = nhs_numbers(patients), clinics()
    people = [_person(rng, n, places) for n in numbers]
    start, attended = datetime(2025, 1, 6, 9, 0), []
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(ATTENDANCE_COLUMNS)
        for i in range(rows):
            person = people[i % patients]
            site, clinic = person[-2], person[-1]
            at = start + timedelta(days=rng.randrange(600), minutes=15 * rng.randrange(28))
            status = rng.choices(("attended", "did_not_attend", "cancelled"), (80, 12, 8))[0]
            writer.writerow((f"PAS{i:07d}", *person[:-2], site, clinic, at.isoformat(timespec="minutes"), status))
            if status == "attended":
                attended.append((person[0], clinic, at))
    return attended


def _person(rng: random.Random, number: str, places: list[tuple[str, str, str]]) -> tuple[str, ...]:
    site, clinic, _ = rng.choice(places)
    decile = rng.choice(("", *map(str, range(1, 11))))
    born = datetime(1940, 1, 1) + timedelta(days=rng.randrange(28_000))
    return (number, f"H{rng.randrange(10**7):07d}", rng.choice(FAMILY), rng.choice(GIVEN), born.date().isoformat(),
            rng.choice("1229X"), rng.choice(ETHNIC), decile, "IMD2019" if decile else "", rng.choice(("", "Yoruba")),
            rng.choice("NNNY"), rng.choice(("Sickle cell", "Thalassaemia", "Lymphoma")), site, clinic)  # fmt: skip


def write_screenings(path: Path, attended: list[tuple[str, str, datetime]], rows: int, seed: int = 6) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=(*SITTING_COLUMNS, *ITEM_COLUMNS), restval="")
        writer.writeheader()
        for i, (number, clinic, at) in enumerate(rng.sample(attended, rows)):
            row = {"session_ref": f"PAPER{i:07d}", "nhs_number": number, "clinic_code": clinic,
                   "completed_at": (at + timedelta(minutes=20)).isoformat(timespec="minutes"),
                   "mode": rng.choice(("self", "assisted"))}  # fmt: skip
            if rng.random() < 0.07:
                writer.writerow({**row, "status": "declined", "decline_reason": "Not today"})
                continue
            writer.writerow({**row, "status": "completed", **_answers(rng)})


def _answers(rng: random.Random) -> dict[str, object]:
    level = rng.choices((0, 1, 2), (82, 13, 5))[0]  # most people score low, a few high
    answers: dict[str, object] = {f"phq9_{n}": min(3, rng.randrange(2) + level) for n in range(1, 9)}
    answers["phq9_9"] = rng.choices((0, 1, "declined"), (97, 2.5, 0.5))[0]
    answers.update({f"gad7_{n}": min(3, rng.randrange(2) + level) for n in range(1, 8)})
    answers.update({f"auditc_{n}": rng.choice((0, 0, 1, 1, 2)) for n in range(1, 4)})
    systolic = max(95, min(210, round(rng.gauss(126, 14))))
    answers.update(bp_systolic_1=systolic, bp_diastolic_1=systolic - rng.randrange(45, 62),
                   height_m=round(rng.gauss(1.70, 0.09), 2), weight_kg=round(rng.gauss(72, 11), 1),
                   smoking_status=rng.choice("1223444444Z"))  # fmt: skip
    return answers
