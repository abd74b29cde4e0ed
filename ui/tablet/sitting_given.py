"""How a sitting was given, on the staff sitting page (issue 16, clinical reference s9): the
language of administration (its own name, and in English), whether read-aloud was used,
and staff's answer to "Interpreter used" (Yes / No / Not recorded).

Design decisions:
- The interpreter answer is saved by the control's own change callback, one transaction
  per tap (`set_interpreter_used`). A callback runs only when this member of staff taps,
  so a page re-run never writes back a stale value over a colleague's newer one.
- The control shows the stored answer on every run (its state is set from the summary
  before it is drawn), so what staff see is what the record says.
"""

from __future__ import annotations

import streamlit as st

from screening.errors import ScreeningError
from screening.policy import CurrentUser
from screening.sittings.rules.sitting_languages import english_name, native_name
from screening.sittings.rules.sitting_summaries import SittingSummary
from screening.sittings.services.sitting_language import INTERPRETER_CODES, set_interpreter_used
from ui.shell import auth
from ui.shell.runtime import database
from ui.shell.text import plain, shown

LABELS = {"yes": "Yes", "no": "No", "not_recorded": "Not recorded"}
USED = {code: used for used, code in INTERPRETER_CODES.items()}
FAILED = "sitting_interpreter_failed"


def how_given(user: CurrentUser, summary: SittingSummary) -> None:
    key = f"sitting_{summary.sitting_id}_interpreter"
    native, english = native_name(summary.language), english_name(summary.language)
    named = shown(native) if native == english else f"{shown(native)} ({plain(english)})"  # bidi-isolated
    st.session_state[key] = INTERPRETER_CODES[summary.interpreter_used]
    left, right = st.columns([3, 2], vertical_alignment="center")
    left.markdown(f"Language of administration: **{named}**  \n"
                  f"Read aloud used: **{'Yes' if summary.read_aloud_used else 'No'}**")  # fmt: skip
    right.segmented_control("Interpreter used", list(LABELS), format_func=LABELS.__getitem__, key=key,
                            required=True, on_change=_record, args=(user, summary.sitting_id, key))  # fmt: skip
    if message := st.session_state.pop(FAILED, None):
        st.error(message, icon=":material/error:")


def _record(user: CurrentUser, sitting_id: int, key: str) -> None:
    """The control's callback: store the tapped answer (the page re-runs and shows the stored one)."""
    try:
        with database().transaction() as session:
            set_interpreter_used(session, actor=user, sitting_id=sitting_id, used=USED[st.session_state[key]],
                                 now=auth.now(), app_session=auth.app_session())  # fmt: skip
    except ScreeningError as error:
        st.session_state[FAILED] = str(error)
