"""When an invitation and its reminder are due: whole London days before the appointment (issue 17)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from screening.errors import InvalidValue
from screening.remote.rules.invitation_timing import (
    InvitationTiming,
    checked_timing,
    due_from,
    is_due,
    sending_hours,
    window,
)
from screening.remote.rules.links import LONDON


def london(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=LONDON)


def test_the_defaults_are_two_days_before_and_a_reminder_the_day_before() -> None:
    assert InvitationTiming() == InvitationTiming(2, 1)


@pytest.mark.parametrize(
    ("appointment", "days", "due"),
    [
        (london(2026, 3, 12, 14, 30), 2, london(2026, 3, 10, 9, 0)),
        (london(2026, 3, 12, 8, 0), 0, london(2026, 3, 12, 9, 0)),  # the morning of: 09:00, after an 08:00 visit
        # 00:30 London on 1 July is 23:30 UTC on 30 June: the London day counts, not the UTC one.
        (datetime(2026, 6, 30, 23, 30, tzinfo=UTC), 1, london(2026, 6, 30, 9, 0)),
        # Across the clocks going forward (29 March 2026): still 09:00 London, now BST.
        (london(2026, 3, 30, 10, 0), 2, london(2026, 3, 28, 9, 0)),
    ],
)
def test_a_message_is_due_from_nine_in_the_morning_london_on_its_day(
    appointment: datetime, days: int, due: datetime
) -> None:
    assert due_from(appointment, days) == due


@pytest.mark.parametrize(
    ("moment", "sending"),
    [
        (london(2026, 1, 5, 8, 59, 59), False),
        (london(2026, 1, 5, 9, 0), True),  # from 09:00
        (london(2026, 1, 5, 20, 59, 59), True),
        (london(2026, 1, 5, 21, 0), False),  # until 21:00, not at it
        (datetime(2026, 7, 5, 8, 0, tzinfo=UTC), True),  # 09:00 BST
        (datetime(2026, 7, 5, 20, 0, tzinfo=UTC), False),  # 21:00 BST
    ],
)
def test_messages_go_between_nine_and_nine_london_time(moment: datetime, sending: bool) -> None:
    assert sending_hours(moment) is sending


APPOINTMENT = london(2026, 3, 12, 14, 30)


@pytest.mark.parametrize(
    ("now", "due"),
    [
        (london(2026, 3, 10, 8, 59), False),  # the day, before 09:00
        (london(2026, 3, 10, 9, 0), True),
        (london(2026, 3, 11, 21, 30), False),  # due, but night-time: left for the morning
        (london(2026, 3, 12, 14, 29), True),  # late (the server was down), still before the visit
        (london(2026, 3, 12, 14, 30), False),  # never at or after the appointment
    ],
)
def test_a_message_is_due_from_its_morning_until_the_appointment_in_sending_hours(now: datetime, due: bool) -> None:
    assert is_due(APPOINTMENT, 2, now) is due


def test_a_run_looks_from_now_to_the_end_of_the_furthest_inviting_day() -> None:
    now = london(2026, 3, 10, 9, 5)
    # Inviting 2 days before: appointments up to the end of 12 March (midnight starting the 13th).
    assert window(now, 2) == (now, london(2026, 3, 13, 0, 0))


@pytest.mark.parametrize(("invite", "remind"), [(1, None), (1, 0), (14, 13), (14, None), (2, 1), (7, 0)])
def test_a_timing_within_the_ranges_is_kept(invite: int, remind: int | None) -> None:
    assert checked_timing(invite, remind) == InvitationTiming(invite, remind)


@pytest.mark.parametrize(
    ("invite", "remind", "field"),
    [(0, None, "Invite days before"), (15, None, "Invite days before"), (2, 2, "Remind days before"),
     (2, -1, "Remind days before"), (1, 1, "Remind days before")],
)  # fmt: skip
def test_a_timing_outside_the_ranges_is_refused_naming_the_field(invite: int, remind: int | None, field: str) -> None:
    with pytest.raises(InvalidValue, match="choose from") as refused:
        checked_timing(invite, remind)
    assert refused.value.field == field
