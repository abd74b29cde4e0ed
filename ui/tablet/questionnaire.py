"""The questionnaire, one question at a time, with each answer a large button (issues 6, 16).

Design decisions:
- One question per screen; targets at least 56 px high (`ui.tablet.tablet_style`).
- A full run of the page stores any waiting answers, reads the sitting once (where to
  resume comes from the database, `patient_sections.first_unanswered`, so a reload, a
  closed tab or another tablet picks up at the first unanswered question) and keeps it.
- The question area (progress, question, answers, read-aloud, Back) is a fragment (issue 16):
  a tap re-runs only that. The tap's callback queues the answer (`ui.tablet.answer_queue`)
  and moves the cursor; the fragment then draws the next question from what this browser
  session already knows (the sitting as last read, the waiting answers on top) and only
  after that stores the answer, in its own transaction (item 9 stored and flagged in that
  same transaction, `sittings.record_answers`). Streamlit streams each element as it is
  produced, so the patient sees the next question before the database is touched, and
  the sitting is not read again. What was stored is added to the kept sitting.
- If storing fails, the fragment re-runs the whole page: an outage (issue 14) then shows
  the calm count (`ui.tablet.saving_status`) and the answers wait in this session, and any
  other error meets the page's calm screen. While the database is known to be out, a tap
  goes straight to a full run, which tries once, as before.
- After the last question a Finish step: any waiting answer is stored first, the sitting is
  completed only on that tap (idempotent in the service), Back is still possible until
  then, and Finish re-runs the whole page (the thank-you screen is outside the fragment).
- Every word the patient reads comes from `ui.tablet.wording`, in the sitting's language.
- Used by patient mode (a hand-over) and by staff for assisted completion (a sitting).
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from questionnaires.patient_text import PatientText
from screening.clinical.rules.answers import DECLINED
from screening.clinical.rules.flags import ITEM_9, item9_flag
from screening.clinical.rules.patient_sections import GATEWAY_FIRST, Step, first_unanswered, patient_steps
from screening.clinical.rules.progress import progress
from screening.database.services.reachability import unreachable
from screening.errors import ConflictError
from screening.policy import Respondent
from screening.sittings.services.patient_screen import PatientForm, Where, finish, patient_form
from screening.sittings.services.sittings import AnswerValue
from ui.shell import auth
from ui.shell.runtime import database
from ui.tablet import answer_queue
from ui.tablet.read_aloud import read_aloud
from ui.tablet.saving_status import saving_status
from ui.tablet.wording import instrument, respondent_words

Answers = dict[str, dict[str, AnswerValue]]


def questionnaire(user: Respondent, *, sitting_id: int | None = None, handover_id: int | None = None, key: str) -> bool:
    """Show the current question; True once the sitting is completed (then `talk_today(key)`)."""
    where = Where(handover_id, sitting_id)
    answer_queue.flush(user, where, key)
    form = _form(user, where, key)
    if form.status == "completed":
        return True
    language = form.language
    saving_status(user, where, key, respondent_words(user, language))
    st.session_state[f"{key}_full_run"] = True  # this run has stored the queue and read the sitting
    _question_area(user, where, key, language)
    return False


def talk_today(key: str) -> bool:
    return bool(st.session_state.get(f"{key}_talk"))


def _form(user: Respondent, where: Where, key: str) -> PatientForm:
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


@st.fragment
def _question_area(user: Respondent, where: Where, key: str, language: str) -> None:
    """Progress, question, answers and Back: a tap re-runs only this (see the module docstring)."""
    full_run = st.session_state.pop(f"{key}_full_run", False)
    kept = st.session_state.get(f"{key}_form")
    if kept is None or kept[0] != where:
        st.rerun(scope="app")
    form, text = kept[1], respondent_words(user, language)
    steps, answers = _known(form, key, where)
    cursor = _cursor(key, steps, answers)
    if cursor == len(steps):  # Finish opens only once nothing waits: store first, then draw
        if not full_run and answer_queue.waiting(key, where):
            _store(user, where, key, form)
            steps, answers = _known(st.session_state[f"{key}_form"][1], key, where)
        _last_step(user, where, key, text, answers, waiting=bool(answer_queue.waiting(key, where)))
    else:
        at = progress(steps, cursor)
        label = text.follow_up if at.number is None else text.question_of.format(number=at.number, total=at.total)
        st.progress(at.fraction, text=label)
        with st.container(key=f"{key}_questionnaire"):  # a stable hook for styling and tests
            _question(where, steps[cursor], answers, cursor, key, text, language, user)
    if cursor > 0:
        st.button(text.back, key=f"{key}_back", icon=":material/arrow_back:", on_click=_back, args=(key, cursor))
    if not full_run and answer_queue.waiting(key, where):
        _store(user, where, key, form)  # after drawing: the patient already sees the next question


def _known(form: PatientForm, key: str, where: Where) -> tuple[tuple[Step, ...], Answers]:
    """The steps and answers as this session knows them: the sitting as kept, waiting answers on top."""
    queued = answer_queue.waiting(key, where)
    answers = answer_queue.with_waiting(form.answers, queued)
    return (patient_steps(_bundle(form), answers) if queued else form.steps), answers


def _cursor(key: str, steps: tuple[Step, ...], answers: Answers) -> int:
    cursor = st.session_state.get(f"{key}_cursor")
    start = first_unanswered(steps, answers)
    cursor = (len(steps) if start is None else start) if cursor is None else min(cursor, len(steps))
    st.session_state[f"{key}_cursor"] = cursor
    return cursor


def _store(user: Respondent, where: Where, key: str, form: PatientForm) -> None:
    """Store the waiting answers (a fragment re-run) and add them to the kept sitting."""
    record = answer_queue.outage(key)
    if record is not None and record.where == where and record.down:
        st.rerun(scope="app")  # the database is out: the full run tries once and shows the calm count
    batch = answer_queue.waiting(key, where)
    try:
        left = answer_queue.flush(user, where, key)
    except Exception:
        left = -1  # not an outage (a closed sitting, an ended hand-over): the full run says so
    if left:
        st.rerun(scope="app")
    answers = answer_queue.with_waiting(form.answers, batch)
    stored = replace(form, answers=answers, steps=patient_steps(_bundle(form), answers))
    st.session_state[f"{key}_form"] = (where, stored)


def _bundle(form: PatientForm) -> str:
    """The sitting's bundle, read from its steps: only the gateway starts with the PHQ-4."""
    return "gateway" if form.steps and form.steps[0][0] == GATEWAY_FIRST else "full"


