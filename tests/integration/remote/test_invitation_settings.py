"""Administrators choose which clinics invite patients before the visit, and how many days before (issue 17)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import AuditEvent, ClinicInvitationSetting
from screening.errors import InvalidValue, NotFound, PermissionDenied
from screening.policy import CurrentUser
from screening.remote.rules.invitation_timing import InvitationTiming
from screening.remote.services.invitation_settings import (
    clinic_invitations,
    invitation_timing,
    set_invitation_settings,
)
from tests import factories

NOW = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)


def signed_in(db: Session, role: str = "administrator") -> CurrentUser:
    row = factories.user(db, role=role)
    return CurrentUser(row.id, row.username, row.display_name, role, None)


@pytest.fixture
def admin(db_session: Session) -> CurrentUser:
    return signed_in(db_session)


@pytest.fixture
def clinic_id(db_session: Session) -> int:
    return factories.clinic(db_session, code="GUY-HBO").id


def choose(db: Session, actor: CurrentUser, clinic_id: int, invite: int = 2, remind: int | None = 1,
           *, enabled: bool = True) -> InvitationTiming | None:  # fmt: skip
    return set_invitation_settings(db, actor, clinic_id, enabled=enabled, invite_days_before=invite,
                                   reminder_days_before=remind, now=NOW, app_session="tab-1")  # fmt: skip


def events(db: Session) -> list[AuditEvent]:
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == "clinic.invitations_set")))


def test_a_clinic_with_no_setting_does_not_invite(db_session: Session, clinic_id: int) -> None:
    assert invitation_timing(db_session, clinic_id) is None


def test_turning_invitations_on_stores_the_days_and_audits_the_numbers(
    db_session: Session, admin: CurrentUser, clinic_id: int
) -> None:
    assert choose(db_session, admin, clinic_id, 3, 1) == InvitationTiming(3, 1)
    assert invitation_timing(db_session, clinic_id) == InvitationTiming(3, 1)
    (event,) = events(db_session)
    assert (event.actor, event.entity_type, event.entity_id, event.app_session) == (
        admin.username, "clinic", str(clinic_id), "tab-1")  # fmt: skip
    assert event.detail == {"code": "GUY-HBO", "enabled": True, "invite_days_before": 3, "reminder_days_before": 1}


def test_changing_the_days_replaces_the_clinic_s_one_setting(
    db_session: Session, admin: CurrentUser, clinic_id: int
) -> None:
    choose(db_session, admin, clinic_id, 2, 1)
    choose(db_session, admin, clinic_id, 7, None)
    assert invitation_timing(db_session, clinic_id) == InvitationTiming(7, None)
    assert db_session.scalar(select(func.count()).select_from(ClinicInvitationSetting)) == 1
    assert events(db_session)[-1].detail["reminder_days_before"] is None


def test_turning_invitations_off_deletes_the_setting_whatever_days_are_given(
    db_session: Session, admin: CurrentUser, clinic_id: int
) -> None:
    choose(db_session, admin, clinic_id)
    assert choose(db_session, admin, clinic_id, 99, 99, enabled=False) is None
    assert invitation_timing(db_session, clinic_id) is None
    assert db_session.scalar(select(func.count()).select_from(ClinicInvitationSetting)) == 0
    assert events(db_session)[-1].detail == {"code": "GUY-HBO", "enabled": False}


def test_turning_off_a_clinic_that_never_invited_is_audited_and_changes_nothing(
    db_session: Session, admin: CurrentUser, clinic_id: int
) -> None:
    assert choose(db_session, admin, clinic_id, enabled=False) is None
    assert invitation_timing(db_session, clinic_id) is None and len(events(db_session)) == 1


@pytest.mark.parametrize(
    ("invite", "remind"),
    [(1, 0), (1, None), (14, 13), (14, 0), (2, 1)],  # the edges: 1 and 14 days; a reminder 0 to invite - 1
)
def test_every_timing_within_the_ranges_is_kept(
    db_session: Session, admin: CurrentUser, clinic_id: int, invite: int, remind: int | None
) -> None:
    assert choose(db_session, admin, clinic_id, invite, remind) == InvitationTiming(invite, remind)


@pytest.mark.parametrize(
    ("invite", "remind", "message"),
    [
        (0, None, "Invite days before: choose from 1 to 14 days"),
        (15, 1, "Invite days before: choose from 1 to 14 days"),
        (2, 2, "Remind days before: choose from 0 .* to 1, fewer days before than the invitation, or no reminder"),
        (2, 3, "Remind days before: choose from 0"),
        (2, -1, "Remind days before: choose from 0"),
    ],
)
def test_a_timing_out_of_range_is_refused_saying_what_to_choose_and_nothing_is_stored(
    db_session: Session, admin: CurrentUser, clinic_id: int, invite: int, remind: int | None, message: str
) -> None:
    with pytest.raises(InvalidValue, match=message):
        choose(db_session, admin, clinic_id, invite, remind)
    assert invitation_timing(db_session, clinic_id) is None and events(db_session) == []


@pytest.mark.parametrize("role", ["clinic_staff", "psychologist", "service_manager"])
def test_only_an_administrator_may_choose_or_list_the_settings(db_session: Session, clinic_id: int, role: str) -> None:
    someone = signed_in(db_session, role)
    with pytest.raises(PermissionDenied, match="cannot manage sites and clinics"):
        choose(db_session, someone, clinic_id)
    with pytest.raises(PermissionDenied):
        clinic_invitations(db_session, someone)
    assert invitation_timing(db_session, clinic_id) is None


def test_an_unknown_clinic_is_refused(db_session: Session, admin: CurrentUser) -> None:
    with pytest.raises(NotFound, match="reload the page"):
        choose(db_session, admin, 999_999)


def test_the_list_shows_every_clinic_by_code_with_its_timing(
    db_session: Session, admin: CurrentUser, clinic_id: int
) -> None:
    other = factories.clinic(db_session, code="AAA-ONC").id
    choose(db_session, admin, clinic_id, 2, None)
    listed = clinic_invitations(db_session, admin)
    assert [(c.clinic_id, c.code, c.timing) for c in listed] == [
        (other, "AAA-ONC", None), (clinic_id, "GUY-HBO", InvitationTiming(2, None))]  # fmt: skip


def test_the_database_refuses_a_reminder_not_before_the_invitation(db_session: Session, clinic_id: int) -> None:
    db_session.add(ClinicInvitationSetting(clinic_id=clinic_id, invite_days_before=2, reminder_days_before=2))
    with pytest.raises(IntegrityError):
        db_session.flush()
