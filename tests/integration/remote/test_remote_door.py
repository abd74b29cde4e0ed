"""The remote door on each database: a link, then the date of birth, then one sitting (issue 17; s9)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from models import AuditEvent, Flag, RemoteInvitation, ScreeningSession
from screening.errors import ConflictError, PermissionDenied
from screening.patient_mode.services.sitting_start import start_or_resume
from screening.remote.services.door import BirthDate, check_birth_date, open_link
from screening.remote.services.links import issue_link, reissue, revoke
from screening.sittings.rules.remote_door import Door
from screening.sittings.services.abandonment import mark_abandoned
from screening.sittings.services.patient_screen import Where, finish, patient_form, save_answers
from tests.remote_links import APPOINTMENT, BORN, EVENING_BEFORE, an_invited_patient, audit_rows

WRONG = date(1984, 3, 28)
NOW = EVENING_BEFORE
OFFERED = ("en", "so")


@pytest.fixture
def invited(db_session: Session):
    return an_invited_patient(db_session, preferred_language="Somali")


def check(db: Session, link_id: int, born: date, *, now=NOW, chosen=None):
    checked = check_birth_date(db, link_id, born, offered=OFFERED, now=now, chosen=chosen, app_session="phone")
    db.commit()
    return checked


def admitted(db: Session, invited):
    checked = check(db, invited.link_id, BORN)
    assert checked.outcome is BirthDate.ADMITTED and checked.holder is not None
    return checked.holder


def test_a_token_opens_its_link_and_an_unknown_or_malformed_one_does_not(db_session: Session, invited) -> None:
    assert open_link(db_session, invited.token, now=NOW).door is Door.OPEN
    assert (
        open_link(db_session, invited.token[:-1] + ("A" if invited.token[-1] != "A" else "B"), now=NOW).door
        is Door.UNKNOWN
    )
    assert open_link(db_session, "not a token", now=NOW).door is Door.UNKNOWN
    assert open_link(db_session, None, now=NOW).door is Door.UNKNOWN


def test_the_link_opens_until_midnight_after_the_appointment_and_then_has_expired(db_session, invited) -> None:
    midnight = APPOINTMENT.replace(hour=0, minute=0) + timedelta(days=1)
    assert open_link(db_session, invited.token, now=midnight - timedelta(seconds=1)).door is Door.OPEN
    assert open_link(db_session, invited.token, now=midnight).door is Door.EXPIRED
    assert check(db_session, invited.link_id, BORN, now=midnight).outcome is Door.EXPIRED


def test_a_wrong_date_of_birth_is_refused_and_counted_and_the_fifth_locks_the_link(db_session, invited) -> None:
    for _ in range(4):
        assert check(db_session, invited.link_id, WRONG).outcome is BirthDate.WRONG
    assert check(db_session, invited.link_id, WRONG).outcome is BirthDate.LOCKED
    assert open_link(db_session, invited.token, now=NOW).door is Door.LOCKED
    assert check(db_session, invited.link_id, BORN).outcome is Door.LOCKED  # even the right date, now
    assert [(e.action, e.detail) for e in audit_rows(db_session, "remote.")] == [
        *(("remote.birth_date_refused", {"wrong_birth_dates": n}) for n in range(1, 5)),
        ("remote.locked", {"wrong_birth_dates": 5}),
    ]


def test_the_right_date_of_birth_begins_a_remote_sitting_in_the_patients_preferred_language(
    db_session, invited
) -> None:
    holder = admitted(db_session, invited)
    sitting = db_session.get_one(ScreeningSession, holder.sitting_id)
    assert (sitting.remote, sitting.mode, sitting.language, sitting.status) == (True, "self", "so", "in_progress")
    assert (sitting.attendance_id, sitting.patient_id, sitting.staff_user_id) == (
        invited.attendance_id, invited.patient_id, None)  # fmt: skip
    assert db_session.get_one(RemoteInvitation, invited.invitation_id).screening_session_id == sitting.id


def test_a_language_chosen_at_the_door_wins_over_the_preferred_one_and_english_means_preferred(db_session) -> None:
    chose_english = an_invited_patient(db_session, preferred_language="Somali")
    chose_somali = an_invited_patient(db_session, preferred_language="Polish")
    english = check(db_session, chose_english.link_id, BORN, chosen="en").holder
    somali = check(db_session, chose_somali.link_id, BORN, chosen="so").holder
    assert db_session.get_one(ScreeningSession, english.sitting_id).language == "so"
    assert db_session.get_one(ScreeningSession, somali.sitting_id).language == "so"


def test_opening_the_link_again_on_another_device_resumes_the_same_sitting(db_session, invited) -> None:
    first = admitted(db_session, invited)
    save_answers(db_session, actor=first, where=Where(sitting_id=first.sitting_id), instrument_id="phq9",
                 answers={"phq9_1": 1}, now=NOW)  # fmt: skip
    db_session.commit()
    again = admitted(db_session, invited)
    assert again.sitting_id == first.sitting_id
    form = patient_form(db_session, actor=again, where=Where(sitting_id=again.sitting_id), now=NOW)
    assert form.answers["phq9"] == {"phq9_1": 1}


def test_answers_through_a_link_are_the_patients_audited_as_remote_and_item_9_raises_an_urgent_flag(
    db_session, invited
) -> None:
    holder = admitted(db_session, invited)
    where = Where(sitting_id=holder.sitting_id)
    save_answers(db_session, actor=holder, where=where, instrument_id="phq9", answers={"phq9_9": 2}, now=NOW)
    db_session.commit()
    assert finish(db_session, actor=holder, where=where, now=NOW) is True  # the safety message
    db_session.commit()
    saved = audit_rows(db_session, "answers.saved")[-1]
    assert (saved.actor, saved.actor_user_id, saved.detail["mode"]) == ("patient (secure link)", None, "remote")
    flags = db_session.query(Flag).filter(Flag.session_id == holder.sitting_id).all()
    assert [(f.kind, f.priority) for f in flags] == [("psychological", "urgent")]


def test_a_finished_sitting_refuses_the_link_and_says_it_is_already_answered(db_session, invited) -> None:
    holder = admitted(db_session, invited)
    finish(db_session, actor=holder, where=Where(sitting_id=holder.sitting_id), now=NOW)
    db_session.commit()
    assert open_link(db_session, invited.token, now=NOW).door is Door.FINISHED
    assert check(db_session, invited.link_id, BORN).outcome is Door.FINISHED
    with pytest.raises(ConflictError):
        save_answers(db_session, actor=holder, where=Where(sitting_id=holder.sitting_id), instrument_id="phq9",
                     answers={"phq9_1": 0}, now=NOW)  # fmt: skip


def test_staff_revoking_stops_the_link_at_once_even_mid_questionnaire(db_session, invited) -> None:
    holder = admitted(db_session, invited)
    assert revoke(db_session, invited.staff, invited.attendance_id, now=NOW) is True
    db_session.commit()
    assert revoke(db_session, invited.staff, invited.attendance_id, now=NOW) is False
    assert open_link(db_session, invited.token, now=NOW).door is Door.REVOKED
    with pytest.raises(PermissionDenied, match="no longer works"):
        save_answers(db_session, actor=holder, where=Where(sitting_id=holder.sitting_id), instrument_id="phq9",
                     answers={"phq9_1": 0}, now=NOW)  # fmt: skip


def test_a_reissue_unlocks_with_a_new_link_and_the_old_one_stops_working(db_session, invited) -> None:
    for _ in range(5):
        check(db_session, invited.link_id, WRONG)
    _, link, token = reissue(db_session, invited.staff, invited.attendance_id, now=NOW)
    db_session.commit()
    assert open_link(db_session, invited.token, now=NOW).door is Door.REVOKED
    assert open_link(db_session, token, now=NOW).door is Door.OPEN
    assert check(db_session, link.id, BORN).outcome is BirthDate.ADMITTED
    assert [e.action for e in audit_rows(db_session, "remote.")][-2:] == ["remote.reissued", "remote.admitted"]


def test_a_reissue_after_the_appointment_day_is_refused_with_what_to_do_instead(db_session, invited) -> None:
    with pytest.raises(ConflictError, match="screen on the tablet"):
        reissue(db_session, invited.staff, invited.attendance_id, now=APPOINTMENT + timedelta(days=1))


def test_wrong_tries_through_a_reminders_link_count_towards_the_same_lock(db_session, invited) -> None:
    invitation = db_session.get_one(RemoteInvitation, invited.invitation_id)
    reminder, _ = issue_link(db_session, invitation, now=NOW)
    db_session.commit()
    for link_id in (invited.link_id, reminder.id) * 2:
        assert check(db_session, link_id, WRONG).outcome is BirthDate.WRONG
    assert check(db_session, reminder.id, WRONG).outcome is BirthDate.LOCKED


def test_a_link_holder_reaches_only_the_sitting_of_its_own_invitation(db_session, invited) -> None:
    other = an_invited_patient(db_session)
    holder = admitted(db_session, invited)
    theirs = admitted(db_session, other)
    with pytest.raises(PermissionDenied):
        patient_form(db_session, actor=holder, where=Where(sitting_id=theirs.sitting_id))
    with pytest.raises(PermissionDenied):
        patient_form(db_session, actor=holder, where=Where(handover_id=1))


def test_no_token_or_link_secret_is_written_to_the_audit_log(db_session, invited) -> None:
    for born in (WRONG, BORN):
        check(db_session, invited.link_id, born)
    text = " ".join(f"{e.action} {e.detail} {e.entity_id}" for e in db_session.query(AuditEvent))
    assert invited.token not in text


def test_an_idle_remote_sitting_is_not_swept_as_abandoned_while_its_link_still_opens(db_session, invited) -> None:
    holder = admitted(db_session, invited)
    morning = APPOINTMENT - timedelta(hours=2)  # idle all night: 13 hours after the evening before
    assert mark_abandoned(db_session, actor=invited.staff, now=morning) == 0
    db_session.commit()
    assert admitted(db_session, invited).sitting_id == holder.sitting_id
    after_the_day = APPOINTMENT + timedelta(days=1)
    assert mark_abandoned(db_session, actor=invited.staff, now=after_the_day) == 1
    db_session.commit()
    assert db_session.get_one(ScreeningSession, holder.sitting_id).status == "abandoned"


def test_a_link_never_begins_a_second_sitting_for_an_appointment_already_begun_on_the_tablet(db_session) -> None:
    in_clinic = an_invited_patient(db_session)
    finished = an_invited_patient(db_session)
    for invited_ in (in_clinic, finished):
        sitting_id = start_or_resume(db_session, actor=invited_.staff, attendance_id=invited_.attendance_id,
                                     mode=None, idempotency_key=f"tablet-{invited_.attendance_id}", now=NOW)  # fmt: skip
        if invited_ is finished:
            finish(db_session, actor=invited_.staff, where=Where(sitting_id=sitting_id), now=NOW)
    db_session.commit()
    assert check(db_session, in_clinic.link_id, BORN).outcome is Door.REVOKED
    assert check(db_session, finished.link_id, BORN).outcome is Door.FINISHED
    assert db_session.query(ScreeningSession).filter(ScreeningSession.remote.is_(True)).count() == 0
