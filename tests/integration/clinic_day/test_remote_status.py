"""Screening at home on the clinic list (issue 17): what each row says, stopping a link, resuming on the tablet."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from models import ScreeningSession
from screening.access.services.accounts import load_current_user
from screening.clinic_day.services.clinic_day import clinic_list, open_clinic_day
from screening.clinic_day.services.remote_status import remote_statuses
from screening.errors import PermissionDenied
from screening.patient_mode.services.sitting_start import assist_sitting, hand_over_sitting, start_or_resume
from screening.remote.rules.links import MAX_WRONG_BIRTH_DATES
from screening.remote.services.door import BirthDate, check_birth_date
from screening.remote.services.links import revoke
from screening.sittings.rules.clinic_day_policy import ClinicDayPolicy
from screening.sittings.rules.remote_door import Door, door
from screening.sittings.services.patient_screen import Where, finish, save_answers
from screening.sittings.services.remote_door import link_state
from tests import factories
from tests.clinic_days import NOW, a_clinic_day, audit
from tests.remote_links import begun_at_home, clinic_invites, contact, invited, message

TODAY = NOW.date()
PHQ9 = {f"phq9_{i}": 0 for i in range(1, 10)}


@pytest.fixture
def day(db_session: Session):
    return a_clinic_day(db_session)


def row(db: Session, day):
    (only,) = clinic_list(db, actor=day.staff, day=TODAY, now=NOW)
    return only


def test_a_patient_with_nothing_at_home_has_no_remote_words(db_session, day) -> None:
    status = row(db_session, day).remote
    assert (status.at_home, status.link, status.can_stop, status.can_send) == (None, None, False, False)


def test_a_sitting_begun_from_the_link_shows_started_at_home_and_can_be_resumed_on_the_tablet(db_session, day) -> None:
    sitting_id = begun_at_home(db_session, day.visit, NOW - timedelta(days=1))
    listed = row(db_session, day)
    assert listed.remote.at_home == "Started at home"
    assert (listed.screening_status, listed.sitting_id, listed.resumable) == ("in progress", sitting_id, True)
    assert listed.remote.can_stop is True  # the link still opens until the sitting is finished


def test_staff_resume_a_remote_sitting_and_hand_the_tablet_over_and_it_completes_as_remote(db_session, day) -> None:
    sitting_id = begun_at_home(db_session, day.visit, NOW - timedelta(days=1))
    assert db_session.get_one(ScreeningSession, sitting_id).staff_user_id is None
    resumed = start_or_resume(db_session, actor=day.staff, attendance_id=day.visit.id, mode=None,
                              idempotency_key="tap-1", now=NOW)  # fmt: skip
    assert resumed == sitting_id  # the same sitting, not a second one
    handover = hand_over_sitting(db_session, actor=day.staff, sitting_id=sitting_id, app_session="tablet", now=NOW)
    save_answers(db_session, actor=day.staff, where=Where(handover.handover_id), instrument_id="phq9", answers=PHQ9)
    assert finish(db_session, actor=day.staff, where=Where(handover.handover_id), now=NOW) is False
    sitting = db_session.get_one(ScreeningSession, sitting_id)
    assert (sitting.status, sitting.remote, sitting.mode) == ("completed", True, "self")
    listed = row(db_session, day)
    assert (listed.screening_status, listed.remote.at_home, listed.remote.link) == (
        "completed", "Completed at home", None)  # fmt: skip
    assert listed.remote.can_stop is False


def test_staff_can_fill_in_a_remote_sitting_with_the_patient_and_it_stays_remote(db_session, day) -> None:
    sitting_id = begun_at_home(db_session, day.visit, NOW - timedelta(days=1))
    assist_sitting(db_session, actor=day.staff, sitting_id=sitting_id, now=NOW)
    save_answers(db_session, actor=day.staff, where=Where(sitting_id=sitting_id), instrument_id="phq9", answers=PHQ9)
    finish(db_session, actor=day.staff, where=Where(sitting_id=sitting_id), now=NOW)
    sitting = db_session.get_one(ScreeningSession, sitting_id)
    assert (sitting.status, sitting.remote, sitting.mode) == ("completed", True, "assisted")


def test_a_remote_sitting_left_idle_stays_open_while_its_link_works_and_staff_resume_it_on_the_tablet(
    db_session, day
) -> None:
    sitting_id = begun_at_home(db_session, day.visit, NOW - timedelta(hours=3))
    db_session.commit()
    assert open_clinic_day(db_session, actor=day.staff, day=TODAY, now=NOW, policy=ClinicDayPolicy()).abandoned == 0
    listed = row(db_session, day)
    assert (listed.screening_status, listed.resumable, listed.remote.at_home) == (
        "in progress",
        True,
        "Started at home",
    )
    assert start_or_resume(db_session, actor=day.staff, attendance_id=day.visit.id, mode=None,
                           idempotency_key="tap-1", now=NOW) == sitting_id  # fmt: skip
    assert db_session.get_one(ScreeningSession, sitting_id).status == "in_progress"


def test_after_the_appointment_day_an_idle_remote_sitting_is_marked_abandoned_and_resumed_like_any_other(
    db_session, day
) -> None:
    sitting_id = begun_at_home(db_session, day.visit, NOW - timedelta(hours=3))
    db_session.commit()
    next_day = NOW + timedelta(days=1)
    assert open_clinic_day(db_session, actor=day.staff, day=TODAY + timedelta(days=1), now=next_day,
                           policy=ClinicDayPolicy()).abandoned == 1  # fmt: skip
    assert start_or_resume(db_session, actor=day.staff, attendance_id=day.visit.id, mode=None,
                           idempotency_key="tap-1", now=next_day) == sitting_id  # fmt: skip
    assert db_session.get_one(ScreeningSession, sitting_id).status == "in_progress"


def test_the_last_message_is_shown_by_channel_and_london_time_and_never_its_destination(db_session, day) -> None:
    contact(db_session, day.visit, mobile="07700900123", email="someone@example.org")
    message(db_session, day.visit, NOW - timedelta(days=2, hours=1), channel="email")
    message(db_session, day.visit, NOW - timedelta(days=1, hours=2), number=2)  # Thu 19 Nov 08:00 GMT
    listed = row(db_session, day)
    assert listed.remote.link == "Link sent by SMS, Thu 19 Nov 08:00"
    assert (listed.remote.can_stop, listed.remote.can_send, listed.remote.sent_before) == (True, True, True)
    assert "07700" not in repr(listed) and "example.org" not in repr(listed)


def test_a_message_that_failed_says_it_was_not_delivered(db_session, day) -> None:
    message(db_session, day.visit, NOW - timedelta(hours=2), status="permanent-failure")
    assert row(db_session, day).remote.link == "Link not delivered by SMS, Fri 20 Nov 08:00"


def test_a_link_locked_after_five_wrong_dates_of_birth_says_so(db_session, day) -> None:
    link_id = invited(db_session, day.visit, NOW)
    for _ in range(MAX_WRONG_BIRTH_DATES):
        outcome = check_birth_date(db_session, link_id, TODAY, offered=("en",), now=NOW).outcome
    assert outcome is BirthDate.LOCKED
    assert row(db_session, day).remote.link == "Link locked after 5 wrong dates of birth"


def test_a_link_past_its_day_says_expired_and_cannot_be_stopped(db_session, day) -> None:
    invited(db_session, day.visit, NOW)
    (status,) = remote_statuses(db_session, [day.visit.id], now=NOW + timedelta(days=1)).values()
    assert (status.link, status.can_stop) == ("Link expired", False)


@pytest.mark.parametrize(
    ("details", "words"),
    [
        ({}, "Not invited: no contact details"),
        ({"mobile": "07700900123", "no_contact": True}, "Not invited: asked not to be contacted"),
        ({"mobile": "07700900123"}, None),  # not invited yet: nothing to say
    ],
)
def test_a_clinic_that_sends_invitations_says_why_a_patient_was_not_invited(db_session, day, details, words) -> None:
    clinic_invites(db_session, day.clinic.id)
    if details:
        contact(db_session, day.visit, **details)
    assert row(db_session, day).remote.link == words


def test_a_clinic_that_sends_no_invitations_says_nothing_about_contact_details(db_session, day) -> None:
    contact(db_session, day.visit, no_contact=True)
    assert row(db_session, day).remote.link is None


def test_staff_stop_a_link_it_no_longer_opens_and_it_is_audited_once(db_session, day) -> None:
    begun_at_home(db_session, day.visit, NOW - timedelta(days=1))
    link_id = invited(db_session, day.visit, NOW)  # a second link of the same invitation
    assert revoke(db_session, day.staff, day.visit.id, now=NOW) is True
    assert revoke(db_session, day.staff, day.visit.id, now=NOW) is False  # a double tap
    listed = row(db_session, day)
    assert (listed.remote.link, listed.remote.can_stop, listed.remote.at_home) == (
        "Link stopped", False, "Started at home")  # fmt: skip
    assert [a for a, _ in audit(db_session, "remote.revoked")] == ["remote.revoked"]
    assert door(link_state(db_session, link_id)[0], NOW) is Door.REVOKED  # every link of the appointment


def test_staff_of_another_site_cannot_stop_the_link(db_session, day) -> None:
    invited(db_session, day.visit, NOW)
    elsewhere = factories.user(db_session, sites=[factories.site(db_session)])
    db_session.commit()
    with pytest.raises(PermissionDenied):
        revoke(db_session, load_current_user(db_session, elsewhere.id), day.visit.id, now=NOW)
    assert row(db_session, day).remote.can_stop is True


def test_the_list_reads_every_rows_status_at_once(db_session, day) -> None:
    other = factories.attendance(db_session, clinic_id=day.clinic.id, appointment_at=day.visit.appointment_at)
    begun_at_home(db_session, other, NOW - timedelta(days=1))
    statuses = remote_statuses(db_session, [day.visit.id, other.id], now=NOW)
    assert [statuses[day.visit.id].at_home, statuses[other.id].at_home] == [None, "Started at home"]
    assert remote_statuses(db_session, [], now=NOW) == {}
