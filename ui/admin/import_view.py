"""What the Imports page shows about a file: progress, counts, the first rows, the invalid rows.

Design decisions:
- The import services report progress as `progress(read, expected)` after each batch
  read, then `progress(written, staged, stage="applying")` after each step written;
  `ProgressBar` is that callback, drawing an `st.progress` bar; the page never polls.
- Counts come from `ImportResult.counts_table`; on a dry run "inserted" and "updated"
  read "would insert" / "would update", because nothing was written.
- Every table goes through `st.dataframe`, which shows cell text as typed (no Markdown),
  so a name such as `**x**` or `=HYPERLINK(...)` in the file is shown, never rendered.
  Row-error reasons never hold a value from the file (see `screening.imports.rules.import_report`).
- The rejected-rows download is the service's own formula-safe `RejectedRows` output,
  encoded as UTF-8 with a byte-order mark (as the command line writes it) so a
  spreadsheet shows accented names correctly. It repeats rows of the administrator's
  own upload, nothing read from the database.
"""

from __future__ import annotations

import io

import streamlit as st

from screening.imports.rules.import_preview import first_rows
from screening.imports.rules.import_report import ImportResult

REPORT_ENCODING = "utf-8-sig"
CORRECT_OR_SKIP = "correct the file, or tick 'Skip invalid rows' to import the valid ones."
DRY_RUN_WORDS = {"inserted": "would insert", "updated": "would update"}


class ProgressBar:
    """An `st.progress` bar fed by the service's `progress(read, expected)` callback."""

    def __init__(self, label: str) -> None:
        self.label, self._slot = label, st.empty()
        self._slot.progress(0.0, text=label)

    def __call__(self, read: int, expected: int, stage: str = "reading") -> None:
        done = min(read / expected, 1.0) if expected else 1.0
        doing = "writing " if stage == "applying" else ""
        self._slot.progress(done, text=f"{self.label}: {doing}{read:,} of {expected:,} rows")

    def finish(self, read: int) -> None:
        """Full at the end: blank lines and quoted line breaks make the expected count an estimate."""
        self._slot.progress(1.0, text=f"{self.label}: {read:,} rows read")

    def clear(self) -> None:
        self._slot.empty()


def show_outcome(result: ImportResult) -> None:
    """One message: refused, checked (saying what Import would do) or imported."""
    invalid = f"{result.rejected:,} invalid row{'s' * (result.rejected != 1)}"
    if result.refused:
        st.error(f"{invalid}, so nothing was imported: {CORRECT_OR_SKIP}", icon=":material/error:")
    elif result.dry_run and result.rejected and not result.inserted + result.updated + result.unchanged:
        st.warning(f"Checked, nothing written. {invalid}: as it stands, Import would import nothing; "
                   f"{CORRECT_OR_SKIP}", icon=":material/warning:")  # fmt: skip
    elif result.dry_run:
        st.info(result.summary(), icon=":material/fact_check:")
    else:
        st.success(result.summary(), icon=":material/check_circle:")


def show_counts(result: ImportResult) -> None:
    rows = result.counts_table()
    if result.dry_run:
        rows = [{**row, "count": DRY_RUN_WORDS.get(str(row["count"]), row["count"])} for row in rows]
    st.dataframe(rows, hide_index=True, width="content", column_config={"count": "Count", "rows": "Rows"})


def show_preview(data: bytes, kind: str) -> None:
    rows = first_rows(io.BytesIO(data), kind)
    st.subheader("First rows as read")
    if not rows:
        st.caption("The file has its header row but no rows below it.")
        return
    st.caption(f"The first {len(rows)} rows of the file, split into columns as the import reads them.")
    st.dataframe(rows, hide_index=True, width="stretch")


def show_errors(result: ImportResult) -> None:
    if not result.errors:
        return
    st.subheader("Invalid rows")
    st.dataframe(result.errors_table(), hide_index=True, width="stretch",
                 column_config={"line": "Line", "column": "Column", "reason": "Reason"})  # fmt: skip


def rejected_download(rejected: str, file_name: str) -> None:
    stem = file_name.rsplit(".", 1)[0] or "import"
    st.download_button("Download the rejected rows (CSV)", rejected.encode(REPORT_ENCODING),
                       file_name=f"{stem}.rejected.csv", mime="text/csv", on_click="ignore",
                       icon=":material/download:", key="admin_imports_rejected")  # fmt: skip