def _last_step(user: Respondent, where: Where, key: str, text: PatientText, answers: Answers,
               *, waiting: bool) -> None:  # fmt: skip
    st.container(key=f"{key}_questionnaire").subheader(text.last_question)
    if waiting:  # finish only once every answer is stored; the safety message cannot wait
        item9 = answers.get("phq9", {}).get(ITEM_9)
        if item9 is not None and item9_flag(item9) is not None:  # type: ignore[arg-type]
            st.info(text.safety_message, icon=":material/support_agent:")
        st.info(text.finish_waiting, icon=":material/hourglass_top:")
        st.button(text.finish, type="primary", key=f"{key}_finish", width="stretch", disabled=True)
        return
    if st.button(text.finish, type="primary", key=f"{key}_finish", width="stretch"):
        try:
            with database().transaction() as session:
                st.session_state[f"{key}_talk"] = finish(session, actor=user, where=where, now=auth.now())
        except ConflictError as lost:  # a colleague closed it as abandoned a moment earlier: say so
            st.info(str(lost), icon=":material/info:")
            return
        except Exception:  # the full run meets it again, under the page's calm screen
            st.rerun(scope="app")
        st.rerun(scope="app")  # the thank-you screen is drawn by the page, outside this fragment


def _question(where: Where, step: Step, answers: Answers, cursor: int, key: str, text: PatientText,
              language: str, user: Respondent) -> None:  # fmt: skip
    instrument_id, link_id = step
    shown = instrument(instrument_id, language)
    item = shown.item(link_id)
    current = answers.get(instrument_id, {}).get(link_id)
    lead_in = shown.lead_in if item.under_lead_in else None
    if lead_in:
        st.caption(lead_in)
    st.subheader(item.text)
    choices = [(o.value, o.label) for o in item.answer_options] + [(DECLINED, text.prefer_not_to_answer)]
    for value, label in choices:
        st.button(
            label,
            key=f"{key}_{link_id}_{value}",
            width="stretch",
            type="primary" if current == value else "secondary",
            on_click=_answer,
            args=(where, key, instrument_id, link_id, value, cursor),
        )
    spoken = [part for part in (lead_in, item.text) if part] + [label for _, label in choices]
    read_aloud(spoken, language=language, text=text, audio=(instrument_id, link_id, lead_in is not None),
               key=key, user=user, where=where)  # fmt: skip


def _answer(where: Where, key: str, instrument_id: str, link_id: str, value: AnswerValue, cursor: int) -> None:
    """Button callback: queue the answer and move on; the fragment stores it after drawing."""
    answer_queue.add(key, where, instrument_id, link_id, value)
    st.session_state[f"{key}_cursor"] = cursor + 1


def _back(key: str, cursor: int) -> None:
    st.session_state[f"{key}_cursor"] = cursor - 1
