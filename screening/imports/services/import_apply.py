"""Applying an import's staged rows in short steps, finishing a stopped import, closing a run (issue 14).

Design decisions:
- A step reads the run's next staged rows (as many as the `Pacer` says fit in about
  0.2 s) and parses them again (pure: the same rows the check passed); then one
  transaction that takes the write lock first (`import_steps`) deletes them from
  staging, hands those it deleted to the importer's `apply` and adds its counts to the
  run's row. Whoever runs a step, it is applied exactly once, and the
  run's row always holds the counts of what is in. On PostgreSQL a step locks the run's
  row first, so two imports finishing one run take turns.
- A row `apply` refuses although the check passed it (someone changed that record in
  between: a sitting started on the appointment, say) is not written and is reported
  with the run's other invalid rows.
- The uptake summary is refreshed in each step, for as many queued entries as the step
  wrote rows (twice over; about 0.3 ms a patient, within the step's pace), then to the
  end in paced transactions of its own: the queue so never holds an import's worth of
  patients for a dashboard reading to refresh in one long transaction.
- A stopped run is finished by `import_recovery` through `apply_staged(resumed=True)`.
- `close_run` turns a run to "done" only from another state, and only the transaction
  that does so writes the audit event: a run is recorded once however many finish it.
- A row the database refuses in a step (a bug: the check and `apply` should catch
  everything first) is a ConflictError. In one caller's transaction the SAVEPOINT undoes
  the whole import; in short steps the run is marked "stopped" with what is in audited,
  and the file can be run again (the import is idempotent).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from models import ImportRun, ImportStagedRow
from screening.audit.services.audit import record_event
from screening.errors import ConflictError
from screening.imports.rules.import_batches import Parsed
from screening.imports.rules.import_report import WHOLE_ROW, RowError
from screening.imports.services.import_context import Progress, RowImporter, RunContext
from screening.imports.services.import_steps import ImportTransactions, Pacer
from screening.uptake.services.uptake_days import refresh_uptake_days

MIN_STEP, FIRST_STEP, MAX_STEP = 50, 500, 5000
STAGED, RUNS = ImportStagedRow.__table__, ImportRun.__table__
REFUSED = ("The database refused a row, most likely because someone else changed the same records during the "
           "import, so {what}: run it again, and report it if it fails again.")  # fmt: skip


@dataclass
class Applied:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    details: Counter[str] = field(default_factory=Counter)
    errors: list[RowError] = field(default_factory=list)


def apply_staged(steps: ImportTransactions, importer: RowImporter[Any], context: RunContext, *, read: int,
                 rejected: int, progress: Progress | None, settled: int | None = None,
                 resumed: bool = False) -> Applied:  # fmt: skip
    """Decide the run (state "applying"), apply its staged rows step by step, refresh uptake, close it.

    `settled`: the rows the check found already stored as the file says (not staged),
    counted unchanged now; None when finishing a stopped run, which counted them."""
    with steps.writing() as session:
        total = session.scalar(select(func.count()).where(STAGED.c.run_id == context.run_id)) or 0
        counted = {} if settled is None else {"unchanged": settled}
        session.execute(update(RUNS).where(RUNS.c.id == context.run_id)
                        .values(state="applying", rows_read=read, rejected=rejected, **counted))  # fmt: skip
    applied, done = Applied(), 0
    rows, refresh = Pacer(FIRST_STEP, MIN_STEP, MAX_STEP), Pacer(FIRST_STEP * 2, MIN_STEP, MAX_STEP * 2)
    if steps.one_transaction:
        rows.size = rows.smallest = MAX_STEP  # one transaction: no lock to share, so large steps
    try:
        with steps.all_or_nothing():
            while True:
                if (step := _step(steps, importer, context, rows.size)) is None:
                    break
                rows.held(steps.last_hold)
                done += step[0]
                applied.errors += step[1]
                if progress is not None:
                    progress(done, max(done, total), stage="applying")
    except IntegrityError:
        _stop(steps, context)
        what = "nothing was imported" if steps.one_transaction else "the import stopped part way, as audited"
        raise ConflictError(REFUSED.format(what=what)) from None
    _refresh(steps, refresh)
    with steps.reading() as session:  # Core, not the ORM row: what the steps stored, whoever ran them
        run = session.execute(select(RUNS.c.inserted, RUNS.c.updated, RUNS.c.unchanged, RUNS.c.options)
                              .where(RUNS.c.id == context.run_id)).one()  # fmt: skip
        applied.inserted, applied.updated, applied.unchanged = run.inserted, run.updated, run.unchanged
        applied.details.update({name: 0 for name in context.details})  # the check's names, even if none was applied
        applied.details.update((run.options or {}).get("details", {}))
    close_run(steps, context, importer.kind, read, rejected + len({e.line for e in applied.errors}),
              (applied.inserted, applied.updated, applied.unchanged), dict(applied.details), applied=True,
              resumed=resumed)  # fmt: skip
    return applied


def _step(
    steps: ImportTransactions, importer: RowImporter[Any], context: RunContext, size: int
) -> tuple[int, list[RowError]] | None:
    """Apply the next staged rows in one transaction: (rows taken, rows refused), None when none are left.

    The rows are read and parsed before the write lock is taken (parsing is a quarter of
    a step's work); in the lock, only those still staged are applied, so rows another
    import finishing this run took meanwhile are not applied twice."""
    with steps.reading() as session:
        staged = session.execute(select(STAGED.c.id, STAGED.c.line, STAGED.c.cells)
                                 .where(STAGED.c.run_id == context.run_id).order_by(STAGED.c.id)
                                 .limit(size)).all()  # fmt: skip
    if not staged:
        return None
    parsed, refused = {}, []
    for staged_id, line, cells in staged:
        row, errors = importer.parse(line, json.loads(cells))
        if row is None:
            refused += errors or [RowError(line, WHOLE_ROW, "no longer passes its check.")]
        else:
            parsed[staged_id] = Parsed(line, row)
    with steps.writing() as session:
        options = session.scalar(select(RUNS.c.options).where(RUNS.c.id == context.run_id).with_for_update())
        ids = [staged_id for staged_id, _, _ in staged]
        still = set(session.scalars(delete(STAGED).where(STAGED.c.id.in_(ids)).returning(STAGED.c.id)))
        counts = context.fresh()
        refused += importer.apply(session, [row for staged_id, row in parsed.items() if staged_id in still], counts)
        details = Counter((options or {}).get("details", {}))
        details.update(counts.details)  # not `+`: that drops the counts still at 0
        session.execute(
            update(RUNS)
            .where(RUNS.c.id == context.run_id)
            .values(
                inserted=RUNS.c.inserted + counts.inserted,
                updated=RUNS.c.updated + counts.updated,
                unchanged=RUNS.c.unchanged + counts.unchanged,
                options={**(options or {}), "details": dict(details)},
            )
        )
        if not steps.one_transaction:  # one transaction refreshes once, at its end
            refresh_uptake_days(session, limit=2 * len(still))
        return len(still), sorted(refused, key=lambda e: e.line)


def _refresh(steps: ImportTransactions, pacer: Pacer) -> None:
    if steps.one_transaction:
        with steps.writing() as session:
            refresh_uptake_days(session)  # in this transaction, so the next dashboard view has little to do
        return
    while True:
        with steps.writing() as session:
            refreshed = refresh_uptake_days(session, limit=pacer.size)
        pacer.held(steps.last_hold)
        if not refreshed:
            return


def _stop(steps: ImportTransactions, context: RunContext) -> None:
    if steps.one_transaction:
        return  # the SAVEPOINT is rolled back; the caller's transaction ends the rest
    discard_staged(steps, context.run_id)
    with steps.writing() as session:
        session.execute(update(RUNS).where(RUNS.c.id == context.run_id).values(state="stopped"))


def close_run(steps: ImportTransactions, context: RunContext, kind: str, read: int, rejected: int,
              counts: tuple[int, int, int], details: dict[str, int], *, applied: bool,
              resumed: bool = False) -> None:  # fmt: skip
    """Mark the run done with its counts and write its one audit event (counts only), once."""
    with steps.writing() as session:
        run = session.scalars(
            select(ImportRun)
            .where(ImportRun.id == context.run_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).one()  # the caller's session may hold it
        if run.state == "done":
            return
        run.state, run.rows_read, run.rejected = "done", read, rejected
        run.inserted, run.updated, run.unchanged = counts
        options = run.options or {}
        record_event(
            session, actor=context.actor, actor_user_id=context.actor_user_id, action=f"import.{kind}",
            entity_type="import_run", entity_id=context.run_id, detail={"dry_run": run.dry_run,
            "skip_invalid": bool(options.get("skip_invalid")), "applied": applied, "rows_read": read,
            "inserted": counts[0], "updated": counts[1], "unchanged": counts[2], "rejected": rejected,
            **({"finished_after_a_stop": True} if resumed else {}), **details},
        )  # fmt: skip
        session.flush()


def discard_staged(steps: ImportTransactions, run_id: int) -> None:
    """Delete a run's staged rows, `MAX_STEP` per transaction."""
    while True:
        with steps.writing() as session:
            ids = select(STAGED.c.id).where(STAGED.c.run_id == run_id).order_by(STAGED.c.id).limit(MAX_STEP)
            if not session.execute(delete(STAGED).where(STAGED.c.id.in_(ids.scalar_subquery()))).rowcount:  # type: ignore[attr-defined]  # a DELETE gives a CursorResult
                return
