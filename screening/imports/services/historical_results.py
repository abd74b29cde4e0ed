"""Storing a historical sitting's scores and flags: the rows live completion writes, in bulk.

Design decisions:
- Not a second scoring engine. The results come from `evaluate_sitting` and the rows
  from `score_rows` / `flag_rows`, exactly what `complete_session` writes for a live
  sitting; only the INSERTs are batched (one statement per table per batch, see
  `bulk_rows`), because one sitting at a time through `complete_session` costs several
  round trips each.
- Flags are raised at the sitting's own time (so their due times are historical) and,
  unless the import asks for open flags, closed at once with the outcome
  `historical_import` and a "close" action: the result was dealt with, or not, when it
  happened, and must not flood today's review queue. The database requires a closed
  flag to carry an outcome; `historical_import` is one of the flag outcome codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from models import Flag, FlagAction, Score
from screening.flag_review.rules.due_times import DueTimePolicy
from screening.imports.services.bulk_rows import column_values, insert_returning_ids, insert_rows
from screening.imports.services.import_context import RunContext
from screening.sittings.rules.sitting_results import SittingResults
from screening.sittings.services.result_rows import flag_rows, score_rows

HISTORICAL = "historical_import"
CLOSE_NOTE = "Historical result: recorded closed by the screening import."


@dataclass
class PendingResults:
    """Score and flag rows collected over a batch, written by `write`."""

    open_flags: bool
    scores: list[dict[str, Any]] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    def add(
        self, sitting_id: int, patient_id: int, results: SittingResults, run: RunContext, sitting_at: datetime
    ) -> None:
        self.scores += [column_values(s) for s in score_rows(sitting_id, results, sitting_at)]
        self.flags += flag_rows(sitting_id, patient_id, results, now=sitting_at,
                                actor_user_id=run.actor_user_id, due_policy=DueTimePolicy())  # fmt: skip

    def write(self, session: Session, run: RunContext) -> None:
        insert_rows(session, Score.__table__, self.scores)
        if not self.flags:
            return
        rows = [{**column_values(f), **({} if self.open_flags else _closed(run))} for f in self.flags]
        ids = insert_returning_ids(session, Flag.__table__, rows)
        actions = [{**column_values(a), "flag_id": flag_id} for flag, flag_id in zip(self.flags, ids, strict=True)
                   for a in flag.actions]  # fmt: skip
        if not self.open_flags:
            actions += [_close_action(flag_id, run) for flag_id in ids]
        insert_rows(session, FlagAction.__table__, actions)
        self.count(run)

    def count(self, run: RunContext) -> None:
        """The flags counted in `run` (after `write`, or instead of it in a check)."""
        if not self.flags:
            return
        run.details["flags_raised"] += len(self.flags)
        run.details["urgent_flags"] += sum(f.priority == "urgent" for f in self.flags)
        run.details["flags_left_open" if self.open_flags else "flags_closed"] += len(self.flags)


def _closed(run: RunContext) -> dict[str, Any]:
    return {"status": "closed", "outcome": HISTORICAL, "closed_at": run.now, "updated_at": run.now,
            "outcome_detail": f"Closed by screening import run {run.run_id}."}  # fmt: skip


def _close_action(flag_id: int, run: RunContext) -> dict[str, Any]:
    return {"flag_id": flag_id, "action": "close", "actor_user_id": run.actor_user_id, "at": run.now,
            "from_status": "open", "to_status": "closed", "outcome": HISTORICAL, "note": CLOSE_NOTE}  # fmt: skip
