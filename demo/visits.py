"""Twelve months of made-up clinic visits, and which of them led to a screening sitting.

Design decisions:
- Each clinic runs on two fixed weekdays; appointments fall on those days, never on a
  bank holiday, 09:00-16:30 London time. How often a patient comes depends on the
  clinic (haemato-oncology monthly-ish, general haematology once or twice a year).
- About 10% of appointments are missed and 5% cancelled, a little more often in the
  most deprived areas, as services see.
- Attended appointments are the uptake denominator (models/patients.py), so every
  attended visit is a chance to screen, unless the patient completed a screen in the
  last 28 days (two visits in one month are not screened twice). Whether a visit ends
  in a completed sitting differs by site (a service manager should see the spread,
  roughly 70% at Guy's to 45% at King's) and is lower where an interpreter is needed or
  the ethnicity was never recorded: the gaps the equity charts exist to show. Otherwise
  the patient declines (with a reason), abandons the sitting part-way, or is not offered it.
- `end` is "today" in the demo: a set of attended appointments is booked for it, the
  morning's already screened, so the clinic list is never empty.
Pure: no database.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from demo.people import DemoPerson, Weights, pick
from screening.flag_review.rules.due_times import ENGLAND_AND_WALES_BANK_HOLIDAYS

LONDON = ZoneInfo("Europe/London")
SCREEN_INTERVAL = timedelta(days=28)
# The demo's "now": late morning of the last day, the same whatever time it is loaded.
CLOCK_TIME = time(11, 0)
VISITS_PER_YEAR = {
    "haemoglobinopathy": 4.0,
    "haemato_oncology": 7.0,
    "haemostasis_thrombosis": 3.0,
    "general_haematology": 2.0,
}
# Chance a due visit ends in a completed sitting, before the interpreter and not-recorded factors.
SITE_UPTAKE = {"GUY": 0.88, "STH": 0.71, "KCH": 0.55, "PRUH": 0.66}
DECLINE_REASONS: Weights = {
    "Not today – feeling unwell": 0.35, "Does not want to": 0.30, "No time – transport": 0.22,
}  # fmt: skip
LANGUAGE_BARRIER = "Language barrier"
TODAY_PER_CLINIC = 3


@dataclass(frozen=True)
class Visit:
    person: int  # index into the people list
    clinic: tuple[str, str]  # (site code, specialty)
    at: datetime  # aware UTC
    status: str


@dataclass(frozen=True)
class Sitting:
    visit: int  # index into the visit list
    outcome: str  # completed, declined, abandoned, in_progress
    started_at: datetime
    finished_at: datetime
    mode: str
    language: str
    decline_reason: str | None = None
    interpreter_used: bool | None = None  # None: not recorded


@dataclass
class Plan:
    """Everything decided for one load; the loader fills in the ids as rows are written."""

    end: date
    people: list[DemoPerson]
    visits: list[Visit]
    sittings: list[Sitting]
    bundles: dict[tuple[str, str], str]  # (site code, specialty) -> the clinic's bundle
    patient_ids: list[int] = field(default_factory=list)
    attendance_ids: list[int] = field(default_factory=list)
    sitting_ids: list[int] = field(default_factory=list)


def clock(end: date) -> datetime:
    return datetime.combine(end, CLOCK_TIME, tzinfo=LONDON).astimezone(UTC)


def clinic_days(index: int) -> tuple[int, int]:
    """The two weekdays (0 = Monday) clinic number `index` runs on."""
    return index % 5, (index + 2) % 5


def make_visits(
    rng: random.Random, people: list[DemoPerson], clinic_index: dict[tuple[str, str], int], end: date
) -> list[Visit]:
    """Every appointment of the twelve months up to and including `end`, in time order."""
    first = end - timedelta(days=364)
    days_by_clinic = {
        key: [d for d in _days(first, end - timedelta(days=1)) if d.weekday() in clinic_days(i)]
        for key, i in clinic_index.items()
    }
    visits = []
    for n, person in enumerate(people):
        key = (person.site_code, person.specialty)
        count = max(1, round(rng.gauss(VISITS_PER_YEAR[person.specialty], 1.2)))
        for day in sorted(rng.sample(days_by_clinic[key], min(count, len(days_by_clinic[key])))):
            visits.append(Visit(n, key, _slot(rng, day), _attendance_status(rng, person)))
    # Today's list: a few patients per clinic, all attended.
    for key in clinic_index:
        members = [n for n, p in enumerate(people) if (p.site_code, p.specialty) == key]
        for n in rng.sample(members, min(TODAY_PER_CLINIC, len(members))):
            visits.append(Visit(n, key, _slot(rng, end), "attended"))
    return sorted(visits, key=lambda v: (v.at, v.person))


def plan_sittings(rng: random.Random, people: list[DemoPerson], visits: list[Visit], end: date) -> list[Sitting]:
    now = clock(end)
    last_screen: dict[int, datetime] = {}
    sittings = []
    for index, visit in enumerate(visits):
        if visit.status != "attended" or visit.at >= now:
            continue
        person = people[visit.person]
        if visit.person in last_screen and visit.at - last_screen[visit.person] < SCREEN_INTERVAL:
            continue
        outcome = _outcome(rng, person, today=visit.at.astimezone(LONDON).date() == end)
        if outcome is None:
            continue
        started = visit.at - timedelta(minutes=rng.randint(5, 40))
        finished = min(now, started + timedelta(minutes=rng.randint(4, 16)))
        if outcome == "completed":
            last_screen[visit.person] = visit.at
        # Staff sit with patients who need an interpreter, and with more of the oldest.
        assisted_chance = 0.55 if age_on(person, end) >= 75 else 0.25
        mode = "assisted" if person.interpreter_needed or rng.random() < assisted_chance else "self"
        language = "en"  # no signed translation in the demo: an interpreter, where needed, speaks for the English text
        reason = _decline_reason(rng, person) if outcome == "declined" else None
        interpreter = _interpreter_used(person, visit, end)
        sittings.append(Sitting(index, outcome, started, finished, mode, language, reason, interpreter))
    return sittings


REMOTE_SINCE = timedelta(days=91)  # the demo service began sending secure links three months ago
REMOTE_SHARE = 0.25  # of the sittings patients filled in alone since then


def began_at_home(sitting: Sitting, index: int, end: date) -> bool:
    """Whether a demo sitting was begun from a secure link (issue 17), so the dashboard's "How
    screened" has remote sittings to show: a quarter of those filled in alone in the last three
    months, never today's. Decided by a generator of its own per sitting, so the rest of the
    demo (people, visits, answers) is the same as before for a seed."""
    day = sitting.started_at.astimezone(LONDON).date()
    if sitting.mode != "self" or not end - REMOTE_SINCE <= day < end:
        return False
    return random.Random(f"remote-{index}").random() < REMOTE_SHARE


def _interpreter_used(person: DemoPerson, visit: Visit, end: date) -> bool | None:
    """Whether an interpreter helped (issue 16): for a patient who needs one, usually yes
    (staff sit with them), sometimes no (none could be booked), and in the older months
    sometimes not recorded, as before staff were asked. Others: not recorded.

    Drawn from a generator of its own, seeded by the visit, so the rest of the plan (the
    main generator's sequence) is the same as before this was added."""
    if not person.interpreter_needed:
        return None
    own = random.Random(f"interpreter|{visit.person}|{visit.at.isoformat()}")
    if end - visit.at.astimezone(LONDON).date() > timedelta(days=182) and own.random() < 0.3:
        return None
    return own.random() < 0.85


def _outcome(rng: random.Random, person: DemoPerson, *, today: bool) -> str | None:
    uptake = SITE_UPTAKE[person.site_code]
    if person.interpreter_needed:
        uptake *= 0.55
    if person.ethnic_category in ("Z", "99"):
        uptake *= 0.75
    roll = rng.random()
    if roll < uptake:
        return "in_progress" if today and rng.random() < 0.1 else "completed"
    rest = (roll - uptake) / (1 - uptake)
    if rest < 0.55:
        return "declined"
    if rest < 0.62:
        return "abandoned"
    return None  # not offered


def _decline_reason(rng: random.Random, person: DemoPerson) -> str:
    # Only where an interpreter is needed is the language the barrier.
    if person.interpreter_needed and rng.random() < 0.6:
        return LANGUAGE_BARRIER
    return pick(rng, DECLINE_REASONS)


def _attendance_status(rng: random.Random, person: DemoPerson) -> str:
    deprived = person.imd_decile is not None and person.imd_decile <= 3
    roll = rng.random()
    if roll < (0.13 if deprived else 0.08):
        return "did_not_attend"
    return "cancelled" if roll > 0.95 else "attended"


def _slot(rng: random.Random, day: date) -> datetime:
    minutes = 9 * 60 + 15 * rng.randrange(31)  # 09:00 to 16:30
    local = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=LONDON)
    return local.astimezone(UTC)


def _days(first: date, last: date) -> list[date]:
    holidays = frozenset(ENGLAND_AND_WALES_BANK_HOLIDAYS)
    span = (last - first).days + 1
    return [d for d in (first + timedelta(days=i) for i in range(span)) if d not in holidays]


def age_on(person: DemoPerson, on: date) -> int:
    born = person.date_of_birth
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
