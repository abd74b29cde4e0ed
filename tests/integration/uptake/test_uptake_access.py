"""Who may see uptake figures, who may switch suppression off, and the audit trail of both."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent
from screening.errors import PermissionDenied
from screening.policy import CurrentUser
from screening.uptake.rules.disclosure import SUPPRESSED, Disclosure
from screening.uptake.services.analytics_access import open_unsuppressed, record_export
from screening.uptake.services.uptake import uptake_table
from tests import factories
from tests.uptake_scenario import JUNE, build

PSYCHOLOGIST = CurrentUser(3, "psych", "Psych", "psychologist", None)


def signed_in(db: Session, role: str) -> CurrentUser:
    """A real user row (audit rows refer to it) as the signed-in CurrentUser."""
    row = factories.user(db, role=role)
    return CurrentUser(row.id, row.username, row.display_name, role, None)


def events(db: Session, action: str) -> list[AuditEvent]:
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_a_service_manager_sees_suppressed_figures_and_cannot_ask_for_exact_ones(db_session: Session) -> None:
    build(db_session)
    manager = signed_in(db_session, "service_manager")
    assert uptake_table(db_session, manager, JUNE, ("site",))  # suppressed: allowed
    with pytest.raises(PermissionDenied, match="cannot open the unsuppressed analytic view"):
        uptake_table(db_session, manager, JUNE, ("site",), Disclosure.unsuppressed("curious"))
    with pytest.raises(PermissionDenied):
        open_unsuppressed(db_session, manager, "curious", JUNE)
    assert events(db_session, "analytics.unsuppressed") == []


def test_a_hand_made_disclosure_without_a_signed_in_administrator_opens_nothing(db_session: Session) -> None:
    build(db_session)
    admin = signed_in(db_session, "administrator")
    with pytest.raises(PermissionDenied, match="administrator"):
        uptake_table(db_session, None, JUNE, ("site",), Disclosure(suppress=False, reason="x"))
    with pytest.raises(PermissionDenied, match="Record a reason"):
        uptake_table(db_session, admin, JUNE, ("site",), Disclosure(suppress=False, reason=" "))


def test_roles_without_the_dashboard_cannot_read_uptake_at_all(db_session: Session) -> None:
    with pytest.raises(PermissionDenied, match="cannot open the dashboards"):
        uptake_table(db_session, PSYCHOLOGIST, JUNE, ("site",))


def test_an_administrator_switching_suppression_off_is_audited_with_the_reason(db_session: Session) -> None:
    build(db_session)
    admin = signed_in(db_session, "administrator")
    granted = open_unsuppressed(db_session, admin, "  data quality check  ", JUNE, app_session="tab-1")
    rows = uptake_table(db_session, admin, JUNE, ("site",), granted)
    assert [(r.groups, r.eligible) for r in rows] == [(("S1",), 4), (("S2",), 2)]  # exact
    (event,) = events(db_session, "analytics.unsuppressed")
    assert (event.actor, event.actor_user_id, event.app_session) == (admin.username, admin.user_id, "tab-1")
    assert event.detail == {"reason": "data quality check", "from": "2026-06-01", "to": "2026-06-30", "sites": "all"}


def test_an_administrator_must_give_a_reason(db_session: Session) -> None:
    admin = signed_in(db_session, "administrator")
    with pytest.raises(PermissionDenied, match="Record a reason"):
        open_unsuppressed(db_session, admin, "", JUNE)


def test_every_export_is_audited_with_format_rows_mode_and_filters(db_session: Session) -> None:
    manager, admin = signed_in(db_session, "service_manager"), signed_in(db_session, "administrator")
    record_export(db_session, manager, what="equity-ethnic_group", file_format="png", rows=7, filters=JUNE,
                  disclosure=SUPPRESSED, app_session="tab-2")  # fmt: skip
    record_export(db_session, admin, what="uptake", file_format="csv", rows=2, filters=JUNE,
                  disclosure=Disclosure.unsuppressed("audit"), extra={"by": ["site"]})  # fmt: skip
    first, second = sorted(events(db_session, "analytics.exported"), key=lambda e: e.id)
    assert (first.actor, first.entity_type, first.entity_id) == (manager.username, "analytics", "equity-ethnic_group")
    assert first.detail == {"format": "png", "rows": 7, "mode": "suppressed", "from": "2026-06-01",
                            "to": "2026-06-30", "sites": "all"}  # fmt: skip
    assert second.detail["mode"] == "unsuppressed" and second.detail["reason"] == "audit"
    assert second.detail["by"] == ["site"]


def test_an_export_of_exact_figures_by_a_manager_is_refused_and_not_recorded(db_session: Session) -> None:
    manager = signed_in(db_session, "service_manager")
    with pytest.raises(PermissionDenied):
        record_export(db_session, manager, what="uptake", file_format="csv", rows=1, filters=JUNE,
                      disclosure=Disclosure.unsuppressed("x"))  # fmt: skip
    assert events(db_session, "analytics.exported") == []
