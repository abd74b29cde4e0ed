"""The dashboard's filters and the administrator's suppression switch (issue 8).

Design decisions:
- One form for period, sites, clinics and diagnosis groups, so a manager's choices
  rerun the page once. The chosen `AnalyticsFilters` (a frozen value, no ORM object) is
  kept in the session, so the Uptake and Equity pages show the same selection.
- The default period is the last twelve months up to today (London).
- Only a user who may (administrators) sees the switch to exact figures. Switching on
  needs a reason and goes through `open_unsuppressed`, which audits it; the granted
  `Disclosure` stays for this browser session until switched back, and every service
  checks it again. A banner says plainly when figures are exact.
- How patients were screened (issue 17) is read against one patient breakdown at a time
  (`mode_breakdown`): everyone, or each group of a patient dimension (ethnic group, IMD
  quintile, language, interpreter needed...), so a manager sees whether the secure link
  reaches the groups the tablet misses.
"""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from screening.counted import counted
from screening.policy import Action, CurrentUser, may
from screening.uptake.rules.analytics_filters import AnalyticsFilters, london_today
from screening.uptake.rules.disclosure import SUPPRESSED, Disclosure
from screening.uptake.rules.uptake_dimensions import DIMENSIONS
from screening.uptake.services.analytics_access import open_unsuppressed
from screening.uptake.services.analytics_options import FilterOptions
from ui.shell import auth
from ui.shell.notices import user_errors
from ui.shell.runtime import database
from ui.shell.text import plain

FILTERS, DISCLOSURE = "analytics.filters", "analytics.disclosure"
EVERYONE = "everyone"
MODE_BREAKDOWNS = {EVERYONE: "Everyone", **DIMENSIONS}


def default_filters() -> AnalyticsFilters:
    today = london_today(auth.now())
    return AnalyticsFilters(today - timedelta(days=364), today)


def summary(filters: AnalyticsFilters) -> str:
    parts = [f"{filters.start:%d %b %Y} to {filters.end:%d %b %Y}", ", ".join(filters.site_codes) or "all sites"]
    if filters.clinic_codes:
        parts.append(counted(len(filters.clinic_codes), "clinic"))
    if filters.diagnosis_groups:
        parts.append(", ".join(filters.diagnosis_groups))
    return " · ".join(parts)


def filter_form(options: FilterOptions, prefix: str) -> AnalyticsFilters:
    """The filters, folded away under a one-line summary of what they are set to."""
    current: AnalyticsFilters = st.session_state.get(FILTERS) or default_filters()
    with st.expander(f"Filters: {summary(current)}", icon=":material/filter_list:"), st.form(f"{prefix}_filters"):
        left, middle = st.columns([2, 3])
        period = left.date_input("Period (London days)", (current.start, current.end), format="DD/MM/YYYY",
                                 key=f"{prefix}_period")  # fmt: skip
        sites = middle.multiselect("Sites (none = all)", [c for c, _ in options.sites], default=list(current.site_codes),
                                   key=f"{prefix}_sites")  # fmt: skip
        left, middle = st.columns([3, 2])
        clinics = left.multiselect("Clinics (none = all)", [c for c, _, _ in options.clinics],
                                   default=list(current.clinic_codes), key=f"{prefix}_clinics")  # fmt: skip
        groups = middle.multiselect("Diagnosis groups (none = all)", list(options.diagnosis_groups),
                                    default=list(current.diagnosis_groups), key=f"{prefix}_diagnoses")  # fmt: skip
        st.form_submit_button("Apply", type="primary")
    if isinstance(period, date) or len(period) != 2:
        st.info("Choose the last day of the period too.")
        st.stop()
    with user_errors():
        chosen = AnalyticsFilters(period[0], period[1], tuple(sites), tuple(clinics), tuple(groups))
        st.session_state[FILTERS] = chosen
        return chosen
    st.stop()


def disclosure_for(user: CurrentUser, filters: AnalyticsFilters, prefix: str) -> Disclosure:
    """SUPPRESSED, unless an administrator switched it off (with a reason) in this session."""
    granted: Disclosure = st.session_state.get(DISCLOSURE) or SUPPRESSED
    if not may(user, Action.VIEW_UNSUPPRESSED_ANALYTICS):
        return SUPPRESSED
    with st.expander(
        "Exact figures (administrators only)", icon=":material/visibility:", expanded=not granted.suppress
    ):
        if granted.suppress:
            reason = st.text_input("Why are exact figures needed? (recorded in the audit log)", max_chars=200,
                                   key=f"{prefix}_reason")  # fmt: skip
            if st.button("Switch suppression off", key=f"{prefix}_unsuppress"):
                with user_errors():
                    with database().transaction() as session:
                        granted = open_unsuppressed(session, user, reason, filters, app_session=auth.app_session())
                    st.session_state[DISCLOSURE] = granted
        elif st.button("Switch suppression back on", key=f"{prefix}_suppress"):
            st.session_state.pop(DISCLOSURE, None)
            granted = SUPPRESSED
    if not granted.suppress:
        st.warning(f"**Exact figures**: small-number suppression is off for this session. Reason recorded: "
                   f"{plain(granted.reason)}", icon=":material/lock_open:")  # fmt: skip
    return granted


def mode_breakdown(prefix: str) -> str | None:
    """The patient breakdown to read "How screened" against (None: everyone eligible)."""
    chosen = st.selectbox("How screened, by", list(MODE_BREAKDOWNS), index=list(MODE_BREAKDOWNS).index("ethnic_group"),
                          format_func=MODE_BREAKDOWNS.__getitem__, key=f"{prefix}_mode_by")  # fmt: skip
    return None if chosen == EVERYONE else chosen
