"""The CSV export service on each database: date range, site, privacy, access and audit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent, Patient, ScreeningSession
from screening.errors import NotFound, PermissionDenied
from screening.exports.rules.export_files import write_csv
from screening.exports.rules.export_records import ExportRequest
from screening.exports.rules.pseudonyms import pseudonym
from screening.exports.services.csv_export import csv_export
from screening.exports.services.export_access import export_refusal
from screening.policy import CurrentUser
from tests.export_sittings import FORMULA, completed, declined, in_progress, patient, site_clinic, user

KEY = "k" * 40
JULY = ExportRequest(date(2026, 7, 1), date(2026, 7, 31))
UTC = UTC


@dataclass
class Service:
    ids: dict[str, int]
    patients: list[Patient]


@pytest.fixture
def service(db_session: Session) -> Service:
    """Sittings either side of July 2026's edges (BST, UTC+1), at two sites."""
    guy, kch = site_clinic(db_session, "GUY"), site_clinic(db_session, "KCH")
    ada = patient(db_session, family_name=FORMULA, given_name="Ada", date_of_birth=date(1961, 3, 4))
    ben = patient(db_session, family_name="Mensah", given_name="Ben", date_of_birth=date(2008, 7, 12))
    ids = {
        # 30 June 23:59 BST, then 1 July 00:00 BST
        "before": completed(db_session, ada, guy, datetime(2026, 6, 30, 22, 59, tzinfo=UTC)).id,
        "first": completed(db_session, ada, guy, datetime(2026, 6, 30, 23, 0, tzinfo=UTC)).id,
        "declined": declined(db_session, ben, guy, datetime(2026, 7, 10, 9, 0, tzinfo=UTC), "Not today").id,
        "kch": completed(db_session, ben, kch, datetime(2026, 7, 15, 9, 0, tzinfo=UTC)).id,
        "open": in_progress(db_session, ben, guy, datetime(2026, 7, 20, 9, 0, tzinfo=UTC)).id,
        # 31 July 23:59 BST, then 1 August 00:00 BST
        "last": completed(db_session, ben, guy, datetime(2026, 7, 31, 22, 59, tzinfo=UTC)).id,
        "after": completed(db_session, ada, guy, datetime(2026, 7, 31, 23, 0, tzinfo=UTC)).id,
    }  # fmt: skip
    return Service(ids, [ada, ben])


def rows(
    db: Session,
    request: ExportRequest = JULY,
    actor: CurrentUser | None = None,
    key: str = KEY,
    **options: int,
) -> list[dict]:
    return list(csv_export(db, actor=actor, request=request, key=key, **options).rows)


def dates(found: list[dict]) -> list[str]:
    return [row["sitting_date"] for row in found]


def test_the_range_is_whole_london_days_in_summer_time(db_session: Session, service: Service) -> None:
    # 23:00 UTC on 30 June is midnight BST: in; 22:59 UTC on 31 July is 23:59 BST: in.
    assert dates(rows(db_session)) == ["2026-07-01", "2026-07-10", "2026-07-15", "2026-07-31"]


def test_a_winter_day_is_midnight_to_midnight_utc(db_session: Session) -> None:
    clinic, someone = site_clinic(db_session, "STH"), patient(db_session)
    # GMT is UTC: 14 Jan 23:59 out, 15 Jan 00:00 and 23:59 in, 16 Jan 00:00 out.
    for day, hour, minute in ((14, 23, 59), (15, 0, 0), (15, 23, 59), (16, 0, 0)):
        moment = datetime(2026, 1, day, hour, minute, tzinfo=UTC)
        completed(db_session, someone, clinic, moment)
    assert dates(rows(db_session, ExportRequest(date(2026, 1, 15), date(2026, 1, 15)))) == ["2026-01-15"] * 2


