"""Whether a secure link opens, and the one reason it does not (issue 17; clinical reference s9)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from questionnaires.patient_text import patient_text
from screening.sittings.rules.remote_door import Door, LinkState, door

END = datetime(2026, 12, 11, 0, 0, tzinfo=UTC)
OPEN = LinkState(known=True, expires_at=END)


def test_a_known_link_opens_until_the_end_of_its_day_and_not_at_that_moment() -> None:
    assert door(OPEN, END - timedelta(microseconds=1)) is Door.OPEN
    assert door(OPEN, END) is Door.EXPIRED


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (LinkState(known=False), Door.UNKNOWN),
        (LinkState(known=True, sitting_status="completed", link_revoked=True, locked=True), Door.FINISHED),
        (LinkState(known=True, sitting_status="in_progress", expires_at=END), Door.OPEN),
        (LinkState(known=True, link_revoked=True, expires_at=END), Door.REVOKED),
        (LinkState(known=True, invitation_revoked=True, expires_at=END), Door.REVOKED),
        (LinkState(known=True, sitting_status="abandoned", expires_at=END), Door.REVOKED),
        (LinkState(known=True, sitting_status="declined", expires_at=END), Door.REVOKED),
        (LinkState(known=True, invitation_revoked=True, locked=True), Door.REVOKED),
        (LinkState(known=True, locked=True), Door.EXPIRED),
        (LinkState(known=True, expires_at=END, locked=True), Door.LOCKED),
    ],
)
def test_the_first_reason_in_a_fixed_order_is_the_one_given(state: LinkState, expected: Door) -> None:
    assert door(state, END - timedelta(hours=1)) is expected


@pytest.mark.parametrize("reason", [d for d in Door if d is not Door.OPEN])
def test_every_refusal_names_a_patient_text_sentence(reason: Door) -> None:
    assert getattr(patient_text(), reason.value).strip()
