"""Delivering each finished sitting's Bundle to a trust's FHIR server (issue 18; docs/fhir.md).

`push_due` is `python -m screening push-fhir` (cron or a timer, every minute or so, on any
number of servers); `resend` and `push_overview` are the administrator's FHIR deliveries page.
Design decisions:
- An outbox: `queue_new` adds a `fhir_deliveries` row for every sitting with a final
  Bundle (`export_reading.finished_for_fhir`: the FHIR export's rule) started since the
  push setting's day, in one INSERT .. SELECT that skips sittings already queued. The rows
  are committed before anything is sent: an endpoint that is down loses nothing.
- Claim, send, record: a batch is claimed by a conditional UPDATE (waiting and due, or
  sending with its claim run out after `LEASE`), committed; the Bundles are built from the
  same records as the export; each is sent with no transaction open (the database is not
  held while a slow server thinks); each outcome is recorded in a transaction of its own,
  only if the claim is still ours. A run that dies mid-send leaves rows "sending" that the
  next run takes again once the claim runs out. Sending a sitting twice is harmless (the
  transaction is idempotent: `rules.fhir_push`).
- Retry and failure rules are `rules.fhir_push.outcome_of`. A Bundle that cannot be built
  (answers of another instrument version, section 8) fails at once with that reason.
- Audited: each delivered sitting (`fhir.delivered`: identifiable data left the product),
  each resend (who, which), and a change of the day pushing starts from. Never a patient
  value in the audit, a log line or `last_error`.
- Only an administrator (MANAGE_FHIR_PUSH) sees the deliveries or resends them. The page
  shows the sitting's date, site and clinic, never the patient.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from sqlalchemy import and_, exists, func, literal, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from models import Clinic, FhirDelivery, FhirPushSetting, ScreeningSession, Site, utcnow
from screening.audit.services.audit import record_event
from screening.counted import counted
from screening.database.services.database import Database
from screening.errors import ConflictError
from screening.exports.rules.export_records import LONDON
from screening.exports.rules.fhir_bundle import sitting_bundle
from screening.exports.rules.fhir_push import STATUS_LABELS, Outcome, outcome_of, transaction_bundle
from screening.exports.services.export_reading import FHIR_STATUSES, finished_for_fhir, sitting_records
from screening.exports.services.fhir_client import FhirPoster
from screening.policy import Action, CurrentUser, require

log = logging.getLogger(__name__)

ACTOR = "fhir push"  # the audit log's actor: the push command, not a person
LEASE = timedelta(minutes=5)
BATCH_SIZE = 20
D = FhirDelivery
S = ScreeningSession


@dataclass(frozen=True)
class PushRun:
    queued: int
    delivered: int
    retrying: int
    failed: int

    def __str__(self) -> str:
        text = (f"Queued {counted(self.queued, 'new sitting')}. Sent {self.delivered + self.retrying + self.failed}: "
                f"{self.delivered} delivered, {self.retrying} to retry, {self.failed} failed")  # fmt: skip
        return text + (" (an administrator can resend them on the EPR deliveries page)." if self.failed else ".")


@dataclass(frozen=True)
class DeliveryRow:
    delivery_id: int
    sitting_started_at: datetime
    site: str
    clinic: str
    status: str
    attempts: int
    last_attempt_at: datetime | None
    next_attempt_at: datetime | None
    last_error: str | None

    @property
    def status_label(self) -> str:
        if self.status == "waiting" and self.attempts:
            return "waiting to retry"
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class PushOverview:
    since: datetime | None
    counts: dict[str, int]
    delivered_last_7_days: int
    oldest_waiting: datetime | None
    needing_attention: list[DeliveryRow]  # failed first, then retrying, then sending


def push_since(session: Session, now: datetime) -> datetime:
    """The moment from which sittings are pushed; the start of today (London) the first time."""
    today = datetime.combine(now.astimezone(LONDON).date(), time.min, LONDON)
    session.execute(_insert(session, FhirPushSetting).values(id=1, since=today, updated_at=now)
                    .on_conflict_do_nothing(index_elements=["id"]))  # fmt: skip  # two first runs at once
    return session.get_one(FhirPushSetting, 1).since


def set_push_since(session: Session, day: date, *, actor: str, actor_user_id: int | None = None) -> datetime:
    """Push the sittings started from `day` (London) on: an earlier day sends the history too. Audited."""
    since = datetime.combine(day, time.min, LONDON)
    setting = session.get(FhirPushSetting, 1)
    if setting is None:
        session.add(FhirPushSetting(id=1, since=since, updated_by_user_id=actor_user_id))
    else:
        setting.since, setting.updated_by_user_id = since, actor_user_id
    record_event(session, actor=actor, actor_user_id=actor_user_id, action="fhir.push_since_set",
                 entity_type="fhir_push", entity_id=1, detail={"since": day.isoformat()})  # fmt: skip
    return since


def queue_new(session: Session, *, now: datetime) -> int:
    """Add a waiting delivery for each finished sitting not yet queued; how many were added."""
    since = push_since(session, now)
    found = (
        select(S.id, literal("waiting"), literal(0), literal(now, D.created_at.type), literal(now, D.next_attempt_at.type))
        .where(S.started_at >= since, finished_for_fhir(), ~exists().where(D.screening_session_id == S.id))
        .order_by(S.id)
    )  # fmt: skip
    statement = _insert(session, D).from_select(["screening_session_id", "status", "attempts", "created_at", "next_attempt_at"],
                                   found).on_conflict_do_nothing(index_elements=["screening_session_id"])  # fmt: skip
    return len(session.execute(statement.returning(D.id)).all())


def _insert(session: Session, model: type[FhirDelivery] | type[FhirPushSetting]) -> Any:
    return sqlite_insert(model) if session.get_bind().dialect.name == "sqlite" else pg_insert(model)


class Claim(NamedTuple):
    delivery_id: int
    sitting_id: int
    attempts: int  # with this one
    claimed_until: datetime  # the claim's mark: the outcome is stored only while it is still there


def claim_due(session: Session, *, now: datetime, limit: int = BATCH_SIZE) -> list[Claim]:
    """Claim up to `limit` due deliveries for this run, oldest due first."""
    due = or_(and_(D.status == "waiting", D.next_attempt_at <= now), and_(D.status == "sending", D.claimed_until < now))
    ids = select(D.id).where(due).order_by(D.next_attempt_at, D.id).limit(limit).scalar_subquery()
    until = now + LEASE
    statement = (
        update(D)
        .where(D.id.in_(ids), due)
        .values(status="sending", claimed_until=until, attempts=D.attempts + 1, last_attempt_at=now)
        .returning(D.id, D.screening_session_id, D.attempts)
    )
    return sorted(Claim(int(i), int(s), int(a), until) for i, s, a in session.execute(statement).all())


def push_due(database: Database, poster: FhirPoster, *, base: str, clock: Callable[[], datetime] = utcnow,
             batch_size: int = BATCH_SIZE, max_batches: int | None = None) -> PushRun:  # fmt: skip
    """Queue what is new, then send every due delivery, batch by batch, until none is due.

    `base` is the canonical base of the Bundles (SCREENING_FHIR_BASE); `clock` gives the time
    of each step (a run can outlast a claim, so each batch is claimed at its own moment)."""
    with database.transaction() as session:
        queued = queue_new(session, now=clock())
    tally = {"delivered": 0, "retry": 0, "failed": 0}
    batches = 0
    while max_batches is None or batches < max_batches:
        with database.transaction() as session:
            claimed = claim_due(session, now=clock(), limit=batch_size)
            bundles = _bundles(session, claimed, base)
        if not claimed:
            break
        batches += 1
        for claim in claimed:
            built = bundles[claim.delivery_id]
            if isinstance(built, Outcome):
                outcome = built
            else:
                answer = poster.post_transaction(built)
                outcome = outcome_of(answer, attempts=claim.attempts, now=clock())
            with database.transaction() as session:
                if _record(session, claim, outcome, now=clock()):
                    tally[outcome.kind] += 1
            log.info("FHIR delivery %s: %s%s", claim.delivery_id, outcome.kind,
                     f" ({outcome.error})" if outcome.error else "")  # fmt: skip
    return PushRun(queued, tally["delivered"], tally["retry"], tally["failed"])


def _bundles(session: Session, claimed: Sequence[Claim], base: str) -> dict[int, str | Outcome]:
    """Each claimed delivery's transaction Bundle as JSON, or the failure that stops it being built."""
    records = {r.sitting_id: r for r in sitting_records(session, [c.sitting_id for c in claimed])}
    built: dict[int, str | Outcome] = {}
    for claim in claimed:
        record = records.get(claim.sitting_id)
        if record is None or record.status not in FHIR_STATUSES:
            built[claim.delivery_id] = Outcome("failed", "the sitting has no final Bundle any more")
            continue
        try:
            bundle = transaction_bundle(sitting_bundle(record, base))
        except ConflictError as error:
            built[claim.delivery_id] = Outcome("failed", f"cannot be exported: {error}"[:300])
            continue
        built[claim.delivery_id] = json.dumps(bundle, ensure_ascii=False, separators=(",", ":"))
    return built


