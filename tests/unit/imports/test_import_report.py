"""What an import reports: the summary line, the page's tables and the CSV reports."""

from __future__ import annotations

import csv
import io

from screening.imports.rules.import_report import ImportResult, RejectedRows, RowError, write_error_report

ERRORS = (RowError(3, "gender_code", "must be 1, 2, 9 or X."), RowError(3, "imd_decile", "must be 1-10."),
          RowError(9, "nhs_number", "fails the Modulus 11 check digit."))  # fmt: skip


def result(**fields: object) -> ImportResult:
    values: dict[str, object] = dict(kind="attendances", run_id=1, dry_run=False, applied=True, rows_read=10,
                                      inserted=6, updated=1, unchanged=1, rejected=2, errors=ERRORS,
                                      details=(("patients_created", 4),))  # fmt: skip
    return ImportResult(**{**values, **fields})  # type: ignore[arg-type]


def test_the_summary_gives_read_inserted_updated_unchanged_rejected() -> None:
    assert result().summary() == "Imported attendances: read 10, inserted 6, updated 1, unchanged 1, rejected 2"


def test_a_refused_import_and_a_dry_run_say_nothing_was_written() -> None:
    refused = result(applied=False, inserted=0, updated=0, unchanged=0)
    assert refused.refused and refused.summary().startswith("Nothing imported:")
    dry = result(applied=False, dry_run=True)
    assert not dry.refused and dry.summary().startswith("Dry run, nothing written:")


def test_a_page_can_show_the_counts_and_errors_as_tables() -> None:
    counts = result().counts_table()
    assert counts[0] == {"count": "read", "rows": 10} and counts[-1] == {"count": "patients created", "rows": 4}
    assert result().errors_table()[2] == {"line": 9, "column": "nhs_number", "reason": ERRORS[2].reason}


def test_the_error_report_has_one_row_per_problem() -> None:
    out = io.StringIO()
    write_error_report(ERRORS, out)
    assert list(csv.reader(io.StringIO(out.getvalue())))[1:] == [[str(e.line), e.column, e.reason] for e in ERRORS]


def test_rejected_rows_keep_their_values_add_a_reason_and_cannot_run_as_formulas() -> None:
    out = io.StringIO()
    rejects = RejectedRows(out, ("appointment_id", "family_name"))
    rejects.write(3, {"appointment_id": "A3", "family_name": '=HYPERLINK("http://x","y")'}, ERRORS[:2])
    header, row = list(csv.reader(io.StringIO(out.getvalue())))
    assert header == ["line", "appointment_id", "family_name", "reason"]
    assert row == ["3", "A3", "'=HYPERLINK(\"http://x\",\"y\")",
                   "gender_code: must be 1, 2, 9 or X; imd_decile: must be 1-10"]  # fmt: skip
