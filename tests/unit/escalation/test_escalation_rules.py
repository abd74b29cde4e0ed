"""Escalation of an unacknowledged urgent flag (clinical reference s6, v2; docs/escalation.md E1-E5).

A weekday clinic open 09:00-17:00 London time with a 30-minute delay, two contacts and an
out-of-hours contact, unless a test says otherwise. Times are written in London time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from screening.escalation.rules.clinic_hours import WeeklyHours
from screening.escalation.rules.escalation_contacts import Contact
from screening.escalation.rules.escalation_rules import (
    CLINIC_CONTACT,
    NOBODY,
    OUT_OF_HOURS,
    STALE_CLAIM,
    EscalationSetup,
    SentStep,
    counts_as_failed,
    due_step,
)

LONDON = ZoneInfo("Europe/London")
NINE_TO_FIVE = WeeklyHours({day: (9 * 60, 17 * 60) for day in range(5)})
FIRST = Contact("Dr Ada Hart", "Consultant haematologist", mobile="07700900001")
SECOND = Contact("Sam Okafor", "Clinic nurse lead", email="sam.okafor@example.nhs.uk")
NIGHT = Contact("Duty psychiatrist", "Liaison psychiatry on call", mobile="07700900099")
SETUP = EscalationSetup(NINE_TO_FIVE, 30, (FIRST, SECOND), NIGHT)


def london(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


def sent(step: int, at: datetime, *, failed: bool = False) -> SentStep:
    return SentStep(step, at, failed)


RAISED = london("2026-12-02 10:00")  # a Wednesday, in hours


@pytest.mark.parametrize(
    ("after", "due"),
    [
        (timedelta(minutes=29, seconds=59), False),  # 29:59 is within the delay
        (timedelta(minutes=30), True),  # 30:00 is the delay: escalate
        (timedelta(hours=3), True),  # a late run still sends step 1
    ],
)
def test_an_in_hours_flag_goes_to_the_first_contact_once_the_delay_has_passed(after, due) -> None:
    step = due_step(RAISED, SETUP, (), RAISED + after)
    assert (step is not None) is due
    if step is not None:
        assert (step.step, step.target, step.contact, step.position) == (1, CLINIC_CONTACT, FIRST, 1)
        assert step.due_at == RAISED + timedelta(minutes=30)


def test_the_next_contact_is_told_a_delay_after_the_previous_step_not_before() -> None:
    told_first = RAISED + timedelta(minutes=31)
    history = (sent(1, told_first),)
    assert due_step(RAISED, SETUP, history, told_first + timedelta(minutes=29, seconds=59)) is None
    step = due_step(RAISED, SETUP, history, told_first + timedelta(minutes=30))
    assert step is not None and (step.step, step.contact, step.position) == (2, SECOND, 2)


def test_after_the_list_is_exhausted_the_out_of_hours_contact_is_told_then_nothing_more() -> None:
    history = (sent(1, RAISED + timedelta(minutes=30)), sent(2, RAISED + timedelta(minutes=60)))
    step = due_step(RAISED, SETUP, history, RAISED + timedelta(minutes=90))
    assert step is not None and (step.step, step.target, step.contact) == (3, OUT_OF_HOURS, NIGHT)
    history += (sent(3, RAISED + timedelta(minutes=90)),)
    assert due_step(RAISED, SETUP, history, RAISED + timedelta(days=2)) is None


def test_a_failed_send_makes_the_next_contact_due_at_once() -> None:
    failed_at = RAISED + timedelta(minutes=30)
    step = due_step(RAISED, SETUP, (sent(1, failed_at, failed=True),), failed_at)
    assert step is not None and (step.step, step.contact) == (2, SECOND)


def test_a_failed_last_rung_is_followed_by_a_record_that_nobody_could_be_told() -> None:
    at = RAISED + timedelta(minutes=30)
    history = (sent(1, at), sent(2, at + timedelta(minutes=30)), sent(3, at + timedelta(minutes=60), failed=True))
    step = due_step(RAISED, SETUP, history, at + timedelta(minutes=60))
    assert step is not None and (step.step, step.target, step.contact) == (4, NOBODY, None)
    history += (sent(4, at + timedelta(minutes=60)),)
    assert due_step(RAISED, SETUP, history, at + timedelta(days=1)) is None


@pytest.mark.parametrize(
    ("raised", "in_hours"),
    [
        ("2026-12-02 08:59:59", False),  # the minute before opening
        ("2026-12-02 09:00:00", True),  # the opening minute is in hours
        ("2026-12-02 16:59:59", True),  # the last moment of the day
        ("2026-12-02 17:00:00", False),  # the closing minute is out of hours
        ("2026-12-05 11:00:00", False),  # Saturday: closed all day
    ],
)
def test_the_opening_minute_is_in_hours_and_the_closing_minute_is_not(raised: str, in_hours: bool) -> None:
    at = london(raised)
    step = due_step(at, SETUP, (), at)  # asked at the very moment it was raised
    if in_hours:
        assert step is None  # waits the delay for the clinic's own contacts
    else:
        assert step is not None and (step.step, step.target, step.contact, step.due_at) == (1, OUT_OF_HOURS, NIGHT, at)


def test_out_of_hours_there_is_one_rung_the_out_of_hours_contact() -> None:
    at = london("2026-12-02 22:15")
    assert due_step(at, SETUP, (sent(1, at),), at + timedelta(days=1)) is None


def test_a_remote_sitting_goes_at_once_to_the_out_of_hours_contact_even_in_clinic_hours() -> None:
    step = due_step(RAISED, SETUP, (), RAISED, remote=True)
    assert step is not None and (step.target, step.contact) == (OUT_OF_HOURS, NIGHT)


def test_a_clinic_with_no_contacts_goes_to_the_out_of_hours_contact_after_the_delay() -> None:
    setup = EscalationSetup(NINE_TO_FIVE, 30, (), NIGHT)
    assert due_step(RAISED, setup, (), RAISED + timedelta(minutes=29)) is None
    step = due_step(RAISED, setup, (), RAISED + timedelta(minutes=30))
    assert step is not None and (step.step, step.target, step.contact) == (1, OUT_OF_HOURS, NIGHT)


def test_with_no_out_of_hours_contact_the_step_records_that_nobody_could_be_told() -> None:
    setup = EscalationSetup(NINE_TO_FIVE, 30, (), None)
    at = london("2026-12-02 03:00")
    step = due_step(at, setup, (), at)
    assert step is not None and (step.step, step.target, step.contact, step.position) == (1, NOBODY, None, None)
    assert due_step(at, setup, (sent(1, at),), at + timedelta(days=3)) is None


def test_a_clinic_never_open_sends_every_flag_to_the_out_of_hours_contact_at_once() -> None:
    setup = EscalationSetup(WeeklyHours(), 30, (FIRST,), NIGHT)
    step = due_step(RAISED, setup, (), RAISED)
    assert step is not None and step.target == OUT_OF_HOURS


def test_the_configured_delay_replaces_thirty_minutes() -> None:
    setup = EscalationSetup(NINE_TO_FIVE, 5, (FIRST,), NIGHT)
    assert due_step(RAISED, setup, (), RAISED + timedelta(minutes=4, seconds=59)) is None
    assert due_step(RAISED, setup, (), RAISED + timedelta(minutes=5)) is not None


def test_on_the_spring_clock_change_hours_follow_london_wall_clock_time() -> None:
    # 29 March 2026 (a Sunday): clocks go forward at 01:00 GMT, so 08:30 UTC is 09:30 BST,
    # in hours; on Monday 5 January 2026, 08:30 UTC is 08:30 GMT, before opening.
    setup = EscalationSetup(WeeklyHours({6: (9 * 60, 17 * 60), 0: (9 * 60, 17 * 60)}), 30, (FIRST,), NIGHT)
    summer = datetime(2026, 3, 29, 8, 30, tzinfo=UTC)
    winter = datetime(2026, 1, 5, 8, 30, tzinfo=UTC)
    assert due_step(summer, setup, (), summer) is None  # in hours: waits for the delay
    assert due_step(winter, setup, (), winter).target == OUT_OF_HOURS  # type: ignore[union-attr]


def test_across_the_autumn_clock_change_the_delay_is_thirty_real_minutes() -> None:
    # 25 October 2026: 01:59 BST is followed by 01:00 GMT. A clinic open 00:00-03:00 on
    # Sundays; raised at 00:50 UTC (01:50 BST), due at 01:20 UTC (01:20 GMT), not 02:20.
    setup = EscalationSetup(WeeklyHours({6: (0, 3 * 60)}), 30, (FIRST,), NIGHT)
    raised = datetime(2026, 10, 25, 0, 50, tzinfo=UTC)
    assert due_step(raised, setup, (), raised + timedelta(minutes=29, seconds=59)) is None
    step = due_step(raised, setup, (), raised + timedelta(minutes=30))
    assert step is not None and step.due_at == datetime(2026, 10, 25, 1, 20, tzinfo=UTC)


def test_a_claim_left_without_a_result_counts_as_failed_only_after_the_stale_time() -> None:
    claimed = RAISED
    assert not counts_as_failed(False, "claimed", claimed, claimed + STALE_CLAIM - timedelta(seconds=1))
    assert counts_as_failed(False, "claimed", claimed, claimed + STALE_CLAIM)
    assert not counts_as_failed(False, "sending", claimed, claimed + timedelta(days=1))
    assert counts_as_failed(True, "failed", claimed, claimed)