def test_a_site_code_keeps_only_that_sites_sittings(db_session: Session, service: Service) -> None:
    request = ExportRequest(date(2026, 7, 1), date(2026, 7, 31), site_code="kch")
    assert [(r["site_code"], r["sitting_date"]) for r in rows(db_session, request)] == [("KCH", "2026-07-15")]


def test_finished_sittings_are_exported_and_one_in_progress_is_not(db_session: Session, service: Service) -> None:
    found = rows(db_session)
    assert [r["status"] for r in found] == ["completed", "declined", "completed", "completed"]
    assert found[0]["phq9_total"] == 11 and found[0]["phq9_band"] == "moderate"
    assert found[0]["flags"] == "gad7_threshold:routine;phq9_threshold:routine"
    assert found[1]["phq9_total"] is None


def test_rows_carry_the_language_tag_and_whether_an_interpreter_or_read_aloud_was_used(
    db_session: Session, service: Service
) -> None:
    first, kch = (db_session.get_one(ScreeningSession, service.ids[k]) for k in ("first", "kch"))
    first.language, first.interpreter_used, first.read_aloud_used = "so", True, True
    kch.interpreter_used = False
    db_session.flush()
    given = [(r["language"], r["interpreter_used"], r["read_aloud_used"]) for r in rows(db_session)]
    # first (so, interpreter, read-aloud); declined and last: nothing recorded; kch: no interpreter.
    assert given == [("so", "Y", "Y"), ("en", None, "N"), ("en", "N", "N"), ("en", None, "N")]


def test_a_sitting_begun_from_a_secure_link_is_remote_and_keeps_its_mode(db_session: Session, service: Service) -> None:
    first = db_session.get_one(ScreeningSession, service.ids["first"])
    first.remote, first.mode = True, "assisted"  # begun at home, finished on the tablet with staff
    db_session.flush()
    assert [(r["mode"], r["remote"]) for r in rows(db_session)] == [
        ("assisted", "Y"), ("self", "N"), ("self", "N"), ("self", "N")]  # fmt: skip


def test_a_pseudonymised_file_holds_no_nhs_number_name_or_date_of_birth(
    db_session: Session, service: Service, tmp_path: Path
) -> None:
    year = ExportRequest(date(2026, 1, 1), date(2026, 12, 31))
    export = csv_export(db_session, actor=None, request=year, key=KEY)
    out = tmp_path / "export.csv"
    write_csv(out, export.columns, export.rows)
    text = out.read_text(encoding="utf-8-sig")
    for p in service.patients:
        born = p.date_of_birth
        for identifier in (p.nhs_number, p.hospital_number, p.family_name, p.given_name, p.pseudo_id,
                           born.isoformat(), born.strftime("%d/%m/%Y")):  # fmt: skip
            assert identifier not in text
    assert "HYPERLINK" not in text and "Not today" not in text
    assert pseudonym(service.patients[0].pseudo_id, KEY) in text


def test_the_age_band_is_counted_on_the_sitting_date(db_session: Session, service: Service) -> None:
    # Ada, born 4 March 1961, is 65; Ben, born 12 July 2008, turns 18 between his sittings.
    assert [r["age_band"] for r in rows(db_session)] == ["65-74", "under 18", "18-24", "18-24"]


def test_the_pseudonym_is_stable_across_exports_and_changes_with_the_key(db_session: Session, service: Service) -> None:
    first, again = rows(db_session), rows(db_session)
    assert [r["pseudonym"] for r in first] == [r["pseudonym"] for r in again]
    assert first[1]["pseudonym"] == first[2]["pseudonym"]  # the same patient (Ben) twice
    assert first[0]["pseudonym"] != first[1]["pseudonym"]
    assert {r["pseudonym"] for r in rows(db_session, key="j" * 40)}.isdisjoint(r["pseudonym"] for r in first)


def test_batches_give_the_same_rows_in_start_order(db_session: Session, service: Service) -> None:
    assert rows(db_session, batch_size=1) == rows(db_session)


