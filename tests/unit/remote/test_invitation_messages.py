"""Which message is due (invitation, reminder, none), by which channel, with which link (issue 17)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from screening.remote.rules.invitation_messages import (
    DEMO_REMOTE_URL,
    Claimed,
    RemoteUrlMissing,
    channel_for,
    due_purpose,
    link_for,
    remote_url,
)
from screening.remote.rules.invitation_timing import InvitationTiming

LONDON = ZoneInfo("Europe/London")
APPOINTMENT = datetime(2026, 12, 4, 10, 0, tzinfo=LONDON)  # a Friday; GMT, so London = UTC
TIMING = InvitationTiming(invite_days_before=2, reminder_days_before=1)
INVITE_MORNING = datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)  # 2 days before, 09:00
REMIND_MORNING = datetime(2026, 12, 3, 9, 0, tzinfo=LONDON)  # 1 day before, 09:00
SENT = [Claimed("invitation", INVITE_MORNING + timedelta(minutes=5))]


@pytest.mark.parametrize(
    ("now", "due"),
    [
        (INVITE_MORNING - timedelta(seconds=1), None),  # 08:59:59 on the day: not yet
        (INVITE_MORNING, "invitation"),  # 09:00 on the day
        (datetime(2026, 12, 2, 20, 59, tzinfo=LONDON), "invitation"),
        (datetime(2026, 12, 2, 21, 0, tzinfo=LONDON), None),  # 21:00: no messages at night
        (datetime(2026, 12, 1, 12, 0, tzinfo=LONDON), None),  # 3 days before
        (datetime(2026, 12, 3, 12, 0, tzinfo=LONDON), "invitation"),  # late (a server was down) but before the visit
        (APPOINTMENT - timedelta(minutes=1), "invitation"),
        (APPOINTMENT, None),  # the appointment has begun
    ],
)
def test_the_invitation_is_due_from_its_morning_in_sending_hours_until_the_appointment(
    now: datetime, due: str | None
) -> None:
    assert due_purpose(APPOINTMENT, TIMING, [], now) == due


@pytest.mark.parametrize(
    ("now", "due"),
    [
        (REMIND_MORNING - timedelta(seconds=1), None),
        (REMIND_MORNING, "reminder"),
        (datetime(2026, 12, 3, 21, 0, tzinfo=LONDON), None),
        (APPOINTMENT - timedelta(minutes=1), "reminder"),  # reminder on the morning itself, still before 10:00
        (APPOINTMENT, None),
    ],
)
def test_the_reminder_is_due_on_its_morning_once_an_invitation_went_before(now: datetime, due: str | None) -> None:
    assert due_purpose(APPOINTMENT, TIMING, SENT, now) == due


def test_a_reminder_goes_once() -> None:
    claims = [*SENT, Claimed("reminder", REMIND_MORNING)]
    assert due_purpose(APPOINTMENT, TIMING, claims, REMIND_MORNING + timedelta(hours=2)) is None


def test_a_clinic_without_reminders_sends_only_the_invitation() -> None:
    assert due_purpose(APPOINTMENT, InvitationTiming(2, None), SENT, REMIND_MORNING) is None


def test_an_invitation_sent_late_on_the_reminder_day_is_not_followed_by_a_reminder() -> None:
    late = [Claimed("invitation", REMIND_MORNING + timedelta(minutes=30))]
    assert due_purpose(APPOINTMENT, TIMING, late, REMIND_MORNING + timedelta(hours=1)) is None


def test_a_link_staff_sent_before_the_invitation_day_stands_for_the_invitation_and_gets_the_reminder() -> None:
    staff = [Claimed("staff", datetime(2026, 11, 30, 11, 0, tzinfo=LONDON))]
    assert due_purpose(APPOINTMENT, TIMING, staff, INVITE_MORNING) is None
    assert due_purpose(APPOINTMENT, TIMING, staff, REMIND_MORNING) == "reminder"


def test_sms_is_preferred_then_email_then_nothing() -> None:
    assert channel_for("07700900123", "ada@example.com") == ("sms", "07700900123")
    assert channel_for(None, "ada@example.com") == ("email", "ada@example.com")
    assert channel_for(None, None) is None


def test_the_link_is_the_remote_address_with_the_token_as_its_one_parameter() -> None:
    assert link_for("https://screen.example.nhs.uk/", "abc") == "https://screen.example.nhs.uk/?link=abc"
    assert link_for("http://localhost:8502", "abc") == "http://localhost:8502/?link=abc"


def test_the_remote_address_is_set_or_in_the_demo_the_local_remote_door() -> None:
    assert remote_url({"SCREENING_REMOTE_URL": " https://screen.example.nhs.uk/ "}, demo=False) == (
        "https://screen.example.nhs.uk")  # fmt: skip
    assert remote_url({}, demo=True) == DEMO_REMOTE_URL == "http://localhost:8502"


def test_outside_the_demo_the_remote_address_must_be_https_and_in_the_demo_plain_http_is_allowed() -> None:
    with pytest.raises(RemoteUrlMissing, match="must be an https address outside the demo"):
        remote_url({"SCREENING_REMOTE_URL": "http://screen.example.nhs.uk"}, demo=False)
    assert remote_url({"SCREENING_REMOTE_URL": "http://127.0.0.1:8502"}, demo=True) == "http://127.0.0.1:8502"


@pytest.mark.parametrize("value", ["", "screen.example.nhs.uk", "ftp://screen.example.nhs.uk",
                                   "https://screen.example.nhs.uk/?a=1", "https://x/#top", "https://"])  # fmt: skip
def test_outside_the_demo_a_missing_or_odd_remote_address_is_refused_naming_the_variable(value: str) -> None:
    with pytest.raises(RemoteUrlMissing, match="SCREENING_REMOTE_URL must be set"):
        remote_url({"SCREENING_REMOTE_URL": value}, demo=False)