def _record(session: Session, claim: Claim, outcome: Outcome, *, now: datetime) -> bool:
    """Store one attempt's outcome, if the claim is still this run's; audit a delivery."""
    values: dict[str, Any] = {"claimed_until": None, "last_status": outcome.status, "last_error": outcome.error}
    if outcome.kind == "delivered":
        values.update(status="delivered", delivered_at=now)
    elif outcome.kind == "retry":
        values.update(status="waiting", next_attempt_at=outcome.next_attempt_at)
    else:
        values.update(status="failed")
    mine = and_(D.id == claim.delivery_id, D.status == "sending", D.claimed_until == claim.claimed_until)
    sitting_id = session.scalar(update(D).where(mine).values(**values).returning(D.screening_session_id))
    if sitting_id is None:
        return False  # another run took the delivery over after our claim ran out
    if outcome.kind == "delivered":
        record_event(session, actor=ACTOR, actor_user_id=None, action="fhir.delivered",
                     entity_type="screening_session", entity_id=sitting_id, detail={"delivery": claim.delivery_id})  # fmt: skip
    return True


def resend(session: Session, actor: CurrentUser, delivery_ids: Iterable[int] | None, *, now: datetime) -> int:
    """Put failed deliveries back to send now, with their attempts counted afresh (None: every
    failed one); how many. Audited with who and which."""
    require(actor, Action.MANAGE_FHIR_PUSH)
    where = [D.status == "failed"]
    if delivery_ids is not None:
        where.append(D.id.in_(sorted(set(delivery_ids))))
    statement = (
        update(D)
        .where(*where)
        .values(status="waiting", attempts=0, next_attempt_at=now, resent_at=now, resent_by_user_id=actor.user_id)
        .returning(D.id)
    )
    ids = sorted(int(i) for i in session.execute(statement).scalars())
    if ids:
        record_event(session, actor=actor.username, actor_user_id=actor.user_id, action="fhir.resent",
                     entity_type="fhir_push", entity_id=None, detail={"deliveries": ids[:500], "count": len(ids)})  # fmt: skip
    return len(ids)


