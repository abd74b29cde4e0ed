"""Load a realistic, clearly marked demo service into an empty database.

Design decisions:
- Deterministic: one `random.Random(seed)` drives every draw (people, visits, answers,
  flag histories) in a fixed order, and the demo's clock is late morning of `end`, not
  the wall clock, so the same seed and end date give the same data on any machine.
- Scores and flags are never invented: every completed sitting's stored answers go
  through `evaluate_sitting` (the real rules) and `score_rows` / `flag_rows` (the rows
  `complete_session` writes), in bulk rather than one sitting at a time: see
  `demo_screens`. So the demo always follows the rules, and changes with them.
- Only into a database named as the demo (`screening.database.rules.demo_mode`: data/demo.db, a *-demo.db
  file, a *_demo PostgreSQL database), so the default database for real use never gets
  demo data whoever calls this.
- Only into an empty database (no patients, no sites), and marked: AppMeta "demo_data"
  = "true", "demo_seed" and "demo_end", so the app can say plainly that these are not
  real patients. One audit event records the load (and one each the two test languages
  imported unsigned: `demo.languages`); there is no per-sitting
  "session.completed" event, since no tablet completed anything.
- Contact details and invitation settings (issue 17) are `demo.contacts`: drawn from a
  generator of their own, so adding them changed none of the people, visits or answers.
- Bulk-friendly: rows are added and flushed a few hundred at a time (one multi-row
  INSERT per table per flush); answers go in as one executemany. About 9 s for 2,000
  patients on SQLite, 14-16 s on PostgreSQL. The caller owns the transaction.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from demo.contacts import add_demo_contacts, add_demo_invitation_settings
from demo.escalation import add_demo_escalation
from demo.languages import add_demo_languages
from demo.people import SITES, make_people
from demo.screens import add_answers, add_results, make_answers
from demo.users import add_demo_users
from demo.visits import LONDON, Plan, began_at_home, make_visits, plan_sittings
from models import AppMeta, Attendance, Clinic, Patient, ScreeningSession, Site
from screening.audit.services.audit import record_event
from screening.clinical.rules.codes import CLINIC_SPECIALTIES
from screening.database.rules.demo_mode import NOT_A_DEMO_DATABASE, is_demo_location
from screening.errors import ConflictError
from screening.uptake.services.uptake_days import refresh_uptake_days

T = TypeVar("T")
ACTOR = "demo-data"  # the audit log's actor for everything the loader writes
BATCH = 500  # rows per flush
CLINIC_SUFFIX = {
    "haemoglobinopathy": "HBO",
    "haemato_oncology": "ONC",
    "haemostasis_thrombosis": "HST",
    "general_haematology": "GEN",
}
GATEWAY_CLINICS = (("STH", "haemostasis_thrombosis"), ("PRUH", "general_haematology"))


class DemoDataRefused(ConflictError):
    """Demo data may only be loaded into an empty database named as the demo."""


@dataclass(frozen=True)
class DemoSummary:
    sites: int
    clinics: int
    patients: int
    attendances: int
    sessions: int
    completed: int
    flags_open: int
    flags_closed: int
    seconds: float

    def __str__(self) -> str:
        return (
            f"{self.sites} sites, {self.clinics} clinics, {self.patients:,} patients, "
            f"{self.attendances:,} attendances, {self.sessions:,} sittings ({self.completed:,} completed), "
            f"{self.flags_open:,} open and {self.flags_closed:,} closed flags in {self.seconds:.1f} s"
        )


def load_demo_data(session: Session, *, seed: int = 7, end: date | None = None, patients: int = 2000) -> DemoSummary:
    """Fill an empty database with a year of made-up screening ending on `end` (default today)."""
    started = time.perf_counter()
    _refuse_unless_empty(session)
    end = end or datetime.now(LONDON).date()
    rng = random.Random(seed)
    clinics = _sites_and_clinics(session)
    add_demo_escalation(session, list(clinics.values()))
    add_demo_invitation_settings(session, list(clinics.values()))
    people = make_people(rng, patients, end)
    visits = make_visits(rng, people, {key: i for i, key in enumerate(clinics)}, end)
    sittings = plan_sittings(rng, people, visits, end)
    plan = Plan(end, people, visits, sittings, {key: clinic.bundle for key, clinic in clinics.items()})
    _add_patients(session, plan)
    add_demo_contacts(session, seed, people, plan.patient_ids)
    _add_attendances(session, plan, clinics)
    _add_sittings(session, plan, clinics)
    answers = make_answers(rng, plan)
    add_answers(session, plan, answers)
    flags_open, flags_closed = add_results(session, rng, plan, answers)
    add_demo_users(session)
    add_demo_languages(session, ACTOR)
    session.add_all(
        [
            AppMeta(key="demo_data", value="true"),
            AppMeta(key="demo_seed", value=str(seed)),
            AppMeta(key="demo_end", value=end.isoformat()),
        ]
    )
    completed = sum(s.outcome == "completed" for s in sittings)
    counts = {
        "patients": len(people),
        "attendances": len(visits),
        "sittings": len(sittings),
        "completed": completed,
    }
    record_event(
        session, actor=ACTOR, actor_user_id=None, action="demo_data.loaded", entity_type="database",
        entity_id=None, detail={"seed": seed, **counts},
    )  # fmt: skip
    session.flush()
    refresh_uptake_days(session)
    return DemoSummary(
        sites=len(SITES),
        clinics=len(clinics),
        patients=len(people),
        attendances=len(visits),
        sessions=len(sittings),
        completed=completed,
        flags_open=flags_open,
        flags_closed=flags_closed,
        seconds=round(time.perf_counter() - started, 2),
    )


def _refuse_unless_empty(session: Session) -> None:
    url = session.get_bind().engine.url  # the same Engine.url; a Connection bind has no .url of its own
    if not is_demo_location(url.get_backend_name(), url.database):
        raise DemoDataRefused(NOT_A_DEMO_DATABASE)
    # Sites count too: the demo's site codes would collide with real ones.
    taken = session.scalar(select(Patient.id).limit(1)) or session.scalar(select(Site.id).limit(1))
    if taken is not None:
        raise DemoDataRefused(
            "The database is not empty: demo data can only be loaded into a new database with no "
            "patients or sites. Point DATABASE_URL at an empty database and try again."
        )


def _sites_and_clinics(session: Session) -> dict[tuple[str, str], Clinic]:
    clinics: dict[tuple[str, str], Clinic] = {}
    for code, name in SITES:
        site = Site(code=code, name=name)
        session.add(site)
        session.flush()
        for specialty, label in CLINIC_SPECIALTIES.items():
            clinics[(code, specialty)] = Clinic(
                site_id=site.id,
                code=f"{code}-{CLINIC_SUFFIX[specialty]}",
                name=f"{name}: {label}",
                specialty=specialty,
                bundle="gateway" if (code, specialty) in GATEWAY_CLINICS else "full",
            )
    session.add_all(clinics.values())
    session.flush()
    return clinics


def _in_batches(session: Session, rows: list[T], size: int = BATCH) -> list[T]:
    """Add and flush a few hundred at a time: each flush is one multi-row INSERT per table."""
    for start in range(0, len(rows), size):
        session.add_all(rows[start : start + size])
        session.flush()
    return rows


def _add_patients(session: Session, plan: Plan) -> None:
    where = ("site_code", "specialty")  # where they are seen: not patient fields
    rows = [Patient(**{k: v for k, v in vars(p).items() if k not in where}) for p in plan.people]
    plan.patient_ids = [row.id for row in _in_batches(session, rows)]


def _add_attendances(session: Session, plan: Plan, clinics: dict[tuple[str, str], Clinic]) -> None:
    rows = [
        Attendance(
            patient_id=plan.patient_ids[v.person],
            clinic_id=clinics[v.clinic].id,
            appointment_at=v.at,
            status=v.status,
            source_ref=f"DEMO-{n}",
        )
        for n, v in enumerate(plan.visits, start=1)
    ]
    plan.attendance_ids = [row.id for row in _in_batches(session, rows, BATCH * 2)]


def _add_sittings(session: Session, plan: Plan, clinics: dict[tuple[str, str], Clinic]) -> None:
    rows = []
    for n, s in enumerate(plan.sittings, start=1):
        visit = plan.visits[s.visit]
        clinic = clinics[visit.clinic]
        rows.append(
            ScreeningSession(
                patient_id=plan.patient_ids[visit.person],
                attendance_id=plan.attendance_ids[s.visit],
                clinic_id=clinic.id,
                started_at=s.started_at,
                # Completed in bulk: the status and time complete_session would have set.
                status=s.outcome,
                completed_at=s.finished_at if s.outcome == "completed" else None,
                ended_at=s.finished_at if s.outcome in ("declined", "abandoned") else None,
                decline_reason=s.decline_reason,
                mode=s.mode,
                language=s.language,
                interpreter_used=s.interpreter_used,
                remote=began_at_home(s, n, plan.end),
                bundle=clinic.bundle,
                source="demo",
                idempotency_key=f"demo-{n}",
            )
        )
    plan.sitting_ids = [row.id for row in _in_batches(session, rows)]
