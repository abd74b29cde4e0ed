"""Administrators set each clinic's hours, delay and contacts, and the out-of-hours contact; all audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent, EscalationContact
from screening.errors import InvalidValue, PermissionDenied
from screening.escalation.rules.escalation_contacts import Contact
from screening.escalation.services.escalation_settings import (
    escalation_settings,
    save_clinic_escalation,
    save_out_of_hours_contact,
)
from screening.policy import CurrentUser
from tests import factories

WEEKDAYS_9_TO_5 = {day: "09:00-17:00" for day in range(5)}
ADA = ("Dr Ada Hart", "Consultant haematologist", "07700 900123", "")
SAM = ("Sam Okafor", "Clinic nurse lead", "", "sam.okafor@example.nhs.uk")
BLANK = ("", "", "", "")


@pytest.fixture
def admin(db_session: Session) -> CurrentUser:
    row = factories.user(db_session, role="administrator")
    return CurrentUser(row.id, row.username, row.display_name, "administrator", None)


def audit(db: Session, action: str) -> list[AuditEvent]:
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_a_clinic_s_hours_delay_and_ordered_contacts_are_saved_and_read_back(
    db_session: Session, admin: CurrentUser
) -> None:
    clinic = factories.clinic(db_session, code="GUY-HBO")
    save_clinic_escalation(db_session, "guy-hbo", hours=WEEKDAYS_9_TO_5, delay_minutes=20,
                           contacts=[SAM, BLANK, ADA], actor=admin)  # fmt: skip
    [setting], night = escalation_settings(db_session, admin)
    assert setting.clinic_id == clinic.id and night is None
    assert setting.setup.delay_minutes == 20
    assert dict(setting.setup.hours.days) == {day: (540, 1020) for day in range(5)}
    assert setting.setup.contacts == (Contact("Sam Okafor", "Clinic nurse lead", None, "sam.okafor@example.nhs.uk"),
                                      Contact("Dr Ada Hart", "Consultant haematologist", "07700900123", None))  # fmt: skip
    [event] = audit(db_session, "clinic.escalation_updated")
    assert event.detail == {"code": "GUY-HBO", "open_days": 5, "delay_minutes": 20, "contacts": 2}


def test_saving_again_replaces_the_list_rather_than_adding_to_it(db_session: Session, admin: CurrentUser) -> None:
    factories.clinic(db_session, code="KCH-ONC")
    save_clinic_escalation(db_session, "KCH-ONC", hours={}, delay_minutes=30, contacts=[ADA, SAM], actor=admin)
    save_clinic_escalation(db_session, "KCH-ONC", hours={}, delay_minutes=30, contacts=[SAM], actor=admin)
    assert list(db_session.scalars(select(EscalationContact.name))) == ["Sam Okafor"]


@pytest.mark.parametrize(
    ("hours", "delay", "contacts", "says"),
    [
        ({0: "9 till 5"}, 30, [ADA], "Monday: write the hours as 09:00-17:00"),
        ({}, 4, [ADA], "Escalation delay: give a number of minutes from 5 to 240."),
        ({}, 241, [ADA], "Escalation delay: give a number of minutes from 5 to 240."),
        ({}, 30, [ADA, ("Bo", "Nurse", "020 7946 0000", "")], "Contact 2 mobile: write a UK mobile number like"),
    ],
)
def test_a_mistake_is_refused_with_what_to_type_and_nothing_is_saved(db_session: Session, admin: CurrentUser, hours, delay, contacts,
                                                                      says: str) -> None:  # fmt: skip
    factories.clinic(db_session, code="STH-HST")
    with pytest.raises(InvalidValue, match=f"^{says}"):
        save_clinic_escalation(db_session, "STH-HST", hours=hours, delay_minutes=delay, contacts=contacts, actor=admin)
    assert list(db_session.scalars(select(EscalationContact))) == []
    assert audit(db_session, "clinic.escalation_updated") == []


def test_the_out_of_hours_contact_is_set_changed_and_removed_and_each_change_audited(
    db_session: Session, admin: CurrentUser
) -> None:
    save_out_of_hours_contact(
        db_session, ("On-call psychiatrist", "Liaison psychiatry", "07700900099", ""), actor=admin
    )
    save_out_of_hours_contact(db_session, ("On-call psychiatrist", "Liaison psychiatry", "", "oncall@example.nhs.uk"),
                              actor=admin)  # fmt: skip
    assert escalation_settings(db_session, admin)[1] == Contact(
        "On-call psychiatrist", "Liaison psychiatry", None, "oncall@example.nhs.uk")  # fmt: skip
    save_out_of_hours_contact(db_session, BLANK, actor=admin)
    assert escalation_settings(db_session, admin)[1] is None
    details = [e.detail for e in audit(db_session, "service.out_of_hours_contact_updated")]
    assert details == [{"configured": True, "channel": "sms"}, {"configured": True, "channel": "email"},
                       {"configured": False, "channel": None}]  # fmt: skip


@pytest.mark.parametrize("role", ["clinic_staff", "psychologist", "service_manager"])
def test_only_an_administrator_may_change_escalation_settings(db_session: Session, role: str) -> None:
    factories.clinic(db_session, code="PRUH-GEN")
    someone = CurrentUser(2, "someone", "Some One", role, None)
    with pytest.raises(PermissionDenied, match="cannot manage sites and clinics"):
        save_clinic_escalation(db_session, "PRUH-GEN", hours={}, delay_minutes=30, contacts=[ADA], actor=someone)
    with pytest.raises(PermissionDenied):
        save_out_of_hours_contact(db_session, ADA, actor=someone)
