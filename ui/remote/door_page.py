"""The remote door (issue 17; clinical reference s9): the link, then the date of birth.

Design decisions:
- The token comes in the link's `link` query parameter and stays in the address bar, so a
  reload asks for the date of birth again rather than losing the page; it is never
  logged, and the page says nothing about whose link it is until the date of birth is right.
- A link that does not open says why in the patient text (`Door` names the key).
- The date of birth is three boxes, day, month and year (the GOV.UK date input pattern);
  a date that is not real is refused without counting a try, since it cannot be anybody's.
- A language chooser of the offered languages stands at the top, English chosen; the
  choice carries on into the questionnaire (the patient's preferred language is offered
  first only after the date of birth is right, so the door reveals nothing about them).
"""

from __future__ import annotations

import streamlit as st

from questionnaires.patient_text import PatientText
from screening.policy import LinkHolder
from screening.remote.rules.links import birth_date_from
from screening.remote.services.door import BirthDate, Opened, check_birth_date, open_link
from screening.sittings.rules.remote_door import Door
from ui.shell import auth
from ui.shell.runtime import database
from ui.tablet import wording

DOOR_LANGUAGE = "rm_door_language"
HOLDER = "rm_holder"


def door_language() -> str:
    """The language the patient chose at the door (English until they choose)."""
    return str(st.session_state.get(DOOR_LANGUAGE) or wording.ENGLISH)


def opened(token: str | None) -> Opened:
    with database().transaction() as session:
        return open_link(session, token, now=auth.now())


def refused(door: Door | BirthDate, text: PatientText) -> None:
    """The one plain sentence for a link that does not open."""
    st.title(text.remote_title)
    st.info(getattr(text, door.value), icon=":material/info:")


def birth_date_form(link_id: int, text: PatientText) -> None:
    """The date-of-birth check; the right date keeps a `LinkHolder` in this browser session."""
    choices = wording.offered()
    if len(choices) > 1:
        names = {c.tag: c.name for c in choices}
        st.html(LANGUAGE_STYLE)
        with st.container(key="rm_door_language_choice"):
            st.segmented_control(f":material/translate: {text.language_label}", list(names),
                                 format_func=names.__getitem__, default=wording.ENGLISH, key=DOOR_LANGUAGE,
                                 required=True)  # fmt: skip
    st.title(text.remote_title)
    with st.form("rm_birth_date"):
        st.subheader(text.birth_date_title)
        st.caption(text.birth_date_hint)
        day, month, year = st.columns([1, 1, 2])
        d = day.text_input(text.birth_date_day, max_chars=2, key="rm_day")
        m = month.text_input(text.birth_date_month, max_chars=2, key="rm_month")
        y = year.text_input(text.birth_date_year, max_chars=4, key="rm_year")
        submitted = st.form_submit_button(text.continue_button, type="primary", width="stretch")
    if not submitted:
        return
    born = birth_date_from(d, m, y)
    if born is None:
        st.error(text.birth_date_incomplete, icon=":material/error:")
        return
    with database().transaction() as session:
        checked = check_birth_date(session, link_id, born, offered=[c.tag for c in choices], now=auth.now(),
                                   chosen=door_language(), app_session=auth.app_session())  # fmt: skip
    if checked.holder is not None:
        st.session_state[HOLDER] = checked.holder
        st.rerun()
    if checked.outcome is BirthDate.WRONG:
        st.error(text.birth_date_wrong, icon=":material/error:")
    else:
        st.rerun()  # locked, or the link stopped opening meanwhile: the door says which


def holder() -> LinkHolder | None:
    kept = st.session_state.get(HOLDER)
    return kept if isinstance(kept, LinkHolder) else None


def leave() -> None:
    """Forget the admission (the link stopped opening): the next run asks the door again."""
    for key in [k for k in st.session_state if str(k).startswith(("rm", "pm"))]:
        del st.session_state[key]


LANGUAGE_STYLE = """
<style>
.st-key-rm_door_language_choice button {min-height: 56px; padding: 0.5rem 1.25rem;}
.st-key-rm_door_language_choice button p {font-size: 1.3rem;}
</style>
"""
