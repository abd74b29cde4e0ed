"""The remote questionnaire, start to end (issue 17; clinical reference s9): door, welcome,
questions, thank-you.

Design decisions:
- The same questionnaire as the tablet (`ui.tablet.questionnaire`), answered by a
  `LinkHolder`: every answer is stored as it is given, so a patient can stop and carry on
  later from the same link, on any device, until the end of the appointment day.
- The words are the patient text as a patient at home reads it (`patient_text.at_home`):
  the safety message promises contact from the team, with 111 option 2, 999 and
  Samaritans, never a talk "today"; nothing sends them to a member of staff.
- A link that stops opening mid-questionnaire (revoked, locked by a reissue, the day over)
  drops the admission; the next run shows the door's plain sentence. Any other failure
  shows a calm sentence (try again later with the same link), the detail goes to the log
  with the error's class only: never the token, the address or an answer.
"""

from __future__ import annotations

import logging

import streamlit as st

from questionnaires.patient_text import at_home
from screening.database.services.reachability import kind
from screening.errors import PermissionDenied
from screening.sittings.rules.remote_door import Door
from screening.sittings.services.patient_screen import Where
from ui.remote.door_page import birth_date_form, door_language, holder, leave, opened, refused
from ui.shell.contrast import readable_captions
from ui.shell.notices import stop_on_error
from ui.shell.runtime import check_startup_secrets
from ui.tablet import wording
from ui.tablet.direction import apply_direction
from ui.tablet.language_choice import language_chooser, patient_language, start_in
from ui.tablet.questionnaire import questionnaire, talk_today
from ui.tablet.tablet_style import tablet_style

log = logging.getLogger("screening.remote")
STARTED = "rm_started"


def remote_page() -> None:
    readable_captions()  # the door has no tablet style yet: its captions need the contrast fix too
    with stop_on_error():  # a misplaced demo or a default secret: the same refusal as the staff app
        check_startup_secrets()
    try:
        _page()
    except PermissionDenied:
        leave()  # the link stopped opening: the door says why on the next run
        st.rerun()
    except Exception as error:
        log.error("remote questionnaire failed (%s)", kind(error))
        st.info(at_home(wording.words(door_language())).remote_try_later, icon=":material/info:")


def _page() -> None:
    admitted = holder()
    if admitted is None:
        _door()
        return
    where = Where(sitting_id=admitted.sitting_id)
    started = bool(st.session_state.get(STARTED))
    welcome = patient_language(admitted, where, started=started)
    text = at_home(wording.words(welcome.language))
    tablet_style(text.text_size, text.high_contrast)
    apply_direction(welcome.language)
    if not started:
        language_chooser(welcome, text.language_label)
        st.title(text.remote_title)
        st.markdown(text.remote_body)
        if st.button(text.start, type="primary", width="stretch", key="rm_start"):
            start_in(admitted, where, welcome)
            st.session_state[STARTED] = True
            st.rerun()
        return
    if questionnaire(admitted, sitting_id=admitted.sitting_id, key="rm"):
        st.title(text.thank_you_title)
        if talk_today("rm"):
            st.info(text.remote_safety_message, icon=":material/support_agent:")
        st.subheader(text.remote_thank_you)


def _door() -> None:
    text = wording.words(door_language())
    apply_direction(door_language())
    link = opened(st.query_params.get("link"))
    if link.door is not Door.OPEN or link.link_id is None:
        refused(link.door, text)
        return
    birth_date_form(link.link_id, text)
