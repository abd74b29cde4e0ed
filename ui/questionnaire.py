"""The questionnaire, one question at a time, with each answer a large button (issue 6).

Design decisions:
- One question per screen: a tap saves the answer (its own transaction, in the button's
  callback, before the re-run) and the next run shows the next question. One re-run per
  tap, nothing to scroll, targets at least 56 px high (`ui.tablet_style`).
- Where to resume comes from the database (`patient_sections.first_unanswered`), so a
  reload, a closed tab or another tablet picks up at the first unanswered question.
- After the last question a Finish step: the sitting is completed only on that tap, and
  Back is still possible until then. Completion is idempotent in the service.
- If a save fails (database unreachable), the answer stays in this browser session, the
  patient sees a calm message to hand the tablet to staff, and "Try again" stores it.
  Nothing is marked complete until every answer is stored.
- Used by patient mode (a hand-over) and by staff for assisted completion (a sitting).
"""

from __future__ import annotations

import logging

import streamlit as st

from questionnaires import load_instrument
from questionnaires.patient_text import PatientText
from screening.answers import DECLINED
from screening.patient_sections import first_unanswered
from screening.policy import CurrentUser
from screening.services.patient_screen import PatientForm, Where, finish, patient_form, save_answers
from ui import auth
from ui.notices import user_errors
from ui.patient_mode import text
from ui.runtime import database

log = logging.getLogger("screening.ui")


def questionnaire(user: CurrentUser, *, sitting_id: int | None = None, handover_id: int | None = None,
                  key: str) -> bool:
    """Show the current question; True once the sitting is completed (then `talk_today(key)`)."""
    where, words = Where(handover_id, sitting_id), text()
    if st.session_state.get(f"{key}_unsaved"):
        return _offline(user, where, key, words)
    with database().transaction() as session:
        form = patient_form(session, actor=user, where=where)
    if form.status == "completed":
        return True
    cursor = st.session_state.get(f"{key}_cursor")
    start = first_unanswered(form.steps, form.answers)
    cursor = (len(form.steps) if start is None else start) if cursor is None else min(cursor, len(form.steps))
    st.session_state[f"{key}_cursor"] = cursor
    total = len(form.steps)
    st.progress(min(cursor, total) / total, text=words.question_of.format(number=min(cursor + 1, total), total=total))
    if cursor == total:
        st.container(key=f"{key}_questionnaire").subheader("That was the last question.")
        if st.button("Finish", type="primary", key=f"{key}_finish", width="stretch"):
            with user_errors():  # a colleague closed it as abandoned a moment earlier: say so
                with database().transaction() as session:
                    st.session_state[f"{key}_talk"] = finish(session, actor=user, where=where, now=auth.now())
                st.rerun()
    else:
        with st.container(key=f"{key}_questionnaire"):  # a stable hook for styling and tests
            _question(user, where, form, cursor, key, words)
    if cursor > 0 and st.button(words.back, key=f"{key}_back", icon=":material/arrow_back:"):
        st.session_state[f"{key}_cursor"] = cursor - 1
        st.rerun()
    return False


def talk_today(key: str) -> bool:
    return bool(st.session_state.get(f"{key}_talk"))


def _question(user: CurrentUser, where: Where, form: PatientForm, cursor: int, key: str, words: PatientText) -> None:
    instrument_id, link_id = form.steps[cursor]
    instrument = load_instrument(instrument_id)
    item = instrument.item(link_id)
    current = form.answers.get(instrument_id, {}).get(link_id)
    st.caption(instrument.lead_in)
    st.subheader(item.text)
    choices = [(o.value, o.label) for o in item.answer_options] + [(DECLINED, words.prefer_not_to_answer)]
    for value, label in choices:
        st.button(
            label, key=f"{key}_{link_id}_{value}", width="stretch",
            type="primary" if current == value else "secondary",
            on_click=_answer, args=(user, where, key, instrument_id, link_id, value, cursor),
        )


def _answer(user: CurrentUser, where: Where, key: str, instrument_id: str, link_id: str,
            value: object, cursor: int) -> None:
    """Button callback: store the answer, then move on (or keep it and say so)."""
    try:
        with database().transaction() as session:
            save_answers(session, actor=user, where=where, instrument_id=instrument_id,
                         answers={link_id: value}, app_session=auth.app_session(), now=auth.now())  # type: ignore[dict-item]
    except Exception:  # noqa: BLE001 - the patient gets a calm message; staff see the log
        log.exception("saving an answer failed")
        st.session_state[f"{key}_unsaved"] = {"instrument": instrument_id, "item": link_id, "value": value,
                                             "cursor": cursor}
        return
    st.session_state[f"{key}_cursor"] = cursor + 1


def _offline(user: CurrentUser, where: Where, key: str, words: PatientText) -> bool:
    st.info(f"{words.answers_safe} {words.hand_to_staff}", icon=":material/info:")
    with st.expander("For staff: what happened"):
        st.write("The last answer could not be stored: the database did not answer. "
                 "It is kept on this tablet; tap Try again when the connection is back.")
        pending = st.session_state[f"{key}_unsaved"]
        if st.button("Try again", key=f"{key}_retry"):
            del st.session_state[f"{key}_unsaved"]
            _answer(user, where, key, pending["instrument"], pending["item"], pending["value"], pending["cursor"])
            st.rerun()
    return False
