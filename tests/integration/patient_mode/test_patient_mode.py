"""Handing the tablet to a patient and taking it back (issue 4, patient mode)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent, Handover, ScreeningSession, Site
from screening.access.rules.passwords import hash_pin
from screening.access.services.accounts import load_current_user
from screening.clinic_day.services.clinic_day import begin_self_screen, clinic_list
from screening.errors import ConflictError, PermissionDenied
from screening.patient_mode.services.hand_back import HandBack, end_handover
from screening.patient_mode.services.handovers import end_other_handovers, open_handovers
from screening.sittings.services.patient_screen import Where, finish, patient_form, save_answers
from tests import factories

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
PIN = "2468"


@pytest.fixture
def clinic_day(db_session: Session):
    clinic = factories.clinic(db_session)
    visit = factories.attendance(db_session, clinic_id=clinic.id, appointment_at=NOW - timedelta(hours=1))
    staff = factories.user(db_session, pin_hash=hash_pin(PIN), sites=[db_session.get(Site, clinic.site_id)])
    db_session.commit()
    return clinic, visit, load_current_user(db_session, staff.id)


def hand_over(db_session, visit, staff, key="tap-1", app_session="tablet-a"):
    handover = begin_self_screen(
        db_session,
        actor=staff,
        attendance_id=visit.id,
        idempotency_key=key,
        app_session=app_session,
        now=NOW,
    )
    db_session.commit()
    return handover


def actions(db_session) -> list[str]:
    return list(db_session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_a_double_tap_on_hand_over_starts_one_sitting_and_one_hand_over(db_session, clinic_day):
    _, visit, staff = clinic_day
    first = hand_over(db_session, visit, staff)
    second = hand_over(db_session, visit, staff)
    assert first == second
    assert db_session.query(ScreeningSession).count() == 1
    assert db_session.query(Handover).count() == 1
    assert actions(db_session) == ["session.started", "patient_mode.started"]


def test_the_clinic_list_shows_todays_patients_at_my_sites_only(db_session, clinic_day):
    _, visit, staff = clinic_day
    factories.attendance(db_session, appointment_at=NOW)  # another site's clinic today
    db_session.commit()
    rows = clinic_list(db_session, actor=staff, day=NOW.date())
    assert [r.attendance_id for r in rows] == [visit.id]
    assert rows[0].screening_status == "not offered"
    hand_over(db_session, visit, staff)
    assert clinic_list(db_session, actor=staff, day=NOW.date())[0].screening_status == "in progress"


def test_staff_of_another_site_cannot_hand_over_that_sites_patient(db_session, clinic_day):
    _, visit, _ = clinic_day
    elsewhere = factories.user(db_session, sites=[factories.site(db_session)])
    db_session.commit()
    with pytest.raises(PermissionDenied, match="outside your site scope"):
        hand_over(db_session, visit, load_current_user(db_session, elsewhere.id))


def test_the_patient_reaches_only_the_handed_over_sitting(db_session, clinic_day):
    _, visit, staff = clinic_day
    handover = hand_over(db_session, visit, staff)
    form = patient_form(db_session, actor=staff, where=Where(handover.handover_id))
    assert form.sitting_id == handover.screening_session_id
    assert form.steps[0] == ("phq9", "phq9_1") and form.steps[-1] == ("auditc", "auditc_3")
    assert len(form.steps) == 9 + 7 + 3  # difficulty items open only once a problem is ticked
    colleague = load_current_user(db_session, factories.user(db_session).id)
    with pytest.raises(PermissionDenied, match="not in patient mode"):
        patient_form(db_session, actor=colleague, where=Where(handover.handover_id))


def test_answers_are_saved_per_section_and_audited_without_values(db_session, clinic_day):
    _, visit, staff = clinic_day
    handover = hand_over(db_session, visit, staff)
    save_answers(
        db_session,
        actor=staff,
        where=Where(handover.handover_id),
        instrument_id="phq9",
        answers={"phq9_1": 2, "phq9_9": "declined"},
    )
    db_session.commit()
    form = patient_form(db_session, actor=staff, where=Where(handover.handover_id))
    assert form.answers["phq9"] == {"phq9_1": 2, "phq9_9": "declined"}
    event = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "answers.saved")).one()
    assert event.detail == {"instrument": "phq9", "items": ["phq9_1", "phq9_9"], "mode": "self"}


def test_a_question_from_another_questionnaire_is_refused(db_session, clinic_day):
    _, visit, staff = clinic_day
    handover = hand_over(db_session, visit, staff)
    with pytest.raises(ConflictError, match="reload the page"):
        save_answers(
            db_session, actor=staff, where=Where(handover.handover_id), instrument_id="phq9", answers={"gad7_1": 1}
        )


def test_finishing_twice_completes_once_and_item9_asks_the_team_to_talk_today(db_session, clinic_day):
    _, visit, staff = clinic_day
    handover = hand_over(db_session, visit, staff)
    phq9 = {f"phq9_{i}": 0 for i in range(1, 9)} | {"phq9_9": 1}
    save_answers(db_session, actor=staff, where=Where(handover.handover_id), instrument_id="phq9", answers=phq9)
    assert finish(db_session, actor=staff, where=Where(handover.handover_id), now=NOW) is True
    db_session.commit()
    assert finish(db_session, actor=staff, where=Where(handover.handover_id), now=NOW) is True
    assert actions(db_session).count("session.completed") == 1


def test_leaving_patient_mode_needs_the_staff_pin_and_a_wrong_one_is_counted(db_session, clinic_day):
    _, visit, staff = clinic_day
    handover = hand_over(db_session, visit, staff)
    assert (
        end_handover(
            db_session, actor=staff, handover_id=handover.handover_id, secret="0000", now=NOW, app_session="tablet-a"
        )
        is HandBack.WRONG
    )
    db_session.commit()
    assert open_handovers(db_session, staff.user_id, now=NOW) == [handover]
    assert (
        end_handover(
            db_session, actor=staff, handover_id=handover.handover_id, secret=PIN, now=NOW, app_session="tablet-a"
        )
        is HandBack.ACCEPTED
    )
    db_session.commit()
    assert open_handovers(db_session, staff.user_id, now=NOW) == []
    # Handed back before item 9 was reached: "risk item unanswered" at once (s1 v2).
    assert actions(db_session)[-3:] == ["patient_mode.hand_back_failed", "patient_mode.ended", "flag.raised"]
    with pytest.raises(PermissionDenied):  # the patient's form is closed with it
        patient_form(db_session, actor=staff, where=Where(handover.handover_id))


def test_a_hand_over_older_than_two_hours_stops_asking_for_a_staff_check(db_session, clinic_day):
    _, visit, staff = clinic_day
    handover = hand_over(db_session, visit, staff)
    assert open_handovers(db_session, staff.user_id, now=NOW + timedelta(hours=2) - timedelta(seconds=1))
    assert open_handovers(db_session, staff.user_id, now=NOW + timedelta(hours=2)) == []
    assert db_session.get(Handover, handover.handover_id).end_reason == "expired"


def test_a_staff_check_elsewhere_can_end_every_open_hand_over(db_session, clinic_day):
    _, visit, staff = clinic_day
    hand_over(db_session, visit, staff)
    assert end_other_handovers(db_session, actor=staff, now=NOW, app_session="desk") == 1
    assert open_handovers(db_session, staff.user_id, now=NOW) == []
    assert actions(db_session)[-2:] == ["patient_mode.ended_elsewhere", "flag.raised"]


def test_staff_can_fill_in_the_questionnaire_with_the_patient_without_a_hand_over(db_session, clinic_day):
    _, visit, staff = clinic_day
    sitting_id = hand_over(db_session, visit, staff).screening_session_id
    save_answers(
        db_session, actor=staff, where=Where(sitting_id=sitting_id), instrument_id="gad7", answers={"gad7_1": 1}
    )
    db_session.commit()
    assert patient_form(db_session, actor=staff, where=Where(sitting_id=sitting_id)).answers["gad7"] == {"gad7_1": 1}
    event = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "answers.saved")).one()
    assert event.detail["mode"] == "assisted"
    elsewhere = load_current_user(db_session, factories.user(db_session, sites=[factories.site(db_session)]).id)
    with pytest.raises(PermissionDenied, match="outside your site scope"):
        patient_form(db_session, actor=elsewhere, where=Where(sitting_id=sitting_id))
