"""Sittings left idle for 2 hours are marked abandoned with their answers; staff resume or close them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Answer, ScreeningSession
from screening.access.services.accounts import load_current_user
from screening.errors import ConflictError, PermissionDenied
from screening.sittings.rules.clinic_day_policy import ClinicDayPolicy
from screening.sittings.services.abandonment import close_sitting, mark_abandoned, resume_sitting
from screening.sittings.services.completion import complete_session
from tests import factories
from tests.clinic_days import NOW, a_clinic_day, a_started_sitting, answer, audit

TWO_HOURS = timedelta(hours=2)


@pytest.fixture
def started(db_session: Session):
    day = a_clinic_day(db_session)
    sitting_id = a_started_sitting(db_session, day)
    db_session.commit()
    return day, sitting_id


def status(db: Session, sitting_id: int) -> str:
    return db.scalar(select(ScreeningSession.status).where(ScreeningSession.id == sitting_id))


def sweep(db: Session, staff, at) -> int:
    count = mark_abandoned(db, actor=staff, now=at)
    db.commit()
    return count


def test_a_sitting_idle_for_exactly_two_hours_is_marked_abandoned(db_session, started) -> None:
    day, sitting_id = started
    assert sweep(db_session, day.staff, NOW + TWO_HOURS - timedelta(seconds=1)) == 0
    assert status(db_session, sitting_id) == "in_progress"
    assert sweep(db_session, day.staff, NOW + TWO_HOURS) == 1
    assert status(db_session, sitting_id) == "abandoned"
    assert audit(db_session, "sessions.abandoned") == [("sessions.abandoned", {"count": 1, "idle_hours": 2.0})]


def test_a_recent_answer_keeps_the_sitting_in_progress_and_abandoning_keeps_the_answers(db_session, started) -> None:
    day, sitting_id = started
    answer(db_session, sitting_id, "gad7", {"gad7_1": 2, "gad7_2": 1}, at=NOW + timedelta(hours=1))
    db_session.commit()
    assert sweep(db_session, day.staff, NOW + TWO_HOURS) == 0  # answered an hour ago
    assert sweep(db_session, day.staff, NOW + timedelta(hours=3)) == 1
    assert db_session.scalar(select(func.count()).where(Answer.session_id == sitting_id)) == 2


def test_the_idle_time_is_configurable_and_nothing_is_audited_when_nothing_changes(db_session, started) -> None:
    day, _sitting_id = started
    assert mark_abandoned(db_session, actor=day.staff, now=NOW + timedelta(minutes=30),
                          policy=ClinicDayPolicy(abandon_hours=0.5)) == 1  # fmt: skip
    assert sweep(db_session, day.staff, NOW + TWO_HOURS) == 0
    assert len(audit(db_session, "sessions.abandoned")) == 1


def test_completed_sittings_and_other_sites_sittings_are_left_alone(db_session, started) -> None:
    day, sitting_id = started
    complete_session(db_session, sitting_id, actor="t", actor_user_id=None, now=NOW)
    elsewhere = factories.screening_session(db_session, started_at=NOW, updated_at=NOW)
    db_session.commit()
    assert sweep(db_session, day.staff, NOW + TWO_HOURS) == 0
    assert status(db_session, elsewhere.id) == "in_progress"


def test_staff_resume_an_abandoned_sitting_and_its_idle_clock_restarts(db_session, started) -> None:
    day, sitting_id = started
    sweep(db_session, day.staff, NOW + TWO_HOURS)
    later = NOW + timedelta(hours=5)
    resume_sitting(db_session, actor=day.staff, sitting_id=sitting_id, now=later, app_session="tablet-a")
    resume_sitting(db_session, actor=day.staff, sitting_id=sitting_id, now=later)  # a double tap
    db_session.commit()
    assert status(db_session, sitting_id) == "in_progress"
    assert audit(db_session, "session.resumed") == [("session.resumed", {"from": "abandoned"})]
    assert sweep(db_session, day.staff, later + TWO_HOURS - timedelta(seconds=1)) == 0


def test_staff_close_an_abandoned_sitting_keeping_its_answers_and_it_cannot_be_resumed(db_session, started) -> None:
    day, sitting_id = started
    answer(db_session, sitting_id, "gad7", {"gad7_1": 2})
    sweep(db_session, day.staff, NOW + timedelta(days=1))
    close_sitting(db_session, actor=day.staff, sitting_id=sitting_id, now=NOW + timedelta(days=1))
    close_sitting(db_session, actor=day.staff, sitting_id=sitting_id, now=NOW + timedelta(days=1))  # a double tap
    db_session.commit()
    sitting = db_session.get_one(ScreeningSession, sitting_id)
    assert (sitting.status, sitting.ended_at) == ("abandoned", NOW + timedelta(days=1))
    assert audit(db_session, "session.closed") == [("session.closed", {"from": "abandoned", "answered_items": 1})]
    with pytest.raises(ConflictError, match="already closed as abandoned"):
        resume_sitting(db_session, actor=day.staff, sitting_id=sitting_id, now=NOW)


def test_a_completed_sitting_cannot_be_resumed_or_closed(db_session, started) -> None:
    day, sitting_id = started
    complete_session(db_session, sitting_id, actor="t", actor_user_id=None, now=NOW)
    with pytest.raises(ConflictError, match="already finished"):
        resume_sitting(db_session, actor=day.staff, sitting_id=sitting_id, now=NOW)
    with pytest.raises(ConflictError, match="already finished"):
        close_sitting(db_session, actor=day.staff, sitting_id=sitting_id, now=NOW)


def test_staff_of_another_site_cannot_resume_or_close(db_session, started) -> None:
    _, sitting_id = started
    elsewhere = load_current_user(db_session, factories.user(db_session, sites=[factories.site(db_session)]).id)
    for action in (resume_sitting, close_sitting):
        with pytest.raises(PermissionDenied, match="outside your site scope"):
            action(db_session, actor=elsewhere, sitting_id=sitting_id, now=NOW)
