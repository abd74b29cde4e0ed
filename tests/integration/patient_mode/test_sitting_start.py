"""Starting a screen resumes the attendance's open sitting; declining takes a reason, once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import ScreeningSession
from questionnaires import load_instrument
from screening.access.services.accounts import load_current_user
from screening.clinic_day.services.clinic_day import begin_self_screen
from screening.clinic_day.services.declines import decline_screening
from screening.errors import ConflictError, InvalidValue, PermissionDenied
from screening.patient_mode.services.sitting_start import assist_sitting, hand_over_sitting, start_or_resume
from screening.sittings.services.abandonment import close_sitting, mark_abandoned
from screening.sittings.services.sittings import record_answers
from tests import factories
from tests.clinic_days import NOW, a_clinic_day, a_visit, answer, audit
from tests.concurrency import race


@pytest.fixture
def day(db_session: Session):
    return a_clinic_day(db_session)


def start(db: Session, day, key: str = "tap-1", mode: str | None = None, now=NOW) -> int:
    sitting_id = start_or_resume(db, actor=day.staff, attendance_id=day.visit.id, mode=mode, idempotency_key=key,
                                 now=now, app_session="tablet-a")  # fmt: skip
    db.commit()
    return sitting_id


def sittings(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(ScreeningSession)) or 0


def test_a_new_sitting_starts_assisted_and_is_audited_with_its_mode_and_bundle(db_session, day) -> None:
    sitting = db_session.get_one(ScreeningSession, start(db_session, day))
    assert (sitting.status, sitting.mode, sitting.attendance_id) == ("in_progress", "assisted", day.visit.id)
    assert audit(db_session) == [("session.started", {"mode": "assisted", "bundle": "full"})]


def test_starting_again_with_a_new_key_resumes_the_open_sitting_instead_of_a_second_one(db_session, day) -> None:
    first = start(db_session, day, "tap-1")
    assert start(db_session, day, "tap-2") == first
    assert start(db_session, day, "tap-1") == first  # a repeated tap
    assert sittings(db_session) == 1
    assert [a for a, _ in audit(db_session)] == ["session.started"]


def test_starting_an_abandoned_sitting_resumes_it_with_its_answers(db_session, day) -> None:
    first = start(db_session, day)
    answer(db_session, first, "gad7", {"gad7_1": 2})
    mark_abandoned(db_session, actor=day.staff, now=NOW + timedelta(days=1))
    db_session.commit()
    assert start(db_session, day, "tap-2", now=NOW + timedelta(days=1)) == first
    sitting = db_session.get_one(ScreeningSession, first)
    assert sitting.status == "in_progress" and sittings(db_session) == 1
    assert ("session.resumed", {"from": "abandoned"}) in audit(db_session)


def test_a_closed_sitting_is_not_resumed_a_new_one_starts(db_session, day) -> None:
    first = start(db_session, day)
    close_sitting(db_session, actor=day.staff, sitting_id=first, now=NOW)
    assert start(db_session, day, "tap-2") != first
    assert sittings(db_session) == 2


def test_handing_over_or_assisting_records_who_fills_it_in(db_session, day) -> None:
    sitting_id = start(db_session, day)
    hand_over_sitting(db_session, actor=day.staff, sitting_id=sitting_id, app_session="tablet-a", now=NOW)
    assert db_session.get_one(ScreeningSession, sitting_id).mode == "self"
    assist_sitting(db_session, actor=day.staff, sitting_id=sitting_id, now=NOW)
    assist_sitting(db_session, actor=day.staff, sitting_id=sitting_id, now=NOW)  # no change, no audit
    assert [d for a, d in audit(db_session, "session.mode_changed")] == [{"mode": "self"}, {"mode": "assisted"}]


def test_the_clinic_list_hand_over_resumes_the_open_sitting_in_self_mode(db_session, day) -> None:
    sitting_id = start(db_session, day)
    handover = begin_self_screen(db_session, actor=day.staff, attendance_id=day.visit.id, idempotency_key="tap-9",
                                 app_session="tablet-a", now=NOW)  # fmt: skip
    assert handover.screening_session_id == sitting_id and sittings(db_session) == 1
    assert db_session.get_one(ScreeningSession, sitting_id).mode == "self"


def test_an_appointment_not_attended_cannot_start_or_decline(db_session, day) -> None:
    missed = a_visit(db_session, day.clinic, status="did_not_attend")
    with pytest.raises(ConflictError, match="not recorded as attended"):
        start_or_resume(db_session, actor=day.staff, attendance_id=missed.id, mode=None, idempotency_key="k",
                        now=NOW)  # fmt: skip
    with pytest.raises(ConflictError, match="not recorded as attended"):
        decline_screening(db_session, actor=day.staff, attendance_id=missed.id, reason="unwell",
                          idempotency_key="k", now=NOW)  # fmt: skip


def test_staff_of_another_site_cannot_start_or_decline(db_session, day) -> None:
    elsewhere = load_current_user(db_session, factories.user(db_session, sites=[factories.site(db_session)]).id)
    with pytest.raises(PermissionDenied, match="outside your site scope"):
        start_or_resume(db_session, actor=elsewhere, attendance_id=day.visit.id, mode=None, idempotency_key="k",
                        now=NOW)  # fmt: skip
    with pytest.raises(PermissionDenied, match="outside your site scope"):
        decline_screening(db_session, actor=elsewhere, attendance_id=day.visit.id, reason="unwell",
                          idempotency_key="k", now=NOW)  # fmt: skip


def decline(db: Session, day, key: str = "no-1", reason: str = "other", words: str | None = "asks his GP"):
    sitting_id = decline_screening(db, actor=day.staff, attendance_id=day.visit.id, reason=reason, free_text=words,
                                   idempotency_key=key, now=NOW, app_session="tablet-a")  # fmt: skip
    db.commit()
    return sitting_id


def test_a_decline_stores_the_reason_and_the_typed_words_and_audits_only_the_code(db_session, day) -> None:
    sitting = db_session.get_one(ScreeningSession, decline(db_session, day))
    assert (sitting.status, sitting.decline_reason, sitting.ended_at) == ("declined", "Other – asks his GP", NOW)
    assert sitting.completed_at is None
    assert audit(db_session) == [("session.declined", {"reason": "other", "typed_words": True})]


def test_declining_twice_records_one_decline_and_the_first_reason_stands(db_session, day) -> None:
    first = decline(db_session, day)
    assert decline(db_session, day) == first  # a double tap
    assert decline(db_session, day, "no-2", reason="unwell", words=None) == first  # a second tablet
    assert sittings(db_session) == 1
    assert db_session.get_one(ScreeningSession, first).decline_reason == "Other – asks his GP"
    assert len(audit(db_session, "session.declined")) == 1


def test_an_open_sitting_without_answers_becomes_the_declined_one(db_session, day) -> None:
    sitting_id = start(db_session, day)
    assert decline(db_session, day) == sitting_id and sittings(db_session) == 1


def test_a_sitting_with_answers_cannot_be_declined(db_session, day) -> None:
    sitting_id = start(db_session, day)
    record_answers(db_session, sitting_id, {"phq9_9": 2}, instrument_id="phq9", instrument_version=load_instrument("phq9").version,
                   actor_user_id=None)  # fmt: skip
    with pytest.raises(ConflictError, match="already answered some questions"):
        decline(db_session, day)


def test_an_unknown_reason_is_refused_before_anything_is_stored(db_session, day) -> None:
    with pytest.raises(InvalidValue, match="choose one of"):
        decline(db_session, day, reason="bored")
    assert sittings(db_session) == 0


def test_two_tablets_starting_the_same_patient_at_once_share_one_sitting(session_factory, db_session, day) -> None:
    keys = iter(("tablet-a", "tablet-b"))

    def tap(db: Session) -> int:
        return start_or_resume(db, actor=day.staff, attendance_id=day.visit.id, mode=None,
                               idempotency_key=next(keys), now=NOW)  # fmt: skip

    first, second = race(session_factory, tap)
    assert first == second and sittings(db_session) == 1
