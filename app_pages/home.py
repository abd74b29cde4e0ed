"""Home: what this service is, who sees what, and the sites and clinics it covers."""

import streamlit as st

from screening.sites.services.overview import ROLE_GUIDE, service_overview
from ui.shell.guard import page_user
from ui.shell.notices import user_errors
from ui.shell.runtime import database

page_user()
st.title("Mind & Body screening")
st.write(
    "Mental and physical health screening for haematology clinics: PHQ-9, GAD-7 and the "
    "Vital 5 (blood pressure, weight, mental health, smoking, alcohol). Answers are stored "
    "as they are given, scored by fixed clinical rules, and flags go to the team who act on them."
)

with user_errors():
    with database().transaction() as session:
        overview = service_overview(session)
    st.subheader("Who sees what")
    st.table({"Role": [r for r, _ in ROLE_GUIDE], "Sees": [s for _, s in ROLE_GUIDE]})

    st.subheader("Sites and clinics")
    if overview.clinics:
        st.caption(f"{overview.site_count} sites, {len(overview.clinics)} clinics.")
        st.dataframe(
            {
                "Site": [c.site for c in overview.clinics],
                "Clinic": [c.clinic for c in overview.clinics],
                "Specialty": [c.specialty for c in overview.clinics],
                "Screening bundle": [c.bundle for c in overview.clinics],
            },
            hide_index=True,
            width="stretch",
        )
    else:
        st.info(
            "No sites or clinics yet. An administrator adds them. To try the app on invented "
            "data instead, run `make run`: the demo service has a database of its own (data/demo.db)."
        )
