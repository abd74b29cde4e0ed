"""Today's clinic list: search, filter by site or clinic, then start, resume or decline a screen."""

import os

import streamlit as st

from screening.clinic_day.services.clinic_day import open_clinic_day
from screening.counted import counted
from screening.policy import Action
from screening.sittings.rules.clinic_day_policy import ClinicDayPolicy
from ui.shell import auth
from ui.shell.guard import page_user
from ui.shell.notices import stop_on_error
from ui.shell.runtime import database
from ui.shell.text import labelled
from ui.tablet.clinic_rows import NOTICE, patient_row

PLACE = "clinic_list_place"
user = page_user(Action.VIEW_CLINIC_LIST)
now = auth.now()
today = now.astimezone(auth.LONDON).date()
st.title("Today's clinic list")
st.caption(today.strftime("%A %d %B %Y"))
if notice := st.session_state.pop(NOTICE, None):
    st.success(notice, icon=":material/check_circle:")

search_box, place_box = st.columns([3, 2])
search = search_box.text_input("Search", key="clinic_list_search", max_chars=100,
                               placeholder="Name, hospital number or NHS number")  # fmt: skip
place = st.session_state.get(PLACE, "all")  # "all", "site:<id>" or "clinic:<id>", chosen on an earlier run
kind, _, chosen = place.partition(":")
with stop_on_error(), database().transaction() as session:
    day = open_clinic_day(
        session, actor=user, day=today, now=now, search=search, policy=ClinicDayPolicy.from_env(os.environ),
        site_id=int(chosen) if kind == "site" else None, clinic_id=int(chosen) if kind == "clinic" else None,
        app_session=auth.app_session(),
    )  # fmt: skip

sites = {(c.site_id, c.site_code) for c in day.clinics}
labels = {"all": "All my clinics"}
labels |= {f"site:{i}": f"{code} · all clinics" for i, code in sorted(sites, key=lambda s: s[1])}
labels |= {f"clinic:{c.clinic_id}": f"{c.site_code} · {c.name}" for c in day.clinics}
if place not in labels:
    st.session_state.pop(PLACE, None)
place_box.selectbox("Site or clinic", list(labels), format_func=labelled(labels), key=PLACE)

if day.abandoned:
    st.info(f"{counted(day.abandoned, 'sitting')} left idle {'was' if day.abandoned == 1 else 'were'} marked "
            f"abandoned; {'its' if day.abandoned == 1 else 'their'} answers are kept.",
            icon=":material/hourglass_disabled:")  # fmt: skip
if not day.rows:
    st.info("No patient matches the search." if search.strip() or place != "all" else
            "Nobody is on today's clinic list at your sites yet.")  # fmt: skip
for row in day.rows:
    patient_row(user, row, today)
