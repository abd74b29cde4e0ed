"""Imports: a clinic list or historical screenings from an uploaded CSV, checked before it is run.

Design decisions:
- "Check file" is the import itself as a dry run (same code, same counts, nothing
  written), plus the first rows as the import reads them; "Import" runs it for real, in
  short transactions the service commits itself (so tablets keep saving meanwhile);
  either way the service records the attempt (an import run and one audit event with
  counts only, never a value from the file). A demo database refuses real data.
- The services read a seekable binary file, so the upload's bytes go in as a `BytesIO`:
  no temporary file is written, so none can be left behind.
- A file refused as a whole (not CSV, wrong header) shows the service's message as
  plain text: it may quote column names from the file, which must not render as Markdown.
- The file picker, options and both buttons sit in one form, so choosing a file or
  ticking a box does not rerun the page; the kind is outside it because it changes
  which options are offered.
"""

import io

import streamlit as st

from screening.imports.rules.csv_encoding import ImportFileRefused
from screening.imports.rules.import_preview import IMPORT_KINDS
from screening.imports.services.attendance_import import import_attendances
from screening.imports.services.screening_import import import_screenings
from screening.policy import Action
from ui.admin.import_view import ProgressBar, rejected_download, show_counts, show_errors, show_outcome, show_preview
from ui.shell.guard import page_user
from ui.shell.notices import user_errors
from ui.shell.runtime import database
from ui.shell.text import plain

SERVICES = {"attendances": import_attendances, "screenings": import_screenings}
user = page_user(Action.RUN_IMPORTS)
st.title("Imports")
st.caption("Check a file first: nothing is written until you press Import. By default any invalid row means "
           "nothing is imported. Every check and import is recorded in the audit log.")  # fmt: skip

kind = st.radio("The file holds", list(IMPORT_KINDS), format_func=lambda k: IMPORT_KINDS[k].label,
                horizontal=True, key="admin_imports_kind")  # fmt: skip
with st.form("admin_imports_form"):
    upload = st.file_uploader("CSV file", type="csv", key="admin_imports_file")
    skip_invalid = st.checkbox("Skip invalid rows: import the valid ones and download the rejected ones",
                               key="admin_imports_skip_invalid")  # fmt: skip
    options: dict[str, bool] = {}
    if IMPORT_KINDS[kind].has_flags:
        options["open_flags"] = st.checkbox("Leave the flags open for review (otherwise closed as historical "
                                            "import)", key="admin_imports_open_flags")  # fmt: skip
    check = st.form_submit_button("Check file", icon=":material/fact_check:")
    run = st.form_submit_button("Import", type="primary", icon=":material/upload_file:")

if not (check or run):
    st.stop()
if upload is None:
    st.warning("Choose a CSV file first.", icon=":material/warning:")
    st.stop()
data, rejected = upload.getvalue(), io.StringIO() if run and skip_invalid else None
with user_errors():
    try:
        bar = ProgressBar("Checking" if check else "Importing")
        # The sessionmaker: the import commits in short steps, so tablets keep saving meanwhile.
        result = SERVICES[kind](database().sessions, io.BytesIO(data), actor=user, dry_run=check,
                                skip_invalid=skip_invalid, rejected=rejected, progress=bar, **options)  # fmt: skip
    except ImportFileRefused as refused:
        bar.clear()
        st.error(plain(refused), icon=":material/error:")
        st.stop()
    except Exception:
        bar.clear()  # user_errors shows the message; a half-full bar would suggest it is still running
        raise
    bar.finish(result.rows_read)
    show_outcome(result)
    show_counts(result)
    if check:
        show_preview(data, kind)
    show_errors(result)
    if rejected is not None and result.rejected:
        rejected_download(rejected.getvalue(), upload.name)
