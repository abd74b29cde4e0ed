"""Running one CSV import, whatever it imports: batches, all-or-nothing, dry run, report.

Design decisions:
- Streamed in batches (`BATCH` rows): rows are read, checked by the importer's pure
  `parse`, then handed a batch at a time to its `apply`, which looks up what it needs
  for the whole batch in a few queries and writes in bulk. Memory holds one batch, the
  keys seen so far (to catch a repeated key within the file) and the row errors.
- All the writing happens inside a SAVEPOINT. At the end it is kept, or rolled back
  when this is a dry run or when an all-or-nothing import found an invalid row. So a
  dry run reports exactly what the real run would do (same code, same counts), and a
  refused import still checks every row, listing every problem in one report.
- Either way an `ImportRun` row and one audit event (counts only) are written outside
  the savepoint: the caller's commit keeps a record of every attempt.
- Two imports racing on the same rows meet a unique index; that (like any row the
  database refuses) becomes one ConflictError asking to run it again, nothing imported.
- Services never commit: the caller's transaction is the unit of work.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import BinaryIO, Protocol, TextIO, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import ImportRun
from screening.csv_source import open_csv
from screening.errors import ConflictError
from screening.import_batches import Parsed, RowChecks, batches, check_rows, report_rejected
from screening.import_report import ImportResult, RejectedRows, RowError
from screening.policy import Action, CurrentUser, require
from screening.services.audit import record_event
from screening.services.reference_data import COMMAND_LINE
from screening.services.uptake_days import refresh_uptake_days

T = TypeVar("T")
BATCH = 2000
Progress = Callable[[int, int], None]  # (rows read so far, rows expected in the file)


@dataclass
class RunContext:
    """What `apply` needs to know about the run, and the counts it keeps."""

    run_id: int
    actor: str
    actor_user_id: int | None
    now: datetime
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    details: Counter[str] = field(default_factory=Counter)


class RowImporter(RowChecks[T], Protocol[T]):
    """One kind of import: its columns, its pure row check, and its batch writer."""

    kind: str
    required_columns: tuple[str, ...]
    optional_columns: tuple[str, ...]

    def apply(self, session: Session, rows: list[Parsed[T]], run: RunContext) -> list[RowError]: ...


def run_import(
    session: Session, binary: BinaryIO, importer: RowImporter[T], *, actor: CurrentUser | None,
    skip_invalid: bool, dry_run: bool, rejected: TextIO | None, progress: Progress | None,
) -> ImportResult:  # fmt: skip
    if actor is not None:
        require(actor, Action.RUN_IMPORTS)
    source = open_csv(binary, required=importer.required_columns, optional=importer.optional_columns)
    run = ImportRun(kind=importer.kind, file_sha256=source.sha256, dry_run=dry_run,
                    actor_user_id=actor.user_id if actor else None)  # fmt: skip
    session.add(run)
    session.flush()
    context = RunContext(run.id, actor.username if actor else COMMAND_LINE, run.actor_user_id,
                         datetime.now(timezone.utc))  # fmt: skip
    rejects = RejectedRows(rejected, source.header) if rejected is not None else None
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    read = 0
    savepoint = session.begin_nested()
    try:
        for batch in batches(source.rows(), BATCH):
            read += len(batch)
            pending, found = check_rows(importer, batch, seen)
            found += importer.apply(session, pending, context)
            errors += report_rejected(found, batch, rejects)
            if progress is not None:
                progress(read, max(read, source.rows_expected))
    except IntegrityError:
        savepoint.rollback()
        raise ConflictError(
            "The database refused a row, most likely because someone else changed the same records "
            "during the import, so nothing was imported: run it again, and report it if it fails again."
        ) from None
    except BaseException:
        savepoint.rollback()
        raise
    keep = not errors or skip_invalid
    (savepoint.commit if keep and not dry_run else savepoint.rollback)()
    if keep and not dry_run:
        refresh_uptake_days(session)  # in this transaction, so the next dashboard view has little to do
    counts = (context.inserted, context.updated, context.unchanged) if keep else (0, 0, 0)
    run.rows_read, (run.inserted, run.updated, run.unchanged) = read, counts
    run.rejected = len({e.line for e in errors})
    details = tuple(sorted(context.details.items())) if keep else ()
    result = ImportResult(importer.kind, run.id, dry_run, keep and not dry_run, read, *counts, run.rejected,
                          tuple(errors), details, source.encoding)  # fmt: skip
    record_event(
        session, actor=context.actor, actor_user_id=context.actor_user_id, action=f"import.{importer.kind}",
        entity_type="import_run", entity_id=run.id, detail={"dry_run": dry_run, "skip_invalid": skip_invalid,
        "applied": result.applied, "rows_read": read, "inserted": counts[0], "updated": counts[1],
        "unchanged": counts[2], "rejected": run.rejected, **dict(details)},
    )  # fmt: skip
    session.flush()
    return result
