"""Pushing finished sittings to a FHIR server, on each database, against a local server that checks
every request (`tests.fake_fhir`): delivered once, retried when the server is down or busy, failed
for an administrator to resend, never lost (issue 18)."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from models import AuditEvent, Clinic, FhirDelivery, ScreeningSession, Site
from screening.database.services.database import Database
from screening.errors import PermissionDenied
from screening.exports.rules.fhir_questionnaires import DEFAULT_CANONICAL_BASE
from screening.exports.services.fhir_client import HttpFhirPoster, fhir_poster
from screening.exports.services.fhir_push import (
    LEASE,
    PushRun,
    claim_due,
    push_due,
    push_overview,
    resend,
    set_push_since,
)
from tests import export_sittings as make
from tests.fake_fhir import ECHOED, TOKEN, FakeFhir, fake_fhir

START = datetime(2026, 12, 4, 9, 30, tzinfo=UTC)


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


@pytest.fixture
def database(db_engine, session_factory: sessionmaker[Session], db_url: str) -> Database:  # type: ignore[no-untyped-def]
    return Database(url=db_url, engine=db_engine, sessions=session_factory)


@pytest.fixture
def server() -> FakeFhir:  # type: ignore[misc]
    with fake_fhir() as fake:
        yield fake


def sittings(db: Session, count: int = 2, *, day: datetime = START) -> list[int]:
    """`count` completed sittings (and one in progress and one declined, which are never sent)."""
    clinic = make.site_clinic(db, "RJ1")
    ids = [make.completed(db, make.patient(db), clinic, day - timedelta(minutes=30 + n)).id for n in range(count)]
    make.in_progress(db, make.patient(db), clinic, day - timedelta(minutes=20))
    make.declined(db, make.patient(db), clinic, day - timedelta(minutes=10), "Not today")
    db.commit()
    return ids


def push(database: Database, poster: HttpFhirPoster, clock: Clock) -> PushRun:
    return push_due(database, poster, base=DEFAULT_CANONICAL_BASE, clock=clock, batch_size=3)


def poster_for(fake: FakeFhir, token: str = TOKEN) -> HttpFhirPoster:
    return HttpFhirPoster(fake.url, token=token)


def deliveries(db: Session) -> list[FhirDelivery]:
    db.expire_all()
    return list(db.scalars(select(FhirDelivery).order_by(FhirDelivery.screening_session_id)))


def test_each_finished_sitting_is_delivered_once_as_a_transaction_the_server_accepts(
    database: Database, db_session: Session, server: FakeFhir
) -> None:
    ids = sittings(db_session, 2)
    clock = Clock(START)
    run = push(database, poster_for(server), clock)
    assert (run.queued, run.delivered, run.retrying, run.failed) == (2, 2, 0, 0)
    assert server.refused == []
    assert len(server.transactions) == 2
    assert len(server.of_type("QuestionnaireResponse")) == 4  # PHQ-9 and GAD-7 for each
    assert len(server.of_type("Questionnaire")) == 2  # created once, matched the second time
    rows = deliveries(db_session)
    assert [(r.screening_session_id, r.status, r.attempts, r.delivered_at) for r in rows] == [
        (i, "delivered", 1, START) for i in sorted(ids)
    ]
    audited = db_session.scalars(select(AuditEvent.entity_id).where(AuditEvent.action == "fhir.delivered"))
    assert sorted(audited) == sorted(str(i) for i in ids)
    clock.advance(minutes=5)
    again = push(database, poster_for(server), clock)
    assert (again.queued, again.delivered) == (0, 0)
    assert len(server.transactions) == 2


def test_sending_a_sitting_again_replaces_its_resources_and_adds_none(
    database: Database, db_session: Session, server: FakeFhir
) -> None:
    sittings(db_session, 1)
    push(database, poster_for(server), Clock(START))
    stored = dict(server.stored)
    answer = poster_for(server).post_transaction(_json(server.transactions[0]))
    assert answer.status == 200
    assert {e["response"]["status"] for e in answer.body["entry"]} == {"200 OK"}
    assert server.stored.keys() == stored.keys()


def test_an_endpoint_that_is_down_loses_nothing_and_the_sitting_goes_when_it_is_back(
    database: Database, db_session: Session, server: FakeFhir
) -> None:
    [sitting_id] = sittings(db_session, 1)
    clock = Clock(START)
    down = HttpFhirPoster("http://127.0.0.1:9/fhir/R4", token=TOKEN)  # the discard port: nothing listens
    run = push(database, down, clock)
    assert (run.delivered, run.retrying) == (0, 1)
    [row] = deliveries(db_session)
    assert (row.status, row.attempts, row.last_status) == ("waiting", 1, None)
    assert row.last_error == "no answer from the server (ConnectError)"
    assert row.next_attempt_at == START + timedelta(minutes=1)
    clock.advance(seconds=30)
    assert push(database, poster_for(server), clock).delivered == 0  # not due yet
    clock.advance(seconds=31)
    assert push(database, poster_for(server), clock).delivered == 1
    [row] = deliveries(db_session)
    assert (row.screening_session_id, row.status, row.attempts, row.last_error) == (sitting_id, "delivered", 2, None)


def test_a_busy_server_is_retried_after_its_retry_after_and_its_words_are_not_kept(
    database: Database, db_session: Session, server: FakeFhir
) -> None:
    sittings(db_session, 1)
    server.fail_next(1, status=429, retry_after=600)
    push(database, poster_for(server), Clock(START))
    [row] = deliveries(db_session)
    assert (row.status, row.last_status, row.last_error) == ("waiting", 429, "HTTP 429: transient (error)")
    assert row.next_attempt_at == START + timedelta(minutes=10)
    assert ECHOED not in str(row.last_error)
    [shown] = push_overview(db_session, make.user(db_session, "admin1"), now=START).needing_attention
    assert (shown.status_label, shown.next_attempt_at) == ("waiting to retry", START + timedelta(minutes=10))


def test_after_ten_attempts_a_delivery_is_failed_and_kept_for_an_administrator(
    database: Database, db_session: Session, server: FakeFhir
) -> None:
    sittings(db_session, 1)
    server.fail_next(10, status=503)
    clock = Clock(START)
    for _ in range(10):
        push(database, poster_for(server), clock)
        clock.advance(hours=13)
    [row] = deliveries(db_session)
    assert (row.status, row.attempts) == ("failed", 10)
    assert row.last_error == "HTTP 503: transient (error); gave up after 10 attempts"
    assert push(database, poster_for(server), clock).delivered == 0  # a failed one is not sent by itself


def test_a_refused_bundle_is_failed_at_once_and_goes_when_an_administrator_resends_it(
    database: Database, db_session: Session, server: FakeFhir
) -> None:
    first_sitting = sittings(db_session, 2)[0]
    clinic = db_session.get_one(ScreeningSession, first_sitting).clinic_id
    names = db_session.execute(select(Site.name, Clinic.name).join(Clinic).where(Clinic.id == clinic)).one()
    admin = make.user(db_session, "admin1")
    db_session.commit()
    clock = Clock(START)
    run = push(database, poster_for(server, token="an-old-token"), clock)
    assert (run.delivered, run.failed) == (0, 2)
    overview = push_overview(db_session, admin, now=clock())
    assert overview.counts["failed"] == 2
    assert [(r.status_label, r.attempts, r.last_error, r.site, r.clinic) for r in overview.needing_attention] == [
        ("failed: needs resending", 1, "HTTP 401: login (error)", *names)
    ] * 2
    first = overview.needing_attention[0].delivery_id
    assert resend(db_session, admin, [first], now=clock()) == 1
    db_session.commit()
    clock.advance(minutes=1)
    run = push(database, poster_for(server), clock)
    assert (run.delivered, run.failed) == (1, 0)
    assert resend(db_session, admin, None, now=clock()) == 1  # every failed one
    db_session.commit()
    assert push(database, poster_for(server), clock).delivered == 1
    assert {r.status for r in deliveries(db_session)} == {"delivered"}
    events = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "fhir.resent")).all()
    assert [(e.actor, e.detail["count"]) for e in events] == [("admin1", 1), ("admin1", 1)]


def test_only_an_administrator_sees_or_resends_deliveries(db_session: Session) -> None:
    make.site_clinic(db_session, "RJ1")
    staff = make.user(db_session, "nurse1", role="clinic_staff", sites=["RJ1"])
    with pytest.raises(PermissionDenied):
        push_overview(db_session, staff, now=START)
    with pytest.raises(PermissionDenied):
        resend(db_session, staff, None, now=START)


def test_a_delivery_left_sending_by_a_run_that_died_is_taken_again_once_its_claim_runs_out(
    database: Database, db_session: Session, server: FakeFhir
) -> None:
    sittings(db_session, 1)
    clock = Clock(START)
    push_due(database, poster_for(server), base=DEFAULT_CANONICAL_BASE, clock=clock, max_batches=0)  # queue only
    with database.transaction() as session:
        assert len(claim_due(session, now=clock())) == 1  # ...and the run dies here
    assert push(database, poster_for(server), clock).delivered == 0
    clock.advance(seconds=LEASE.total_seconds() + 1)
    assert push(database, poster_for(server), clock).delivered == 1
    [row] = deliveries(db_session)
    assert (row.status, row.attempts) == ("delivered", 2)


def test_two_runs_at_once_send_each_sitting_once(database: Database, db_session: Session, server: FakeFhir) -> None:
    sittings(db_session, 6)
    runs: list[PushRun] = []
    errors: list[BaseException] = []
    clock = Clock(START)  # the sittings' day: on a later day they are before the push day, never sent

    def run() -> None:
        try:
            runs.append(push_due(database, poster_for(server), base=DEFAULT_CANONICAL_BASE, batch_size=2, clock=clock))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sum(r.delivered for r in runs) == 6
    assert len(server.transactions) == 6
    assert db_session.scalar(select(func.count()).select_from(FhirDelivery)) == 6


def test_sittings_started_before_the_push_day_are_sent_only_when_the_day_is_moved_back(
    database: Database, db_session: Session, server: FakeFhir
) -> None:
    sittings(db_session, 1, day=START - timedelta(days=3))
    clock = Clock(START)
    assert push(database, poster_for(server), clock).queued == 0  # pushing starts today
    set_push_since(db_session, date(2026, 11, 30), actor="admin1")
    db_session.commit()
    run = push(database, poster_for(server), clock)
    assert (run.queued, run.delivered) == (1, 1)
    event = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "fhir.push_since_set")).one()
    assert event.detail == {"since": "2026-11-30"}


def test_pushing_is_configured_by_its_url_and_token(server: FakeFhir) -> None:
    assert fhir_poster({}) is None
    poster = fhir_poster({"SCREENING_FHIR_PUSH_URL": server.url, "SCREENING_FHIR_PUSH_TOKEN": TOKEN})
    assert poster is not None and poster.endpoint == server.url
    answer = poster.post_transaction('{"resourceType": "Bundle", "type": "collection"}')
    assert answer.status == 400  # it reached the server with the right headers and token: only the Bundle is wrong
    assert server.refused == [(400, "Bundle.type must be transaction, not collection")]


def _json(bundle: object) -> str:
    import json

    return json.dumps(bundle)
