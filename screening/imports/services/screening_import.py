"""Importing historical screening results (paper, another system): `import_screenings` (issue 5).

Design decisions:
- One row per sitting; scored by the same engine as a live sitting: `evaluate_sitting`
  on the stored answer rows, then `score_rows` / `flag_rows` (see `historical_results`).
  A row the engine refuses (systolic not above diastolic, say) is that row's error.
- The patient must already exist, matched by NHS number (the clinic list import creates
  patients; this import never does, as a sitting file carries no demographics). The
  clinic code must exist. Sittings are stored with `source = "import"`, completed (or
  declined) at the file's time, in the clinic's current bundle.
- Idempotent on `session_ref`; see `historical_sittings`. Updated is always 0: a
  sitting that differs from its earlier import is refused, never changed.
- All-or-nothing, dry runs, reports and progress work as for attendances (`import_runs`):
  `check` decides every row as `apply` does, reading only, and counts the scores and
  flags the sittings would get; given a sessionmaker the rows go in in short steps.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, BinaryIO, TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from models import Patient
from screening.errors import ConflictError, InvalidValue
from screening.imports.rules.import_batches import Parsed
from screening.imports.rules.import_report import WHOLE_ROW, ImportResult, RowError
from screening.imports.rules.screening_rows import ITEM_COLUMNS, SITTING_COLUMNS, SittingRow, parse_sitting_row
from screening.imports.services.bulk_rows import one_of
from screening.imports.services.historical_inserts import NewSitting, count_sittings, write_sittings
from screening.imports.services.historical_sittings import answer_rows, fingerprint, stored_sittings
from screening.imports.services.import_context import IMPORTERS
from screening.imports.services.import_runs import Progress, RunContext, run_import
from screening.policy import CurrentUser
from screening.sites.services.reference_data import ADD_CLINIC_HINT, ReferenceCodes, reference_codes
from screening.sittings.rules.sitting_results import evaluate_sitting

NO_PATIENT = "no patient has this NHS number; import the clinic list (import-attendances) first."
CHANGED = "was imported before with different content; an imported sitting cannot be changed."


def import_screenings(
    session: Session | sessionmaker[Session], binary: BinaryIO, *, actor: CurrentUser | None = None,
    skip_invalid: bool = False, dry_run: bool = False, open_flags: bool = False, rejected: TextIO | None = None,
    progress: Progress | None = None,
) -> ImportResult:  # fmt: skip
    """Import a historical screening CSV (see `SITTING_COLUMNS`, `ITEM_COLUMNS`): in the
    caller's transaction (a Session) or in short ones it commits itself (a sessionmaker; see `import_runs`)."""
    importer = ScreeningImporter(open_flags=open_flags, now=datetime.now(UTC))
    return run_import(session, binary, importer, actor=actor, skip_invalid=skip_invalid, dry_run=dry_run,
                      rejected=rejected, progress=progress)  # fmt: skip


class ScreeningImporter:
    kind = "screenings"
    key_column = "session_ref"
    required_columns = SITTING_COLUMNS
    optional_columns = ITEM_COLUMNS

    def __init__(self, *, open_flags: bool, now: datetime) -> None:
        self.open_flags, self.now = open_flags, now
        self._codes: ReferenceCodes | None = None

    def options(self) -> dict[str, Any]:
        return {"open_flags": self.open_flags}

    def parse(self, line: int, values: Mapping[str, str]) -> tuple[SittingRow | None, list[RowError]]:
        return parse_sitting_row(line, values, self.now)

    def key(self, row: SittingRow) -> str:
        return row.session_ref

    def check(self, session: Session, rows: list[Parsed[SittingRow]], run: RunContext) -> list[RowError]:
        """Count what `apply` would do to this batch, reading only."""
        new, errors = self._decide(session, rows, run)
        if new:
            count_sittings(session, new, run, open_flags=self.open_flags)
        return errors

    def apply(self, session: Session, rows: list[Parsed[SittingRow]], run: RunContext) -> list[RowError]:
        new, errors = self._decide(session, rows, run)
        if new:
            write_sittings(session, new, run, open_flags=self.open_flags)
        return errors

    def _decide(
        self, session: Session, rows: list[Parsed[SittingRow]], run: RunContext
    ) -> tuple[list[NewSitting], list[RowError]]:
        self._codes = self._codes or reference_codes(session)
        patients = _patients(session, {p.row.nhs_number for p in rows})
        stored = stored_sittings(session, [p.row.session_ref for p in rows])
        errors: list[RowError] = []
        new: list[NewSitting] = []
        for parsed in rows:
            row, line = parsed.row, parsed.line
            clinic, patient = self._codes.clinics.get(row.clinic_code), patients.get(row.nhs_number)
            if clinic is None:
                errors.append(RowError(line, "clinic_code", f"no clinic has this code: {ADD_CLINIC_HINT}."))
            elif patient is None:
                errors.append(RowError(line, "nhs_number", NO_PATIENT))
            elif row.session_ref in stored:
                if stored[row.session_ref] == fingerprint(row, patient[0], clinic.id):
                    run.unchanged += 1
                    run.settled.add(line)
                else:
                    errors.append(RowError(line, "session_ref", CHANGED))
            else:
                try:
                    answers = answer_rows(row)
                    results = evaluate_sitting(answers, patient[1]) if row.status == "completed" else None
                except (InvalidValue, ConflictError) as error:
                    errors.append(RowError(line, WHOLE_ROW, str(error)))
                    continue
                new.append(NewSitting(row, patient[0], clinic, answers, results))
        return new, errors


def _patients(session: Session, numbers: set[str]) -> dict[str, tuple[int, str]]:
    """NHS number -> (patient id, ethnic category: the BMI thresholds depend on it)."""
    if not numbers:
        return {}
    query = select(Patient.nhs_number, Patient.id, Patient.ethnic_category)
    return {number: (patient_id, ethnic) for number, patient_id, ethnic in
            session.execute(query.where(one_of(session, Patient.nhs_number, numbers)))}  # fmt: skip


IMPORTERS[ScreeningImporter.kind] = lambda options: ScreeningImporter(
    open_flags=bool(options.get("open_flags")), now=datetime.now(UTC)
)
