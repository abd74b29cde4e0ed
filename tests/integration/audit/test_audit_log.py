"""Reading and exporting the audit log on each database: filters, London days, the CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent
from screening.access.services.accounts import load_current_user
from screening.audit.services.audit_log import audit_csv, audit_events
from screening.csv_safety import FORMULA_STARTS
from screening.errors import InvalidValue, PermissionDenied
from screening.policy import CurrentUser
from tests import factories

JULY_1 = date(2026, 7, 1)
FORMULA = '=HYPERLINK("http://evil.example","click")'


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def admin(session: Session, role: str = "administrator") -> CurrentUser:
    return load_current_user(session, factories.user(session, username=f"the.{role}", role=role).id)


def event(session: Session, at: datetime, action: str = "user.created", **fields: Any) -> AuditEvent:
    row = AuditEvent(**{"at": at, "actor": "ada", "action": action, "entity_type": "user", "entity_id": "1",
                        **fields})  # fmt: skip
    session.add(row)
    session.flush()
    return row


def read(session: Session, actor: CurrentUser, start: date = JULY_1, end: date = JULY_1, **filters: Any) -> list[str]:
    return [r.action for r in audit_events(session, actor, date_from=start, date_to=end, **filters)]


def test_events_come_newest_first_with_ties_in_reverse_order_of_writing(db_session: Session) -> None:
    actor = admin(db_session)
    event(db_session, utc(2026, 7, 1, 9), "a.first")
    event(db_session, utc(2026, 7, 1, 11), "a.tie_one")
    event(db_session, utc(2026, 7, 1, 11), "a.tie_two")
    assert read(db_session, actor) == ["a.tie_two", "a.tie_one", "a.first"]


@pytest.mark.parametrize(
    ("at", "day", "included"),
    [
        # British Summer Time: 1 July in London runs from 30 June 23:00 UTC to 1 July 23:00 UTC.
        (utc(2026, 6, 30, 23, 0), JULY_1, True),
        (utc(2026, 6, 30, 22, 59, 59), JULY_1, False),
        (utc(2026, 7, 1, 22, 59, 59), JULY_1, True),
        (utc(2026, 7, 1, 23, 0), JULY_1, False),
        # Greenwich Mean Time: the London day is the UTC day.
        (utc(2026, 1, 15, 0, 0), date(2026, 1, 15), True),
        (utc(2026, 1, 14, 23, 59, 59), date(2026, 1, 15), False),
        # Spring clock change (29 March 2026): a 23-hour day, 00:00 UTC to 23:00 UTC.
        (utc(2026, 3, 29, 22, 59, 59), date(2026, 3, 29), True),
        (utc(2026, 3, 29, 23, 0), date(2026, 3, 29), False),
        # Autumn clock change (25 October 2026): a 25-hour day, 24 Oct 23:00 UTC to 26 Oct 00:00 UTC.
        (utc(2026, 10, 24, 23, 0), date(2026, 10, 25), True),
        (utc(2026, 10, 25, 23, 59, 59), date(2026, 10, 25), True),
    ],
)
def test_dates_are_whole_london_days(db_session: Session, at: datetime, day: date, included: bool) -> None:
    actor = admin(db_session)
    event(db_session, at, "a.probe")
    assert read(db_session, actor, day, day) == (["a.probe"] if included else [])


def test_a_range_includes_both_end_days(db_session: Session) -> None:
    actor = admin(db_session)
    for day in (1, 2, 3, 4):
        event(db_session, utc(2026, 7, day, 12), f"a.day{day}")
    assert read(db_session, actor, date(2026, 7, 2), date(2026, 7, 3)) == ["a.day3", "a.day2"]


def test_filters_by_actor_action_prefix_and_entity_type(db_session: Session) -> None:
    actor = admin(db_session)
    at = utc(2026, 7, 1, 12)
    event(db_session, at, "auth.sign_in", actor="nurse.ada")
    event(db_session, at, "auth.sign_in_failed", actor="not signed in")
    event(db_session, at, "auth.sign_out", actor="nurse.ada")
    event(db_session, at, "user.created", actor="admin", entity_type="user")
    event(db_session, at, "site.created", actor="admin", entity_type="site")
    assert read(db_session, actor, actor_name=" Nurse.Ada ") == ["auth.sign_out", "auth.sign_in"]
    assert read(db_session, actor, action_prefix="auth.sign_in") == ["auth.sign_in_failed", "auth.sign_in"]
    assert read(db_session, actor, entity_type="site") == ["site.created"]
    assert read(db_session, actor, actor_name="admin", action_prefix="user.") == ["user.created"]
    assert len(read(db_session, actor, actor_name="", action_prefix=" ", entity_type=None)) == 5  # blank: no filter


def test_an_underscore_in_the_action_prefix_is_not_a_wildcard(db_session: Session) -> None:
    actor = admin(db_session)
    event(db_session, utc(2026, 7, 1, 12), "auth.signxin")
    assert read(db_session, actor, action_prefix="auth.sign_in") == []


def test_the_screen_shows_at_most_the_limit_newest_first(db_session: Session) -> None:
    actor = admin(db_session)
    for hour in range(6):
        event(db_session, utc(2026, 7, 1, 10 + hour), f"a.h{hour}")
    assert read(db_session, actor, limit=2) == ["a.h5", "a.h4"]


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"date_from": date(2026, 7, 2), "date_to": JULY_1}, "dates"),
        ({"action_prefix": "User'; DROP TABLE audit_events;--"}, "action"),
        ({"entity_type": "user%"}, "entity type"),
        ({"actor_name": "x" * 61}, "actor"),
        ({"limit": 0}, "limit"),
    ],
)
def test_a_malformed_filter_is_refused_naming_it(db_session: Session, filters: dict, field: str) -> None:
    values = {"date_from": JULY_1, "date_to": JULY_1, **filters}
    with pytest.raises(InvalidValue, match=f"^{field}:"):
        audit_events(db_session, admin(db_session), **values)


@pytest.mark.parametrize("read_log", [audit_events, audit_csv])
@pytest.mark.parametrize("role", ["clinic_staff", "psychologist", "service_manager"])
def test_only_an_administrator_may_read_or_export_the_audit_log(db_session: Session, role: str, read_log) -> None:
    with pytest.raises(PermissionDenied, match="cannot read the audit log"):
        read_log(db_session, admin(db_session, role), date_from=JULY_1, date_to=JULY_1)
    assert db_session.scalars(select(AuditEvent)).all() == []  # and a refused export records nothing


def test_the_csv_neutralises_a_formula_in_an_actor_entity_or_detail_value(db_session: Session) -> None:
    actor = admin(db_session)
    event(db_session, utc(2026, 7, 1, 12), actor=FORMULA, entity_id="-1+2", detail={"code": FORMULA},
          app_session="@SUM(A1)")  # fmt: skip
    header, row = list(csv.reader(io.StringIO(audit_csv(db_session, actor, date_from=JULY_1, date_to=JULY_1))))
    cells = dict(zip(header, row, strict=True))
    assert cells["actor"] == "'" + FORMULA
    assert cells["entity_id"] == "'-1+2" and cells["app_session"] == "'@SUM(A1)"
    assert cells["detail"] == '{"code":"=HYPERLINK(\\"http://evil.example\\",\\"click\\")"}'
    assert not any(cell.startswith(FORMULA_STARTS) for cell in row)


def test_the_csv_has_every_column_with_london_times_and_compact_detail(db_session: Session) -> None:
    actor = admin(db_session)
    written = event(
        db_session, utc(2026, 6, 30, 23, 30), "flag.actioned", actor="psy.ben", actor_user_id=actor.user_id,
        entity_type="flag", entity_id="7", detail={"to": "closed", "count": 2}, app_session="abc",
    )  # fmt: skip
    header, row = list(csv.reader(io.StringIO(audit_csv(db_session, actor, date_from=JULY_1, date_to=JULY_1))))
    assert header == ["event_id", "at", "actor", "actor_user_id", "app_session", "action", "entity_type",
                      "entity_id", "detail"]  # fmt: skip
    assert row == [str(written.id), "2026-07-01T00:30:00+01:00", "psy.ben", str(actor.user_id), "abc",
                   "flag.actioned", "flag", "7", '{"count":2,"to":"closed"}']  # fmt: skip


def test_exporting_is_audited_with_counts_and_filter_codes_but_not_the_typed_actor(db_session: Session) -> None:
    actor = admin(db_session)
    event(db_session, utc(2026, 7, 1, 12), "user.created", actor="nurse.ada")
    event(db_session, utc(2026, 7, 1, 13), "user.unlocked", actor="nurse.ada")
    text = audit_csv(db_session, actor, date_from=JULY_1, date_to=JULY_1, actor_name="nurse.ada",
                     action_prefix="user.", entity_type="user", app_session="tab-1")  # fmt: skip
    db_session.flush()
    (export,) = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "audit.exported")).all()
    assert (export.actor, export.actor_user_id, export.entity_type, export.app_session) == (
        actor.username, actor.user_id, "audit_log", "tab-1")  # fmt: skip
    assert export.detail == {"rows": 2, "date_from": "2026-07-01", "date_to": "2026-07-01",
                             "action_prefix": "user.", "entity_type": "user", "actor_filtered": True}  # fmt: skip
    assert "audit.exported" not in text  # the file does not describe its own export
