"""The patient view's escalations: who was told, when, how and whether it arrived; site-scoped."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from models import Escalation
from screening.errors import PermissionDenied
from screening.flag_review.services.flag_escalations import flag_escalations
from screening.policy import CurrentUser
from tests.escalation_records import IN_HOURS, escalating_clinic, urgent_flag


def psychologist(site_ids: frozenset[int] | None) -> CurrentUser:
    return CurrentUser(1, "psy", "Psy", "psychologist", site_ids)


def test_each_step_shows_who_was_told_how_and_the_delivery_status(db_session: Session) -> None:
    clinic = escalating_clinic(db_session)
    flag = urgent_flag(db_session, clinic, IN_HOURS)
    sent = IN_HOURS + timedelta(minutes=30)
    db_session.add_all([
        Escalation(flag_id=flag.id, step=1, target="clinic_contact", contact_name="Dr Ada Hart", contact_role="Consultant",
                   channel="sms", destination="07700900001", claimed_at=sent, sent_at=sent, status="delivered"),
        Escalation(flag_id=flag.id, step=2, target="nobody", claimed_at=sent, status="no_contact"),
    ])  # fmt: skip
    db_session.flush()
    [first, second] = flag_escalations(db_session, psychologist({clinic.site_id}), [flag.id])[flag.id]
    assert (first.step, first.at, first.told, first.channel, first.status) == (
        1, sent, "Dr Ada Hart (Consultant)", "SMS", "Delivered")  # fmt: skip
    assert (second.told, second.channel, second.status) == (
        "Nobody: no contact configured", "-", "Nobody could be told: no contact configured")  # fmt: skip
    assert flag_escalations(db_session, psychologist(frozenset({clinic.site_id + 1000})), [flag.id]) == {}


def test_clinic_staff_cannot_read_a_flag_s_escalations(db_session: Session) -> None:
    with pytest.raises(PermissionDenied):
        flag_escalations(db_session, CurrentUser(1, "s", "S", "clinic_staff", None), [1])