def push_overview(session: Session, actor: CurrentUser, *, now: datetime, limit: int = 200) -> PushOverview:
    require(actor, Action.MANAGE_FHIR_PUSH)
    setting = session.get(FhirPushSetting, 1)
    counts = {status: 0 for status in STATUS_LABELS}
    counts.update({s: int(n) for s, n in session.execute(select(D.status, func.count()).group_by(D.status))})
    recent = session.scalar(select(func.count()).where(D.status == "delivered", D.delivered_at >= now - timedelta(7)))
    oldest = session.scalar(select(func.min(D.created_at)).where(D.status.in_(("waiting", "sending"))))
    attention = or_(D.status.in_(("failed", "sending")), and_(D.status == "waiting", D.attempts > 0))
    order = (D.status != "failed", D.status != "waiting", D.last_attempt_at.desc(), D.id)
    rows = session.execute(
        select(D.id, S.started_at, Site.name, Clinic.name, D.status, D.attempts, D.last_attempt_at,
               D.next_attempt_at, D.last_error)
        .join(S, D.screening_session_id == S.id).join(Clinic, S.clinic_id == Clinic.id)
        .join(Site, Clinic.site_id == Site.id).where(attention).order_by(*order).limit(limit)
    ).all()  # fmt: skip
    return PushOverview(
        since=None if setting is None else setting.since,
        counts=counts,
        delivered_last_7_days=int(recent or 0),
        oldest_waiting=oldest,
        needing_attention=[
            DeliveryRow(i, started, site, clinic, status, attempts, last, nxt if status == "waiting" else None, error)
            for i, started, site, clinic, status, attempts, last, nxt, error in rows
        ],
    )
