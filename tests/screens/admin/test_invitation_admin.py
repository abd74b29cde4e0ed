"""Administrators choose, per clinic, whether and when patients are invited to screen before the visit (issue 17)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from models import AuditEvent, ClinicInvitationSetting
from screening.remote.rules.invitation_timing import InvitationTiming
from tests import factories
from ui.admin.invitation_admin import timing_text
from ui.shell.text import plain

PAGE = "app_pages/admin_sites.py"


def open_sites(app: AppTest, as_user, db_session: Session) -> int:
    clinic = factories.clinic(db_session, code="GUY-HBO", name="Guy's: Haemoglobinopathy")
    db_session.commit()
    as_user("administrator")
    app.run()
    app.switch_page(PAGE).run()
    assert not app.exception
    return clinic.id


def save(app: AppTest, clinic_id: int, *, on: bool, invite: int = 2, remind: bool = True, days: int = 1) -> AppTest:
    key = f"admin_sites_invitations_{clinic_id}"
    app.toggle(key=f"{key}_on").set_value(on)
    app.number_input(key=f"{key}_invite").set_value(invite)
    app.checkbox(key=f"{key}_remind").set_value(remind)
    app.number_input(key=f"{key}_reminder").set_value(days)
    app.button(key=f"FormSubmitter:{key}-Save invitations").click().run()
    assert not app.exception
    return app


def test_a_clinic_starts_off_with_the_defaults_offered(app, as_user, db_session) -> None:
    clinic_id = open_sites(app, as_user, db_session)
    key = f"admin_sites_invitations_{clinic_id}"
    assert app.toggle(key=f"{key}_on").value is False
    assert (app.number_input(key=f"{key}_invite").value, app.number_input(key=f"{key}_reminder").value) == (2, 1)
    assert app.checkbox(key=f"{key}_remind").value is True


def test_an_administrator_turns_invitations_on_and_the_page_reads_them_back(app, as_user, db_session) -> None:
    clinic_id = open_sites(app, as_user, db_session)
    save(app, clinic_id, on=True, invite=3, days=1)
    assert [s.value for s in app.success] == [f"Invitations for {plain('GUY-HBO')} are on."]
    db_session.expire_all()
    row = db_session.get(ClinicInvitationSetting, clinic_id)
    assert row is not None and (row.invite_days_before, row.reminder_days_before) == (3, 1)
    key = f"admin_sites_invitations_{clinic_id}"
    assert app.toggle(key=f"{key}_on").value is True and app.number_input(key=f"{key}_invite").value == 3
    event = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "clinic.invitations_set")).one()
    assert event.detail == {"code": "GUY-HBO", "enabled": True, "invite_days_before": 3, "reminder_days_before": 1}


def test_no_reminder_is_kept_as_none(app, as_user, db_session) -> None:
    clinic_id = open_sites(app, as_user, db_session)
    save(app, clinic_id, on=True, invite=2, remind=False)
    db_session.expire_all()
    row = db_session.get(ClinicInvitationSetting, clinic_id)
    assert row is not None and row.reminder_days_before is None
    assert app.checkbox(key=f"admin_sites_invitations_{clinic_id}_remind").value is False


def test_a_reminder_not_before_the_invitation_is_refused_saying_what_to_choose(app, as_user, db_session) -> None:
    clinic_id = open_sites(app, as_user, db_session)
    save(app, clinic_id, on=True, invite=2, days=2)
    assert [e.value for e in app.error] == [
        "Remind days before: choose from 0 (the morning of the appointment) to 1, fewer days before than the "
        "invitation, or no reminder."]  # fmt: skip
    assert app.number_input(key=f"admin_sites_invitations_{clinic_id}_reminder").value == 2  # kept as typed
    db_session.expire_all()
    assert db_session.get(ClinicInvitationSetting, clinic_id) is None


def test_turning_invitations_off_removes_the_setting(app, as_user, db_session) -> None:
    clinic_id = open_sites(app, as_user, db_session)
    save(app, clinic_id, on=True)
    save(app, clinic_id, on=False)
    assert [s.value for s in app.success] == [f"Invitations for {plain('GUY-HBO')} are off."]
    db_session.expire_all()
    assert db_session.get(ClinicInvitationSetting, clinic_id) is None


@pytest.mark.parametrize(
    ("invite", "remind", "text"),
    [(2, 1, "invite 2 days before, reminder 1 day before"), (1, 0, "invite 1 day before, reminder on the morning "
     "of the visit"), (7, None, "invite 7 days before, no reminder"), (5, 3, "invite 5 days before, reminder 3 days before")],
)  # fmt: skip
def test_the_table_says_each_clinic_s_timing_in_words(invite: int, remind: int | None, text: str) -> None:
    assert timing_text(InvitationTiming(invite, remind)) == text
    assert timing_text(None) == "Off"
