"""The patient view: every screen over time, item answers, Vital 5, flags and actions; opening audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import AuditEvent
from questionnaires import load_instrument
from screening.errors import NotFound, PermissionDenied
from screening.flag_review.services.flag_actions import acknowledge_flag, record_contact
from screening.flag_review.services.patient_history import open_patient, patient_history
from screening.sittings.services.sittings import record_answers, start_session
from tests import factories
from tests.review_records import CALM, ITEM9_SEVERAL_DAYS, MODERATE, NOW, SEVERE, new_patient, reviewer, screened

VITAL5 = {"bp_systolic_1": 150, "bp_diastolic_1": 95, "bp_systolic_2": 142, "bp_diastolic_2": 91,
          "height_m": 1.7, "weight_kg": 95.0, "smoking_status": "1"}  # fmt: skip


@pytest.fixture
def patient_id(db_session: Session) -> int:
    """Three screens: PHQ-9 12, then 22 (+10, reliable), then 9 with item 9 positive (-13, reliable)."""
    clinic, patient = factories.clinic(db_session), new_patient(db_session, given_name="Ada", family_name="Okafor")
    screened(db_session, clinic=clinic, patient=patient, phq9=MODERATE, at=NOW - timedelta(days=120))
    screened(db_session, clinic=clinic, patient=patient, phq9=SEVERE, at=NOW - timedelta(days=60), vital5=VITAL5)
    screened(db_session, clinic=clinic, patient=patient, phq9=ITEM9_SEVERAL_DAYS, at=NOW)
    return patient.id


def test_the_view_lists_every_screen_oldest_first_with_totals_and_reliable_change(
    db_session: Session, patient_id: int
) -> None:
    history = patient_history(db_session, reviewer(db_session), patient_id, now=NOW)
    assert history.patient.name == "Ada Okafor"
    assert [s.total("phq9").words for s in history.sittings] == [  # type: ignore[union-attr]
        "PHQ-9 12 (moderate)",
        "PHQ-9 22 (severe)",
        "PHQ-9 9 (mild)",
    ]
    changes = [s.phq9_change for s in history.sittings]
    assert changes[0] is None
    assert (changes[1].points, changes[1].reliable) == (10, True)  # type: ignore[union-attr]  # 12 -> 22
    assert (changes[2].points, changes[2].reliable) == (-13, True)  # type: ignore[union-attr]  # 22 -> 9
    assert changes[2].label == "PHQ-9 reliable improvement"  # type: ignore[union-attr]  # s6 v2
    assert history.sittings[2].change("phq9") is changes[2]


def test_item_answers_are_shown_in_words_with_item_9_highlighted(db_session: Session, patient_id: int) -> None:
    latest = patient_history(db_session, reviewer(db_session), patient_id, now=NOW).sittings[-1]
    title, items = latest.answers[0]
    assert title == "Patient Health Questionnaire (PHQ-9)"
    assert [(i.number, i.answer, i.concern) for i in items][8] == (9, "Several days", True)
    assert (
        latest.item9_concern
        and not patient_history(db_session, reviewer(db_session), patient_id, now=NOW).sittings[0].item9_concern
    )


def test_vital_5_values_are_shown_as_recorded(db_session: Session, patient_id: int) -> None:
    middle = patient_history(db_session, reviewer(db_session), patient_id, now=NOW).sittings[1]
    # BMI 95 / 1.7^2 = 32.87... -> 32.9: obesity class 2 on the lower thresholds that ethnic
    # category N uses (D5; s5 v2: class 2 from 32.5). The recorded BP is the lower of the last two.
    assert middle.vital5[:4] == ("Blood pressure 142/91 mmHg (raised)", "Weight 95 kg, height 1.7 m",
                                 "BMI 32.9 (obesity class 2)", "Smoking: Current smoker")  # fmt: skip


def test_flags_come_with_every_action_taken_and_the_notes_a_psychologist_may_read(
    db_session: Session, patient_id: int
) -> None:
    me = reviewer(db_session, name="Dr Ama Boateng")
    urgent = patient_history(db_session, me, patient_id, now=NOW).flags[0]
    acknowledge_flag(db_session, me, flag_id=urgent.flag_id, version=1, now=NOW)
    record_contact(db_session, me, flag_id=urgent.flag_id, version=2, method="in_clinic", note="Seen in clinic",
                   now=NOW)  # fmt: skip
    history = patient_history(db_session, me, patient_id, now=NOW)
    assert [(f.rule_code, f.status) for f in history.flags] == [
        ("phq9_item9_positive", "contact_attempted"),
        ("phq9_severe", "open"),
        ("phq9_threshold", "open"),
    ]
    assert [(a.action, a.actor, a.note) for a in history.flags[0].actions] == [
        ("Raised", "Screening rules", None), ("Acknowledged", "Dr Ama Boateng", None),
        ("Contact attempted", "Dr Ama Boateng", "Seen in clinic")]  # fmt: skip
    assert history.flags[0].owner == "Dr Ama Boateng" and history.may_act and history.notes_visible
    assert me.user_id in {o.user_id for o in history.owners[urgent.flag_id]}


def test_opening_the_view_is_audited_once_with_counts_only(db_session: Session, patient_id: int) -> None:
    me = reviewer(db_session)
    open_patient(db_session, me, patient_id, now=NOW, app_session="tab-9")
    patient_history(db_session, me, patient_id, now=NOW)  # a rerun of the open view
    (event,) = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "patient.history_viewed")).all()
    assert (event.actor_user_id, event.entity_type, event.entity_id) == (me.user_id, "patient", str(patient_id))
    assert (event.app_session, event.detail) == ("tab-9", {"sittings": 3, "flags": 3})


def test_a_patient_with_no_screens_at_the_users_sites_is_not_found(db_session: Session) -> None:
    here, there = factories.site(db_session), factories.site(db_session)
    patient = new_patient(db_session)
    screened(db_session, clinic=factories.clinic(db_session, site_id=there.id), patient=patient, phq9=SEVERE)
    with pytest.raises(NotFound, match="at your sites"):
        open_patient(db_session, reviewer(db_session, sites=[here]), patient.id, now=NOW)
    with pytest.raises(NotFound):
        patient_history(db_session, reviewer(db_session), patient.id + 999, now=NOW)
    assert db_session.scalar(select(func.count()).where(AuditEvent.action == "patient.history_viewed")) == 0


def test_only_screens_at_the_users_sites_are_shown_and_a_sitting_in_progress_is_among_them(
    db_session: Session,
) -> None:
    here, there = factories.site(db_session), factories.site(db_session)
    patient = new_patient(db_session)
    screened(db_session, clinic=factories.clinic(db_session, site_id=here.id), patient=patient, phq9=CALM,
             at=NOW - timedelta(days=30))  # fmt: skip
    screened(db_session, clinic=factories.clinic(db_session, site_id=there.id), patient=patient, phq9=SEVERE)
    going = start_session(db_session, patient_id=patient.id, clinic_id=factories.clinic(db_session, site_id=here.id).id,
                          attendance_id=None, mode="self", language="English", staff_user_id=None,
                          idempotency_key="still-going", now=NOW)  # fmt: skip
    history = patient_history(db_session, reviewer(db_session, sites=[here]), patient.id, now=NOW)
    assert [(s.site, s.status) for s in history.sittings] == [(here.code, "completed"), (here.code, "in_progress")]
    assert history.flags == ()
    # An item 9 answer raises its flag at once (s1 v2): the psychologist opening it sees the sitting.
    record_answers(db_session, going.id, {"phq9_9": 2}, instrument_id="phq9",
                   instrument_version=load_instrument("phq9").version, actor_user_id=None, now=NOW)  # fmt: skip
    history = patient_history(db_session, reviewer(db_session, sites=[here]), patient.id, now=NOW)
    assert [(f.session_id, f.priority) for f in history.flags] == [(going.id, "urgent")]


@pytest.mark.parametrize("role", ["clinic_staff", "service_manager", "administrator"])
def test_other_roles_cannot_open_the_patient_view(db_session: Session, patient_id: int, role: str) -> None:
    with pytest.raises(PermissionDenied, match="see a patient's screening history"):
        open_patient(db_session, reviewer(db_session, role), patient_id, now=NOW)
