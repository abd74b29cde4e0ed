"""What every import shares: the run's context and counts, the importer protocol, the importers by kind.

Design decision: kept apart from `import_runs` (the two passes) and `import_apply` (the
steps) so both can use it without importing each other. `IMPORTERS` lets the next
import finish a stopped one of either kind: each importer module registers how to
rebuild its importer from the options the run stored (codes and flags, no file data).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy.orm import Session

from screening.imports.rules.import_batches import Parsed, RowChecks
from screening.imports.rules.import_report import RowError

T = TypeVar("T")
Progress = Callable[..., None]  # (rows done, rows expected); stage="applying" while the rows go in


@dataclass
class RunContext:
    """What `check` and `apply` need to know about the run, and the counts they keep."""

    run_id: int
    actor: str
    actor_user_id: int | None
    now: datetime
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    details: Counter[str] = field(default_factory=Counter)
    settled: set[int] = field(default_factory=set)  # lines the check found need no write: not staged

    def fresh(self) -> RunContext:
        """The same run with its counts at zero (one step's counts)."""
        return RunContext(self.run_id, self.actor, self.actor_user_id, self.now)


class RowImporter(RowChecks[T], Protocol[T]):
    """One kind of import: columns, pure row check, read-only batch check, batch writer."""

    kind: str
    required_columns: tuple[str, ...]
    optional_columns: tuple[str, ...]

    def options(self) -> dict[str, Any]: ...
    def check(self, session: Session, rows: list[Parsed[T]], run: RunContext) -> list[RowError]: ...
    def apply(self, session: Session, rows: list[Parsed[T]], run: RunContext) -> list[RowError]: ...


IMPORTERS: dict[str, Callable[[dict[str, Any]], RowImporter[Any]]] = {}
