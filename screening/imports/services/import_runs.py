"""Running one CSV import, whatever it imports: check, stage, apply, report (issues 5, 14).

Design decisions:
- Two passes, so SQLite's single write lock is never held for long (issue 14):
  1. Check. Rows are read in batches (`BATCH`), checked by the importer's pure `parse`,
     then by its `check`, which looks up what the batch needs with reads only and counts
     what `apply` would do (it remembers the patients met earlier in the file, which are
     not stored yet). The rows to apply are staged (`import_staging`), a batch per short
     transaction (not those already stored as the file says: a re-imported extract
     is only read); nothing any reader sees has changed. A dry run stops here, so its
     counts are the real run's, and so does a file with an invalid row (unless
     --skip-invalid), after checking every row so the report lists every problem.
  2. Apply (`import_apply`). One short transaction turns the run to "applying": the
     import is decided. The staged rows then go in, a paced step per transaction, through
     the importer's `apply` (the lookups and bulk writes of issue 5, so a record someone
     changed since the check is judged as it stands then), each step deleting its rows
     from staging; the uptake summary is refreshed in short steps as it goes.
- All-or-nothing across those commits: stopped or failed while checking, nothing is
  visible (staged rows are read by nothing else and cleared later) and the file can be
  run again. Stopped while applying, the staged rows say what is left, and the next
  import of either kind applies them first, exactly once (a step deletes what it applied
  in its own transaction): an import is never left half done, though for the seconds the
  steps take a reader can see part of it.
- Given a Session instead of a sessionmaker (`import_steps`), the same steps run in the
  caller's one transaction, the writing in a SAVEPOINT: the behaviour of issue 5.
- Either way an `ImportRun` row and one audit event (counts only) record every attempt.
- Real data is never imported into the demo service's database (`refuse_demo_database`).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, BinaryIO, TextIO, TypeVar

from sqlalchemy import insert, update
from sqlalchemy.orm import Session, sessionmaker

from models import ImportRun, ImportStagedRow
from screening.database.services.database import is_demo
from screening.errors import ConflictError
from screening.imports.rules.csv_source import CsvSource, open_csv
from screening.imports.rules.import_batches import Parsed, batches, check_rows, report_rejected
from screening.imports.rules.import_report import ImportResult, RejectedRows, RowError
from screening.imports.services.import_apply import apply_staged, close_run, discard_staged
from screening.imports.services.import_context import Progress, RowImporter, RunContext
from screening.imports.services.import_recovery import finish_stopped_imports
from screening.imports.services.import_steps import ImportTransactions, transactions
from screening.policy import Action, CurrentUser, require
from screening.sites.services.reference_data import COMMAND_LINE

T = TypeVar("T")

BATCH = 2000
DEMO_REFUSED = (
    "This database holds the demo service, so real data is not imported into it: point DATABASE_URL at "
    "the real database (one made with `python -m screening init-db`) and import there."
)
__all__ = ["BATCH", "Progress", "RowImporter", "RunContext", "run_import"]


class DemoDatabaseRefused(ConflictError):
    """Real data offered to a database that holds the demo service."""


def refuse_demo_database(session: Session) -> None:
    if is_demo(session):
        raise DemoDatabaseRefused(DEMO_REFUSED)


def run_import(
    target: Session | sessionmaker[Session], binary: BinaryIO, importer: RowImporter[T], *,
    actor: CurrentUser | None, skip_invalid: bool, dry_run: bool, rejected: TextIO | None,
    progress: Progress | None,
) -> ImportResult:  # fmt: skip
    if actor is not None:
        require(actor, Action.RUN_IMPORTS)
    steps = transactions(target)
    with steps.reading() as session:
        refuse_demo_database(session)
    source = open_csv(binary, required=importer.required_columns, optional=importer.optional_columns)
    if not steps.one_transaction:
        finish_stopped_imports(steps)
    context = _start(steps, importer, source.sha256, actor, dry_run=dry_run, skip_invalid=skip_invalid)
    rejects = RejectedRows(rejected, source.header) if rejected is not None else None
    read, errors = _check_file(steps, source, importer, context, stage=not dry_run, skip_invalid=skip_invalid,
                               rejects=rejects, progress=progress)  # fmt: skip
    keep = not errors or skip_invalid
    rejected_lines = len({e.line for e in errors})
    if dry_run or not keep:
        counts = (context.inserted, context.updated, context.unchanged) if keep else (0, 0, 0)
        details = dict(context.details) if keep else {}
        discard_staged(steps, context.run_id)  # staged before the first invalid row was met
        close_run(steps, context, importer.kind, read, rejected_lines, counts, details, applied=False)
        return ImportResult(importer.kind, context.run_id, dry_run, False, read, *counts, rejected_lines,
                            tuple(errors), tuple(sorted(details.items())), source.encoding)  # fmt: skip
    applied = apply_staged(steps, importer, context, read=read, rejected=rejected_lines, progress=progress,
                           settled=len(context.settled))  # fmt: skip
    late = tuple(applied.errors)  # rows someone else changed between the check and their step
    result = ImportResult(importer.kind, context.run_id, False, True, read, applied.inserted, applied.updated,
                          applied.unchanged, rejected_lines + len({e.line for e in late}), tuple(errors) + late,
                          tuple(sorted(applied.details.items())), source.encoding)  # fmt: skip
    return result


def _start(steps: ImportTransactions, importer: RowImporter[Any], sha256: str, actor: CurrentUser | None, *,
           dry_run: bool, skip_invalid: bool) -> RunContext:  # fmt: skip
    name = actor.username if actor else COMMAND_LINE
    options = {**importer.options(), "actor": name, "skip_invalid": skip_invalid}
    with steps.writing() as session:
        run = ImportRun(kind=importer.kind, file_sha256=sha256, dry_run=dry_run, state="checking", options=options,
                        actor_user_id=actor.user_id if actor else None)  # fmt: skip
        session.add(run)
        session.flush()
        return RunContext(run.id, name, run.actor_user_id, datetime.now(UTC))


def _check_file(
    steps: ImportTransactions, source: CsvSource, importer: RowImporter[T], context: RunContext, *, stage: bool,
    skip_invalid: bool, rejects: RejectedRows | None, progress: Progress | None,
) -> tuple[int, list[RowError]]:  # fmt: skip
    """Check every row (reads only), staging the rows to apply; the rows read and every row error."""
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    read = 0
    for batch in batches(source.rows(), BATCH):
        read += len(batch)
        with steps.reading() as session:
            pending, found = check_rows(importer, batch, seen)
            found += importer.check(session, pending, context)
        errors += report_rejected(found, batch, rejects)
        if stage and (skip_invalid or not errors):
            _stage(steps, context.run_id, pending, {e.line for e in found}, context.settled, batch)
        if progress is not None:
            progress(read, max(read, source.rows_expected))
    return read, errors


def _stage(steps: ImportTransactions, run_id: int, pending: list[Parsed[Any]], refused: set[int], settled: set[int],
           batch: list[tuple[int, dict[str, str], RowError | None]]) -> None:  # fmt: skip
    lines = {p.line for p in pending} - refused - settled
    rows = [{"run_id": run_id, "line": line, "cells": json.dumps(values)} for line, values, _ in batch if line in lines]
    with steps.writing(then_wait=False) as session:  # checking the next batch leaves the lock free
        if rows:
            session.execute(insert(ImportStagedRow), rows)
        session.execute(update(ImportRun).where(ImportRun.id == run_id).values(updated_at=datetime.now(UTC)))
