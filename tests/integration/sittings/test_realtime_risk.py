"""No disclosed risk is ever lost: item 9 flags as answers are stored, and unfinished sittings
scored on what was answered (clinical reference s1 and s4, v2; hazard H2)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import AuditEvent, Flag, FlagAction, Score, ScreeningSession, Site
from screening.access.rules.passwords import hash_pin
from screening.access.services.accounts import load_current_user
from screening.clinic_day.services.clinic_day import begin_self_screen, clinic_list
from screening.flag_review.services.flag_queue import flag_queue
from screening.flag_review.services.flag_queue_rows import QueueFilters
from screening.flag_review.services.urgent_alerts import unacknowledged_urgent
from screening.patient_mode.services.hand_back import HandBack, end_handover
from screening.patient_mode.services.sitting_start import start_or_resume
from screening.sittings.rules.clinic_day_policy import ClinicDayPolicy
from screening.sittings.services.abandonment import close_sitting, mark_abandoned, resume_sitting
from screening.sittings.services.completion import complete_session
from screening.sittings.services.patient_screen import Where, finish, save_answers
from tests import factories
from tests.clinic_days import NOW, ClinicDay, a_clinic_day, a_started_sitting, a_visit, answer
from tests.review_records import reviewer

PIN = "2468"


@pytest.fixture
def day(db_session: Session) -> ClinicDay:
    return a_clinic_day(db_session)


def flags(db: Session, sitting_id: int) -> list[tuple[str, str, str, str]]:
    rows = db.scalars(select(Flag).where(Flag.session_id == sitting_id).order_by(Flag.id))
    return [(f.rule_code, f.priority, f.status, f.reason) for f in rows]


def notes(db: Session, sitting_id: int) -> list[str]:
    return list(db.scalars(
        select(FlagAction.note).join(Flag, Flag.id == FlagAction.flag_id)
        .where(Flag.session_id == sitting_id, FlagAction.action == "rules_updated").order_by(FlagAction.id)
    ))  # fmt: skip


def test_an_item9_answer_raises_the_urgent_flag_in_the_same_transaction_before_any_finish(
    db_session: Session, day: ClinicDay
) -> None:
    sitting_id = a_started_sitting(db_session, day)
    answer(db_session, sitting_id, "phq9", {"phq9_1": 1, "phq9_9": 2})
    # Not yet committed: the flag is part of the very transaction that stored the answer.
    assert flags(db_session, sitting_id) == [
        (
            "phq9_item9_positive",
            "urgent",
            "open",
            "PHQ-9 item 9: thoughts of being better off dead or of self-harm, more than half the days",
        )
    ]
    db_session.rollback()
    assert flags(db_session, sitting_id) == []  # rolled back together with the answer


def test_the_real_time_flag_is_on_the_banner_the_queue_and_the_clinic_list_at_once(
    db_session: Session, day: ClinicDay
) -> None:
    sitting_id = a_started_sitting(db_session, day)
    answer(db_session, sitting_id, "phq9", {"phq9_9": 1})
    db_session.commit()
    psychologist = reviewer(db_session)
    alert = unacknowledged_urgent(db_session, psychologist, now=NOW)
    assert alert is not None and alert.count == 1
    queue = flag_queue(db_session, psychologist, QueueFilters(), now=NOW)
    assert [(r.rule_code, r.priority) for r in queue.rows][:1] == [("phq9_item9_positive", "urgent")]
    (row,) = clinic_list(db_session, actor=day.staff, day=NOW.date())
    assert row.urgent_flags == 1 and row.screening_status == "in progress"


@pytest.mark.parametrize(("value", "code"), [(1, "phq9_item9_positive"), ("declined", "phq9_item9_unanswered")])
def test_item9_at_one_or_declined_is_urgent_whoever_entered_it(
    db_session: Session, day: ClinicDay, value: object, code: str
) -> None:
    sitting_id = a_started_sitting(db_session, day)
    # Staff entering it with the patient (assisted) raise it just as the patient would.
    save_answers(db_session, actor=day.staff, where=Where(sitting_id=sitting_id), instrument_id="phq9",
                 answers={"phq9_9": value}, now=NOW)  # fmt: skip
    assert [(c, p) for c, p, *_ in flags(db_session, sitting_id)] == [(code, "urgent")]
    raised = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "flag.raised")).one()
    assert raised.detail == {"rule": code, "priority": "urgent", "trigger": "answer_saved", "step": "raise"}


def test_item9_at_zero_raises_nothing(db_session: Session, day: ClinicDay) -> None:
    sitting_id = a_started_sitting(db_session, day)
    answer(db_session, sitting_id, "phq9", {"phq9_9": 0})
    assert flags(db_session, sitting_id) == []


def test_a_double_tap_on_the_same_item9_answer_keeps_one_flag_and_writes_nothing_twice(
    db_session: Session, day: ClinicDay
) -> None:
    sitting_id = a_started_sitting(db_session, day)
    answer(db_session, sitting_id, "phq9", {"phq9_9": 2})
    answer(db_session, sitting_id, "phq9", {"phq9_9": 2})
    assert len(flags(db_session, sitting_id)) == 1 and notes(db_session, sitting_id) == []


def test_item9_changed_to_zero_with_back_keeps_the_flag_open_with_a_note_only_a_reviewer_closes_it(
    db_session: Session, day: ClinicDay
) -> None:
    sitting_id = a_started_sitting(db_session, day)
    answer(db_session, sitting_id, "phq9", {"phq9_9": 3})
    answer(db_session, sitting_id, "phq9", {"phq9_9": 0})
    assert [(c, s) for c, _, s, _ in flags(db_session, sitting_id)] == [("phq9_item9_positive", "open")]
    assert notes(db_session, sitting_id) == [
        'PHQ-9 item 9 was changed to "Not at all". It stays open until a reviewer closes it.'
    ]
    answer(db_session, sitting_id, "phq9", {f"phq9_{n}": 0 for n in range(1, 9)})
    complete_session(db_session, sitting_id, actor="tablet", actor_user_id=None, now=NOW)
    assert [(c, s) for c, _, s, _ in flags(db_session, sitting_id)] == [("phq9_item9_positive", "open")]


def test_completion_never_raises_a_second_item9_flag_and_updates_its_reason_with_the_final_answer(
    db_session: Session, day: ClinicDay
) -> None:
    sitting_id = a_started_sitting(db_session, day)
    answer(db_session, sitting_id, "phq9", {"phq9_9": 1})
    answer(db_session, sitting_id, "phq9", {**{f"phq9_{n}": 0 for n in range(1, 9)}, "phq9_9": 3, "phq9_10": 1})
    result = complete_session(db_session, sitting_id, actor="tablet", actor_user_id=None, now=NOW)
    assert [(f.rule_code, f.reason) for f in result.flags] == [
        ("phq9_item9_positive", "PHQ-9 item 9: thoughts of being better off dead or of self-harm, nearly every day")
    ]
    assert db_session.scalar(select(func.count()).select_from(Flag)) == 1


def test_a_sitting_marked_abandoned_before_item9_raises_risk_item_unanswered_and_scores_what_was_answered(
    db_session: Session, day: ClinicDay
) -> None:
    sitting_id = a_started_sitting(db_session, day)
    # PHQ-9 items 1-5 answered 3+3+3+3+2 = 14, then the patient walked away: incomplete,
    # but missing answers can only add, so it is at least 14 (s4 v2).
    answer(db_session, sitting_id, "phq9", {"phq9_1": 3, "phq9_2": 3, "phq9_3": 3, "phq9_4": 3, "phq9_5": 2})
    db_session.commit()
    later = NOW + timedelta(hours=2)
    assert mark_abandoned(db_session, actor=day.staff, now=later, policy=ClinicDayPolicy()) == 1
    assert [(c, p) for c, p, *_ in flags(db_session, sitting_id)] == [
        ("phq9_item9_unanswered", "urgent"),
        ("phq9_threshold", "routine"),
    ]
    reason = dict((c, r) for c, _, _, r in flags(db_session, sitting_id))["phq9_threshold"]
    assert "at least 14" in reason and "incomplete" in reason
    phq9 = db_session.scalars(select(Score).where(Score.session_id == sitting_id)).one()
    assert (phq9.instrument_id, phq9.raw_sum, phq9.total, phq9.complete) == ("phq9", 14, None, False)


def test_closing_a_sitting_raises_its_flags_once_however_often_it_is_closed(
    db_session: Session, day: ClinicDay
) -> None:
    sitting_id = a_started_sitting(db_session, day)
    answer(db_session, sitting_id, "phq9", {"phq9_1": 1})
    db_session.commit()
    close_sitting(db_session, actor=day.staff, sitting_id=sitting_id, now=NOW)
    close_sitting(db_session, actor=day.staff, sitting_id=sitting_id, now=NOW)  # a double tap
    assert [(c, p) for c, p, *_ in flags(db_session, sitting_id)] == [("phq9_item9_unanswered", "urgent")]
    assert flags(db_session, sitting_id)[0][3].endswith("not reached before the sitting ended")


def test_an_abandoned_sitting_resumed_and_finished_upgrades_its_flags_and_replaces_its_scores(
    db_session: Session, day: ClinicDay
) -> None:
    sitting_id = a_started_sitting(db_session, day)
    answer(db_session, sitting_id, "phq9", {f"phq9_{n}": 3 for n in range(1, 6)})  # at least 15 (incomplete)
    db_session.commit()
    mark_abandoned(db_session, actor=day.staff, now=NOW + timedelta(hours=2), policy=ClinicDayPolicy())
    resume_sitting(db_session, actor=day.staff, sitting_id=sitting_id, now=NOW + timedelta(hours=3))
    # 3 x 5 + 2 + 2 + 2 + 0 = 21: severe, HIGH; item 9 now answered 0.
    answer(db_session, sitting_id, "phq9", {"phq9_6": 2, "phq9_7": 2, "phq9_8": 2, "phq9_9": 0, "phq9_10": 2})
    complete_session(db_session, sitting_id, actor="tablet", actor_user_id=None, now=NOW + timedelta(hours=3))
    stored = flags(db_session, sitting_id)
    assert [(c, p, s) for c, p, s, _ in stored] == [
        ("phq9_item9_unanswered", "urgent", "open"),  # raised at abandonment: only a reviewer closes it
        ("phq9_severe", "high", "open"),  # the ROUTINE "at least 15" flag, upgraded in place
    ]
    scores = db_session.scalars(select(Score).where(Score.session_id == sitting_id)).all()
    assert [(s.instrument_id, s.total, s.complete) for s in scores] == [("phq9", 21, True)]
    assert db_session.get_one(ScreeningSession, sitting_id).status == "completed"


def test_a_tablet_handed_back_before_item9_raises_risk_item_unanswered_at_once(db_session: Session) -> None:
    clinic = factories.clinic(db_session)
    visit = factories.attendance(db_session, clinic_id=clinic.id, appointment_at=NOW - timedelta(hours=1))
    user = factories.user(db_session, pin_hash=hash_pin(PIN), sites=[db_session.get(Site, clinic.site_id)])
    staff = load_current_user(db_session, user.id)
    handover = begin_self_screen(db_session, actor=staff, attendance_id=visit.id, idempotency_key="k",
                                 app_session="tablet", now=NOW)  # fmt: skip
    save_answers(db_session, actor=staff, where=Where(handover.handover_id), instrument_id="phq9",
                 answers={"phq9_1": 2}, now=NOW)  # fmt: skip
    assert end_handover(db_session, actor=staff, handover_id=handover.handover_id, secret=PIN, now=NOW,
                        app_session="tablet") is HandBack.ACCEPTED  # fmt: skip
    assert [(c, p) for c, p, *_ in flags(db_session, handover.screening_session_id)] == [
        ("phq9_item9_unanswered", "urgent")
    ]


def test_the_safety_message_shows_for_item9_declined_as_well_as_above_zero(db_session: Session, day: ClinicDay) -> None:
    shown = {}
    for value in (0, 1, "declined"):
        sitting_id = a_started_sitting(db_session, day) if not shown else _another(db_session, day, value)
        answer(db_session, sitting_id, "phq9", {**{f"phq9_{n}": 0 for n in range(1, 9)}, "phq9_9": value})
        shown[value] = finish(db_session, actor=day.staff, where=Where(sitting_id=sitting_id), now=NOW)
        db_session.commit()
    assert shown == {0: False, 1: True, "declined": True}


def _another(db: Session, day: ClinicDay, value: object) -> int:
    visit = a_visit(db, day.clinic)
    return start_or_resume(db, actor=day.staff, attendance_id=visit.id, mode=None,
                           idempotency_key=f"again-{value}", now=NOW)  # fmt: skip


def test_a_gateway_sitting_closed_before_any_answer_raises_risk_item_and_gateway_not_answered(
    db_session: Session,
) -> None:
    clinic = factories.clinic(db_session, bundle="gateway")
    visit = a_visit(db_session, clinic)
    staff = load_current_user(db_session, factories.user(db_session, sites=[db_session.get(Site, clinic.site_id)]).id)
    sitting_id = start_or_resume(db_session, actor=staff, attendance_id=visit.id, mode=None, idempotency_key="g",
                                 now=NOW)  # fmt: skip
    close_sitting(db_session, actor=staff, sitting_id=sitting_id, now=NOW)
    # The gateway always asks item 9 and both PHQ-4 halves (s3 v2): none was reached.
    assert [(c, p) for c, p, *_ in flags(db_session, sitting_id)] == [
        ("phq9_item9_unanswered", "urgent"),
        ("phq4_half_unanswered", "routine"),
    ]
