"""Acting on a flag: every step recorded with who and when, illegal steps refused, nothing overwritten."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import AuditEvent, Flag, FlagAction
from screening.errors import ConflictError, InvalidValue, NotFound, PermissionDenied
from screening.flag_review.rules.flag_workflow import TransitionRefused
from screening.flag_review.services.flag_actions import (
    acknowledge_flag,
    close_flag,
    reassign_flag,
    record_contact,
    reopen_flag,
)  # fmt: skip
from tests import factories
from tests.review_records import NOW, SEVERE, flag_of, reviewer, screened

NOTE = "Spoke to the patient by phone; no immediate risk; safety plan agreed."


@pytest.fixture
def flag(db_session: Session) -> Flag:
    return flag_of(db_session, screened(db_session, clinic=factories.clinic(db_session)))  # urgent, item 9


def steps(db: Session, flag_id: int) -> list[tuple]:
    rows = db.scalars(select(FlagAction).where(FlagAction.flag_id == flag_id).order_by(FlagAction.id))
    return [(a.action, a.from_status, a.to_status) for a in rows]


def test_acknowledge_contact_and_close_record_every_step_with_who_and_when(db_session: Session, flag: Flag) -> None:
    me = reviewer(db_session, name="Dr Ama Boateng")
    one, two, three = NOW + timedelta(minutes=20), NOW + timedelta(minutes=50), NOW + timedelta(hours=2)
    state = acknowledge_flag(db_session, me, flag_id=flag.id, version=1, now=one, app_session="tab-1")
    assert (state.status, state.version, state.assignee_user_id) == ("acknowledged", 2, me.user_id)
    state = record_contact(db_session, me, flag_id=flag.id, version=2, method="phone", note=NOTE, now=two)
    state = close_flag(db_session, me, flag_id=flag.id, version=state.version, outcome="referred",
                       referred_to="liaison_psychiatry", note="Referred for assessment today.", now=three)  # fmt: skip
    db_session.expire_all()
    stored = db_session.get_one(Flag, flag.id)
    assert (stored.status, stored.version, stored.assignee_user_id) == ("closed", 4, me.user_id)
    assert (stored.acknowledged_at, stored.closed_at) == (one, three)
    assert (stored.outcome, stored.referred_to, stored.outcome_detail) == ("referred", "liaison_psychiatry", None)
    assert steps(db_session, flag.id) == [
        ("created", None, "open"), ("acknowledge", "open", "acknowledged"),
        ("contact_attempt", "acknowledged", "contact_attempted"), ("close", "contact_attempted", "closed"),
    ]  # fmt: skip
    actions = db_session.scalars(select(FlagAction).where(FlagAction.flag_id == flag.id).order_by(FlagAction.id)).all()
    assert [(a.actor_user_id, a.at) for a in actions[1:]] == [(me.user_id, one), (me.user_id, two), (me.user_id, three)]
    assert (actions[2].contact_method, actions[2].note) == ("phone", NOTE)
    assert (actions[3].outcome, actions[3].referred_to) == ("referred", "liaison_psychiatry")


def test_the_audit_log_holds_each_step_as_codes_and_never_the_note(db_session: Session, flag: Flag) -> None:
    me = reviewer(db_session)
    acknowledge_flag(db_session, me, flag_id=flag.id, version=1, now=NOW, app_session="tab-1")
    record_contact(db_session, me, flag_id=flag.id, version=2, method="letter", note=NOTE, now=NOW)
    close_flag(db_session, me, flag_id=flag.id, version=3, outcome="no_further_action",
               detail="Answered item 9 by mistake", note=NOTE, now=NOW)  # fmt: skip
    events = db_session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == "flag", AuditEvent.entity_id == str(flag.id))
        .order_by(AuditEvent.id)
    ).all()  # fmt: skip
    actions = [e.action for e in events]
    # The item 9 answer raised the flag as it was stored (s1 v2), then the reviewer's steps.
    assert actions == ["flag.raised", "flag.acknowledged", "flag.contact_attempted", "flag.closed"]
    raised, events = events[0], events[1:]
    assert raised.detail == {
        "rule": "phq9_item9_positive",
        "priority": "urgent",
        "trigger": "answer_saved",
        "step": "raise",
    }
    assert events[0].detail == {"priority": "urgent", "from_status": "open", "to_status": "acknowledged"}
    assert events[1].detail["contact_method"] == "letter"
    assert events[2].detail["outcome"] == "no_further_action"
    assert {e.actor_user_id for e in events} == {me.user_id} and events[0].app_session == "tab-1"
    logged = repr([e.detail for e in events])
    assert "safety plan" not in logged and "mistake" not in logged


@pytest.mark.parametrize(
    ("act", "refusal"),
    [
        (lambda db, me, f: record_contact(db, me, flag_id=f, version=1, method="phone", note=NOTE, now=NOW),
         "Acknowledge this flag"),
        (lambda db, me, f: close_flag(db, me, flag_id=f, version=1, outcome="referred", referred_to="gp",
                                      note=NOTE, now=NOW), "Acknowledge this flag"),
        (lambda db, me, f: reopen_flag(db, me, flag_id=f, version=1, reason="x", now=NOW), "nothing to reopen"),
    ],
)  # fmt: skip
def test_an_illegal_step_is_refused_and_nothing_is_written(db_session: Session, flag: Flag, act, refusal) -> None:
    with pytest.raises(TransitionRefused, match=refusal):
        act(db_session, reviewer(db_session), flag.id)
    assert steps(db_session, flag.id) == [("created", None, "open")]
    assert db_session.scalar(select(Flag.version).where(Flag.id == flag.id)) == 1


def test_the_step_is_refused_before_its_note_is_checked(db_session: Session, flag: Flag) -> None:
    with pytest.raises(TransitionRefused):  # not "note is needed": acknowledging comes first
        record_contact(db_session, reviewer(db_session), flag_id=flag.id, version=1, method=None, note="", now=NOW)


def test_closing_without_a_note_or_a_destination_is_refused(db_session: Session, flag: Flag) -> None:
    me = reviewer(db_session)
    acknowledge_flag(db_session, me, flag_id=flag.id, version=1, now=NOW)
    with pytest.raises(InvalidValue, match="note"):
        close_flag(db_session, me, flag_id=flag.id, version=2, outcome="declined_by_patient", note=" ", now=NOW)
    with pytest.raises(InvalidValue, match="referred to"):
        close_flag(db_session, me, flag_id=flag.id, version=2, outcome="referred", note=NOTE, now=NOW)
    assert db_session.scalar(select(Flag.status).where(Flag.id == flag.id)) == "acknowledged"


def test_an_action_on_a_version_the_user_did_not_see_names_who_changed_it_and_when(
    db_session: Session, flag: Flag
) -> None:
    first, second = reviewer(db_session, name="Dr Ama Boateng"), reviewer(db_session, name="Sam Patel")
    acknowledge_flag(db_session, first, flag_id=flag.id, version=1, now=NOW + timedelta(minutes=7))
    with pytest.raises(ConflictError) as refused:
        acknowledge_flag(db_session, second, flag_id=flag.id, version=1, now=NOW + timedelta(minutes=9))
    # 09:07 UTC on 10 June is 10:07 in London.
    assert str(refused.value) == "This flag was updated by Dr Ama Boateng at 10:07, reload to see the change."


def test_reassigning_hands_the_flag_to_a_psychologist_at_its_site_with_a_reason(db_session: Session) -> None:
    site, other = factories.site(db_session), factories.site(db_session)
    flag = flag_of(db_session, screened(db_session, clinic=factories.clinic(db_session, site_id=site.id)))
    me, colleague = reviewer(db_session, sites=[site]), reviewer(db_session, sites=[site])
    elsewhere, nurse = reviewer(db_session, sites=[other]), reviewer(db_session, "clinic_staff", sites=[site])
    acknowledge_flag(db_session, me, flag_id=flag.id, version=1, now=NOW)
    for wrong in (elsewhere.user_id, nurse.user_id):
        with pytest.raises(InvalidValue, match="not an active psychologist at this flag's site"):
            reassign_flag(db_session, me, flag_id=flag.id, version=2, to_user_id=wrong, reason="Leave", now=NOW)
    with pytest.raises(InvalidValue, match="reason"):
        reassign_flag(db_session, me, flag_id=flag.id, version=2, to_user_id=colleague.user_id, reason="", now=NOW)
    state = reassign_flag(db_session, me, flag_id=flag.id, version=2, to_user_id=colleague.user_id,
                          reason="On leave from tomorrow", now=NOW)  # fmt: skip
    assert (state.status, state.assignee_user_id) == ("acknowledged", colleague.user_id)
    last = db_session.scalars(
        select(FlagAction).where(FlagAction.flag_id == flag.id).order_by(FlagAction.id.desc())
    ).first()
    assert (last.action, last.assignee_user_id, last.note) == ("reassign", colleague.user_id, "On leave from tomorrow")


def test_reopening_clears_the_outcome_and_the_history_keeps_the_close(db_session: Session, flag: Flag) -> None:
    me, colleague = reviewer(db_session), reviewer(db_session)
    acknowledge_flag(db_session, me, flag_id=flag.id, version=1, now=NOW)
    close_flag(db_session, me, flag_id=flag.id, version=2, outcome="referred", referred_to="other",
               detail="Community sickle cell nurse", note=NOTE, now=NOW)  # fmt: skip
    state = reopen_flag(db_session, colleague, flag_id=flag.id, version=3, reason="Patient called back", now=NOW)
    db_session.expire_all()
    stored = db_session.get_one(Flag, flag.id)
    assert (state.status, stored.assignee_user_id) == ("acknowledged", colleague.user_id)
    assert (stored.outcome, stored.referred_to, stored.outcome_detail, stored.closed_at) == (None, None, None, None)
    closed = db_session.scalars(select(FlagAction).where(FlagAction.action == "close")).one()
    assert (closed.referred_to, closed.outcome_detail) == ("other", "Community sickle cell nurse")


def test_a_user_outside_the_flags_site_or_role_cannot_act_on_it(db_session: Session) -> None:
    site, other = factories.site(db_session), factories.site(db_session)
    flag = flag_of(db_session, screened(db_session, clinic=factories.clinic(db_session, site_id=site.id)))
    with pytest.raises(PermissionDenied, match="outside your site scope"):
        acknowledge_flag(db_session, reviewer(db_session, sites=[other]), flag_id=flag.id, version=1, now=NOW)
    for role in ("clinic_staff", "service_manager", "administrator"):
        with pytest.raises(PermissionDenied, match="cannot record triage actions"):
            acknowledge_flag(db_session, reviewer(db_session, role), flag_id=flag.id, version=1, now=NOW)
    with pytest.raises(NotFound):
        acknowledge_flag(db_session, reviewer(db_session), flag_id=flag.id + 999, version=1, now=NOW)


def test_a_physical_health_flag_is_not_the_review_queues_to_act_on(db_session: Session) -> None:
    bp = {"bp_systolic_1": 185, "bp_diastolic_1": 125, "bp_systolic_2": 184, "bp_diastolic_2": 122}
    sitting = screened(db_session, clinic=factories.clinic(db_session), phq9=SEVERE, vital5=bp)
    with pytest.raises(NotFound, match="clinic team"):
        acknowledge_flag(db_session, reviewer(db_session), flag_id=flag_of(db_session, sitting, "bp_severe").id,
                         version=1, now=NOW)  # fmt: skip


def test_the_database_refuses_a_referral_destination_on_any_other_outcome(db_session: Session, flag: Flag) -> None:
    with pytest.raises(IntegrityError), db_session.begin_nested():
        db_session.execute(update(Flag).where(Flag.id == flag.id).values(referred_to="gp"))
    with pytest.raises(IntegrityError), db_session.begin_nested():
        db_session.execute(
            update(Flag)
            .where(Flag.id == flag.id)
            .values(status="closed", outcome="declined_by_patient", referred_to="gp")
        )
