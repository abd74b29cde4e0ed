"""The questionnaire, one question at a time, with each answer a large button (issue 6).

Design decisions:
- One question per screen: a tap saves the answer (its own transaction, in the button's
  callback, before the re-run) and the next run shows the next question. One re-run per
  tap, nothing to scroll, targets at least 56 px high (`ui.tablet.tablet_style`).
- Where to resume comes from the database (`patient_sections.first_unanswered`), so a
  reload, a closed tab or another tablet picks up at the first unanswered question.
- After the last question a Finish step: the sitting is completed only on that tap, and
  Back is still possible until then. Completion is idempotent in the service.
- A tap only queues the answer (`ui.tablet.answer_queue`); the run it starts stores the queue. If
  the database is out of reach (issue 14) the answers wait in this browser session, the
  patient carries on from the form as last read (the waiting answers on top, so the
  gateway still opens the right questions) and sees a calm count (`ui.tablet.saving_status`)
  that stores them when the database is back. Finish opens only once nothing waits.
- Used by patient mode (a hand-over) and by staff for assisted completion (a sitting).
"""

from __future__ import annotations

import streamlit as st

from questionnaires import load_instrument
from questionnaires.patient_text import PatientText
from screening.clinical.rules.answers import DECLINED
from screening.clinical.rules.flags import ITEM_9, item9_flag
from screening.clinical.rules.patient_sections import GATEWAY_FIRST, Step, first_unanswered, patient_steps
from screening.database.services.reachability import unreachable
from screening.errors import ConflictError
from screening.policy import CurrentUser
from screening.sittings.services.patient_screen import PatientForm, Where, finish, patient_form
from screening.sittings.services.sittings import AnswerValue
from ui.shell import auth
from ui.shell.runtime import database
from ui.tablet import answer_queue
from ui.tablet.patient_mode import text
from ui.tablet.saving_status import saving_status

Answers = dict[str, dict[str, AnswerValue]]


def questionnaire(
    user: CurrentUser, *, sitting_id: int | None = None, handover_id: int | None = None, key: str
) -> bool:
    """Show the current question; True once the sitting is completed (then `talk_today(key)`)."""
    where, words = Where(handover_id, sitting_id), text()
    answer_queue.flush(user, where, key)
    form = _form(user, where, key)
    if form.status == "completed":
        return True
    queued = answer_queue.waiting(key, where)
    answers = answer_queue.with_waiting(form.answers, queued)
    steps = patient_steps(_bundle(form), answers) if queued else form.steps
    saving_status(user, where, key, words)
    cursor = st.session_state.get(f"{key}_cursor")
    start = first_unanswered(steps, answers)
    cursor = (len(steps) if start is None else start) if cursor is None else min(cursor, len(steps))
    st.session_state[f"{key}_cursor"] = cursor
    total = len(steps)
    st.progress(min(cursor, total) / total, text=words.question_of.format(number=min(cursor + 1, total), total=total))
    if cursor == total:
        _last_step(user, where, key, words, answers, waiting=bool(queued))
    else:
        with st.container(key=f"{key}_questionnaire"):  # a stable hook for styling and tests
            _question(where, steps[cursor], answers, cursor, key, words)
    if cursor > 0 and st.button(words.back, key=f"{key}_back", icon=":material/arrow_back:"):
        st.session_state[f"{key}_cursor"] = cursor - 1
        st.rerun()
    return False


def talk_today(key: str) -> bool:
    return bool(st.session_state.get(f"{key}_talk"))


def _form(user: CurrentUser, where: Where, key: str) -> PatientForm:
    """The sitting as stored; while the database is out of reach, as last read."""
    try:
        with database().transaction() as session:
            form = patient_form(session, actor=user, where=where)
    except Exception as error:
        kept = st.session_state.get(f"{key}_form")
        if kept is None or kept[0] != where or not unreachable(error):
            raise
        answer_queue.missed(key, where, error)
        return kept[1]
    st.session_state[f"{key}_form"] = (where, form)
    if not answer_queue.waiting(key, where):
        answer_queue.settled(key)
    return form


def _bundle(form: PatientForm) -> str:
    """The sitting's bundle, read from its steps: only the gateway starts with the PHQ-4."""
    return "gateway" if form.steps and form.steps[0][0] == GATEWAY_FIRST else "full"


def _last_step(user: CurrentUser, where: Where, key: str, words: PatientText, answers: Answers,
               *, waiting: bool) -> None:  # fmt: skip
    st.container(key=f"{key}_questionnaire").subheader("That was the last question.")
    if waiting:  # finish only once every answer is stored; the safety message cannot wait
        item9 = answers.get("phq9", {}).get(ITEM_9)
        if item9 is not None and item9_flag(item9) is not None:  # type: ignore[arg-type]
            st.info(words.safety_message, icon=":material/support_agent:")
        st.info(words.finish_waiting, icon=":material/hourglass_top:")
        st.button("Finish", type="primary", key=f"{key}_finish", width="stretch", disabled=True)
        return
    if st.button("Finish", type="primary", key=f"{key}_finish", width="stretch"):
        try:
            with database().transaction() as session:
                st.session_state[f"{key}_talk"] = finish(session, actor=user, where=where, now=auth.now())
        except ConflictError as lost:  # a colleague closed it as abandoned a moment earlier: say so
            st.info(str(lost), icon=":material/info:")
            return
        st.rerun()


def _question(where: Where, step: Step, answers: Answers, cursor: int, key: str, words: PatientText) -> None:
    instrument_id, link_id = step
    instrument = load_instrument(instrument_id)
    item = instrument.item(link_id)
    current = answers.get(instrument_id, {}).get(link_id)
    st.caption(instrument.lead_in)
    st.subheader(item.text)
    choices = [(o.value, o.label) for o in item.answer_options] + [(DECLINED, words.prefer_not_to_answer)]
    for value, label in choices:
        st.button(
            label,
            key=f"{key}_{link_id}_{value}",
            width="stretch",
            type="primary" if current == value else "secondary",
            on_click=_answer,
            args=(where, key, instrument_id, link_id, value, cursor),
        )


def _answer(where: Where, key: str, instrument_id: str, link_id: str, value: AnswerValue, cursor: int) -> None:
    """Button callback: queue the answer and move on; the run that follows stores it."""
    answer_queue.add(key, where, instrument_id, link_id, value)
    st.session_state[f"{key}_cursor"] = cursor + 1
