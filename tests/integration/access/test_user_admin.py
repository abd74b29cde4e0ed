"""The Users page's reads on each database: the account list, the site list, switching back on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent
from screening.access.services import accounts
from screening.access.services.user_admin import SiteChoice, list_users, site_choices
from screening.errors import PermissionDenied
from screening.policy import CurrentUser
from tests import factories

NOW = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
NON_ADMIN_ROLES = ["clinic_staff", "psychologist", "service_manager"]


def current(session: Session, role: str = "administrator", **fields: object) -> CurrentUser:
    return accounts.load_current_user(session, factories.user(session, role=role, **fields).id)


def test_every_account_is_listed_by_username_with_role_sites_and_state(db_session: Session) -> None:
    admin = current(db_session, username="aa.admin")
    guy, kch = factories.site(db_session, code="GUY"), factories.site(db_session, code="KCH")
    factories.user(
        db_session, username="nurse.ada", display_name="Ada Okafor", sites=[kch, guy], pin_hash="$argon2id$x",
        oidc_subject="entra|123", last_sign_in_at=NOW - timedelta(days=1), active=False,
    )  # fmt: skip
    rows = list_users(db_session, admin, now=NOW)
    assert [r.username for r in rows] == ["aa.admin", "nurse.ada"]
    nurse = rows[1]
    assert (nurse.name, nurse.role, nurse.role_label) == ("Ada Okafor", "clinic_staff", "Clinic staff")
    assert nurse.site_codes == ("GUY", "KCH")
    assert (nurse.active, nurse.pin_set, nurse.identity_linked) == (False, True, True)
    assert nurse.last_sign_in == NOW - timedelta(days=1)
    assert rows[0].site_codes == ("ALL",) and not rows[0].pin_set and not rows[0].identity_linked


def test_a_row_shows_a_lock_only_while_it_still_holds(db_session: Session) -> None:
    admin = current(db_session)
    factories.user(db_session, username="locked", locked_until=NOW + timedelta(minutes=5))
    factories.user(db_session, username="lapsed", locked_until=NOW - timedelta(minutes=5))
    rows = {r.username: r for r in list_users(db_session, admin, now=NOW)}
    assert rows["locked"].locked_until == NOW + timedelta(minutes=5)
    assert rows["lapsed"].locked_until is None


def test_a_row_never_carries_a_hash_or_an_identity_subject(db_session: Session) -> None:
    admin = current(db_session)
    factories.user(db_session, password_hash="$argon2id$secret-hash", oidc_subject="entra|secret-subject")
    text = repr(list_users(db_session, admin, now=NOW))
    assert "secret-hash" not in text and "secret-subject" not in text


def test_the_site_choices_are_every_site_by_code(db_session: Session) -> None:
    admin = current(db_session)
    factories.site(db_session, code="KCH", name="King's College Hospital")
    factories.site(db_session, code="GUY", name="Guy's Hospital")
    assert site_choices(db_session, admin) == (
        SiteChoice("GUY", "Guy's Hospital"), SiteChoice("KCH", "King's College Hospital"),
    )  # fmt: skip


@pytest.mark.parametrize("read", [list_users, site_choices])
@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_only_an_administrator_may_list_users_or_sites(db_session: Session, role: str, read) -> None:
    with pytest.raises(PermissionDenied, match="cannot manage users"):
        read(db_session, current(db_session, role))


def test_switching_an_account_back_on_is_audited_once(db_session: Session) -> None:
    admin = current(db_session)
    target = factories.user(db_session, active=False)
    accounts.reactivate_user(db_session, actor=admin, user_id=target.id)
    accounts.reactivate_user(db_session, actor=admin, user_id=target.id)  # already on: nothing to record
    assert target.active
    events = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "user.reactivated")).all()
    assert [(e.actor_user_id, e.entity_id, e.detail) for e in events] == [(admin.user_id, str(target.id), None)]


@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_only_an_administrator_may_switch_an_account_back_on(db_session: Session, role: str) -> None:
    target = factories.user(db_session, active=False)
    with pytest.raises(PermissionDenied, match="cannot manage users"):
        accounts.reactivate_user(db_session, actor=current(db_session, role), user_id=target.id)
    assert not target.active
