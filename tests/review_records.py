"""Builders for the review-queue tests: real sittings completed by the real rules, and reviewers.

Flags are never inserted by hand: a sitting is started, answered and completed through the
services, so every flag in these tests is one the clinical rules really raise.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Clinic, Flag, Patient, ScreeningSession, Site
from questionnaires import load_instrument
from screening.access.services.accounts import load_current_user
from screening.policy import CurrentUser
from screening.sittings.services.completion import complete_session
from screening.sittings.services.sittings import record_answers, start_session
from tests import factories

# Tuesday 10 June 2025, 10:00 BST.
NOW = datetime(2025, 6, 10, 9, 0, tzinfo=UTC)
ITEM9_SEVERAL_DAYS = (1, 1, 1, 1, 1, 1, 1, 1, 1)  # total 9 (mild), item 9 = 1: URGENT only
SEVERE = (3, 3, 3, 3, 3, 3, 2, 2, 0)  # total 22 (severe), item 9 = 0: HIGH only
MODERATE = (2, 2, 2, 2, 1, 1, 1, 1, 0)  # total 12 (moderate): ROUTINE only
CALM = (0, 0, 0, 0, 0, 0, 0, 0, 0)
_keys = iter(range(1, 10**9))
# Ten apart: factories.nhs_number(n) moves an invalid stem up to the next valid one, so
# consecutive n can give the same number; spaced out, they cannot.
_nhs = iter(range(700_000, 10**8, 10))


def new_patient(db: Session, **fields: object) -> Patient:
    return factories.patient(db, nhs_number=factories.nhs_number(next(_nhs)), **fields)


def screened(
    db: Session, *, clinic: Clinic, patient: Patient | None = None, phq9: tuple = ITEM9_SEVERAL_DAYS,
    gad7: tuple = (0,) * 7, vital5: dict | None = None, at: datetime = NOW,
) -> ScreeningSession:  # fmt: skip
    """A completed sitting with these answers (None: not answered), scored and flagged at `at`."""
    patient = patient or new_patient(db)
    sitting = start_session(
        db, patient_id=patient.id, clinic_id=clinic.id, attendance_id=None, mode="self", language="English",
        staff_user_id=None, idempotency_key=f"review-{next(_keys)}", now=at - timedelta(minutes=10),
    )  # fmt: skip
    answers = {f"phq9_{n}": v for n, v in enumerate(phq9, start=1)}
    if any(isinstance(v, int) and v > 0 for v in phq9):
        answers["phq9_10"] = 1
    _answer(db, sitting, "phq9", answers, at)
    _answer(db, sitting, "gad7", {f"gad7_{n}": v for n, v in enumerate(gad7, start=1)}, at)
    if vital5:
        _answer(db, sitting, "vital5", vital5, at)
    complete_session(db, sitting.id, actor="tablet", actor_user_id=None, now=at)
    return sitting


def _answer(db: Session, sitting: ScreeningSession, instrument_id: str, answers: dict, at: datetime) -> None:
    record_answers(
        db,
        sitting.id,
        answers,
        instrument_id=instrument_id,
        instrument_version=load_instrument(instrument_id).version,
        actor_user_id=None,
        now=at,
    )


def flag_of(db: Session, sitting: ScreeningSession, rule_code: str | None = None) -> Flag:
    """The sitting's flag (with that rule, when it raised several)."""
    query = select(Flag).where(Flag.session_id == sitting.id).order_by(Flag.id)
    if rule_code is not None:
        query = query.where(Flag.rule_code == rule_code)
    return db.scalars(query).first()  # type: ignore[return-value]


def reviewer(
    db: Session, role: str = "psychologist", *, sites: list[Site] | None = None, name: str | None = None
) -> CurrentUser:
    """A signed-in user of `role` (all sites unless `sites`), as the services receive one."""
    fields = {"display_name": name} if name else {}
    user = factories.user(db, role=role, sites=sites, **fields)
    return load_current_user(db, user.id)
