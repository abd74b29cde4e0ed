"""Finishing the imports a stopped process left behind (issue 14).

Design decisions:
- Run before each import given a sessionmaker (`import_runs`), in short transactions.
- A run left "applying" was decided: its staged rows are applied now, exactly once
  (`import_apply`), its importer rebuilt from the run's stored options through
  `IMPORTERS`, and its audit event says it was finished after a stop. Two imports
  finishing one run take turns step by step; `close_run` records it once.
- A run left "checking" for `ABANDONED_AFTER` (no staging step for that long) was
  stopped before it was decided: nothing of it was ever visible. Its staged rows are
  deleted and it is marked "stopped". A run still checking is left alone.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from models import ImportRun
from screening.imports.services.import_apply import apply_staged, discard_staged
from screening.imports.services.import_context import IMPORTERS, RunContext
from screening.imports.services.import_steps import ImportTransactions

ABANDONED_AFTER = timedelta(minutes=30)
RUNS = ImportRun.__table__


def finish_stopped_imports(steps: ImportTransactions) -> int:
    """Finish every run left "applying", clear every run abandoned while "checking"; how many were finished."""
    cutoff = datetime.now(UTC) - ABANDONED_AFTER
    with steps.reading() as session:
        stopped = session.execute(select(RUNS.c.id, RUNS.c.kind, RUNS.c.options, RUNS.c.actor_user_id,
                                         RUNS.c.rows_read, RUNS.c.rejected)
                                  .where(RUNS.c.state == "applying").order_by(RUNS.c.id)).all()  # fmt: skip
        abandoned = session.scalars(select(ImportRun.id).where(ImportRun.state == "checking",
                                                               ImportRun.updated_at < cutoff)).all()  # fmt: skip
    finished = 0
    for run in stopped:
        options = run.options or {}
        if run.kind not in IMPORTERS:
            continue
        context = RunContext(run.id, str(options.get("actor", "")), run.actor_user_id, datetime.now(UTC))
        apply_staged(steps, IMPORTERS[run.kind](options), context, read=run.rows_read, rejected=run.rejected,
                     progress=None, resumed=True)  # fmt: skip
        finished += 1
    for run_id in abandoned:
        discard_staged(steps, run_id)
        with steps.writing() as session:
            session.execute(update(RUNS).where(RUNS.c.id == run_id, RUNS.c.state == "checking").values(state="stopped"))
    return finished