def test_an_administrator_with_a_reason_gets_identifiers_with_formulas_neutralised(
    db_session: Session, service: Service
) -> None:
    admin = user(db_session, "admin.ada")
    request = ExportRequest(date(2026, 7, 1), date(2026, 7, 31), identifiable=True, reason="Audit")
    found = rows(db_session, request, actor=admin)
    assert found[0]["family_name"] == "'" + FORMULA
    assert found[0]["nhs_number"] == service.patients[0].nhs_number
    assert found[0]["sitting_id"] == service.ids["first"]
    assert found[1]["decline_reason"] == "Not today"


@pytest.mark.parametrize(
    ("role", "reason", "refusal", "message"),
    [
        ("clinic_staff", "Audit of referrals", "role", "cannot export identifiable data"),
        ("service_manager", "Audit of referrals", "role", "cannot export identifiable data"),
        ("administrator", None, "no_reason", "Record a reason"),
        ("administrator", "   ", "no_reason", "Record a reason"),
    ],
)
def test_identifiable_export_is_refused_without_an_administrator_and_a_reason(
    db_session: Session, service: Service, role: str, reason: str | None, refusal: str, message: str
) -> None:
    actor = user(db_session, "someone", role=role)
    request = ExportRequest(date(2026, 7, 1), date(2026, 7, 31), identifiable=True, reason=reason)
    with pytest.raises(PermissionDenied, match=message):
        csv_export(db_session, actor=actor, request=request, key=KEY)
    assert message in (export_refusal(db_session, actor, request, export_format="csv") or "")
    event = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "export.refused")).one()
    assert event.actor == "someone" and event.detail["refusal"] == refusal


def test_the_command_line_may_export_pseudonymised_but_never_identifiable(
    db_session: Session, service: Service
) -> None:
    assert len(rows(db_session)) == 4
    request = ExportRequest(date(2026, 7, 1), date(2026, 7, 31), identifiable=True, reason="Audit")
    with pytest.raises(PermissionDenied, match="signed-in administrator"):
        csv_export(db_session, actor=None, request=request, key=KEY)


def test_a_site_scoped_administrator_gets_only_their_sites(db_session: Session, service: Service) -> None:
    admin = user(db_session, "admin.kch", sites=["KCH"])
    assert [r["site_code"] for r in rows(db_session, actor=admin)] == ["KCH"]
    with pytest.raises(PermissionDenied, match="outside your site scope"):
        rows(db_session, ExportRequest(date(2026, 7, 1), date(2026, 7, 31), site_code="GUY"), actor=admin)


def test_an_unknown_site_says_how_to_create_it(db_session: Session, service: Service) -> None:
    with pytest.raises(NotFound, match="add-site NOPE"):
        rows(db_session, ExportRequest(date(2026, 7, 1), date(2026, 7, 31), site_code="NOPE"))


def test_each_export_is_audited_with_its_mode_range_site_and_counts_only(db_session: Session, service: Service) -> None:
    admin = user(db_session, "admin.ada")
    rows(db_session)
    reason = "Quarterly audit"
    rows(db_session, ExportRequest(date(2026, 7, 1), date(2026, 7, 31), "GUY", True, reason), actor=admin)
    query = select(AuditEvent).where(AuditEvent.action == "export.csv").order_by(AuditEvent.id)
    events = db_session.scalars(query).all()
    actors = [(e.actor, e.actor_user_id) for e in events]
    assert actors == [("command line", None), ("admin.ada", admin.user_id)]
    july = {"format": "csv", "from": "2026-07-01", "to": "2026-07-31"}
    assert events[0].detail == {**july, "mode": "pseudonymised", "site": "all", "sittings": 4, "patients": 2}
    assert events[1].detail == {
        **july, "mode": "identifiable", "site": "GUY", "sittings": 3, "patients": 2, "reason": reason,
    }  # fmt: skip
    text = str([e.detail for e in events])
    assert not any(p.nhs_number in text or p.family_name in text for p in service.patients)
